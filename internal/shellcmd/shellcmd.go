// Package shellcmd parses a command line the way a POSIX shell does, so a
// command taken from a project (a Procfile's web: line, --app "…") keeps its
// meaning when pydock moves it into a Dockerfile: the syntax tree is printed
// back, never re-joined from words. It also answers what exec form needs (is
// this one simple command, and what are its words) and offers the edits a
// launcher makes: splitting an && chain into its commands, rebuilding a
// chain without some of them, putting exec before the last one, and
// replacing $PORT with the port the image listens on.
package shellcmd

import (
	"bytes"
	"errors"
	"fmt"
	"regexp"
	"strings"
	"unicode/utf8"

	"mvdan.cc/sh/v3/syntax"
)

// Line is a parsed command line.
type Line struct {
	file *syntax.File
}

// Parse reads src as a POSIX shell command line. Errors give the column
// within src, so callers can prefix the file and line it came from.
func Parse(src string) (*Line, error) {
	// Control characters are no part of a real command, and the printer
	// does not keep every one of them.
	for i, r := range src {
		if (r < 0x20 && r != '\t' && r != '\n') || r == 0x7f || r == utf8.RuneError {
			return nil, fmt.Errorf("column %d: control character or invalid UTF-8 %q", i+1, r)
		}
	}
	l, err := parse(src)
	if err != nil {
		return nil, err
	}
	// What pydock writes is the printed tree: it must read back as itself,
	// or the image would run something else than the project says. The
	// printer mangles a few odd forms (a "$" before a backquote); refuse them.
	printed := l.String()
	if again, err := parse(printed); err != nil || again.String() != printed {
		return nil, fmt.Errorf("cannot reproduce this command exactly (it prints as %q); write it more plainly", printed)
	}
	return l, nil
}

func parse(src string) (*Line, error) {
	f, err := syntax.NewParser(syntax.Variant(syntax.LangPOSIX)).Parse(strings.NewReader(src), "")
	if err != nil {
		var pe syntax.ParseError
		if errors.As(err, &pe) {
			return nil, fmt.Errorf("column %d: %s", pe.Pos.Col(), pe.Text)
		}
		return nil, err
	}
	if len(f.Stmts) == 0 {
		return nil, errors.New("empty command")
	}
	return &Line{file: f}, nil
}

// String prints the line back on one line. Quotes, escapes and operators
// are the parser's nodes, so `echo "a;b" 2>&1` stays exactly that.
func (l *Line) String() string { return printNode(l.file) }

// Quote returns s as one POSIX shell word that reads back as s.
func Quote(s string) (string, error) { return syntax.Quote(s, syntax.LangPOSIX) }

func printNode(n syntax.Node) string {
	var b bytes.Buffer
	// Printing a tree the parser built cannot fail on a bytes.Buffer.
	_ = syntax.NewPrinter(syntax.SingleLine(true)).Print(&b, n)
	return strings.TrimRight(b.String(), "\n")
}

// Argv returns the words of the line when exec form can run it as is: one
// simple command, no operators, redirections or assignments, no word the
// shell would expand (variables, substitutions, globs, ~), and a program
// rather than a shell builtin. ok is false when the line needs a shell.
func (l *Line) Argv() (argv []string, ok bool) {
	if len(l.file.Stmts) != 1 {
		return nil, false
	}
	c, ok := simple(l.file.Stmts[0])
	if !ok || len(c.call.Assigns) > 0 || len(c.call.Args) == 0 {
		return nil, false
	}
	for _, w := range c.Words() {
		v, ok := w.Value()
		if !ok {
			return nil, false
		}
		argv = append(argv, v)
	}
	if shellOnly[argv[0]] {
		return nil, false
	}
	return argv, true
}

// shellOnly are builtins with no program of that name in a Debian image:
// exec form cannot run them.
var shellOnly = map[string]bool{
	".": true, ":": true, "alias": true, "break": true, "cd": true, "command": true,
	"continue": true, "eval": true, "exec": true, "exit": true, "export": true,
	"getopts": true, "hash": true, "read": true, "readonly": true, "return": true,
	"set": true, "shift": true, "source": true, "times": true, "trap": true,
	"type": true, "ulimit": true, "umask": true, "unalias": true, "unset": true, "wait": true,
}

// Command is one simple command: optional VAR=value assignments, then words.
type Command struct {
	stmt *syntax.Stmt
	call *syntax.CallExpr
}

