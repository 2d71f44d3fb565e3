package lint

import (
	"bytes"
	"fmt"
	"path"
	"slices"
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

	// Computed once, so rules asking per command stay linear.
	envAt    map[instructions.Command][]string
	wdAt     map[instructions.Command]string
	envFinal []string
	wdFinal  string
}

// maxInstructions bounds the work on a hostile file; real Dockerfiles have
// tens of instructions.
const maxInstructions = 5000

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
	n := 0
	for _, st := range d.stages {
		n += len(st.cmds) + 1
	}
	if n > maxInstructions {
		return nil, fmt.Errorf("%s: %d instructions; pydock lint checks at most %d", file, n, maxInstructions)
	}
	for _, st := range d.stages {
		d.computeState(st)
	}
	return d, nil
}

// computeState records the ENV/ARG values and WORKDIR in effect before each
// command of the stage.
func (d *dockerfile) computeState(s *stage) {
	env, wd := slices.Clone(d.meta), "/"
	if s.parent != nil {
		env, wd = s.parent.envFinal, s.parent.wdFinal
	}
	s.envAt = map[instructions.Command][]string{}
	s.wdAt = map[instructions.Command]string{}
	for _, c := range s.cmds {
		env = env[:len(env):len(env)] // appends below must not write into a shared array
		s.envAt[c], s.wdAt[c] = env, wd
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
		case *instructions.WorkdirCommand:
			p, _ := d.expand(c.Path, env)
			if path.IsAbs(p) {
				wd = path.Clean(p)
			} else {
				wd = path.Join(wd, p)
			}
		}
	}
	s.envFinal, s.wdFinal = env[:len(env):len(env)], wd
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

// env returns KEY=value for every ENV and ARG default in effect before
// command at (in this stage or an ancestor), or at the end when at is nil.
func (s *stage) env(d *dockerfile, at instructions.Command) []string {
	for c := s; c != nil && at != nil; c = c.parent {
		if e, ok := c.envAt[at]; ok {
			return e
		}
	}
	return s.envFinal
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

// workdir is the working directory in effect before command at, or at the
// end when at is nil.
func (s *stage) workdir(d *dockerfile, at instructions.Command) string {
	for c := s; c != nil && at != nil; c = c.parent {
		if w, ok := c.wdAt[at]; ok {
			return w
		}
	}
	return s.wdFinal
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
