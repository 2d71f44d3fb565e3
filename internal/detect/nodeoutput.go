package detect

import (
	"io/fs"
	"path"
	"regexp"
	"slices"
	"strings"
)

// buildOutput finds the folder a script's bundler writes: a flag of the
// command, the bundler's config key, or its default when its config does
// not name one. ok is false when nothing the project commits says.
func buildOutput(fsys fs.FS, np *nodeProject, script string, depth int) (out, why string, from Source, ok bool) {
	why = "no bundler pydock knows in the script"
	for _, words := range scriptWords(script) {
		if m := runScriptRe.FindStringSubmatch(strings.Join(words, " ")); m != nil && depth < 3 {
			name := m[1] + m[2]
			if s, has := np.pkg.Scripts[name]; has {
				if o, w, f, found := buildOutput(fsys, np, s, depth+1); found {
					return o, w, f, true
				} else if w != "no bundler pydock knows in the script" {
					why = w
				}
			}
			continue
		}
		for len(words) > 0 && slices.Contains([]string{"npx", "bunx", "exec", "pnpm", "yarn", "--"}, words[0]) {
			words = words[1:]
		}
		if len(words) == 0 {
			continue
		}
		bin := path.Base(words[0])
		if isScriptRunner(bin) && depth < 3 {
			// run-p build:*: the scripts it runs are the build; the
			// first whose bundler pydock reads says where it writes.
			for _, name := range runnerScripts(np.pkg.Scripts, words[1:]) {
				if o, w, f, found := buildOutput(fsys, np, np.pkg.Scripts[name], depth+1); found {
					return o, w, f, true
				} else if w != "no bundler pydock knows in the script" {
					why = w
				}
			}
			continue
		}
		for i := range nodeTable.Bundler {
			b := &nodeTable.Bundler[i]
			if b.Command != bin || !b.appliesTo(np, words[1:]) {
				continue
			}
			return bundlerOutput(fsys, np, b, words[1:])
		}
	}
	return "", why, Source{}, false
}

func bundlerOutput(fsys fs.FS, np *nodeProject, b *bundlerRow, args []string) (out, why string, from Source, ok bool) {
	rel := func(base, p string) (string, bool) {
		p = strings.Trim(p, `"'`)
		q := path.Clean(path.Join(base, p))
		if path.IsAbs(p) || q == "." || q == ".." || strings.HasPrefix(q, "../") || strings.ContainsAny(p, "$`") {
			return "", false
		}
		return q, true
	}
	config, flag, flagVal := "", "", ""
	for i, a := range args {
		name, val, eq := strings.Cut(a, "=")
		if !eq && i+1 < len(args) && !strings.HasPrefix(args[i+1], "-") {
			val = args[i+1]
		}
		if slices.Contains(b.Flags, name) && val != "" && flag == "" {
			flag, flagVal = name, val
		}
		if name == "--config" || name == "-c" {
			config = strings.Trim(val, `"'`)
		}
	}
	if flag == "" {
		if out, why, from, ok, applies := frameworkOutput(fsys, np, b, func(p string) (string, bool) { return rel(np.dir, p) }); applies {
			return out, why, from, ok
		}
	}
	configs := b.Configs
	if config != "" {
		configs = []string{config}
	}
	var data []byte
	file := ""
	for _, c := range configs {
		file = path.Join(np.dir, c)
		d, err := readBounded(fsys, file, maxNodeFileSize, "bundler configs")
		if err != nil {
			if config != "" {
				return "", "its --config " + c + " is not in the project", Source{}, false
			}
			continue
		}
		data = d
		break
	}
	if data != nil {
		if why := missingConfigInput(fsys, file, data); why != "" {
			return "", why, Source{}, false
		}
	}
	// The folder the bundler's relative paths start from: its root
	// setting, else the package.json's folder (where npm runs it).
	root, rootWhy := np.dir, ""
	if data != nil && b.rootRe != nil {
		if m := b.rootRe.FindSubmatch(data); m != nil {
			val := firstGroup(m)
			if q, good := rel(np.dir, val); good {
				root = q
			} else if val == "." || val == "./" {
				root = np.dir
			} else {
				rootWhy = file + "'s " + b.RootWord + " " + val + " is outside the project"
			}
		} else if regexp.MustCompile(`\b` + regexp.QuoteMeta(b.RootWord) + `\s*:`).Match(data) {
			rootWhy = file + " sets its " + b.RootWord + " folder in a way pydock does not read"
		}
	}
	if flag != "" {
		if rootWhy != "" {
			return "", rootWhy, Source{}, false
		}
		if q, good := rel(root, flagVal); good {
			return q, "its " + np.pkg.scriptName(b.Command) + " script's " + flag, Source{File: np.manifest}, true
		}
		return "", b.Command + "'s " + flag + " " + flagVal + " is outside the project or computed", Source{}, false
	}
	if data != nil {
		keyAt := func(re *regexp.Regexp) (string, int, bool) {
			if re == nil {
				return "", 0, false
			}
			m := re.FindSubmatchIndex(data)
			if m == nil {
				return "", 0, false
			}
			val := ""
			for g := 2; g+1 < len(m); g += 2 {
				if m[g] >= 0 {
					val = string(data[m[g]:m[g+1]])
					break
				}
			}
			return val, 1 + strings.Count(string(data[:m[0]]), "\n"), true
		}
		// A folder joined to the config's own location (__dirname, which
		// --config may put below the package.json) does not depend on the
		// root.
		// Constants joined to __dirname read as the joins they stand for;
		// the rewrite keeps every line where it was.
		data = inlineDirnameConsts(data)
		if val, line, found := keyAt(b.hereRe); found {
			if q, good := rel(path.Dir(file), val); good {
				return q, file + "'s output folder", Source{File: file, Line: line}, true
			}
			return "", file + " names an output folder outside the project", Source{}, false
		}
		if val, line, found := keyAt(b.keyRe); found {
			if rootWhy != "" {
				return "", rootWhy, Source{}, false
			}
			if q, good := rel(root, val); good && val != "" {
				return q, file + "'s output folder", Source{File: file, Line: line}, true
			}
		}
		if mentionsOutput(b, data) {
			return "", file + " sets its output folder in a way pydock does not read", Source{}, false
		}
		// A config that leaves the output alone: the default holds.
	}
	if b.Default == "" {
		return "", b.Command + " has no default output folder and nothing names one", Source{}, false
	}
	if rootWhy != "" {
		return "", rootWhy, Source{}, false
	}
	q, _ := rel(root, b.Default)
	why = b.Command + "'s default (" + b.Source + ")"
	if root != np.dir {
		why = b.Command + "'s default under the root " + file + " sets (" + b.Source + ")"
	}
	return q, why, Source{File: np.manifest}, true
}

