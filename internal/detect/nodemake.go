package detect

// A front end built by Makefile targets rather than a package.json script:
// the package.json only pins the tools (sass, terser…), and the authors'
// targets run them with npx on the project's files (make css, make js).

import (
	"io/fs"
	"path"
	"regexp"
	"slices"
	"strconv"
	"strings"
)

// fileToolRow is a program that writes the files it is told to
// (nodebuild.toml's file_tool rows).
type fileToolRow struct {
	Command    string
	FileFlags  []string `toml:"file_flags"`
	DirFlags   []string `toml:"dir_flags"`
	Positional bool
	Watch      []string
	Source     string
}

var (
	// makeTargetRe is a plain target's name.
	makeTargetRe = regexp.MustCompile(`^[A-Za-z0-9][\w.-]*$`)
	// makeRecipeLineRe is the line of a recipe: a tab, then @ - + prefixes.
	makeRecipeLineRe = regexp.MustCompile(`^\t[@+-]*\s*(.*)$`)
)

// makeRule is a Makefile rule as pydock reads it.
type makeRule struct {
	name    string
	line    int
	prereqs []string
	recipe  []string
}

// makeTarget is a target whose recipe only runs the lock's file tools,
// and the files or folders they write (project-relative).
type makeTarget struct {
	rule   makeRule
	tools  []string
	writes []string
	dirs   []string // of writes: folders the tools write into
}

// makeBuild is the build of a package.json without a build script when
// the Makefile beside it has targets that run only its lock's tools
// with npx (or from node_modules/.bin) and write their files once: make
// runs all of them, and the output is the folder their files share. Nil
// when there is none, or they share no folder.
func makeBuild(fsys fs.FS, np *nodeProject) *NodeBuild {
	if len(np.pkg.Dependencies)+len(np.pkg.DevDependencies) == 0 {
		return nil // nothing to run
	}
	file := ""
	for _, n := range makefileNames {
		if p := path.Join(np.dir, n); isRegularFile(fsys, p) {
			file = p
			break // make reads the first it finds
		}
	}
	if file == "" {
		return nil
	}
	data, err := readBounded(fsys, file, maxNodeFileSize, "Makefiles")
	if err != nil {
		return nil
	}
	rules := readMakeRules(string(data))
	tools := map[string]makeTarget{}
	for _, r := range rules {
		if t, ok := toolTarget(np, r); ok {
			tools[r.name] = t
		}
	}
	var targets []makeTarget
	for _, r := range rules {
		t, ok := tools[r.name]
		if !ok || slices.ContainsFunc(r.prereqs, func(p string) bool { _, tool := tools[p]; return !tool && !isRegularFile(fsys, path.Join(np.dir, p)) }) {
			continue // make would run something else first
		}
		targets = append(targets, t)
	}
	if len(targets) == 0 {
		return nil
	}
	out := targets[0].dirs[0]
	var names, whys []string
	for _, t := range targets {
		for _, d := range t.dirs {
			out = commonFolder(out, d)
		}
		names = append(names, t.rule.name)
		whys = append(whys, "the Makefile's "+t.rule.name+" target ("+file+":"+strconv.Itoa(t.rule.line)+") runs "+strings.Join(t.tools, ", ")+" with npx, writing "+strings.Join(t.writes, ", "))
	}
	if out == "" || out == np.dir {
		return nil // the folder they share is the package's own: no output folder
	}
	return &NodeBuild{Dir: np.dir, Manifest: np.manifest, Make: names, Out: out, Target: out,
		OutWhy: strings.Join(whys, "; "), OutFrom: Source{File: file, Line: targets[0].rule.line}}
}

