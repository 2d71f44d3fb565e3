package plan

import (
	"slices"

	"github.com/pydock/pydock/internal/detect"
)

// chooseRunDir runs the image from DataDirPath when the program's data
// directory defaults to the working directory and the image moved it there
// with its variable: its authors run it from the data folder (cd there,
// WORKDIR in their image), and the code may count on that elsewhere (a
// relative log path handed to a subprocess, another os.getcwd()), which
// DATA_DIR alone does not change. Only when everything the image and
// compose run is installed code, a console script of the project or
// python -m of a module it ships: a path into the source tree (python
// bot.py, manage.py, a config file) is relative to AppDir.
func (p *Plan) chooseRunDir(f *detect.Facts) {
	if p.RunDir != "" {
		return // chosen with the command (mainstart.go)
	}
	if !f.Packaged || f.NotBuilt != "" || p.serverConfig != "" {
		return
	}
	var from *detect.DataDir
	for i, d := range f.DataDirs {
		// A default inside the code (BASE_DIR / "data") is no sign that
		// the authors run it from its data folder.
		if d.Env != "" && d.Default == "" && slices.Contains(p.DataEnv, EnvVar{d.Env, DataDirPath}) {
			from = &f.DataDirs[i]
			break
		}
	}
	if from == nil {
		return
	}
	commands := [][]string{p.Command}
	if p.Migration != nil && p.Migration.Image == "" {
		commands = append(commands, p.Migration.Command)
	}
	if p.Worker != nil {
		commands = append(commands, p.Worker.Command)
	}
	for _, r := range p.Release {
		commands = append(commands, r.Command)
	}
	for _, x := range p.Processes {
		commands = append(commands, x.Command)
	}
	for _, c := range commands {
		if !runsInstalled(f, c) {
			return
		}
	}
	p.RunDir = DataDirPath
	p.decide("working directory", DataDirPath, from.Env+" defaults to the working directory ("+from.Source.String()+"): the app runs from its data folder, as its authors run it, and its code is installed in the venv")
}

// runsInstalled reports whether argv runs only code installed in the venv:
// a console script of the project, or python -m of a module it ships.
func runsInstalled(f *detect.Facts, argv []string) bool {
	if len(argv) == 0 {
		return false
	}
	if slices.ContainsFunc(f.Scripts, func(s detect.Script) bool { return s.Name == argv[0] }) {
		return true
	}
	return len(argv) >= 3 && (argv[0] == "python" || argv[0] == "python3") && argv[1] == "-m" && f.Ships(argv[2])
}
