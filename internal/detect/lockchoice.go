package detect

import (
	_ "embed"
	"fmt"
	"io/fs"
	"regexp"
	"strings"

	"github.com/pelletier/go-toml/v2"
)

//go:embed lockcommands.toml
var lockCommandsTOML []byte

// lockCommand is a row of lockcommands.toml: the commands that read a
// manager's lock, as a line of the authors' files spells them.
type lockCommand struct {
	Manager Manager
	Tool    string
	re      *regexp.Regexp
}

var lockCommands = func() []lockCommand {
	var t struct {
		Manager []struct {
			Manager, Tool, Source string
			Commands              []string
		}
	}
	if err := toml.Unmarshal(lockCommandsTOML, &t); err != nil {
		panic("lockcommands.toml: " + err.Error())
	}
	var out []lockCommand
	for _, r := range t.Manager {
		if r.Manager == "" || r.Tool == "" || r.Source == "" || len(r.Commands) == 0 || lockOf(Manager(r.Manager)) == "" {
			panic("lockcommands.toml: bad row " + r.Manager)
		}
		var alts []string
		for _, c := range r.Commands {
			alts = append(alts, strings.Join(strings.Fields(regexp.QuoteMeta(c)), `\s+`))
		}
		// A command word, not part of a path or another name (my-uv sync).
		re := regexp.MustCompile(`(?:^|[^\w./-])(` + strings.Join(alts, "|") + `)\b`)
		out = append(out, lockCommand{Manager: Manager(r.Manager), Tool: r.Tool, re: re})
	}
	return out
}()

// lockUse is a line of the authors' files that runs a manager's command.
type lockUse struct {
	manager Manager
	why     string // "Dockerfile:4 installs with uv (uv sync)"
}

// chooseBetweenLocks decides which of two or more committed locks is the
// project's current one from its own evidence, strongest first: a lock
// its manifest cannot have produced or that its tool would refuse is out;
// then what the authors' container files run; then their CI and Makefile.
// It errs, naming the evidence, when that evidence is split or absent.
func chooseBetweenLocks(fsys fs.FS, py *pyproject, locks []string) (lock, note string, err error) {
	alive := map[string]string{} // lock -> why it is out ("" while in)
	for _, l := range locks {
		alive[l] = ""
	}
	poetryOnly := py != nil && py.Project == nil && py.Tool.Poetry != nil && len(py.Tool.Poetry.Dependencies) > 0
	for _, l := range locks {
		m := managerOf(l)
		switch {
		case poetryOnly && (m == ManagerUV || m == ManagerPDM):
			alive[l] = fmt.Sprintf("pyproject.toml lists its dependencies in [tool.poetry.dependencies] only, which %s does not read", toolName(m))
		default:
			if lc := lockCheckOf(fsys, m); lc != nil && lc.Stale && !lc.Harmless {
				alive[l] = fmt.Sprintf("%s is stale (%s)", l, lc.Why)
			}
		}
	}
	var in, outWhy []string
	for _, l := range locks {
		if alive[l] == "" {
			in = append(in, l)
		} else {
			outWhy = append(outWhy, alive[l])
		}
	}
	names := strings.Join(locks[:len(locks)-1], ", ") + " and " + locks[len(locks)-1]
	both := "both " + names
	if len(locks) > 2 {
		both = "all of " + names
	}
	chosen := func(l, why string) (string, string, error) {
		var rest []string
		for _, o := range locks {
			if o != l {
				rest = append(rest, o)
			}
		}
		all := map[bool]string{true: "both", false: "all"}[len(locks) == 2]
		return l, fmt.Sprintf("%s are %s committed; %s, so %s is installed and %s %s left unused",
			names, all, why, l, strings.Join(rest, " and "), map[bool]string{true: "is", false: "are"}[len(rest) == 1]), nil
	}
	if len(in) == 1 {
		return chosen(in[0], strings.Join(outWhy, "; "))
	}
	var evidence []string
	for _, files := range [][]string{authorsContainerFiles(fsys), append(authorsCIFiles(fsys), authorsMakefiles(fsys)...)} {
		uses := lockUses(fsys, files, in)
		named := map[Manager]bool{}
		for _, u := range uses {
			named[u.manager] = true
			evidence = append(evidence, u.why)
		}
		if len(named) == 1 {
			return chosen(lockOf(uses[0].manager), uses[0].why)
		}
		if len(named) > 1 {
			break // split at the strongest level that speaks
		}
	}
	if len(in) == 0 {
		in = locks
	}
	ms := make([]string, len(in))
	for i, l := range in {
		ms[i] = string(managerOf(l))
	}
	choose := fmt.Sprintf("pass --package-manager %s (or %s) to choose, or delete the lock that is stale", ms[0], strings.Join(ms[1:], " or "))
	if len(evidence) == 0 {
		evidence = append(outWhy, "no container file, CI workflow or Makefile of the project runs one of their tools")
		return "", "", fmt.Errorf("%s are committed and nothing says which is current: %s; %s", both, strings.Join(evidence, "; "), choose)
	}
	return "", "", fmt.Errorf("%s are committed and the project's evidence is split: %s; %s", both, strings.Join(evidence, "; "), choose)
}

// lockCheckOf judges a manager's lock against the manifest, where pydock can.
func lockCheckOf(fsys fs.FS, m Manager) *LockCheck {
	switch m {
	case ManagerUV:
		return checkUVLock(fsys)
	case ManagerPDM:
		return checkPDMLock(fsys)
	case ManagerPipenv:
		return checkPipfileLock(fsys)
	case ManagerPoetry:
		return checkPoetryLock(fsys)
	}
	return nil
}

func toolName(m Manager) string {
	for _, c := range lockCommands {
		if c.Manager == m {
			return c.Tool
		}
	}
	return string(m)
}

// lockUses finds, in each file, the first line that runs a command reading
// one of the locks still in: one use per file and manager.
func lockUses(fsys fs.FS, files, locks []string) []lockUse {
	var out []lockUse
	for _, af := range readAuthorsFiles(fsys, files) {
		file := af.name
		seen := map[Manager]bool{}
		for i, l := range strings.Split(af.text, "\n") {
			if t := strings.TrimSpace(l); t == "" || strings.HasPrefix(t, "#") {
				continue
			}
			for _, c := range lockCommands {
				if seen[c.Manager] || !contains(locks, lockOf(c.Manager)) {
					continue
				}
				if m := c.re.FindStringSubmatch(l); m != nil {
					seen[c.Manager] = true
					cmd := strings.Join(strings.Fields(m[1]), " ")
					out = append(out, lockUse{c.Manager, fmt.Sprintf("%s:%d installs with %s (%s)", file, i+1, c.Tool, cmd)})
				}
			}
		}
	}
	return out
}
