package detect

// Start-up work the app's module does only when run as a script (ownfoil's
// app.py: under `if __name__ == "__main__":` it runs init_db(app), which
// creates or upgrades the database, init_users(app), and init(), which
// starts a file watcher and a scheduler, then app.run(...)). A server
// importing the module skips all of it, and the background threads must
// live in the serving process, so no one-off can stand in for them: the
// image runs the module as its authors do.

import (
	"fmt"
	"io/fs"
	"path"
	"regexp"
	"strconv"
	"strings"
)

// MainStart is the app module's start-up under its __main__ guard.
type MainStart struct {
	// Calls are the start-up calls as written (init_db(app)), in order.
	Calls  []string `json:"calls"`
	Source Source   `json:"source"` // the first of them
	// Run is the call that serves the app itself, Call its callee as
	// written (app.run, uvicorn.run), App the app's name.
	Run  Source `json:"run"`
	Call string `json:"call"`
	App  string `json:"app"`
	// Port and Host are the run call's literal port= and host=, 0 and ""
	// when it names none.
	Port int    `json:"port,omitempty"`
	Host string `json:"host,omitempty"`
	// Debug is the run call's debug= when it may turn the framework's
	// debugger on (anything but False): not what an image runs.
	Debug string `json:"debug,omitempty"`
}

var (
	// A statement that only calls: a bare function of the project
	// (init_db(app), init()), or a method that creates tables or starts a
	// background service (db.create_all(), scheduler.start()).
	startCallRe = regexp.MustCompile(`^(?:await\s+)?(?:([A-Za-z_]\w*)|[A-Za-z_][\w.]*\.(create_all|start|start_scheduler|init_db))\s*\(.*\)$`)
	// The block's own launch of the app: app.run(…), socketio.run(app, …),
	// uvicorn.run(app, …), web.run_app(app, …).
	ownRunRe = `^(?:%[1]s\.run\s*\((.*)\)|[\w.]+\.run(?:_app)?\s*\(\s*%[1]s\s*(?:,(.*))?\))$`
	// Calls that prepare nothing the app needs: output, the process's own
	// environment and logging, the arguments.
	startSkip = map[string]bool{
		"print": true, "exit": true, "load_dotenv": true, "freeze_support": true,
		"basicConfig": true, "setup_logging": true, "configure_logging": true, "parse_args": true,
	}
)

// mainStart reads the __main__ block of the app's module (file, the app
// bound to attr): the calls before the one that serves the app itself;
// nil when the block serves it with nothing before, or does not serve it.
func mainStart(fsys fs.FS, file, attr string) *MainStart {
	data, err := readPySource(fsys, file)
	if err != nil || !strings.Contains(string(data), "__main__") {
		return nil
	}
	run := regexp.MustCompile(fmt.Sprintf(ownRunRe, regexp.QuoteMeta(attr)))
	m := &MainStart{}
	top := ""
	for _, l := range pyLines(data) {
		if l.indent == 0 {
			top = l.text
			continue
		}
		if !mainGuardRe.MatchString(top) {
			continue
		}
		text := strings.TrimSpace(l.text)
		if r := run.FindStringSubmatch(text); r != nil {
			if len(m.Calls) == 0 {
				return nil
			}
			m.Run, m.App = Source{File: file, Line: l.line}, attr
			m.Call, _, _ = strings.Cut(text, "(")
			m.Call = strings.TrimSpace(m.Call)
			_, kw, _ := callArgs(r[1] + r[2])
			if p, err := strconv.Atoi(kw["port"]); err == nil && p > 0 && p < 65536 {
				m.Port = p
			}
			if h := strings.Trim(kw["host"], `"'`); h != kw["host"] {
				m.Host = h
			}
			if d, ok := kw["debug"]; ok && d != "False" {
				m.Debug = d
			}
			return m
		}
		c := startCallRe.FindStringSubmatch(text)
		if c == nil || startSkip[c[1]] || strings.Contains(strings.ToLower(c[1]), "log") {
			continue
		}
		if len(m.Calls) == 0 {
			m.Source = Source{File: file, Line: l.line}
		}
		m.Calls = append(m.Calls, text)
	}
	return nil
}

// mainStartLauncher runs the app's module as a script. Python resolves
// the module's bare imports from its own folder whatever the working
// directory, so the image runs it from the root, where the authors'
// entrypoints run `python app/main.py` and where paths the code opens from
// the root (built pages) resolve. It runs from the module's folder (Dir)
// only when that folder holds what code opening paths relative to the
// working directory expects and the root does not: Flask-Migrate's
// migrations/ (its default directory), as authors who copy the folder
// to their image's root have it.
func mainStartLauncher(fsys fs.FS, s *MainStart) *Launcher {
	dir := path.Dir(s.Run.File)
	if dir == "." || !isRegularFile(fsys, path.Join(dir, "migrations", "env.py")) || isRegularFile(fsys, path.Join("migrations", "env.py")) {
		dir = ""
	}
	return &Launcher{
		Argv: []string{"python", s.Run.File}, Dir: dir, Source: s.Run, Required: true,
		Why: fmt.Sprintf("%s does its start-up only when run as a script, under if __name__ == \"__main__\": %s (%s), then serves the app itself; a server importing the module would skip it all, and what it starts in the background must run in the serving process",
			s.Run.File, strings.Join(s.Calls, ", "), s.Source),
	}
}
