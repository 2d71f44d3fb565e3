package lint

import (
	"bytes"
	"path"
	"strconv"
	"strings"

	"github.com/moby/buildkit/frontend/dockerfile/instructions"
	"github.com/moby/buildkit/frontend/dockerfile/linter"
	"github.com/moby/buildkit/frontend/dockerfile/parser"
	"github.com/moby/buildkit/frontend/dockerfile/shell"
)

// dockerfile is a parsed Dockerfile as the rules see it: stages in order,
// each with its commands, the base image resolved through stage names and
// global ARG defaults.
type dockerfile struct {
	file   string
	lines  []string // raw lines, for suppression comments
	stages []*stage
	meta   []string // global ARG defaults as KEY=value
	lex    *shell.Lex
}

type stage struct {
	index  int
	name   string // lower case, "" when unnamed
	base   string // FROM as written, ARGs expanded where they have defaults
	line   int
	parent *stage // the earlier stage this one is FROM, if any
	cmds   []instructions.Command
}

func parseDockerfile(file string, dt []byte) (*dockerfile, error) {
	res, err := parser.Parse(bytes.NewReader(dt))
	if err != nil {
		return nil, syntaxError(file, err)
	}
	// A non-nil linter: with nil, instructions.Parse panics on a
	// `# check=` comment above any instruction but the first.
	stages, metaArgs, err := instructions.Parse(res.AST, linter.New(&linter.Config{}))
	if err != nil {
		return nil, syntaxError(file, err)
	}
	d := &dockerfile{
		file:  file,
		lines: strings.Split(string(dt), "\n"),
		lex:   shell.NewLex(res.EscapeToken),
	}
	for _, a := range metaArgs {
		for _, kv := range a.Args {
			if kv.Value != nil {
				v, _ := d.expand(*kv.Value, d.meta)
				d.meta = append(d.meta, kv.Key+"="+v)
			}
		}
	}
	byName := map[string]*stage{}
	for i, s := range stages {
		st := &stage{index: i, name: strings.ToLower(s.Name), cmds: s.Commands}
		for _, c := range s.Commands {
			if r, ok := c.(*instructions.RunCommand); ok {
				// Mount options other than from= are only parsed on
				// expansion; variables in them stay as written.
				_ = r.Expand(func(w string) (string, error) { return w, nil })
			}
		}
		if len(s.Location) > 0 {
			st.line = s.Location[0].Start.Line
		}
		st.base, _ = d.expand(s.BaseName, d.meta)
		if p, ok := byName[strings.ToLower(st.base)]; ok {
			st.parent = p
		}
		if st.name != "" {
			byName[st.name] = st
		}
		d.stages = append(d.stages, st)
	}
	return d, nil
}

// expand substitutes variables the way BuildKit does; ok is false when a
// variable had no value, so the caller should not judge the result.
func (d *dockerfile) expand(word string, env []string) (string, bool) {
	if !strings.Contains(word, "$") {
		return word, true
	}
	r, err := d.lex.ProcessWordWithMatches(word, shell.EnvsFromSlice(env))
	if err != nil {
		return word, false
	}
	return r.Result, len(r.Unmatched) == 0
}

// stage finds a stage by name or index, as COPY --from names it.
func (d *dockerfile) stage(ref string, before int) *stage {
	if n, err := strconv.Atoi(ref); err == nil {
		if n >= 0 && n < before {
			return d.stages[n]
		}
		return nil
	}
	ref = strings.ToLower(ref)
	for i := before - 1; i >= 0; i-- {
		if d.stages[i].name == ref {
			return d.stages[i]
		}
	}
	return nil
}

func (d *dockerfile) final() *stage { return d.stages[len(d.stages)-1] }

// chain is the stage with its ancestors, oldest first: what the image
// built from this stage contains.
func (s *stage) chain() []*stage {
	var out []*stage
	for c, n := s, 0; c != nil && n <= 1000; c, n = c.parent, n+1 {
		out = append([]*stage{c}, out...)
	}
	return out
}

// root is the image at the bottom of the stage's chain.
func (s *stage) root() *stage { return s.chain()[0] }

// commands returns the commands of the whole chain, oldest first.
func (s *stage) commands() []instructions.Command {
	var out []instructions.Command
	for _, c := range s.chain() {
		out = append(out, c.cmds...)
	}
	return out
}