// readMakeRules reads a Makefile's rules of one plain target and their
// recipes, in order; a rule that uses make's variables or functions in
// its recipe keeps the line, which toolTarget then refuses.
func readMakeRules(text string) []makeRule {
	var rules []makeRule
	cur := -1
	for i, l := range strings.Split(text, "\n") {
		if m := makeRecipeLineRe.FindStringSubmatch(l); m != nil {
			if cur >= 0 && strings.TrimSpace(m[1]) != "" && !strings.HasPrefix(strings.TrimSpace(m[1]), "#") {
				rules[cur].recipe = append(rules[cur].recipe, strings.TrimSpace(m[1]))
			}
			continue
		}
		if t := strings.TrimSpace(l); t == "" || strings.HasPrefix(t, "#") {
			continue
		}
		cur = -1
		m := makeRuleRe.FindStringSubmatch(l)
		if m == nil || !makeTargetRe.MatchString(m[1]) {
			continue // not a rule, several targets, or a special one (.PHONY)
		}
		pre, _, _ := strings.Cut(m[2], "#")
		pre, _, _ = strings.Cut(pre, ";")
		rules = append(rules, makeRule{name: m[1], line: i + 1, prereqs: strings.Fields(pre)})
		cur = len(rules) - 1
	}
	return rules
}

// toolTarget reads a rule whose every recipe line runs one of the lock's
// file tools once, into files of the project.
func toolTarget(np *nodeProject, r makeRule) (makeTarget, bool) {
	t := makeTarget{rule: r}
	if len(r.recipe) == 0 {
		return t, false
	}
	for _, line := range r.recipe {
		if strings.ContainsAny(line, "$`\\") {
			return t, false // make's variables, or the shell's: not read
		}
		cmds := scriptWords(line)
		if len(cmds) != 1 {
			return t, false
		}
		words := cmds[0]
		switch {
		case words[0] == "npx":
			words = words[1:]
			for len(words) > 0 && strings.HasPrefix(words[0], "-") {
				words = words[1:] // npx's own flags (--no-install, -y)
			}
		case strings.HasPrefix(words[0], "node_modules/.bin/") || strings.HasPrefix(words[0], "./node_modules/.bin/"):
			words[0] = path.Base(words[0])
		default:
			return t, false
		}
		if len(words) == 0 {
			return t, false
		}
		i := slices.IndexFunc(nodeTable.FileTool, func(row fileToolRow) bool { return row.Command == words[0] })
		if i < 0 {
			return t, false
		}
		files, dirs, ok := toolWrites(np, &nodeTable.FileTool[i], words[1:])
		if !ok {
			return t, false
		}
		t.tools = append(t.tools, words[0])
		t.writes = append(t.writes, files...)
		t.dirs = append(t.dirs, dirs...)
	}
	return t, true
}

// toolWrites are the files (or folders) a file tool's arguments tell it to
// write, and the folders they are in; false for a watch, or no output
// pydock can tell.
func toolWrites(np *nodeProject, row *fileToolRow, args []string) (files, dirs []string, ok bool) {
	add := func(p string, dir bool) bool {
		q, ok := scriptPath(np.dir, p)
		if !ok {
			return false
		}
		files = append(files, q)
		if dir {
			dirs = append(dirs, q)
		} else {
			dirs = append(dirs, path.Dir(q))
		}
		return true
	}
	var positional []string
	for i := 0; i < len(args); i++ {
		name, val, eq := strings.Cut(args[i], "=")
		if slices.Contains(row.Watch, name) {
			return nil, nil, false
		}
		fileFlag, dirFlag := slices.Contains(row.FileFlags, name), slices.Contains(row.DirFlags, name)
		if fileFlag || dirFlag {
			if !eq {
				if i+1 >= len(args) {
					return nil, nil, false
				}
				i++
				val = args[i]
			}
			if !add(val, dirFlag) {
				return nil, nil, false
			}
			continue
		}
		if !strings.HasPrefix(args[i], "-") {
			positional = append(positional, args[i])
		}
	}
	if row.Positional {
		for _, p := range positional {
			if _, out, pair := strings.Cut(p, ":"); pair && !add(out, false) {
				return nil, nil, false
			}
		}
		if len(files) == 0 && len(positional) == 2 && !add(positional[1], false) {
			return nil, nil, false
		}
	}
	return files, dirs, len(files) > 0
}

// commonFolder is the deepest folder holding both a and b ("" when only
// the project's root does).
func commonFolder(a, b string) string {
	pa, pb := strings.Split(a, "/"), strings.Split(b, "/")
	n := 0
	for n < len(pa) && n < len(pb) && pa[n] == pb[n] {
		n++
	}
	return strings.Join(pa[:n], "/")
}
