package cli

import (
	"encoding/json"
	"maps"
	"os"
	"reflect"
	"regexp"
	"slices"
	"sort"
	"strings"
	"testing"

	"github.com/spf13/cobra"
	"github.com/spf13/pflag"

	"github.com/pydock/pydock/internal/lint"
	"github.com/pydock/pydock/internal/pyversion"
)

// TestREADMEFlags compares the README's flag tables with the commands'
// own definitions, both ways: every flag a command takes is documented for
// it, and every documented flag exists on each command it is documented
// for.
//
// A table is one whose first header cell is "Flag". Its commands are the
// header cells that name a command (a row applies to a command when its
// cell there is not empty or "—"), or else the commands the text above it
// introduces: "`pydock NAME" at the start of a paragraph, or "Every
// command" for flags all commands take. Flags are the code spans of the
// row's first cell that start with a dash.
func TestREADMEFlags(t *testing.T) {
	data, err := os.ReadFile("../../README.md")
	if err != nil {
		t.Fatal(err)
	}
	root := newRootCmd(IO{})
	cmds := map[string]*cobra.Command{}
	for _, c := range root.Commands() {
		// help and completion are cobra's own.
		if c.Name() == "help" || c.Name() == "completion" || c.Hidden {
			continue
		}
		cmds[c.Name()] = c
	}
	documented := readmeFlags(t, string(data), slices.Sorted(maps.Keys(cmds)))
	if len(documented) == 0 {
		t.Fatal("no flag tables found in README.md")
	}
	for name, c := range cmds {
		c.InitDefaultHelpFlag()
		have := map[string]bool{}
		add := func(f *pflag.Flag) {
			if f.Hidden {
				return
			}
			have["--"+f.Name] = true
			if f.Shorthand != "" {
				have["-"+f.Shorthand] = true
			}
		}
		c.LocalFlags().VisitAll(add)
		c.InheritedFlags().VisitAll(add)
		doc := documented[name]
		for _, f := range sortedKeys(have) {
			if !doc[f] {
				t.Errorf("pydock %s %s: not in the README's flag tables", name, f)
			}
		}
		for _, f := range sortedKeys(doc) {
			if !have[f] {
				t.Errorf("README documents %s for pydock %s, which has no such flag", f, name)
			}
		}
	}
}

var (
	flagSpan    = regexp.MustCompile("`(--?[a-zA-Z][a-zA-Z0-9-]*)")
	commandLine = regexp.MustCompile("(?m)^`pydock ([a-z]+)")
)

// readmeFlags maps each command to the flags the README documents for it.
func readmeFlags(t *testing.T, readme string, commands []string) map[string]map[string]bool {
	out := map[string]map[string]bool{}
	doc := func(cmd, flag string) {
		if out[cmd] == nil {
			out[cmd] = map[string]bool{}
		}
		out[cmd][flag] = true
	}
	lines := strings.Split(readme, "\n")
	var above []string // text since the last table or heading
	for i := 0; i < len(lines); i++ {
		line := strings.TrimSpace(lines[i])
		if strings.HasPrefix(line, "#") {
			above = nil
			continue
		}
		if !strings.HasPrefix(line, "|") {
			above = append(above, line)
			continue
		}
		header := cells(line)
		var rows [][]string
		for i++; i < len(lines) && strings.HasPrefix(strings.TrimSpace(lines[i]), "|"); i++ {
			if r := cells(lines[i]); !isRule(r) {
				rows = append(rows, r)
			}
		}
		i--
		intro := strings.Join(above, "\n")
		above = nil
		if len(header) == 0 || !strings.EqualFold(strings.Trim(header[0], "` "), "flag") {
			continue
		}
		// Command columns, or the commands the text above introduces.
		cols := map[int]string{}
		for j, h := range header {
			if name := strings.Trim(h, "` "); slices.Contains(commands, name) {
				cols[j] = name
			}
		}
		var whole []string
		if len(cols) == 0 {
			if strings.Contains(intro, "Every command") {
				whole = commands
			}
			for _, m := range commandLine.FindAllStringSubmatch(intro, -1) {
				whole = append(whole, m[1])
			}
			if len(whole) == 0 {
				t.Errorf("README: flag table %q: no command above it (`pydock NAME` or \"Every command\")", line)
			}
		}
		for _, r := range rows {
			flags := flagSpan.FindAllStringSubmatch(r[0], -1)
			if len(flags) == 0 {
				t.Errorf("README: flag table row %q names no flag", strings.Join(r, " | "))
			}
			for _, f := range flags {
				for _, c := range whole {
					doc(c, f[1])
				}
				for j, c := range cols {
					if j < len(r) && !slices.Contains([]string{"", "—", "-"}, strings.TrimSpace(r[j])) {
						doc(c, f[1])
					}
				}
			}
		}
	}
	return out
}