// env returns KEY=value for every ENV and ARG default in the chain up to
// (not including) command at, or all when at is nil.
func (s *stage) env(d *dockerfile, at instructions.Command) []string {
	env := append([]string(nil), d.meta...)
	for _, c := range s.commands() {
		if c == at {
			break
		}
		switch c := c.(type) {
		case *instructions.EnvCommand:
			for _, kv := range c.Env {
				v, _ := d.expand(kv.Value, env)
				env = append(env, kv.Key+"="+v)
			}
		case *instructions.ArgCommand:
			for _, kv := range c.Args {
				if kv.Value != nil {
					v, _ := d.expand(*kv.Value, env)
					env = append(env, kv.Key+"="+v)
				}
			}
		}
	}
	return env
}

// lookup returns the last value of key in env.
func lookup(env []string, key string) (string, bool) {
	for i := len(env) - 1; i >= 0; i-- {
		if k, v, _ := strings.Cut(env[i], "="); k == key {
			return v, true
		}
	}
	return "", false
}

// workdir is the working directory in effect before command at.
func (s *stage) workdir(d *dockerfile, at instructions.Command) string {
	wd := "/"
	for _, c := range s.commands() {
		if c == at {
			break
		}
		if w, ok := c.(*instructions.WorkdirCommand); ok {
			p, _ := d.expand(w.Path, s.env(d, c))
			if path.IsAbs(p) {
				wd = path.Clean(p)
			} else {
				wd = path.Join(wd, p)
			}
		}
	}
	return wd
}

func line(c instructions.Command) int {
	if loc := c.Location(); len(loc) > 0 {
		return loc[0].Start.Line
	}
	return 0
}

// script is the shell text a RUN executes, heredoc bodies included.
func script(cl instructions.ShellDependantCmdLine) string {
	var b strings.Builder
	b.WriteString(strings.Join(cl.CmdLine, " "))
	for _, f := range cl.Files {
		b.WriteString("\n")
		b.WriteString(f.Data)
	}
	return b.String()
}

// argvs returns the commands a CMD/ENTRYPOINT/RUN line runs: the exec-form
// argv as is, a shell form split into its commands, and the script of a
// `sh -c "…"` unwrapped.
func argvs(cl instructions.ShellDependantCmdLine) [][]string {
	var cmds [][]string
	if cl.PrependShell {
		cmds = splitCommands(script(cl))
	} else if len(cl.CmdLine) > 0 {
		cmds = [][]string{stripPrefix(append([]string(nil), cl.CmdLine...))}
	}
	var out [][]string
	for _, argv := range cmds {
		if len(argv) >= 3 && (path.Base(argv[0]) == "sh" || path.Base(argv[0]) == "bash") {
			for i, a := range argv[1 : len(argv)-1] {
				if strings.HasPrefix(a, "-") && strings.Contains(a, "c") {
					out = append(out, splitCommands(argv[i+2])...)
					break
				}
			}
			continue
		}
		out = append(out, argv)
	}
	return out
}

// runMounts returns the --mount flags of a RUN.
func runMounts(r *instructions.RunCommand) []*instructions.Mount {
	defer func() { _ = recover() }() // a RUN without mount state has none
	return instructions.GetMounts(r)
}

func hasCacheMount(r *instructions.RunCommand) bool {
	for _, m := range runMounts(r) {
		if m.Type == instructions.MountTypeCache {
			return true
		}
	}
	return false
}

// imageRef splits an image reference into name, tag and digest, with
// docker.io/library/ dropped so "python" and "docker.io/library/python"
// compare equal.
func imageRef(ref string) (name, tag, digest string) {
	ref = strings.ToLower(ref)
	if i := strings.Index(ref, "@"); i >= 0 {
		ref, digest = ref[:i], ref[i+1:]
	}
	if i := strings.LastIndex(ref, ":"); i >= 0 && !strings.Contains(ref[i:], "/") {
		ref, tag = ref[:i], ref[i+1:]
	}
	ref = strings.TrimPrefix(ref, "docker.io/")
	ref = strings.TrimPrefix(ref, "index.docker.io/")
	ref = strings.TrimPrefix(ref, "library/")
	return ref, tag, digest
}

// normRef is an image reference in a form two spellings can be compared.
func normRef(ref string) string {
	name, tag, digest := imageRef(ref)
	if tag == "" && digest == "" {
		tag = "latest"
	}
	out := name + ":" + tag
	if digest != "" {
		out += "@" + digest
	}
	return out
}
