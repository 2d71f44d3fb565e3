package shellcmd

import (
	"slices"
	"strings"

	"mvdan.cc/sh/v3/syntax"
)

// Untaken is a stretch of a script that does not run when the environment
// sets none of the variables its tests read: the branch of an if/elif
// whose test is false then (or the then of a test that is true, when an
// else follows). When is the test that would run it.
type Untaken struct {
	From, To int // lines, inclusive
	When     string
}

// UntakenBranches parses a whole script and returns the branches of its if
// statements that the default run skips: each test reads environment
// variables only (never the script's arguments, a file, a command's
// status), none of which the script assigns or could source from a file,
// so with all of them unset its value is known. Tests pydock cannot decide
// leave both branches as they are.
func UntakenBranches(src string) ([]Untaken, error) {
	f, err := syntax.NewParser(syntax.Variant(syntax.LangBash)).Parse(strings.NewReader(src), "")
	if err != nil {
		return nil, err
	}
	assigned := map[string]bool{}
	// VAR=x cmd sets VAR for cmd alone, not for the script's tests.
	local := map[*syntax.Assign]bool{}
	sources := false
	syntax.Walk(f, func(n syntax.Node) bool {
		switch n := n.(type) {
		case *syntax.Assign:
			if n.Name != nil && !local[n] {
				assigned[n.Name.Value] = true
			}
		case *syntax.CallExpr:
			if len(n.Args) > 0 {
				for _, a := range n.Assigns {
					local[a] = true
				}
				switch n.Args[0].Lit() {
				case "source", ".", "eval":
					sources = true // values the script takes from elsewhere
				case "read", "getopts":
					for _, a := range n.Args[1:] {
						assigned[a.Lit()] = true
					}
				}
			}
		}
		return true
	})
	if sources {
		return nil, nil
	}
	e := evaluator{assigned: assigned}
	var out []Untaken
	var walk func(stmts []*syntax.Stmt)
	walk = func(stmts []*syntax.Stmt) {
		for _, st := range stmts {
			syntax.Walk(st, func(n syntax.Node) bool {
				ic, ok := n.(*syntax.IfClause)
				if !ok {
					return true
				}
				out = append(out, e.ifClause(ic, walk)...)
				return false
			})
		}
	}
	walk(f.Stmts)
	slices.SortStableFunc(out, func(a, b Untaken) int { return a.From - b.From })
	return out, nil
}

type evaluator struct{ assigned map[string]bool }

// ifClause returns the untaken branches of one if/elif/else chain, walking
// the bodies that may run for nested ones.
func (e evaluator) ifClause(ic *syntax.IfClause, walk func([]*syntax.Stmt)) []Untaken {
	var out []Untaken
	for c := ic; c != nil; c = c.Else {
		if len(c.Cond) == 0 { // the final else
			walk(c.Then)
			return out
		}
		v, known := e.stmts(c.Cond)
		if !known {
			// Either branch may run: keep both, and their nested ifs.
			walk(c.Then)
			for d := c.Else; d != nil; d = d.Else {
				walk(d.Then)
			}
			return out
		}
		if v {
			walk(c.Then)
			// The rest of the chain does not run.
			if c.Else != nil {
				out = append(out, Untaken{From: int(c.Else.Pos().Line()), To: int(ic.End().Line()), When: "not " + printNode(condNode(c))})
			}
			return out
		}
		if len(c.Then) > 0 {
			out = append(out, Untaken{From: int(c.Then[0].Pos().Line()), To: int(c.Then[len(c.Then)-1].End().Line()), When: strings.TrimSuffix(printNode(condNode(c)), ";")})
		}
	}
	return out
}

func condNode(c *syntax.IfClause) syntax.Node {
	if len(c.Cond) == 1 {
		return c.Cond[0]
	}
	return &syntax.Block{Stmts: c.Cond}
}

// stmts is the status of a condition list: its last statement's.
func (e evaluator) stmts(ss []*syntax.Stmt) (bool, bool) {
	if len(ss) != 1 {
		return false, false
	}
	return e.stmt(ss[0])
}

func (e evaluator) stmt(s *syntax.Stmt) (bool, bool) {
	if len(s.Redirs) > 0 || s.Background || s.Coprocess {
		return false, false
	}
	v, known := e.cmd(s.Cmd)
	if s.Negated {
		v = !v
	}
	return v, known
}

func (e evaluator) cmd(c syntax.Command) (bool, bool) {
	switch c := c.(type) {
	case *syntax.BinaryCmd:
		x, kx := e.stmt(c.X)
		y, ky := e.stmt(c.Y)
		switch c.Op {
		case syntax.AndStmt:
			if kx && !x || ky && !y {
				return false, true
			}
			return true, kx && ky
		case syntax.OrStmt:
			if kx && x || ky && y {
				return true, true
			}
			return false, kx && ky
		}
	case *syntax.TestClause:
		return e.test(c.X)
	case *syntax.CallExpr:
		if len(c.Assigns) > 0 || len(c.Args) == 0 {
			return false, false
		}
		args := c.Args
		switch args[0].Lit() {
		case "[":
			if args[len(args)-1].Lit() != "]" {
				return false, false
			}
			args = args[1 : len(args)-1]
		case "test":
			args = args[1:]
		default:
			return false, false
		}
		vals := make([]string, len(args))
		for i, a := range args {
			v, ok := e.word(a)
			if !ok {
				return false, false
			}
			vals[i] = v
		}
		return testArgs(vals, args)
	}
	return false, false
}