// cells splits a table row on the pipes that are not escaped (\|).
func cells(row string) []string {
	row = strings.TrimSpace(row)
	row = strings.TrimPrefix(row, "|")
	row = strings.TrimSuffix(row, "|")
	row = strings.ReplaceAll(row, `\|`, "\x00")
	parts := strings.Split(row, "|")
	for i, p := range parts {
		parts[i] = strings.TrimSpace(strings.ReplaceAll(p, "\x00", "|"))
	}
	return parts
}

func isRule(r []string) bool {
	for _, c := range r {
		if strings.Trim(c, ":- ") != "" {
			return false
		}
	}
	return true
}

func sortedKeys(m map[string]bool) []string {
	ks := make([]string, 0, len(m))
	for k := range m {
		ks = append(ks, k)
	}
	sort.Strings(ks)
	return ks
}

// TestREADMEPython compares the README's supported-Python table with
// pyversion's releases: each line, its image and its end of life.
func TestREADMEPython(t *testing.T) {
	data, err := os.ReadFile("../../README.md")
	if err != nil {
		t.Fatal(err)
	}
	documented := map[string][]string{}
	for _, rows := range readmeTables(string(data), "Python") {
		for _, r := range rows {
			if len(r) < 3 {
				t.Errorf("README: Python table row %q: want Python, image, end of life", strings.Join(r, " | "))
				continue
			}
			documented[strings.Trim(r[0], "` ")] = []string{strings.Trim(r[1], "` "), strings.Trim(r[2], "` ")}
		}
	}
	if len(documented) == 0 {
		t.Fatal("README.md has no table headed | Python | Image | End of life |")
	}
	for _, r := range pyversion.Releases() {
		want := []string{r.Image(), r.EOL.Format("2006-01")}
		got, ok := documented[r.Minor.String()]
		switch {
		case !ok:
			t.Errorf("README: Python %s is supported but not in the table (%s, end of life %s)", r.Minor, want[0], want[1])
		case !slices.Equal(got, want):
			t.Errorf("README: Python %s: table says %q, pydock uses %q", r.Minor, got, want)
		}
		delete(documented, r.Minor.String())
	}
	for v := range documented {
		t.Errorf("README: the Python table lists %s, which pydock does not support", v)
	}
}

// TestREADMELintJSON compares the fields the README gives for
// `lint --format json` with the JSON a finding encodes to.
func TestREADMELintJSON(t *testing.T) {
	data, err := os.ReadFile("../../README.md")
	if err != nil {
		t.Fatal(err)
	}
	m := regexp.MustCompile("a JSON array of `\\{([^}]*)\\}`").FindSubmatch(data)
	if m == nil {
		t.Fatal("README.md: no \"a JSON array of `{...}`\" for lint --format json")
	}
	var doc []string
	for _, f := range strings.Split(string(m[1]), ",") {
		doc = append(doc, strings.TrimSpace(f))
	}
	var have []string
	ty := reflect.TypeOf(lint.Finding{})
	for i := range ty.NumField() {
		name, _, _ := strings.Cut(ty.Field(i).Tag.Get("json"), ",")
		if name != "" && name != "-" {
			have = append(have, name)
		}
	}
	// The fields must be what encoding/json writes, in its order.
	b, err := json.Marshal(lint.Finding{URL: "u"})
	if err != nil {
		t.Fatal(err)
	}
	for _, f := range have {
		if !strings.Contains(string(b), `"`+f+`"`) {
			t.Errorf("lint.Finding encodes without %q: %s", f, b)
		}
	}
	if !slices.Equal(doc, have) {
		t.Errorf("README: lint's JSON fields are %v; a finding encodes %v", doc, have)
	}
}

// readmeTables returns the body rows of each table whose first header
// cell is first.
func readmeTables(readme, first string) [][][]string {
	var out [][][]string
	lines := strings.Split(readme, "\n")
	for i := 0; i < len(lines); i++ {
		if !strings.HasPrefix(strings.TrimSpace(lines[i]), "|") {
			continue
		}
		header := cells(lines[i])
		var rows [][]string
		for i++; i < len(lines) && strings.HasPrefix(strings.TrimSpace(lines[i]), "|"); i++ {
			if r := cells(lines[i]); !isRule(r) {
				rows = append(rows, r)
			}
		}
		if strings.Trim(header[0], "` ") == first {
			out = append(out, rows)
		}
	}
	return out
}
