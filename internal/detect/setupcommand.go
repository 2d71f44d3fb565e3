package detect

import (
	"io/fs"
	"regexp"
	"strings"
)

// SetupCommand is the project's own command that writes the configuration
// file its program reads: an argparse subcommand of one of its console
// scripts whose help says it creates one (weectl station create: "Create
// a new station data area, including a configuration file."). The
// program then looks for that file and stops without it; the image never
// runs the setup by itself.
type SetupCommand struct {
	Argv   []string `json:"argv"` // the script's name, then the subcommand's words
	Help   string   `json:"help"`
	Script Script   `json:"script"`
	Source Source   `json:"source"`
}

var (
	// create_parser = action_parser.add_parser('create', …, help='…')
	setupParserRe = regexp.MustCompile(`^(\w+)\s*=\s*(\w+)\.add_parser\s*\(\s*["']([\w:-]+)["'](.*)$`)
	// action_parser = station_parser.add_subparsers(…)
	setupSubparsersRe = regexp.MustCompile(`^(\w+)\s*=\s*(\w+)\.add_subparsers\s*\(`)
	// help='…' '…': implicitly joined literals.
	setupHelpArgRe = regexp.MustCompile(`\bhelp\s*=\s*((?:["'][^"']*["']\s*)+)`)
	setupJoinRe    = regexp.MustCompile(`["']\s*["']`)
	// A help that says the subcommand creates a configuration file.
	setupHelpRe = regexp.MustCompile(`(?i)^(?:create|generate|write|initiali[sz]e|make)s?\b.{0,100}\bconfig(?:uration)? file\b`)
)

// findSetupCommand finds such a subcommand in the project's code (tests
// aside) and the console script it belongs to: the script whose module
// declares it, or names its first word (a table of subcommand modules it
// imports by name).
func findSetupCommand(fsys fs.FS, roots []string, scripts []Script) *SetupCommand {
	if len(scripts) == 0 {
		return nil
	}
	type parser struct {
		parent, name, help string
		line               int
	}
	var found *SetupCommand
	_ = walkPython(fsys, roots, func(file, _ string, data []byte) {
		if found != nil || isTestFile(file) || !strings.Contains(string(data), "add_parser") {
			return
		}
		parsers := map[string]parser{}
		subs := map[string]string{} // subparsers variable → its parser's variable
		var order []string
		for _, l := range pyLines(data) {
			if m := setupSubparsersRe.FindStringSubmatch(l.text); m != nil {
				subs[m[1]] = m[2]
				continue
			}
			if m := setupParserRe.FindStringSubmatch(l.text); m != nil {
				help := ""
				if h := setupHelpArgRe.FindStringSubmatch(m[4]); h != nil {
					help = strings.Trim(setupJoinRe.ReplaceAllString(strings.TrimSpace(h[1]), ""), `"'`)
				}
				parsers[m[1]] = parser{m[2], m[3], help, l.line}
				order = append(order, m[1])
			}
		}
		for _, v := range order {
			p := parsers[v]
			if !setupHelpRe.MatchString(p.help) {
				continue
			}
			words := []string{p.name}
			cur := p.parent
			for range 4 {
				pv, ok := subs[cur]
				if !ok {
					break
				}
				pp, ok := parsers[pv]
				if !ok {
					break
				}
				words = append([]string{pp.name}, words...)
				cur = pp.parent
			}
			if sc, ok := setupScript(fsys, roots, scripts, file, words[0]); ok {
				found = &SetupCommand{Argv: append([]string{sc.Name}, words...), Help: p.help, Script: sc, Source: Source{File: file, Line: p.line}}
				return
			}
		}
	})
	return found
}

// setupScript is the console script a subcommand declared in file belongs
// to: the one whose module is file, else the one whose module names the
// subcommand's first word as a string.
func setupScript(fsys fs.FS, roots []string, scripts []Script, file, first string) (Script, bool) {
	word := regexp.MustCompile(`["']` + regexp.QuoteMeta(first) + `["']`)
	for _, pass := range []bool{true, false} {
		for _, s := range scripts {
			mod, _, _ := strings.Cut(s.Target, ":")
			mod = strings.TrimSpace(mod)
			if mod == "" {
				continue
			}
			for _, r := range roots {
				mf := moduleFile(fsys, r, mod)
				if mf == "" {
					continue
				}
				if pass && mf == file {
					return s, true
				}
				if !pass {
					if data, err := readPySource(fsys, mf); err == nil && word.Match(data) {
						return s, true
					}
				}
			}
		}
	}
	return Script{}, false
}
