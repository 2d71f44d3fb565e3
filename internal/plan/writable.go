package plan

import (
	"errors"
	"fmt"
	"path"
	"regexp"
	"slices"
	"strconv"
	"strings"

	"github.com/pydock/pydock/internal/detect"
)

// AppDir is where the code and the venv live in the image, root's and
// read-only to the app user.
const AppDir = "/app"

// WritableRoots are the places outside AppDir where a writable directory
// may be: the usual homes of data. Beside them, a folder of the app's own
// that the base image does not have (/config, /var/myapp) may be; the
// system's folders (/etc, /usr, /var/log, /) are refused.
var WritableRoots = []string{"/data", "/srv", "/var/lib", "/var/cache"}

// systemDirs are the folders at / of a Debian image (its filesystem
// hierarchy, https://refspecs.linuxfoundation.org/FHS_3.0/fhs/ch03.html)
// and, for var, those in /var: what is in them belongs to the system or
// another user. A folder beside them is new, and the app's own.
var systemDirs = map[string]map[string]bool{
	"":    {"bin": true, "boot": true, "dev": true, "etc": true, "home": true, "lib": true, "lib32": true, "lib64": true, "libx32": true, "media": true, "mnt": true, "opt": true, "proc": true, "root": true, "run": true, "sbin": true, "srv": true, "sys": true, "tmp": true, "usr": true, "var": true},
	"var": {"backups": true, "cache": true, "lib": true, "local": true, "lock": true, "log": true, "mail": true, "opt": true, "run": true, "spool": true, "tmp": true},
}

// systemDir is the system folder an absolute path is in ("/etc"), or ""
// when its first folder is new to the image (/config, /var/myapp).
func systemDir(abs string) string {
	first, rest, _ := strings.Cut(strings.TrimPrefix(abs, "/"), "/")
	if !systemDirs[""][first] {
		return ""
	}
	sub, nested := systemDirs[first]
	second, _, _ := strings.Cut(rest, "/")
	switch {
	case !nested || second == "":
		return "/" + first
	case !sub[second]:
		return ""
	}
	return "/" + first + "/" + second
}

// WritableDir is a directory the app writes at run time: created in the
// image, owned by the app user, and a named volume in compose.
type WritableDir struct {
	Path   string // absolute, in the image
	Volume string // compose volume name; "" for a temporary folder, kept in none
	Why    string // what asked for it, for the Dockerfile comment
	// Code is set when the folder holds the project's Python code: only
	// the folder is the app's, what is in it stays root's. Otherwise all
	// of it is, files a root build step left there (a log file the
	// settings opened during collectstatic) included.
	Code bool
}

// CheckWritable validates a writable path from the project (settings or
// pydock.toml) and returns it absolute in the image. A relative path is
// under AppDir; an absolute one must be under AppDir or a WritableRoot,
// or be a folder the image does not have (systemDir).
// The path reaches a RUN line and compose, so it is held to plain
// characters: never a quote, a space, a newline or a variable.
func CheckWritable(p string) (string, error) {
	if p == "" {
		return "", errors.New("empty path")
	}
	for _, r := range p {
		if !(r >= 'a' && r <= 'z' || r >= 'A' && r <= 'Z' || r >= '0' && r <= '9' || r == '.' || r == '_' || r == '-' || r == '/') {
			return "", fmt.Errorf("%q is not allowed in a path here: use letters, digits, '.', '_', '-' and '/'", r)
		}
	}
	for _, c := range strings.Split(p, "/") {
		if c == ".." {
			return "", errors.New("climbs with '..': name the directory itself")
		}
		if strings.HasPrefix(c, "-") {
			return "", errors.New("a path component starts with '-'")
		}
	}
	abs := path.Clean(p)
	if !path.IsAbs(p) {
		abs = path.Join(AppDir, abs)
	}
	switch {
	case abs == AppDir:
		return "", errors.New("is the project itself: the code stays read-only to the app user; name a directory inside it")
	case abs == AppDir+"/.venv" || strings.HasPrefix(abs, AppDir+"/.venv/"):
		return "", errors.New("is inside the venv, which stays read-only to the app user")
	case strings.HasPrefix(abs, AppDir+"/"):
		return abs, nil
	}
	for _, r := range WritableRoots {
		if abs == r || strings.HasPrefix(abs, r+"/") {
			return abs, nil
		}
	}
	if strings.HasPrefix(abs, "/tmp/") {
		// A folder of its own in the temp dir (sticky, anyone's): the app
		// user may own it; /tmp itself stays the system's.
		return abs, nil
	}
	if abs == "/" {
		return "", errors.New("is the image's root: name a directory of the app's own")
	}
	if sys := systemDir(abs); sys != "" {
		return "", fmt.Errorf("is in %s, a folder of the system the app user must not own: writable directories are under %s, %s, or a folder of the app's own that the image does not have (/config, /var/myapp)", sys, AppDir, strings.Join(WritableRoots, ", "))
	}
	// A folder new to the image: the app names its own place (/config).
	return abs, nil
}

