package detect

// A console script that dispatches on its first argument itself, with no
// parser declaring the names: `command = sys.argv[1]`, then
// `if command == 'x':` / `elif command in ('start', 'stop'):`. Run bare,
// such a program prints its usage and exits; the image runs the name whose
// branch reaches a server.

import (
	"fmt"
	"regexp"
	"strings"
)

var (
	// command = sys.argv[1]
	argvVarRe = regexp.MustCompile(`^(\w+)\s*=\s*sys\.argv\[1\]\s*$`)
	// if command == 'x':, elif command in ('a', 'b'):
	argvIfRe = regexp.MustCompile(`^(?:el)?if\s+([\w.\[\]]+)\s*(?:==\s*["']([\w-]+)["']|in\s*[(\[{]([^)\]}]*)[)\]}])\s*:$`)
	quotedRe = regexp.MustCompile(`["']([\w-]+)["']`)
	// Names that stop or query a running server rather than start one: a
	// branch shared with them (startserver/stopserver) runs the other name.
	notStartRe = regexp.MustCompile(`(?i)stop|kill|status|restart|reload`)
)

// argvBranch is one branch of such a dispatch: the names it matches and
// the block it runs.
type argvBranch struct {
	names []string
	line  int
	block []pyLine
}

// argvBranches reads a function's body for a dispatch on sys.argv[1].
func argvBranches(body []pyLine) []argvBranch {
	subjects := map[string]bool{"sys.argv[1]": true}
	var out []argvBranch
	for i, l := range body {
		if m := argvVarRe.FindStringSubmatch(l.text); m != nil {
			subjects[m[1]] = true
			continue
		}
		m := argvIfRe.FindStringSubmatch(l.text)
		if m == nil || !subjects[m[1]] {
			continue
		}
		b := argvBranch{line: l.line, block: blockAfter(body, i)}
		if m[2] != "" {
			b.names = []string{m[2]}
		} else {
			for _, q := range quotedRe.FindAllStringSubmatch(m[3], -1) {
				b.names = append(b.names, q[1])
			}
		}
		if len(b.names) > 0 {
			out = append(out, b)
		}
	}
	return out
}

// startName is the name of a branch that starts the server: one named to
// serve (serveSubcommands, as a word or inside the name), never one that
// stops or queries, else the first.
func startName(names []string) string {
	best, bestRank := "", len(serveSubcommands)+2
	for _, n := range names {
		rank := len(serveSubcommands)
		for i, w := range serveSubcommands {
			if strings.Contains(strings.ToLower(n), w) {
				rank = i
				break
			}
		}
		if notStartRe.MatchString(n) {
			rank = len(serveSubcommands) + 1
		}
		if rank < bestRank {
			best, bestRank = n, rank
		}
	}
	return best
}

// argvChoice is the console script's dispatch name whose branch serves
// (else loops), nil when its function has no such dispatch or no branch
// shows either.
func (r *scriptReader) argvChoice(sc Script, file, fn string) *scriptChoice {
	branches := argvBranches(r.body(file, fn))
	if len(branches) == 0 {
		return nil
	}
	// A branch imports the module it hands over to (from pkg import
	// server; server.main()): its functions are followed.
	rf := &scriptReader{fsys: r.fsys, roots: r.roots, files: r.files, guard: r.guard, follow: true}
	var serving, looping []scriptChoice
	for _, b := range branches {
		sig := rf.linesSignal(file, b.block, "", 2)
		if sig == nil {
			continue
		}
		name := startName(b.names)
		c := scriptChoice{argv: []string{sc.Name, name}, signal: sig, src: sc.Source}
		verb, list := "runs", &looping
		if sig.serves {
			verb, list = "starts", &serving
		}
		c.why = fmt.Sprintf("the console script %s dispatches on its first argument (%s:%d), and its %s branch %s %s (%s)", sc.Name, file, b.line, name, verb, sig.what, sig.src)
		*list = append(*list, c)
	}
	switch {
	case len(serving) > 0:
		return pickPreferred(serving)
	case len(looping) > 0:
		return pickPreferred(looping)
	}
	return nil
}
