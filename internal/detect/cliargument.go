package detect

// A command that takes a required positional argument exits at once when
// started bare (typer and click: "Missing argument"). When the argument's
// values are known (an Enum class of the project, click.Choice) and the
// command branches on them, the image passes the value whose branch serves
// (else loops); when they are not, detect says the command needs it.

import (
	"fmt"
	"regexp"
	"strings"
)

var (
	// mode: Mode = typer.Argument(..., …), mode: Annotated[Mode, typer.Argument()]
	typerArgRe = regexp.MustCompile(`^\s*(\w+)\s*:\s*(?:Annotated\[\s*)?([A-Za-z_][\w.]*)?.*\btyper\.Argument\s*\((.*)$`)
	// the Argument's first value: ... (Ellipsis) or none makes it required.
	typerArgDefaultRe = regexp.MustCompile(`^\s*(?:\.\.\.|Ellipsis)?\s*(?:[,)]|$)`)
	// @click.argument("mode", type=click.Choice(["once", "watch"]))
	clickArgRe    = regexp.MustCompile(`^@click\.argument\s*\(\s*["'](\w+)["'](.*)\)\s*$`)
	clickChoiceRe = regexp.MustCompile(`click\.Choice\s*\(\s*[\[(]([^\])]*)[\])]`)
	// ONCE = "once" in an Enum's body.
	argEnumMemberRe = regexp.MustCompile(`^([A-Za-z_]\w*)\s*=\s*["']([\w-]+)["']\s*$`)
	// if mode == Mode.WATCH:, elif mode is Mode.WATCH:, if mode == "watch":
	argBranchRe = regexp.MustCompile(`^(el)?if\s+(\w+)\s*(?:==|\bis\b)\s*(?:([A-Za-z_]\w*)\.([A-Za-z_]\w*)|["']([\w-]+)["'])\s*:$`)
)

// requiredArg is a command's required positional argument and, when they
// are known, its values (value → the name the code compares with).
type requiredArg struct {
	name   string
	line   int
	values []string
	member map[string]string // Enum member → value
}

// requiredArgument reads the command function fn of file for a required
// positional argument (typer, click or argparse), nil when it takes none.
func (r *scriptReader) requiredArgument(file, fn string) *requiredArg {
	lines := r.lines(file)
	for i, l := range lines {
		m := defRe.FindStringSubmatch(l.text)
		if m == nil || m[1] != fn {
			continue
		}
		// click: the decorators above the def.
		for j := i - 1; j >= 0 && strings.HasPrefix(lines[j].text, "@"); j-- {
			c := clickArgRe.FindStringSubmatch(lines[j].text)
			if c == nil || strings.Contains(c[2], "default=") || strings.Contains(c[2], "required=False") || strings.Contains(c[2], "nargs=-1") {
				continue
			}
			a := &requiredArg{name: c[1], line: lines[j].line}
			if ch := clickChoiceRe.FindStringSubmatch(c[2]); ch != nil {
				for _, q := range quotedRe.FindAllStringSubmatch(ch[1], -1) {
					a.values = append(a.values, q[1])
				}
			}
			return a
		}
		// argparse: a positional of the parser the body builds.
		if a := argparsePositional(blockAfter(lines, i)); a != nil {
			return a
		}
		// typer: the parameters.
		open := strings.Index(l.text, "(")
		if open < 0 {
			return nil
		}
		for _, p := range splitTopLevel(l.text[open+1:]) {
			t := typerArgRe.FindStringSubmatch(p)
			if t == nil || !typerArgDefaultRe.MatchString(t[3]) {
				continue
			}
			a := &requiredArg{name: t[1], line: l.line}
			if t[2] != "" {
				a.member = map[string]string{}
				for _, mv := range r.enumValues(file, t[2]) {
					a.member[mv[0]] = mv[1]
					a.values = append(a.values, mv[1])
				}
			}
			return a
		}
		return nil
	}
	return nil
}

// enumValues are the members of an Enum class of file (or the module it
// imports the class from): member and value, in declaration order.
func (r *scriptReader) enumValues(file, cls string) [][2]string {
	target, name := file, cls
	if !definesClass(r.lines(file), cls) {
		module := ""
		for _, root := range r.roots {
			if m := moduleName(root, file); m != "" && moduleFile(r.fsys, root, m) == file {
				module = m
			}
		}
		mod, n := resolveCallee(module, strings.HasSuffix(file, "__init__.py"), pyImports(r.lines(file)), cls)
		if target = r.moduleFile(mod); target == "" {
			return nil
		}
		name = n
	}
	lines := r.lines(target)
	for i, l := range lines {
		if m := classRe.FindStringSubmatch(l.text); m == nil || m[1] != name || !strings.Contains(l.text, "Enum") {
			continue
		}
		var out [][2]string
		for _, b := range blockAfter(lines, i) {
			if m := argEnumMemberRe.FindStringSubmatch(b.text); m != nil {
				out = append(out, [2]string{m[1], m[2]})
			}
		}
		return out
	}
	return nil
}

// splitTopLevel splits a parameter list at its top-level commas.
func splitTopLevel(s string) []string {
	var out []string
	start := 0
	end := scanCode(s, 0, func(i, depth int) bool {
		switch {
		case depth == 0 && (s[i] == ')' || s[i] == ']' || s[i] == '}'):
			return false // the list's own closing bracket
		case depth == 0 && s[i] == ',':
			out = append(out, s[start:i])
			start = i + 1
		}
		return true
	})
	return append(out, s[start:end])
}