// temporaryDirs name scratch folders: writable, kept in no volume.
var temporaryDirs = map[string]bool{"temp": true, "tmp": true, ".tmp": true, "scratch": true}

// HomeDir is the app user's home in the image (the templates' useradd).
const HomeDir = "/home/app"

// DataDirPath is where the image keeps the data of a program whose own
// default is the working directory (the read-only AppDir).
const DataDirPath = "/data"

// chooseDataDirs moves a data directory that defaults to the working
// directory to DataDirPath: the command passes its option (unless it
// already does), or the image sets its variable.
func (p *Plan) chooseDataDirs(f *detect.Facts) {
	// Several variables, one found by what the code writes: each gets a
	// folder of its own, as one folder would mix what each keeps.
	envDataDirs, written := 0, false
	for _, d := range f.DataDirs {
		if d.Env != "" {
			envDataDirs++
			written = written || d.Written != nil
		}
	}
	own := written && envDataDirs > 1
	used := map[string]bool{}
	for _, d := range f.DataDirs {
		switch {
		case d.Env != "":
			if slices.ContainsFunc(p.DataEnv, func(e EnvVar) bool { return e.Name == d.Env }) {
				continue
			}
			dir := DataDirPath
			if own {
				dir = ownDataDir(d, used)
			}
			p.DataEnv = append(p.DataEnv, EnvVar{d.Env, dir})
			p.dataDirs = append(p.dataDirs, WritableDir{Path: dir, Why: d.Env + " (" + d.Source.String() + ")"})
			why := d.Env + " defaults to the working directory (" + d.Source.String() + "), the read-only " + AppDir
			if d.Default != "" {
				why = d.Env + " defaults to " + d.Default + " (" + d.Source.String() + "), in the code, which is read-only to the app user"
			}
			switch {
			case d.Holds != "":
				why += "; " + d.Holds + " defaults to a folder inside it (" + d.Written.String() + ")"
			case d.Written != nil:
				why += "; the code writes there (" + d.Written.String() + ")"
			}
			p.decide("data directory", d.Env+"="+dir, why)
		case len(d.Entry) > 0 && len(p.Command) >= len(d.Entry) && slices.Equal(p.Command[:len(d.Entry)], d.Entry):
			if _, given := flagValue(p.Command, d.Flag); given {
				continue
			}
			p.Command = append(p.Command, d.Flag, DataDirPath)
			p.dataDirs = append(p.dataDirs, WritableDir{Path: DataDirPath, Why: d.Flag + " of " + strings.Join(d.Entry, " ") + " (" + d.Source.String() + ")"})
			why := "its data directory " + d.Flag + " defaults to the working directory (" + d.Source.String() + "), the read-only " + AppDir + ": it gets " + DataDirPath
			if d.Default != "" {
				why = "its data directory " + d.Flag + " defaults to " + d.Default + " (" + d.Source.String() + "), the program's own folder in the read-only " + AppDir + ": it gets " + DataDirPath
			}
			p.amend("command", strings.Join(p.Command, " "), why)
		}
	}
}

// ownDataDir is a folder under DataDirPath for one of several data
// variables: its default's last name (config, attach), else the variable's.
func ownDataDir(d detect.DataDir, used map[string]bool) string {
	name := ""
	if lits := dataDirLitRe.FindAllStringSubmatch(d.Default, -1); len(lits) > 0 {
		last := lits[len(lits)-1]
		name = path.Base(last[1] + last[2])
	}
	if !dataDirNameOK.MatchString(name) || used[name] {
		name = strings.ToLower(strings.ReplaceAll(d.Env, "_", "-"))
	}
	used[name] = true
	return path.Join(DataDirPath, name)
}

