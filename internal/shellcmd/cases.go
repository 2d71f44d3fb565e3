package shellcmd

import (
	"strings"

	"mvdan.cc/sh/v3/syntax"
)

// Branch is one arm of a script's case on its first argument: its
// patterns, the line they are on, and the simple commands it runs, a call
// of one of the script's own functions replaced by that function's.
type Branch struct {
	Patterns []string
	Line     int
	Commands []*Command
}

// CaseBranches parses a whole script and returns the arms of its
// top-level `case "$1" in` statements, in order.
func CaseBranches(src string) ([]Branch, error) {
	f, err := syntax.NewParser(syntax.Variant(syntax.LangBash)).Parse(strings.NewReader(src), "")
	if err != nil {
		return nil, err
	}
	funcs := map[string]*syntax.Stmt{}
	syntax.Walk(f, func(n syntax.Node) bool {
		if fd, ok := n.(*syntax.FuncDecl); ok && fd.Name != nil {
			funcs[fd.Name.Value] = fd.Body
		}
		return true
	})
	var out []Branch
	for _, st := range f.Stmts {
		cc, ok := st.Cmd.(*syntax.CaseClause)
		if !ok || !firstArg(cc.Word) {
			continue
		}
		for _, it := range cc.Items {
			b := Branch{Line: int(it.Pos().Line())}
			for _, p := range it.Patterns {
				b.Patterns = append(b.Patterns, printNode(p))
			}
			for _, s := range it.Stmts {
				b.Commands = append(b.Commands, commandsOf(s, funcs, 0)...)
			}
			out = append(out, b)
		}
	}
	return out, nil
}

// firstArg reports whether w is $1 or "$1".
func firstArg(w *syntax.Word) bool {
	return strings.Trim(printNode(w), `"`) == "$1" || printNode(w) == "${1}"
}

// commandsOf lists the simple commands of s, a call of a function of the
// script expanded into its body (two levels at most).
func commandsOf(s *syntax.Stmt, funcs map[string]*syntax.Stmt, depth int) []*Command {
	var out []*Command
	syntax.Walk(s, func(n syntax.Node) bool {
		st, ok := n.(*syntax.Stmt)
		if !ok {
			return true
		}
		call, ok := st.Cmd.(*syntax.CallExpr)
		if !ok {
			return true
		}
		c := &Command{stmt: st, call: call}
		if body, ok := funcs[c.Name()]; ok && len(call.Args) == 1 && depth < 2 {
			out = append(out, commandsOf(body, funcs, depth+1)...)
			return false
		}
		out = append(out, c)
		return false
	})
	return out
}

// Line is the line the command starts on, in the source it was parsed from.
func (c *Command) Line() int { return int(c.stmt.Pos().Line()) }