// firstGroup is the first group of a match that took part in it.
func firstGroup(m [][]byte) string {
	for _, g := range m[1:] {
		if g != nil {
			return string(g)
		}
	}
	return ""
}

// frameworkOutput is the folder a framework running inside the bundler's
// build writes (SvelteKit's adapter, not vite's outDir); applies is false
// when no framework row's config is there.
func frameworkOutput(fsys fs.FS, np *nodeProject, b *bundlerRow, rel func(string) (string, bool)) (out, why string, from Source, ok, applies bool) {
	for i := range nodeTable.Framework {
		r := &nodeTable.Framework[i]
		if r.Bundler != b.Command {
			continue
		}
		for _, c := range r.Configs {
			file := path.Join(np.dir, c)
			data, err := readBounded(fsys, file, maxNodeFileSize, "bundler configs")
			if err != nil || !r.appliesRe.Match(data) {
				continue
			}
			if !r.writesRe.Match(data) {
				return "", file + " builds a " + r.Name + " app whose adapter is not " + r.What + ": it writes no static folder (" + r.Source + ")", Source{}, false, true
			}
			if r.keyRe != nil {
				if m := r.keyRe.FindSubmatchIndex(data); m != nil && m[2] >= 0 {
					line := 1 + strings.Count(string(data[:m[0]]), "\n")
					if q, good := rel(string(data[m[2]:m[3]])); good {
						return q, file + "'s " + r.What + " folder", Source{File: file, Line: line}, true, true
					}
					return "", file + " gives " + r.What + " a folder outside the project or computed", Source{}, false, true
				}
			}
			q, good := rel(r.Default)
			if !good {
				return "", r.Name + "'s default folder is not in the project", Source{}, false, true
			}
			at := Source{File: file}
			if loc := r.writesRe.FindIndex(data); loc != nil {
				at.Line = 1 + strings.Count(string(data[:loc[0]]), "\n")
			}
			return q, r.What + "'s default in " + file + " (" + r.Source + ")", at, true, true
		}
	}
	return "", "", Source{}, false, false
}

// mentionsOutput reports whether a config sets the output folder in a
// way the row's keys did not read (its mentions pattern: a computed value,
// a spread): the default then says nothing.
func mentionsOutput(b *bundlerRow, data []byte) bool {
	return b.mentionsRe != nil && b.mentionsRe.Match(data)
}

