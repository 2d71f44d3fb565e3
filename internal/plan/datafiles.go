package plan

import (
	"path"
	"regexp"
	"slices"
	"strings"

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

// linkCodeDatabase links a SQLite database the settings keep in a folder
// of the project's code (the settings package) into DataDirPath, as
// linkRootDatabase does for the root: that folder stays root's and no
// volume may cover it. abs is the database's folder in the image. False
// when it is no such file.
func (p *Plan) linkCodeDatabase(f *detect.Facts, d detect.DataPath, abs string) bool {
	rel, inTree := strings.CutPrefix(abs, AppDir+"/")
	name := path.Base(d.File)
	if d.What != "SQLite database" || !inTree || !f.KnownToHoldCode(rel) || !rootFileRe.MatchString(name) {
		return false
	}
	link, target := path.Join(abs, name), path.Join(DataDirPath, name)
	if slices.ContainsFunc(p.DataLinks, func(l DataLink) bool { return l.Target == target && l.Link != link }) {
		return false // another database of that name is there already
	}
	if !slices.ContainsFunc(p.DataLinks, func(l DataLink) bool { return l.Link == link }) {
		p.DataLinks = append(p.DataLinks, DataLink{Link: link, Target: target, Why: "the SQLite database the settings keep in a folder of code (" + d.Source.String() + ")"})
	}
	p.dataDirs = append(p.dataDirs, WritableDir{Path: DataDirPath, Why: "the SQLite database " + d.File + " (" + d.Source.String() + ")"})
	p.decide("data file", link+" -> "+target, "the settings keep the SQLite database "+d.File+" in "+rel+"/, which holds code ("+d.Source.String()+"): it stays root's and no volume may cover it, so the image links the file into "+DataDirPath+", a volume")
	return true
}

// rootLogCalls open a log file that stays where it was named: a rotating
// handler renames it beside the name at rollover, which a link in the
// read-only root cannot give it.
var rootLogCalls = []string{"logging.FileHandler", "logging.handlers.WatchedFileHandler", "logging.basicConfig"}

// linkRootLog links a log file the code opens in the project root while
// it starts (basicConfig(filename="bot.log")) into LogDirPath: no
// variable moves it, and the root stays read-only. False when it is no
// such file.
func (p *Plan) linkRootLog(w detect.StartWrite, add func(abs, why string)) bool {
	if !slices.Contains(rootLogCalls, w.Call) || w.Beside || !rootFileRe.MatchString(w.Path) {
		return false
	}
	target := path.Join(LogDirPath, w.Path)
	link := path.Join(p.workDir(), w.Path)
	if _, err := CheckWritable(link); err != nil {
		return false
	}
	if !slices.ContainsFunc(p.DataLinks, func(l DataLink) bool { return l.Link == link }) {
		p.DataLinks = append(p.DataLinks, DataLink{Link: link, Target: target, Why: w.Call + " writes it in the project root at start (" + w.Source.String() + ")"})
	}
	add(LogDirPath, "the log file "+w.Path+" ("+w.Source.String()+")")
	p.decide("log file", link+" -> "+target, w.Call+" opens "+w.Path+" in the project root ("+w.Source.String()+"), the read-only "+AppDir+"; no variable moves it, so the image links it into "+LogDirPath+", a volume")
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

// linkTempDatabase links a SQLite database the settings keep in a
// temporary folder of the system (/tmp/queue.sqlite3, bugsink's snappea
// task queue) into DataDirPath: compose runs the app, the migrate one-off
// and any worker as containers of their own, each with its own /tmp, so
// without the link each opens a database of its own (migrated in one, the
// tasks queued in another). SQLite follows the link, keeping its journal
// beside the real file. False when it is no such file.
func (p *Plan) linkTempDatabase(d detect.DataPath) bool {
	dir, name := path.Split(d.File)
	if d.What != "SQLite database" || !path.IsAbs(d.File) || !temporaryDirs[path.Base(dir)] || !rootFileRe.MatchString(name) {
		return false
	}
	target := path.Join(DataDirPath, name)
	if !slices.ContainsFunc(p.DataLinks, func(l DataLink) bool { return l.Link == d.File }) {
		p.DataLinks = append(p.DataLinks, DataLink{Link: d.File, Target: target, Why: "the SQLite database the settings keep in " + path.Clean(dir) + " (" + d.Source.String() + "), which each container has its own of"})
	}
	p.dataDirs = append(p.dataDirs, WritableDir{Path: DataDirPath, Why: "the SQLite database " + d.File + " (" + d.Source.String() + ")"})
	p.decide("data file", d.File+" -> "+target, "the settings keep the SQLite database "+d.File+" ("+d.Source.String()+") in a temporary folder each container has its own of: compose's app, migrate one-off and workers would each open a database of their own, so the image links it into "+DataDirPath+", the volume they share")
	return true
}