// simple returns the command of s when s is a plain simple command (no
// redirection, not negated, not in the background).
func simple(s *syntax.Stmt) (*Command, bool) {
	call, ok := s.Cmd.(*syntax.CallExpr)
	if !ok || len(s.Redirs) > 0 || s.Negated || s.Background || s.Coprocess || s.Disown {
		return nil, false
	}
	return &Command{stmt: s, call: call}, true
}

// Words are the command's words, the program first; assignments before
// the program are not words.
func (c *Command) Words() []Word {
	out := make([]Word, len(c.call.Args))
	for i, w := range c.call.Args {
		out[i] = Word{w}
	}
	return out
}

// Values are the words' values, each as written when the shell would
// expand it (a $VAR stays "$VAR"): what a reader of the command sees.
func (c *Command) Values() []string {
	out := make([]string, len(c.call.Args))
	for i, w := range c.Words() {
		v, ok := w.Value()
		if !ok {
			v = w.String()
		}
		out[i] = v
	}
	return out
}

// Name is the program's name when it is written literally, else "".
func (c *Command) Name() string {
	if len(c.call.Args) == 0 {
		return ""
	}
	v, _ := Word{c.call.Args[0]}.Value()
	return v
}

// SetWord replaces the command's word i (0 is the program) with value, in
// place. The value must be a plain word, as for Substitute.
func (c *Command) SetWord(i int, value string) error {
	if i < 0 || i >= len(c.call.Args) {
		return fmt.Errorf("no word %d", i)
	}
	if !safeLit.MatchString(value) {
		return fmt.Errorf("cannot write %q: not a plain word", value)
	}
	c.call.Args[i] = lit(value)
	return nil
}

// InsertWords puts plain words before the command's word i, in place.
func (c *Command) InsertWords(i int, values ...string) error {
	if i < 1 || i > len(c.call.Args) {
		return fmt.Errorf("no word %d", i)
	}
	words := make([]*syntax.Word, len(values))
	for j, v := range values {
		if !safeLit.MatchString(v) {
			return fmt.Errorf("cannot write %q: not a plain word", v)
		}
		words[j] = lit(v)
	}
	c.call.Args = append(c.call.Args[:i], append(words, c.call.Args[i:]...)...)
	return nil
}

// Assigns reports whether the command starts with VAR=value assignments.
func (c *Command) Assigns() bool { return len(c.call.Assigns) > 0 }

// String prints the command as the shell reads it.
func (c *Command) String() string { return printNode(c.stmt) }

// Exec returns the command with `exec` before it, so a shell that runs it
// last replaces itself with the program (which then is PID 1 and gets
// SIGTERM). A command already starting with exec is returned as is.
func (c *Command) Exec() *Command {
	if c.Name() == "exec" || len(c.call.Args) == 0 {
		return c
	}
	// VAR=value before exec reaches the program in dash and bash alike.
	call := &syntax.CallExpr{Assigns: c.call.Assigns, Args: append([]*syntax.Word{lit("exec")}, c.call.Args...)}
	stmt := *c.stmt
	stmt.Cmd = call
	return &Command{stmt: &stmt, call: call}
}

// Chain returns the simple commands of a line made of commands joined by
// && (one command is a chain of one). ok is false for anything else:
// ||, ;, pipes, subshells, redirections, background jobs.
func (l *Line) Chain() (cmds []*Command, ok bool) {
	if len(l.file.Stmts) != 1 {
		return nil, false
	}
	var walk func(s *syntax.Stmt) bool
	walk = func(s *syntax.Stmt) bool {
		if b, isBin := s.Cmd.(*syntax.BinaryCmd); isBin {
			if b.Op != syntax.AndStmt || len(s.Redirs) > 0 || s.Negated || s.Background {
				return false
			}
			return walk(b.X) && walk(b.Y)
		}
		c, ok := simple(s)
		if ok {
			cmds = append(cmds, c)
		}
		return ok
	}
	if !walk(l.file.Stmts[0]) {
		return nil, false
	}
	return cmds, true
}

// Piped returns the two commands of a line that is one pipe between two
// simple commands (yes | cmd); ok is false for anything else.
func (l *Line) Piped() (from, to *Command, ok bool) {
	if len(l.file.Stmts) != 1 {
		return nil, nil, false
	}
	s := l.file.Stmts[0]
	b, isBin := s.Cmd.(*syntax.BinaryCmd)
	if !isBin || b.Op != syntax.Pipe || len(s.Redirs) > 0 || s.Negated || s.Background {
		return nil, nil, false
	}
	x, okX := simple(b.X)
	y, okY := simple(b.Y)
	if !okX || !okY {
		return nil, nil, false
	}
	return x, y, true
}