// argumentChoice is the value of the command's required argument whose
// branch serves (else loops), with the argument; the choice is nil when
// the command takes no such argument or no branch shows either.
func (r *scriptReader) argumentChoice(sc Script, file, fn string, words []string) (*scriptChoice, *requiredArg) {
	a := r.requiredArgument(file, fn)
	if a == nil || len(a.values) == 0 {
		return nil, a
	}
	body := r.body(file, fn)
	rf := &scriptReader{fsys: r.fsys, roots: r.roots, files: r.files, guard: r.guard, follow: true}
	var serving, looping []scriptChoice
	taken := map[string]bool{}
	for i, l := range body {
		m := argBranchRe.FindStringSubmatch(l.text)
		if m == nil || m[2] != a.name {
			if strings.TrimSpace(l.text) == "else:" && i > 0 {
				// The one value no branch named before it.
				var rest []string
				for _, v := range a.values {
					if !taken[v] {
						rest = append(rest, v)
					}
				}
				if len(rest) == 1 && len(taken) > 0 {
					r.argBranch(rf, sc, file, words, a, rest[0], l, blockAfter(body, i), &serving, &looping)
				}
			}
			continue
		}
		v := m[5]
		if m[4] != "" {
			v = a.member[m[4]]
		}
		if v == "" {
			continue
		}
		taken[v] = true
		r.argBranch(rf, sc, file, words, a, v, l, blockAfter(body, i), &serving, &looping)
	}
	switch {
	case len(serving) > 0:
		return pickPreferred(serving), a
	case len(looping) > 0:
		return pickPreferred(looping), a
	}
	return nil, a
}

func (r *scriptReader) argBranch(rf *scriptReader, sc Script, file string, words []string, a *requiredArg, v string, l pyLine, block []pyLine, serving, looping *[]scriptChoice) {
	sig := rf.linesSignal(file, block, "", 2)
	if sig == nil {
		return
	}
	argv := append(append([]string{sc.Name}, words...), v)
	verb, list := "runs", looping
	if sig.serves {
		verb, list = "starts", serving
	}
	*list = append(*list, scriptChoice{argv: argv, signal: sig, src: sc.Source,
		why: fmt.Sprintf("the console script %s needs its argument %s (%s:%d), one of %s; only the %s branch (%s:%d) %s %s (%s)", strings.Join(append([]string{sc.Name}, words...), " "), a.name, file, a.line, strings.Join(a.values, ", "), v, file, l.line, verb, sig.what, sig.src)})
}

// question says what a bare start of the script lacks, for a warning.
func (a *requiredArg) question(script, file string) string {
	values := "<" + a.name + ">"
	if len(a.values) > 0 {
		values = strings.Join(a.values, "|")
	}
	return fmt.Sprintf("the console script %s needs its argument %s (%s:%d): run bare, it exits at once; pass --app \"%s %s\"", script, a.name, file, a.line, script, values)
}

// scriptCommand is the file and function a console script's command runs
// (a lone typer command for its app), "" when its module is not in the
// project.
func (r *scriptReader) scriptCommand(sc Script) (string, string) {
	mod, fn, _ := strings.Cut(sc.Target, ":")
	fn, _, _ = strings.Cut(strings.TrimSpace(fn), ".")
	file := r.moduleFile(strings.TrimSpace(mod))
	if file == "" {
		return "", ""
	}
	if c := r.loneTyperCommand(file, fn, r.subcommands(file, fn)); c != "" {
		fn = c
	}
	return file, fn
}

// loneTyperCommand is the function of a typer app's only command, which
// typer runs without its name when the app has no callback
// (https://typer.tiangolo.com/tutorial/commands/one-or-multiple/); "" when
// target is no such app.
func (r *scriptReader) loneTyperCommand(file, target string, subs []subcommand) string {
	if len(subs) != 1 || subs[0].owner != target || subs[0].file != file {
		return ""
	}
	isApp := false
	for _, l := range r.lines(file) {
		if m := typerAppRe.FindStringSubmatch(l.text); m != nil && m[1] == target && l.indent == 0 {
			isApp = true
		}
		if strings.HasPrefix(l.text, "@"+target+".callback") {
			return ""
		}
	}
	if !isApp {
		return ""
	}
	return subs[0].fn
}

var (
	// parser = argparse.ArgumentParser(…), parser = ArgumentParser(…)
	argparseParserRe = regexp.MustCompile(`^([A-Za-z_]\w*)\s*=\s*(?:argparse\.)?ArgumentParser\s*\(`)
	// parser.add_argument("backend", …): a first argument without a dash.
	argparsePositionalRe = regexp.MustCompile(`^([A-Za-z_]\w*)\.add_argument\s*\(\s*["']([A-Za-z_][\w-]*)["']\s*(?:,(.*))?\)\s*$`)
	// nargs that let a positional be absent: "?", "*", argparse.REMAINDER.
	argparseOptionalNargsRe = regexp.MustCompile(`\bnargs\s*=\s*(?:["'][?*]["']|argparse\.(?:OPTIONAL|ZERO_OR_MORE|REMAINDER))`)
)

// argparsePositional is the first required positional argument of the
// parser body builds, nil when it has none. argparse requires a positional
// unless its nargs lets it be absent; a default alone does not
// (https://docs.python.org/3/library/argparse.html#nargs). Arguments of
// subparsers belong to their subcommand, not to the bare command.
func argparsePositional(body []pyLine) *requiredArg {
	parsers := map[string]bool{}
	for _, l := range body {
		if m := argparseParserRe.FindStringSubmatch(l.text); m != nil {
			parsers[m[1]] = true
			continue
		}
		m := argparsePositionalRe.FindStringSubmatch(l.text)
		if m == nil || !parsers[m[1]] || argparseOptionalNargsRe.MatchString(m[3]) {
			continue
		}
		return &requiredArg{name: m[2], line: l.line}
	}
	return nil
}
