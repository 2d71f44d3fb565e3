package detect

// A root script whose program serves only under one subcommand
// (facefusion.py run): its parser declares the subcommands
// (add_parser('run')), and its router compares the command with a name
// (`if args.command == 'run':`) and reaches a server only in that branch.
// Started bare, such a program prints its help and exits; the image runs
// the subcommand the branch names.

import (
	"fmt"
	"io/fs"
	"regexp"
	"strings"
)

var (
	// add_parser('run', …), or a project's own add_subparser('start', …).
	addParserNameRe = regexp.MustCompile(`\.add_(?:sub)?parser\s*\(\s*["']([\w-]+)["']`)
	// if command == 'run':, elif 'run' == args.command:
	branchNameRe = regexp.MustCompile(`^(?:el)?if\s+(?:.*?==\s*["']([\w-]+)["']|["']([\w-]+)["']\s*==.*?)\s*:$`)
)

// uiBuilds are the UI objects a program builds whose framework serves them
// itself: reached from a branch, that branch serves on the runner's port.
var uiBuilds = []struct {
	re     *regexp.Regexp
	runner string // the uiRunners row: its port and environment
	what   string
}{
	// https://www.gradio.app/docs/gradio/blocks (Blocks.launch starts the server)
	{regexp.MustCompile(`\b(?:gradio|gr)\.(?:Blocks|Interface|ChatInterface|TabbedInterface)\s*\(`), "gradio", "a Gradio UI, which gradio serves itself"},
}

// EntrySubcommand is the subcommand a root script runs to serve.
type EntrySubcommand struct {
	Words  []string `json:"words"`
	Branch Source   `json:"branch"`   // the router's branch for it
	Parser Source   `json:"declared"` // where the parser declares it
}

// findEntrySubcommand reads a root script's program for the subcommand
// whose branch reaches a server; nil when the program declares none or no
// branch shows one.
func findEntrySubcommand(fsys fs.FS, roots []string, entry string) (*EntrySubcommand, *Serving) {
	declared := map[string]Source{}
	for file := range entryReach(fsys, roots, entry) {
		data, err := readPySource(fsys, file)
		if err != nil || !strings.Contains(string(data), "parser") {
			continue
		}
		for _, l := range pyLines(data) {
			for _, m := range addParserNameRe.FindAllStringSubmatch(l.text, -1) {
				if _, ok := declared[m[1]]; !ok {
					declared[m[1]] = Source{File: file, Line: l.line}
				}
			}
		}
	}
	if len(declared) == 0 {
		return nil, nil
	}
	r := &scriptReader{fsys: fsys, roots: roots, files: map[string][]pyLine{}, follow: true}
	lines := r.lines(entry)
	var guard []pyLine
	for i, l := range lines {
		if l.indent == 0 && mainGuardRe.MatchString(l.text) {
			guard = blockAfter(lines, i)
			break
		}
	}
	type fnRef struct {
		file string
		body []pyLine
	}
	queue := []fnRef{{entry, guard}}
	seen := map[string]bool{}
	for depth := 0; depth < 4 && len(queue) > 0; depth++ {
		var next []fnRef
		for _, fr := range queue {
			for i, l := range fr.body {
				m := branchNameRe.FindStringSubmatch(l.text)
				if m == nil {
					continue
				}
				name := m[1] + m[2]
				decl, ok := declared[name]
				if !ok {
					continue
				}
				if sig := r.linesSignal(fr.file, blockAfter(fr.body, i), "", 2); sig != nil && sig.serves {
					sv := &Serving{What: sig.what, Source: sig.src, Runner: sig.runner}
					return &EntrySubcommand{Words: []string{name}, Branch: Source{File: fr.file, Line: l.line}, Parser: decl}, sv
				}
			}
			for _, c := range r.callees(fr.file, fr.body, "") {
				if key := c[0] + "\x00" + c[1]; !seen[key] {
					seen[key] = true
					if b := r.body(c[0], c[1]); b != nil {
						next = append(next, fnRef{c[0], b})
					}
				}
			}
		}
		queue = next
	}
	return nil, nil
}

// blockAfter is the block a logical line opens: the lines after it that
// are indented deeper.
func blockAfter(lines []pyLine, i int) []pyLine {
	j := i + 1
	for j < len(lines) && lines[j].indent > lines[i].indent {
		j++
	}
	return lines[i+1 : j]
}

// Why says how the subcommand was found, for detect's output.
func (e *EntrySubcommand) Why(sv *Serving) string {
	return fmt.Sprintf("its parser declares the %s subcommand (%s), and only that branch of its router (%s) reaches a server: %s (%s)", strings.Join(e.Words, " "), e.Parser, e.Branch, sv.What, sv.Source)
}