var (
	dataDirLitRe  = regexp.MustCompile(`"([^"]*)"|'([^']*)'`)
	dataDirNameOK = regexp.MustCompile(`^[A-Za-z0-9][A-Za-z0-9_.-]*$`)
)

// sqliteDefaultRe is a SQLite database in the working directory, as a
// path (checkpoints.db, ./data.sqlite3) or a URL whose path is relative
// (sqlite:///./app.db, sqlite+aiosqlite:///app.db; four slashes are absolute).
var sqliteDefaultRe = regexp.MustCompile(`^(sqlite(?:\+\w+)?:///)?(?:\./)?([\w.-]+\.(?:db|sqlite|sqlite3))$`)

// chooseSQLiteFiles moves a SQLite database that a variable defaults to a
// file in the working directory (the read-only AppDir) into DataDirPath:
// SQLite writes the file and its journal beside it at start.
func (p *Plan) chooseSQLiteFiles(f *detect.Facts) {
	for _, u := range f.EnvUses {
		m := sqliteDefaultRe.FindStringSubmatch(u.Default)
		if m == nil || slices.ContainsFunc(p.DataEnv, func(e EnvVar) bool { return e.Name == u.Name }) {
			continue
		}
		value := path.Join(DataDirPath, m[2])
		if m[1] != "" {
			value = m[1] + value // sqlite:// + /data/app.db: four slashes, absolute
		}
		p.DataEnv = append(p.DataEnv, EnvVar{u.Name, value})
		p.dataDirs = append(p.dataDirs, WritableDir{Path: DataDirPath, Why: u.Name + "'s SQLite database (" + u.Source.String() + ")"})
		// SQLite follows the link and keeps its journal beside the target.
		p.linkDefault(u, m[2], path.Join(DataDirPath, m[2]))
		p.decide("data file", u.Name+"="+value, u.Name+" defaults to "+m[2]+" in the working directory ("+u.Source.String()+"), the read-only "+AppDir+", where SQLite cannot write it or its journal")
	}
}

