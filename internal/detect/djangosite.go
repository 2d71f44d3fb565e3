package detect

import (
	"fmt"
	"io/fs"
	"path"
	"strings"
)

// A Django site found by its manage.py: whether its settings are there, and
// reading them into the facts.

// djangoSettingsFound reports whether the settings module the manage.py at
// manage names is a file under its folder.
func djangoSettingsFound(fsys fs.FS, manage string) bool {
	sub, err := fs.Sub(fsys, path.Dir(manage))
	if err != nil {
		return false
	}
	dj, err := readDjango(sub)
	return err == nil && dj != nil && dj.SettingsFile != ""
}

// readDjangoAt reads the Django project whose manage.py is at manage; site
// is true when Django's own app is what the image serves.
func readDjangoAt(fsys fs.FS, f *Facts, manage string, site bool) error {
	dir := path.Dir(manage)
	if dir == "." {
		dir = ""
	}
	sub := fsys
	if dir != "" {
		var err error
		if sub, err = fs.Sub(fsys, dir); err != nil {
			return err
		}
	}
	dj, err := readDjango(sub)
	if err != nil || dj == nil {
		return err
	}
	dj.Dir = dir
	dj.TestProjectOf = testProjectOf(fsys, dir)
	dj.Source.File = path.Join(dir, dj.Source.File)
	if dir != "" {
		// The reason names files as the Django folder sees them.
		dj.SettingsWhy = whyFileRe.ReplaceAllStringFunc(dj.SettingsWhy, func(file string) string {
			if isRegularFile(sub, file) {
				return path.Join(dir, file)
			}
			return file
		})
	}
	if dj.SettingsFile != "" {
		dj.SettingsFile = path.Join(dir, dj.SettingsFile)
	}
	if dj.Channels != nil {
		dj.Channels.File = path.Join(dir, dj.Channels.File)
	}
	dj.Guard = manageGuard(fsys, manage)
	for i := range dj.ProbeRefused {
		dj.ProbeRefused[i].Source.File = path.Join(dir, dj.ProbeRefused[i].Source.File)
	}
	if dj.ProbeHost != "" {
		dj.ProbeHostFrom.File = path.Join(dir, dj.ProbeHostFrom.File)
	}
	for i := range dj.PortRefused {
		dj.PortRefused[i].Source.File = path.Join(dir, dj.PortRefused[i].Source.File)
	}
	if dj.LocalUnder != nil {
		dj.LocalUnder.Source.File = path.Join(dir, dj.LocalUnder.Source.File)
	}
	if dj.ManifestStorageFrom != nil {
		dj.ManifestStorageFrom.File = path.Join(dir, dj.ManifestStorageFrom.File)
	}

	if dir != "" {
		// Read again against the whole project: a base may climb above
		// the Django folder to a front end beside it.
		if root, file := locateModule(sub, dj.SettingsModule); file != "" {
			dj.staticDirs = staticDirsMissing(sub, root, file, fsys, dir)
			dj.StaticGap = readStaticGap(sub, dj, root, file, fsys, dir)
			dj.manifestDirs = manifestDirsMissing(sub, root, file, fsys, dir)
		}
	}
	for i := range dj.appStatics {
		dj.appStatics[i].Dir = path.Join(dir, dj.appStatics[i].Dir)
		dj.appStatics[i].Source.File = path.Join(dir, dj.appStatics[i].Source.File)
	}
	for i := range dj.StaticBlocked {
		b := &dj.StaticBlocked[i]
		b.Source.File = path.Join(dir, b.Source.File)
		for j := range b.Variants {
			b.Variants[j] = path.Join(dir, b.Variants[j])
		}
	}
	for i := range dj.LocalModules {
		m := &dj.LocalModules[i]
		m.File, m.Template, m.Source.File = path.Join(dir, m.File), path.Join(dir, m.Template), path.Join(dir, m.Source.File)
		if m.Via != nil {
			via := *m.Via
			via.File = path.Join(dir, via.File)
			m.Via = &via
		}
		if m.Dev != nil {
			dev := *m.Dev
			dev.File = path.Join(dir, dev.File)
			m.Dev = &dev
		}
	}
	if !site {
		return nil
	}
	f.Django = dj
	f.Framework, f.FrameworkFrom = FrameworkDjango, f.depSource("django")
	f.App, f.AppDir = nil, ""
	mod, iface := dj.WSGIModule, InterfaceWSGI
	if mod == "" {
		mod, iface = dj.ASGIModule, InterfaceASGI
	}
	if mod != "" {
		f.App = &AppTarget{Module: mod, Attr: "application", Interface: iface, Source: dj.Source}
	}
	droots := []string{"", "src"}
	if dir != "" {
		droots = []string{""}
		if !contains(f.ImportRoots, dir) { // hatch's sources may name it already
			f.ImportRoots = append(f.ImportRoots, dir)
		}
	}
	// The health snippet goes beside the urls module Django serves, which
	// a settings package (mysite/settings/prod.py) does not hold.
	appModule := dj.SettingsModule
	if strings.Contains(dj.RootURLConf, ".") && moduleExists(sub, dj.RootURLConf) {
		appModule = dj.RootURLConf
	}
	f.AppDir = path.Join(dir, dirOfModule(sub, appModule, droots))
	f.DataPaths = readDataPaths(sub, dj, dir)
	f.djangoDataDirs = readDataEnvs(sub, dj, dir)
	if m := dj.EntrySettingsMissing; m != nil {
		at := m.Source
		at.File = path.Join(dir, at.File)
		if m.Dev != nil {
			dev := *m.Dev
			dev.File = path.Join(dir, dev.File)
			f.Warnings = append(f.Warnings, fmt.Sprintf("%s: the production server's settings default to %s, which is no file of the repository; %s is a development template (DEBUG = True, %s), so the image does not make it from that: it sets DJANGO_SETTINGS_MODULE=%s, manage.py's; commit the settings the server should run, or set DJANGO_SETTINGS_MODULE yourself", at, m.Module, path.Join(dir, m.Template), dev, dj.SettingsModule))
		} else {
			f.Warnings = append(f.Warnings, fmt.Sprintf("%s: the production server's settings default to %s, which is no file of the repository, nor made by the authors' Dockerfile or start script: the image sets DJANGO_SETTINGS_MODULE=%s, manage.py's; commit the settings the server should run, or set DJANGO_SETTINGS_MODULE yourself", at, m.Module, dj.SettingsModule))
		}
	}
	if dj.DBHostFixed != "" {
		f.Warnings = append(f.Warnings, dbHostWarning(dir, dj.DBHostFixed))
	}
	if root, file := locateModule(sub, dj.SettingsModule); file != "" {
		dj.TestSettingsDB = testSettingsDB(sub, root, file, fsys, dir)
	}
	if dj.TestSettingsDB != "" {
		f.Warnings = append(f.Warnings, testSettingsWarning(dj.TestSettingsDB))
	}
	for _, file := range settingsNotRun(sub, dj) {
		f.settingsNotRun = append(f.settingsNotRun, path.Join(dir, file))
	}
	return nil
}