// scriptName is the name of the script that runs command, for messages.
func (p packageJSON) scriptName(command string) string {
	for _, s := range nodeTable.Scripts {
		if strings.Contains(p.Scripts[s], command) {
			return s
		}
	}
	return "build"
}

var (
	// dirnameConstRe is a config's constant for a folder joined to its
	// own: const basePath = path.join(__dirname, "client", "app").
	dirnameConstRe = regexp.MustCompile("(?m)^[ \\t]*(?:const|let|var)\\s+([A-Za-z_$][\\w$]*)\\s*=\\s*(?:path\\.)?(?:join|resolve)\\(\\s*__dirname\\s*((?:,\\s*[\"'`][^\"'`$]*[\"'`]\\s*)*)\\)\\s*;?[ \\t]*$")
	jsLiteralRe    = regexp.MustCompile("[\"'`]([^\"'`$]*)[\"'`]")
)

// inlineDirnameConsts writes a config's folder constants joined to
// __dirname where it uses them (path.join(basePath, "dist"), path:
// basePath) as the join to __dirname they stand for, so the keys that
// read such joins read them too. A constant assigned twice is left alone.
func inlineDirnameConsts(data []byte) []byte {
	consts := map[string]string{}
	count := map[string]int{}
	for _, m := range dirnameConstRe.FindAllSubmatch(data, -1) {
		var parts []string
		for _, l := range jsLiteralRe.FindAllSubmatch(m[2], -1) {
			parts = append(parts, string(l[1]))
		}
		name := string(m[1])
		count[name]++
		if dir := path.Join(parts...); !strings.HasPrefix(dir, "/") {
			consts[name] = dir
		}
	}
	for name, dir := range consts {
		if count[name] > 1 || len(regexp.MustCompile(`(?:^|[^.\w$])`+regexp.QuoteMeta(name)+`\s*=[^=>]`).FindAll(data, -1)) > 1 {
			continue // assigned again
		}
		q := regexp.QuoteMeta(name)
		join := regexp.MustCompile(`(?:path\.)?(?:join|resolve)\(\s*` + q + `\s*,\s*["'` + "`" + `]([^"'` + "`" + `$/][^"'` + "`" + `$]*)["'` + "`" + `]\s*\)`)
		data = join.ReplaceAllFunc(data, func(b []byte) []byte {
			lit := join.FindSubmatch(b)[1]
			return []byte(`path.join(__dirname, "` + path.Join(dir, string(lit)) + `")`)
		})
		bare := regexp.MustCompile(`(\b(?:path|outDir)\s*:\s*)` + q + `\b(\s*[,}\n])`)
		data = bare.ReplaceAll(data, []byte(`${1}path.join(__dirname, "`+dir+`")${2}`))
	}
	return data
}

// appliesTo reports whether the row is the command run with args in np:
// its subcommand, and the major of the package it is for.
func (b *bundlerRow) appliesTo(np *nodeProject, args []string) bool {
	if len(b.Subcommands) > 0 && (len(args) == 0 || !slices.Contains(b.Subcommands, args[0])) {
		return false
	}
	if b.Package == "" {
		return true
	}
	spec, ok := np.pkg.Dependencies[b.Package]
	if !ok {
		spec, ok = np.pkg.DevDependencies[b.Package]
	}
	if !ok {
		return false
	}
	for _, m := range b.Majors {
		for _, alt := range strings.Split(spec, "||") {
			if rangeAllows(strings.TrimSpace(alt), m) {
				return true
			}
		}
	}
	return false
}

// isScriptRunner reports whether bin runs the package's scripts by name
// (nodebuild.toml's script_runner rows).
func isScriptRunner(bin string) bool {
	for _, r := range nodeTable.ScriptRunner {
		if slices.Contains(r.Commands, bin) {
			return true
		}
	}
	return false
}

// runnerScripts are the scripts a runner's arguments name, in the order
// of the patterns and then of the names: "*" matches within one
// ":"-separated part, "**" across them; flags and their values are
// skipped (npm-run-all's options take no script names).
func runnerScripts(scripts map[string]string, args []string) []string {
	names := make([]string, 0, len(scripts))
	for n := range scripts {
		names = append(names, n)
	}
	slices.Sort(names)
	var out []string
	for _, a := range args {
		if strings.HasPrefix(a, "-") {
			continue
		}
		re := regexp.QuoteMeta(a)
		re = strings.ReplaceAll(re, `\*\*`, ".*")
		re = strings.ReplaceAll(re, `\*`, "[^:]*")
		pat, err := regexp.Compile("^" + re + "$")
		if err != nil {
			continue
		}
		for _, n := range names {
			if pat.MatchString(n) && !slices.Contains(out, n) {
				out = append(out, n)
			}
		}
	}
	return out
}