// Steps returns the simple commands of a line of && chains listed with ";"
// or newlines (one chain, or one command, is such a list), and the operator
// between each command and the next: "&&" or ";". ok is false for anything
// else: ||, pipes, subshells, redirections, background jobs.
func (l *Line) Steps() (cmds []*Command, ops []string, ok bool) {
	for i, s := range l.file.Stmts {
		chain, ok := (&Line{file: &syntax.File{Stmts: []*syntax.Stmt{s}}}).Chain()
		if !ok {
			return nil, nil, false
		}
		for j, c := range chain {
			if i > 0 || j > 0 {
				op := "&&"
				if j == 0 {
					op = ";"
				}
				ops = append(ops, op)
			}
			cmds = append(cmds, c)
		}
	}
	return cmds, ops, len(cmds) > 0
}

// NewSteps joins commands with the operators between them (len(ops) is
// len(cmds)-1): && chains, listed one after another as ";" does.
func NewSteps(cmds []*Command, ops []string) *Line {
	if len(cmds) == 0 || len(ops) != len(cmds)-1 {
		return nil
	}
	var stmts []*syntax.Stmt
	start := 0
	for i := range cmds {
		if i == len(cmds)-1 || ops[i] == ";" {
			stmts = append(stmts, NewChain(cmds[start : i+1]...).file.Stmts[0])
			start = i + 1
		}
	}
	return &Line{file: &syntax.File{Stmts: stmts}}
}

// NewChain joins commands with && into a line: a chain without its release
// step, or with exec before its server.
func NewChain(cmds ...*Command) *Line {
	if len(cmds) == 0 {
		return nil
	}
	stmt := cmds[0].stmt
	for _, c := range cmds[1:] {
		stmt = &syntax.Stmt{Cmd: &syntax.BinaryCmd{Op: syntax.AndStmt, X: stmt, Y: c.stmt}}
	}
	return &Line{file: &syntax.File{Stmts: []*syntax.Stmt{stmt}}}
}

// Commands returns every simple command anywhere in the line, in order,
// including those inside subshells and substitutions.
func (l *Line) Commands() []*Command {
	var out []*Command
	syntax.Walk(l.file, func(n syntax.Node) bool {
		if s, ok := n.(*syntax.Stmt); ok {
			if call, ok := s.Cmd.(*syntax.CallExpr); ok {
				out = append(out, &Command{stmt: s, call: call})
			}
		}
		return true
	})
	return out
}

// Word is one word of a command, as the parser read it.
type Word struct{ w *syntax.Word }

// String is the word as written (quotes and escapes kept).
func (w Word) String() string { return printNode(w.w) }

// Value is the word after quote removal when the shell would not expand
// it: no parameter, command or arithmetic substitution, no unquoted glob
// character and no leading ~. ok is false otherwise.
func (w Word) Value() (string, bool) {
	var b strings.Builder
	for i, p := range w.w.Parts {
		switch p := p.(type) {
		case *syntax.Lit:
			if i == 0 && strings.HasPrefix(p.Value, "~") {
				return "", false
			}
			if !unquote(&b, p.Value, "") {
				return "", false
			}
		case *syntax.SglQuoted:
			if p.Dollar {
				return "", false
			}
			b.WriteString(p.Value)
		case *syntax.DblQuoted:
			if p.Dollar {
				return "", false
			}
			for _, q := range p.Parts {
				l, ok := q.(*syntax.Lit)
				if !ok {
					return "", false
				}
				unquote(&b, l.Value, "$`\"\\\n")
			}
		default:
			return "", false
		}
	}
	return b.String(), true
}

// unquote writes s with the shell's backslash removal: outside quotes
// (special == "") a backslash escapes any character; inside double quotes
// only those in special. It reports false when an unquoted glob character
// remains, which the shell would expand.
func unquote(b *strings.Builder, s, special string) bool {
	for i := 0; i < len(s); i++ {
		c := s[i]
		if c == '\\' && i+1 < len(s) && (special == "" || strings.IndexByte(special, s[i+1]) >= 0) {
			i++
			if s[i] != '\n' { // backslash-newline joins lines
				b.WriteByte(s[i])
			}
			continue
		}
		if special == "" && strings.IndexByte("*?[", c) >= 0 {
			return false
		}
		b.WriteByte(c)
	}
	return true
}

// Params lists the parameters the line reads ($PORT, ${WEB_CONCURRENCY:-2}),
// each once, in order.
func (l *Line) Params() []string { return params(l.file) }