// chooseWritable gathers the directories the app writes: what detection
// found in the project (a bad one is warned about and left out: the
// project is valid, pydock just cannot make that path safely) and the
// writable list of pydock.toml (already checked there, with its line).
func (p *Plan) chooseWritable(f *detect.Facts, s Settings) error {
	p.chooseSQLiteFiles(f)
	p.chooseLogFiles(f)
	seen := map[string]bool{}
	volumes := map[string]bool{}
	add := func(abs, why string) {
		if seen[abs] {
			return
		}
		seen[abs] = true
		rel, inTree := strings.CutPrefix(abs, AppDir+"/")
		code := inTree && f.HoldsCode(rel)
		if inTree && f.KnownToHoldCode(rel) {
			// Never a volume over code: Docker fills a named volume from
			// the first image only, so every rebuild would run the old
			// code, which the app user could also rewrite.
			p.Writable = append(p.Writable, WritableDir{Path: abs, Why: why, Code: code})
			p.Warnings = append(p.Warnings, fmt.Sprintf("%s holds the project's code and the app writes there (%s): the image makes the folder the app user's, but no volume covers code, so what is written there is lost when the container is recreated; point that path at a folder of its own and pydock keeps it in a volume", abs, why))
			return
		}
		if temporaryDirs[path.Base(abs)] {
			// Scratch space: writable, but nothing worth keeping.
			p.Writable = append(p.Writable, WritableDir{Path: abs, Why: why, Code: code})
			return
		}
		name := "app-" + strings.Trim(strings.ReplaceAll(strings.TrimPrefix(abs, AppDir+"/"), "/", "-"), "-._")
		for i := 2; volumes[name]; i++ {
			name = strings.TrimSuffix(name, "-"+strconv.Itoa(i-1)) + "-" + strconv.Itoa(i)
		}
		volumes[name] = true
		p.Writable = append(p.Writable, WritableDir{Path: abs, Volume: name, Why: why, Code: code})
	}
	for _, d := range f.DataPaths {
		what := d.What
		if d.File != "" {
			what += " " + d.File
		}
		abs, err := CheckWritable(d.Path)
		if err != nil {
			if path.Clean(d.Path) == "." && p.linkRootDatabase(d) || p.linkTempDatabase(d) {
				continue
			}
			if path.Clean(d.Path) == "." {
				p.Warnings = append(p.Warnings, fmt.Sprintf("%s: the %s sits in the project root, which stays read-only to the app user; move it into a folder of its own (e.g. BASE_DIR / \"data\" / %q) and pydock makes that folder writable", d.Source, what, path.Base(d.File)))
				continue
			}
			p.Warnings = append(p.Warnings, fmt.Sprintf("%s: %s %q: %v; the image does not create it (list a safe path under writable in pydock.toml)", d.Source, d.What, d.Path, err))
			continue
		}
		if p.linkCodeDatabase(f, d, abs) {
			continue
		}
		add(abs, what+" ("+d.Source.String()+")")
	}
	for _, d := range p.dataDirs {
		add(d.Path, d.Why)
	}
	for _, w := range f.StartWrites {
		p.startWrite(f, w, add)
	}
	var listed []string
	if s.Writable != nil {
		listed = *s.Writable
	}
	for _, w := range listed {
		abs, err := CheckWritable(w)
		if err != nil {
			return fmt.Errorf("writable %q: %w", w, err)
		}
		add(abs, "writable in pydock.toml")
	}
	var ignored, lines []string
	for _, g := range f.PackageIgnored {
		if builtByNode(f, g.Path) {
			continue // the image's node stage makes it
		}
		if p.inInstalledPackage(f, g.Path) {
			ignored = append(ignored, g.Path)
			lines = append(lines, strconv.Itoa(g.Source.Line))
		}
	}
	if len(ignored) > 0 {
		p.Warnings = append(p.Warnings, fmt.Sprintf(".gitignore:%s: %s are kept out of git inside the package the image installs: whatever writes there at run time, or makes them in a build step the image does not run, cannot in the read-only venv (DF020); point the app at a writable directory (writable in pydock.toml), or build what is missing before the image's build", strings.Join(lines, ","), strings.Join(ignored, ", ")))
	}
	if f.HomeData != nil && !seen[HomeDir] {
		// The home is the app user's already; the volume keeps it.
		p.Writable = append(p.Writable, WritableDir{Path: HomeDir, Volume: "app-home", Why: "the app keeps data under its home (" + f.HomeData.String() + ")"})
	}
	if len(p.Writable) > 0 {
		var paths []string
		for _, w := range p.Writable {
			paths = append(paths, w.Path)
		}
		p.decide("writable", strings.Join(paths, " "), "owned by the app user, a compose volume each (a temporary one aside); the code and the venv stay root's")
	}
	return nil
}

