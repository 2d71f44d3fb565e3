package detect

import (
	"io/fs"
	"path"
	"strings"
)

// Installed npm packages the settings serve as they are: a STATICFILES_DIRS
// entry inside a package.json's node_modules (node_modules/mathjax-like
// folders, or a scope's folder, node_modules/@fonts) that the package.json
// depends on. Its lock's install makes it: the node stage that installs
// the lock copies that folder where the settings read it, beside the
// build's output when the package.json has a build too.

// modulesManifest is the package.json whose install makes dir, a folder
// of its node_modules that names a package it depends on (or a scope one
// of them is in); "" when dir is no such folder.
func modulesManifest(dir string, projects map[string]*nodeProject) string {
	parts := strings.Split(dir, "/")
	for i, p := range parts {
		if p != "node_modules" || i+1 >= len(parts) {
			continue
		}
		m := path.Join(path.Join(parts[:i]...), "package.json")
		np := projects[m]
		if np == nil || np.data == nil {
			return ""
		}
		name := parts[i+1]
		if strings.HasPrefix(name, "@") && i+2 < len(parts) {
			name += "/" + parts[i+2]
		}
		if np.depends(name) {
			return m
		}
		return ""
	}
	return ""
}

// depends reports whether the package.json depends on name, or on a
// package of the scope name is (@scope).
func (np *nodeProject) depends(name string) bool {
	for _, deps := range []map[string]string{np.pkg.Dependencies, np.pkg.DevDependencies} {
		for d := range deps {
			if d == name || strings.HasPrefix(name, "@") && !strings.Contains(name, "/") && strings.HasPrefix(d, name+"/") {
				return true
			}
		}
	}
	return false
}

// addSettingsModules gives each package.json's node_modules folders the
// settings serve to the node build of that package.json (its stage
// installs them already), or to an install of its own when it has none;
// without a lock they are collectstatic blockers. manifests keeps the
// order of the settings.
func addSettingsModules(fsys fs.FS, f *Facts, projects map[string]*nodeProject, pending map[string][]servedDir, manifests []string) {
	strip := f.Django != nil && f.Django.ManifestStorage != ""
	for _, m := range manifests {
		dirs := pending[m]
		var names []string
		for _, d := range dirs {
			names = append(names, d.Dir)
		}
		at := dirs[0].Source
		attached := false
		for i := range f.NodeBuilds {
			if b := &f.NodeBuilds[i]; b.Manifest == m {
				b.Modules, b.ModulesFrom, b.StripMaps = append(b.Modules, names...), at, strip
				attached = true
				break
			}
		}
		if attached {
			continue
		}
		np := projects[m]
		dir := path.Dir(m)
		if dir == "." {
			dir = ""
		}
		b := &NodeBuild{Dir: dir, Manifest: m, Out: names[0], Target: names[0], Modules: names[1:], ModulesFrom: at, StripMaps: strip, OutFrom: Source{File: m},
			OutWhy: "the install puts the packages of its dependencies there (https://docs.npmjs.com/cli/v10/configuring-npm/folders#node-modules)",
			Served: dirs[0].What + " names " + strings.Join(names, ", ") + ", packages " + m + " depends on", ServedFrom: at}
		for _, s := range []string{"preinstall", "install", "postinstall", "prepare"} {
			if _, ok := np.pkg.Scripts[s]; ok {
				b.Lifecycle = append(b.Lifecycle, s)
			}
		}
		if blocked := np.setInstall(fsys, b); blocked != "" {
			for _, d := range dirs {
				if f.Django != nil {
					f.Django.addBlocker(StaticBlocker{Kind: "node-output", What: d.Dir, Module: m, Why: blocked, Source: d.Source})
				}
			}
			continue
		}
		f.NodeBuilds = append(f.NodeBuilds, *b)
	}
}