// Params lists the parameters the command reads, as Line.Params does.
func (c *Command) Params() []string { return params(c.stmt) }

// setters are the builtins whose NAME=value (or NAME) words set variables
// for the rest of the script, as a bare assignment does.
var setters = map[string]bool{"export": true, "readonly": true, "declare": true, "typeset": true, "local": true, "read": true}

// Sets lists the variables the command sets for the rest of the script: a
// bare assignment (NAME=value, no program), export/readonly/declare/local
// NAME=value, read NAME. Assignments before a program reach that program
// only, and are not listed.
func (c *Command) Sets() []string {
	var out []string
	if len(c.call.Args) == 0 {
		for _, a := range c.call.Assigns {
			if a.Name != nil {
				out = append(out, a.Name.Value)
			}
		}
		return out
	}
	name := c.Name()
	if !setters[name] {
		return nil
	}
	for _, w := range c.call.Args[1:] {
		// NAME=… starts with a literal NAME=; an option or an expansion
		// is not a name.
		l, ok := w.Parts[0].(*syntax.Lit)
		if !ok {
			continue
		}
		n, _, hasValue := strings.Cut(l.Value, "=")
		if varNameRe.MatchString(n) && (hasValue || name == "read") {
			out = append(out, n)
		}
	}
	return out
}

// varNameRe is a shell variable's name.
var varNameRe = regexp.MustCompile(`^[A-Za-z_][A-Za-z0-9_]*$`)

func params(node syntax.Node) []string {
	var out []string
	seen := map[string]bool{}
	syntax.Walk(node, func(n syntax.Node) bool {
		if pe, ok := n.(*syntax.ParamExp); ok && pe.Param != nil && !seen[pe.Param.Value] {
			seen[pe.Param.Value] = true
			out = append(out, pe.Param.Value)
		}
		return true
	})
	return out
}

// Default returns the fallback the line gives a parameter, "5000" from
// ${PORT:-5000}, when it is written literally.
func (l *Line) Default(name string) (string, bool) {
	var def string
	found := false
	syntax.Walk(l.file, func(n syntax.Node) bool {
		pe, ok := n.(*syntax.ParamExp)
		if !found && ok && plainRef(pe, name) && pe.Exp != nil && pe.Exp.Word != nil {
			if v, ok := (Word{pe.Exp.Word}).Value(); ok {
				def, found = v, true
			}
		}
		return !found
	})
	return def, found
}

// plainRef reports whether pe reads name: $name, ${name}, or with a
// default (${name:-x}, ${name-x}, ${name:=x}, ${name=x}); not ${#name},
// ${name:+x} and the other forms that compute something else.
func plainRef(pe *syntax.ParamExp, name string) bool {
	if pe.Param == nil || pe.Param.Value != name || pe.Excl || pe.Length || pe.Width || pe.Index != nil || pe.Slice != nil || pe.Repl != nil || pe.Names != 0 {
		return false
	}
	if pe.Exp == nil {
		return true
	}
	switch pe.Exp.Op {
	case syntax.DefaultUnset, syntax.DefaultUnsetOrNull, syntax.AssignUnset, syntax.AssignUnsetOrNull:
		return true
	}
	return false
}

// safeLit is what Substitute may write unquoted: it reads the same inside
// and outside double quotes, and never splits or globs.
var safeLit = regexp.MustCompile(`^[A-Za-z0-9_.,:/@%+=-]+$`)

// Substitute replaces every reference to the parameter name ($PORT,
// ${PORT}, ${PORT:-5000}) with value, and reports whether there was any.
// The value must be a plain word (a port, a path): anything a shell would
// read differently is refused rather than quoted.
func (l *Line) Substitute(name, value string) (bool, error) {
	if !safeLit.MatchString(value) {
		return false, fmt.Errorf("cannot substitute %q for $%s: not a plain word", value, name)
	}
	found := false
	replace := func(parts []syntax.WordPart) {
		for i, p := range parts {
			if pe, ok := p.(*syntax.ParamExp); ok && plainRef(pe, name) {
				parts[i] = &syntax.Lit{Value: value}
				found = true
			}
		}
	}
	syntax.Walk(l.file, func(n syntax.Node) bool {
		switch n := n.(type) {
		case *syntax.Word:
			replace(n.Parts)
		case *syntax.DblQuoted:
			replace(n.Parts)
		}
		return true
	})
	return found, nil
}

func lit(s string) *syntax.Word { return &syntax.Word{Parts: []syntax.WordPart{&syntax.Lit{Value: s}}} }
