package plan

import (
	"path"
	"regexp"
	"slices"

	"github.com/pydock/pydock/internal/detect"
)

// LogDirPath is where the image keeps the log files the app writes by
// default in its working directory (the read-only AppDir).
const LogDirPath = DataDirPath + "/logs"

// logDefaultRe is a log file in the working directory, as the code's
// default names it: app.log, ./app.log, app.log.txt (the name's own
// extension says log). A path into a folder is left out: the folder must
// exist for the handler to open it, and that is the code's to create.
var logDefaultRe = regexp.MustCompile(`^(?:\./)?([\w-][\w.-]*\.log(?:\.[A-Za-z0-9]+)?)$`)

// chooseLogFiles moves a log file that a variable defaults to a file in
// the working directory into LogDirPath through that variable: logging's
// file handlers open the file when they are made, while the app starts,
// and in the read-only AppDir that fails with PermissionError.
func (p *Plan) chooseLogFiles(f *detect.Facts) {
	for _, u := range f.EnvUses {
		m := logDefaultRe.FindStringSubmatch(u.Default)
		if m == nil || slices.ContainsFunc(p.DataEnv, func(e EnvVar) bool { return e.Name == u.Name }) {
			continue
		}
		value := path.Join(LogDirPath, m[1])
		p.DataEnv = append(p.DataEnv, EnvVar{u.Name, value})
		p.dataDirs = append(p.dataDirs, WritableDir{Path: LogDirPath, Why: u.Name + "'s log file (" + u.Source.String() + ")"})
		p.linkDefault(u, m[1], value)
		p.decide("log file", u.Name+"="+value, u.Name+" defaults to "+m[1]+" in the working directory ("+u.Source.String()+"), the read-only "+AppDir+", where the app user cannot write the log")
	}
}

// rootFileRe is a plain file name, fit for a RUN line.
var rootFileRe = regexp.MustCompile(`^[\w][\w.-]*$`)

// linkRootDatabase links a SQLite database the settings keep in the
// project root (BASE_DIR / "db.sqlite3", Django's startproject default) into
// DataDirPath: no variable moves it, the root stays read-only, and SQLite
// follows the link, keeping its journal beside the real file. False when
// it is no such file.
func (p *Plan) linkRootDatabase(d detect.DataPath) bool {
	if d.What != "SQLite database" || !rootFileRe.MatchString(d.File) {
		return false
	}
	target := path.Join(DataDirPath, d.File)
	link := path.Join(p.workDir(), d.File)
	if _, err := CheckWritable(link); err != nil {
		return false
	}
	if !slices.ContainsFunc(p.DataLinks, func(l DataLink) bool { return l.Link == link }) {
		p.DataLinks = append(p.DataLinks, DataLink{Link: link, Target: target, Why: "the SQLite database the settings keep in the project root (" + d.Source.String() + ")"})
	}
	p.dataDirs = append(p.dataDirs, WritableDir{Path: DataDirPath, Why: "the SQLite database " + d.File + " (" + d.Source.String() + ")"})
	p.decide("data file", link+" -> "+target, "the settings keep the SQLite database "+d.File+" in the project root ("+d.Source.String()+"), the read-only "+AppDir+"; no variable moves it, so the image links it into "+DataDirPath+", a volume")
	return true
}

// workDir is the runtime's working directory: the member's folder when
// the source is copied, else AppDir, where the venv's app runs.
func (p *Plan) workDir() string {
	if p.CopySource {
		return path.Join(AppDir, p.MemberDir)
	}
	return AppDir
}

// linkDefault links the code's own default for a data file (name, in the
// working directory) to target: a .env copied from the authors' listing
// may set the variable empty over ENV, and settings that ignore an empty
// value fall back to the default, which then lands in the volume too.
func (p *Plan) linkDefault(u detect.EnvUse, name, target string) {
	link := path.Join(p.workDir(), name)
	if _, err := CheckWritable(link); err == nil && !slices.ContainsFunc(p.DataLinks, func(l DataLink) bool { return l.Link == link }) {
		p.DataLinks = append(p.DataLinks, DataLink{Link: link, Target: target, Why: "the app's own default when " + u.Name + " is unset or empty (" + u.Source.String() + ")"})
	}
}
