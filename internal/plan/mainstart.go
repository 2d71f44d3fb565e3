package plan

import (
	"path"
	"slices"
	"strings"

	"github.com/pydock/pydock/internal/detect"
)

// mainStartServe completes the command when the image runs the app's
// module as a script for the start-up work under its __main__ guard
// (detect's MainStart): the port its run call binds, and a warning when
// that call is the framework's development server or binds the loopback.
func (p *Plan) mainStartServe(f *detect.Facts) {
	s := f.MainStart
	if s == nil || f.Launcher == nil || f.Launcher.Source != s.Run {
		return
	}
	if s.Port > 0 && !p.portGiven {
		p.Port, p.portWhy = s.Port, "the port the module's own run call binds ("+s.Run.String()+")"
	}
	if s.Call == s.App+".run" {
		p.Warnings = append(p.Warnings, "the image runs "+s.Run.File+" as a script for its start-up ("+strings.Join(s.Calls, ", ")+", "+s.Source.String()+"), which a server importing the module skips; "+s.Call+" ("+s.Run.String()+") then serves the app with the framework's development server, one process: to serve it with a production server, move the start-up to module level or the server's start hook")
	}
	switch s.Host {
	case "0.0.0.0", "::", "":
		// aiohttp's run_app binds every address by default; the others
		// (Flask's, uvicorn's, Flask-SocketIO's run) the loopback.
		if s.Host == "" && !strings.HasSuffix(s.Call, "run_app") {
			p.Warnings = append(p.Warnings, s.Call+" ("+s.Run.String()+") names no host and binds 127.0.0.1: the published port reaches nothing; pass host=\"0.0.0.0\" there")
		}
	default:
		p.Warnings = append(p.Warnings, s.Call+" ("+s.Run.String()+") binds "+s.Host+": the published port reaches nothing unless that is the container's address; bind 0.0.0.0")
	}
}

// mainStartDebug warns, once, that the start-up under the module's
// __main__ guard is skipped when its run call may turn the framework's
// debugger on, which would answer on the published port: the server runs
// the app without it, and the user decides.
func (p *Plan) mainStartDebug(f *detect.Facts) {
	s := f.MainStart
	if s == nil || s.Debug == "" || p.mainStartWarned {
		return
	}
	p.mainStartWarned = true
	p.Warnings = append(p.Warnings, s.Run.File+" does its start-up only when run as a script ("+strings.Join(s.Calls, ", ")+", "+s.Source.String()+"), which the server importing the module skips; the image does not run it that way, since "+s.Call+" passes debug="+s.Debug+" ("+s.Run.String()+"), which may turn on the framework's debugger: move the start-up to module level or the server's start hook, or drop debug and regenerate")
}

// mainStartDir runs the module from its own folder, as its authors do,
// when the image has the source tree (code that opens paths relative to
// the working directory counts on it: Flask-Migrate's migrations); once
// the source is chosen.
func (p *Plan) mainStartDir(f *detect.Facts) {
	l := f.Launcher
	if l == nil || l.Dir == "" || !p.CopySource || len(p.Command) != 2 || !slices.Equal(p.Command, l.Argv) {
		return
	}
	p.Command = []string{p.Command[0], path.Base(p.Command[1])}
	p.RunDir = path.Join(AppDir, p.MemberDir, l.Dir)
	p.RunDirWhy = "It runs from its own folder, as its authors run it: its code opens paths relative to the working directory"
	p.amend("command", strings.Join(p.Command, " "), "run from "+p.RunDir+", the module's own folder")
}
