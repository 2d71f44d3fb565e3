package detect

// Which of several root scripts with a __main__ guard is the program
// (Tautulli.py beside the PlexPy.py shim, facefusion.py beside install.py):
// the one the authors' own launch files run, else the one the others only
// import, else the one named like the project or its package. Without such
// evidence none is chosen, and detect says nothing runs.

import (
	"fmt"
	"io/fs"
	"path"
	"regexp"
	"strings"
)

// launchEvidenceDirs are the folders whose files (systemd units, init
// scripts, snap and start files) say how the authors start the program,
// beside the authors' Dockerfiles.
var launchEvidenceDirs = []string{".", "bin", "scripts", "docker", "deploy", "config", "conf", "contrib",
	"init-scripts", "init", "initscripts", "systemd", "service", "services", "snap", "packaging", "debian"}

// launchEvidenceExts are the launch files read in those folders; a file
// without an extension is read too (an init script).
var launchEvidenceExts = map[string]bool{"": true, ".sh": true, ".service": true, ".systemd": true,
	".conf": true, ".yaml": true, ".yml": true, ".init": true, ".plist": true, ".bash": true}

// pythonRunsRe is python (any version, any path) running a script file:
// `/usr/bin/python3 /opt/app/App.py`, and the exec form
// `["python", "App.py"]`; group 1 or 2 is the script's path.
var pythonRunsRe = regexp.MustCompile(`\bpython[0-9.]*\s+(?:-[A-Za-z]+\s+)*["']?([^\s"';|&]+\.py)\b|\bpython[0-9.]*["']\s*,\s*["']([^"']+\.py)["']`)

// rootScriptRun is a launch file's line that runs a root script.
type rootScriptRun struct {
	script string // its base name
	src    Source
}

// authorsRootScriptRuns reads the authors' launch files and Dockerfiles for
// the lines that run a Python script.
func authorsRootScriptRuns(fsys fs.FS) []rootScriptRun {
	var files []string
	for _, d := range launchEvidenceDirs {
		entries, err := fs.ReadDir(fsys, d)
		if err != nil {
			continue
		}
		for _, e := range entries {
			if e.Type().IsRegular() && launchEvidenceExts[path.Ext(e.Name())] && !strings.HasPrefix(e.Name(), ".") {
				files = append(files, path.Join(d, e.Name()))
			}
		}
	}
	files = append(files, authorsContainerFiles(fsys)...)
	var out []rootScriptRun
	seen := map[string]bool{}
	for _, file := range files {
		if seen[file] {
			continue
		}
		seen[file] = true
		data, err := readBounded(fsys, file, maxScriptSize, "launch files")
		if err != nil || CheckText(file, data, true) != nil || generatedByPydock(data) {
			continue
		}
		for i, line := range strings.Split(string(data), "\n") {
			for _, m := range pythonRunsRe.FindAllStringSubmatch(line, -1) {
				out = append(out, rootScriptRun{script: path.Base(m[1] + m[2]), src: Source{File: file, Line: i + 1}})
			}
		}
	}
	return out
}

// chooseRootScript picks the program among several root scripts with a
// __main__ guard, and says why; "" when nothing tells them apart.
func chooseRootScript(fsys fs.FS, found []Source, name string) (Source, string) {
	stems := map[string]bool{}
	for _, c := range found {
		stems[strings.TrimSuffix(c.File, ".py")] = true
	}
	// The authors' launch files run it.
	var ran []Source
	var at Source
	for _, r := range authorsRootScriptRuns(fsys) {
		for _, c := range found {
			if r.script == c.File && !containsSource(ran, c) {
				ran, at = append(ran, c), r.src
			}
		}
	}
	if len(ran) == 1 {
		return ran[0], fmt.Sprintf("the authors run %s (%s)", ran[0].File, at)
	}
	// A shim imports the program (an old name kept working): what is
	// left once the scripts that import another one are set aside.
	var programs []Source
	var shim string
	for _, c := range found {
		data, err := readPySource(fsys, c.File)
		if err != nil {
			continue
		}
		imports := false
		for _, im := range pyImports(moduleLevelLines(pyLines(data))) {
			if mod := im.module + im.from; stems[mod] && mod+".py" != c.File {
				imports, shim = true, c.File+" imports "+mod
			}
		}
		if !imports {
			programs = append(programs, c)
		}
	}
	if len(programs) == 1 && len(programs) < len(found) {
		return programs[0], fmt.Sprintf("the other root scripts only start it (%s)", shim)
	}
	// Named like the project, or like the package it runs.
	want := strings.ReplaceAll(NormalizeName(name), "-", "_")
	var named []Source
	var why string
	for _, c := range found {
		stem := strings.TrimSuffix(c.File, ".py")
		switch {
		case want != "" && strings.ReplaceAll(NormalizeName(stem), "-", "_") == want:
			named, why = append(named, c), "named like the project ("+name+")"
		case isRegularFile(fsys, stem+"/__init__.py"):
			named, why = append(named, c), "named like the package beside it ("+stem+"/)"
		case isRegularFile(fsys, strings.ToLower(stem)+"/__init__.py"):
			named, why = append(named, c), "named like the package beside it ("+strings.ToLower(stem)+"/)"
		}
	}
	if len(named) == 1 {
		return named[0], why
	}
	return Source{}, ""
}

func containsSource(s []Source, v Source) bool {
	for _, x := range s {
		if x == v {
			return true
		}
	}
	return false
}

// entryReach is the set of project files a root script imports when it
// starts (importClosure: module level, its packages' __init__ files).
func entryReach(fsys fs.FS, roots []string, file string) map[string]bool {
	keep := map[string]bool{}
	for _, f := range importClosure(fsys, roots, []string{file}, map[string]bool{}) {
		keep[f] = true
	}
	return keep
}