// testArgs evaluates test(1) with one to three arguments, the forms
// scripts use to read a variable; any other is unknown.
func testArgs(vals []string, words []*syntax.Word) (bool, bool) {
	op := func(i int) string { return words[i].Lit() }
	switch len(vals) {
	case 1:
		return vals[0] != "", true
	case 2:
		switch op(0) {
		case "-z":
			return vals[1] == "", true
		case "-n":
			return vals[1] != "", true
		case "!":
			return vals[1] == "", true
		}
	case 3:
		switch op(1) {
		case "=", "==":
			return vals[0] == vals[2], true
		case "!=":
			return vals[0] != vals[2], true
		}
		if op(0) == "!" {
			if v, ok := testArgs(vals[1:], words[1:]); ok {
				return !v, true
			}
		}
	}
	return false, false
}

func (e evaluator) test(x syntax.TestExpr) (bool, bool) {
	switch x := x.(type) {
	case *syntax.ParenTest:
		return e.test(x.X)
	case *syntax.Word:
		v, ok := e.word(x)
		return v != "", ok
	case *syntax.UnaryTest:
		switch x.Op {
		case syntax.TsNot:
			v, ok := e.test(x.X)
			return !v, ok
		case syntax.TsEmpStr, syntax.TsNempStr:
			w, ok := x.X.(*syntax.Word)
			if !ok {
				return false, false
			}
			v, ok := e.word(w)
			return (v == "") == (x.Op == syntax.TsEmpStr), ok
		}
	case *syntax.BinaryTest:
		switch x.Op {
		case syntax.AndTest, syntax.OrTest:
			a, ka := e.test(x.X)
			b, kb := e.test(x.Y)
			if x.Op == syntax.AndTest {
				if ka && !a || kb && !b {
					return false, true
				}
				return true, ka && kb
			}
			if ka && a || kb && b {
				return true, true
			}
			return false, ka && kb
		case syntax.TsMatch, syntax.TsMatchShort, syntax.TsNoMatch:
			l, lok := x.X.(*syntax.Word)
			r, rok := x.Y.(*syntax.Word)
			if !lok || !rok {
				return false, false
			}
			a, ka := e.word(l)
			b, kb := e.word(r)
			if !ka || !kb || strings.ContainsAny(b, "*?[") {
				return false, false // a pattern: not compared here
			}
			return (a == b) == (x.Op != syntax.TsNoMatch), true
		}
	}
	return false, false
}

// word is a word's value with every variable it reads unset: known only
// for literals, quotes and plain $NAME / ${NAME:-default} of environment
// variables the script never assigns.
func (e evaluator) word(w *syntax.Word) (string, bool) {
	var b strings.Builder
	var parts func(ps []syntax.WordPart) bool
	parts = func(ps []syntax.WordPart) bool {
		for _, p := range ps {
			switch p := p.(type) {
			case *syntax.Lit:
				b.WriteString(p.Value)
			case *syntax.SglQuoted:
				b.WriteString(p.Value)
			case *syntax.DblQuoted:
				if !parts(p.Parts) {
					return false
				}
			case *syntax.ParamExp:
				if p.Param == nil || e.assigned[p.Param.Value] || !envName(p.Param.Value) ||
					p.Excl || p.Length || p.Width || p.Index != nil || p.Slice != nil || p.Repl != nil || p.Names != 0 {
					return false
				}
				if p.Exp != nil {
					switch p.Exp.Op {
					case syntax.DefaultUnset, syntax.DefaultUnsetOrNull, syntax.AssignUnset, syntax.AssignUnsetOrNull:
						if p.Exp.Word != nil {
							v, ok := e.word(p.Exp.Word)
							if !ok {
								return false
							}
							b.WriteString(v)
						}
					case syntax.AlternateUnset, syntax.AlternateUnsetOrNull:
					default:
						return false
					}
				}
			default:
				return false
			}
		}
		return true
	}
	if !parts(w.Parts) {
		return "", false
	}
	return b.String(), true
}

// envName is a variable the environment gives: not a positional or
// special parameter ($1, $#, $?), which the script's caller or the script
// itself sets.
func envName(s string) bool {
	if s == "" || s[0] >= '0' && s[0] <= '9' {
		return false
	}
	for _, r := range s {
		if !(r == '_' || r >= 'a' && r <= 'z' || r >= 'A' && r <= 'Z' || r >= '0' && r <= '9') {
			return false
		}
	}
	return true
}
