package detect

// Programs a setuptools project installs as files rather than console
// scripts: setup.py's scripts=[...] and pyproject's [tool.setuptools]
// script-files (https://setuptools.pypa.io/en/latest/userguide/pyproject_config.html,
// "script-files"). The wheel copies each into the environment's bin/
// under its own name. Like a console script, one is the service only on
// the evidence of its code: a Python script that serves or loops, or a
// shell script's branch that runs a server in the foreground.

import (
	_ "embed"
	"fmt"
	"io/fs"
	"path"
	"regexp"
	"slices"
	"strings"

	"github.com/pelletier/go-toml/v2"
)

//go:embed foreground.toml
var foregroundTOML []byte

// foregroundRow is a program that runs a service until stopped when its
// arguments hold one of Flags (any, when Flags is empty), and detaches
// into the background with any of Detach.
type foregroundRow struct {
	Program string   `toml:"program"`
	Flags   []string `toml:"flags"`
	Detach  []string `toml:"detach"`
	What    string   `toml:"what"`
	Source  string   `toml:"source"`
}

var foregroundPrograms = func() map[string]foregroundRow {
	var t struct {
		Row []foregroundRow `toml:"row"`
	}
	if err := toml.Unmarshal(foregroundTOML, &t); err != nil {
		panic("foreground.toml: " + err.Error())
	}
	out := map[string]foregroundRow{}
	for _, r := range t.Row {
		out[r.Program] = r
	}
	return out
}()

var (
	setupPyScriptFiles = regexp.MustCompile(`\bscripts\s*=\s*`)
	// A shell test of an argument against an option: [[ "${cmd}" == "--dev" ]],
	// [ "$1" = "--dev" ]; or a case pattern: --dev) or "--dev"|-d).
	shellArgTestRe = regexp.MustCompile(`^(?:el)?if\s+\[\[?\s*"?\$\{?\w+\}?"?\s*==?\s*"?(-{1,2}[\w-]+)"?\s*\]\]?`)
	shellCaseRe    = regexp.MustCompile(`^"?(-{1,2}[\w-]+)"?(?:\s*\|[^)]*)?\)`)
	shellPrefixRe  = regexp.MustCompile(`^(?:(?:exec|sudo(?:\s+-\w+)*|nohup)\s+)+`)
)

// scriptFiles lists the files setup.py's scripts= or pyproject's
// script-files install, as scripts named by their file.
func scriptFiles(fsys fs.FS, py *pyproject) []Script {
	var out []Script
	if py != nil {
		for _, f := range py.Tool.Setuptools.ScriptFiles {
			out = append(out, Script{Name: path.Base(f), File: path.Clean(f), Source: Source{File: "pyproject.toml"}})
		}
	}
	if data, err := readBounded(fsys, "setup.py", maxManifestSize, "manifests"); err == nil {
		if loc := setupPyScriptFiles.FindIndex(data); loc != nil {
			items, _ := pyStringList(data[loc[1]:])
			line := strings.Count(string(data[:loc[0]]), "\n") + 1
			for _, it := range items {
				out = append(out, Script{Name: path.Base(it.s), File: path.Clean(it.s), Source: Source{File: "setup.py", Line: line}})
			}
		}
	}
	return slices.DeleteFunc(out, func(s Script) bool { return !isRegularFile(fsys, s.File) })
}

// chooseScriptFile picks the installed script file that is the service:
// the first whose code serves, else the first that runs long. warn is
// set when the chosen branch needs something the image lacks.
func chooseScriptFile(fsys fs.FS, roots []string, files []Script) (l *Launcher, warn string) {
	r := &scriptReader{fsys: fsys, roots: roots, files: map[string][]pyLine{}}
	var loop *Launcher
	for _, sc := range files {
		data, err := readBounded(fsys, sc.File, maxPyFileSize, "scripts")
		if err != nil {
			continue
		}
		first, _, _ := strings.Cut(string(data), "\n")
		if strings.HasPrefix(first, "#!") && !strings.Contains(first, "python") {
			if argv, at, why, w := shellForeground(sc, data); argv != nil {
				return &Launcher{Argv: argv, Source: at, Why: why}, w
			}
			continue
		}
		if !strings.HasPrefix(first, "#!") && path.Ext(sc.File) != ".py" {
			continue // a data file it installs beside (a .tac, a config)
		}
		sig := r.linesSignal(sc.File, pyLines(data), "", 2)
		if sig == nil || sig.dev {
			continue
		}
		verb := "runs"
		if sig.serves {
			verb = "starts"
		}
		c := &Launcher{Argv: []string{sc.Name}, Source: Source{File: sc.File},
			Why: fmt.Sprintf("the script %s, installed by %s, %s %s (%s)", sc.File, sc.Source.File, verb, sig.what, sig.src)}
		if sig.serves {
			return c, ""
		}
		if loop == nil {
			loop = c
		}
	}
	return loop, ""
}

// shellForeground reads a shell script for the option whose branch runs a
// server in the foreground (twistd -n, gunicorn): the script is run with
// that option. warn names a sudo the branch calls, which the image's
// unprivileged user does not have.
func shellForeground(sc Script, data []byte) (argv []string, at Source, why, warn string) {
	option := ""
	for i, raw := range strings.Split(string(data), "\n") {
		t := strings.TrimSpace(raw)
		if m := shellArgTestRe.FindStringSubmatch(t); m != nil {
			option = m[1]
			continue
		}
		if m := shellCaseRe.FindStringSubmatch(t); m != nil {
			option = m[1]
			continue
		}
		if t == "else" || t == "fi" || t == ";;" || t == "esac" {
			option = ""
			continue
		}
		if option == "" {
			continue
		}
		cmd := shellPrefixRe.FindString(t)
		words := strings.Fields(strings.TrimPrefix(t, cmd))
		if len(words) == 0 {
			continue
		}
		prog := path.Base(strings.Trim(words[0], `"'`))
		row, ok := foregroundPrograms[prog]
		if !ok || !foreground(row, words[1:]) {
			continue
		}
		at = Source{File: sc.File, Line: i + 1}
		why = fmt.Sprintf("the script %s, installed by %s, runs %s in its %s branch (%s: %s)", sc.File, sc.Source.File, row.What, option, at, row.Source)
		if strings.Contains(cmd, "sudo") {
			warn = fmt.Sprintf("%s runs %s through sudo (%s), which the image does not have and its unprivileged user cannot use: check that the script runs without it, or pass --app with the command it runs", sc.Name, prog, at)
		}
		return []string{sc.Name, option}, at, why, warn
	}
	return nil, Source{}, "", ""
}

// foreground reports whether args run row's program in the foreground:
// one of its flags present (a short flag also inside a group: -noy holds
// -n), none of its detaching ones.
func foreground(row foregroundRow, args []string) bool {
	has := func(flag string) bool {
		for _, a := range args {
			a = strings.Trim(a, `"'`)
			if a == flag || strings.HasPrefix(a, flag+"=") {
				return true
			}
			if len(flag) == 2 && flag[0] == '-' && len(a) > 2 && a[0] == '-' && a[1] != '-' && strings.ContainsRune(a[1:], rune(flag[1])) {
				return true
			}
		}
		return false
	}
	if slices.ContainsFunc(row.Detach, has) {
		return false
	}
	return len(row.Flags) == 0 || slices.ContainsFunc(row.Flags, has)
}