// startWrite takes a write the code makes while it starts: a directory in
// the tree the image runs from becomes writable; one inside the installed
// package (the venv, root's) and a command writing from code cannot be
// made safe without changing the code, so they are named by line.
func (p *Plan) startWrite(f *detect.Facts, w detect.StartWrite, add func(abs, why string)) {
	switch w.What {
	case "collectstatic":
		switch {
		case p.Django != nil && p.Django.CollectStatic:
			p.Notes = append(p.Notes, fmt.Sprintf("%s: the code runs collectstatic while it starts; the image runs it at build time already, so that call finds every file current and writes nothing", w.Source))
			return
		case w.Settings != "" && !w.Manifest && pyModuleRe.MatchString(w.Settings) && f.IsInstalled("django") && p.StartCollectstatic == nil:
			p.StartCollectstatic = &StartCollectstatic{Settings: w.Settings, From: w.Source.String()}
			p.Notes = append(p.Notes, fmt.Sprintf("%s: the code runs collectstatic while it starts; the image runs it at build time with %s, so that call finds every file current and writes nothing (the code is read-only to the app user, DF020)", w.Source, w.Settings))
			p.decide("collectstatic", "at build time ("+w.Settings+")", "the code runs it on import ("+w.Source.String()+"), where the app user cannot write")
			return
		}
		why := "run `manage.py collectstatic` at build time instead (pydock does for a Django site with STATIC_ROOT) and drop the call"
		if w.Manifest {
			why = "its manifest storage (" + w.Settings + ") rewrites the manifest at every run, so collecting at build time does not help: drop the call and collect at build time"
		}
		p.Warnings = append(p.Warnings, fmt.Sprintf("%s: the code runs collectstatic while it starts: it writes STATIC_ROOT as the app user at every start of every process, and the code stays read-only to that user (DF020), so the start fails; %s", w.Source, why))
		return
	case "migrate":
		p.Notes = append(p.Notes, fmt.Sprintf("%s: the code runs migrate while it starts: every process migrates at once, racing, and cannot start without the database; run migrations once, as a release step", w.Source))
		return
	}
	if w.Call != "" {
		p.libraryWrite(f, w, add)
		return
	}
	if dir := w.Path; worldWritableDir(dir) || w.What == "log file" && worldWritableDir(path.Dir(dir)) {
		return // every user writes there in the image
	}
	if w.What == "log file" {
		dir := path.Dir(w.Path)
		abs, err := CheckWritable(dir)
		if err != nil || w.Beside && p.inInstalledPackage(f, dir) {
			if err == nil {
				err = errors.New("it is inside the installed package, read-only to the app user")
			}
			p.Warnings = append(p.Warnings, fmt.Sprintf("%s: the settings write the log file %s while the app starts, where the app user cannot (%v), so the start fails with PermissionError; log to the console (the container's output is its log), or to a folder of the project, which pydock makes writable", w.Source, w.Path, err))
			return
		}
		add(abs, "log file "+w.Path+" ("+w.Source.String()+")")
		return
	}
	if w.Beside && p.inInstalledPackage(f, w.Path) {
		p.Warnings = append(p.Warnings, fmt.Sprintf("%s: the code creates %s while it starts, inside the installed package, which stays read-only to the app user (DF020): the start fails unless the folder exists, and so does any write into it; build the path from a setting or an environment variable and list that directory under writable in pydock.toml", w.Source, w.Path))
		return
	}
	abs, err := CheckWritable(w.Path)
	if err != nil && w.What == "config folder" {
		return // a system folder the configuration names to read from (/etc/ssl)
	}
	if err != nil {
		p.Warnings = append(p.Warnings, fmt.Sprintf("%s: the code creates %q while it starts: %v; the image does not create it (list a safe path under writable in pydock.toml)", w.Source, w.Path, err))
		return
	}
	if (w.Func != "" || w.WrittenAt != nil) && slices.ContainsFunc(p.Writable, func(o WritableDir) bool {
		return o.Volume != "" && strings.HasPrefix(abs, o.Path+"/")
	}) {
		return // inside a folder the app owns and a volume keeps already
	}
	why := "created at start (" + w.Source.String() + ")"
	if w.Func != "" {
		why = "created by " + w.Func + "() (" + w.Source.String() + ")"
	}
	if w.Setting != "" {
		why = w.Setting + " (" + w.Source.String() + "), written at run time"
		switch {
		case w.Writer != "":
			why = w.Setting + " (" + w.Source.String() + "), written by " + w.Writer + " (" + w.WrittenAt.String() + ")"
		case w.WrittenAt != nil:
			why = w.Setting + " (" + w.Source.String() + "), written at " + w.WrittenAt.String()
		}
		if w.Env != "" {
			why += "; " + w.Env + " moves it"
		}
	}
	if w.What == "config folder" {
		why = w.Source.File + " names it (" + w.Setting + ", " + w.Source.String() + ")"
	}
	if w.Helper != "" {
		why = w.Helper + " returns it (" + w.Source.String() + ")"
		if w.Env != "" {
			why += "; " + w.Env + " moves it"
		}
	}
	add(abs, why)
}

// inInstalledPackage reports whether a project folder is inside a package
// the image installs into the venv as a wheel, and imports from there (its
// source root is not on the import path).
func (p *Plan) inInstalledPackage(f *detect.Facts, dir string) bool {
	if !f.Packaged || f.NotBuilt != "" {
		return false
	}
	for _, d := range f.PackageDirs {
		if dir != d && !strings.HasPrefix(dir, d+"/") {
			continue
		}
		// A package at the root of a copied tree is imported from the working
		// directory by servers that put it on sys.path; under src/ it is not.
		if root := path.Dir(d); root == "." {
			return !p.CopySource
		} else if !slices.Contains(p.PythonPath, path.Join(AppDir, root)) {
			return true
		}
	}
	return false
}

// StartCollectstatic is collectstatic run at build time because the code
// runs it on import: with the files current, that call writes nothing.
type StartCollectstatic struct {
	Settings string // the settings module the code sets
	From     string // file:line of the call
}

// pyModuleRe is a dotted Python module name: it reaches a RUN line.
var pyModuleRe = regexp.MustCompile(`^[A-Za-z_]\w*(?:\.[A-Za-z_]\w*)*$`)
