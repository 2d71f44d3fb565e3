package render

import (
	"bytes"
	"context"
	"fmt"
	"io/fs"
	"os/exec"
	"slices"
	"strings"
	"testing"
	"testing/fstest"
	"time"

	"github.com/compose-spec/compose-go/v2/loader"
	"github.com/compose-spec/compose-go/v2/types"
	"github.com/moby/buildkit/frontend/dockerfile/instructions"
	"github.com/moby/buildkit/frontend/dockerfile/linter"
	"github.com/moby/buildkit/frontend/dockerfile/parser"
	"github.com/moby/buildkit/frontend/dockerfile/shell"
	"github.com/moby/patternmatcher/ignorefile"

	"github.com/pydock/pydock/internal/detect"
	"github.com/pydock/pydock/internal/plan"
)

// hostileValues are the values of a project that reach the templates.
type hostileValues struct {
	name, dir, req, health, word string
}

var benignValues = hostileValues{name: "app", dir: "libs/lib", req: "requirements.txt", health: "/healthz", word: "web"}

// build detects nothing: it fills facts as detection would, with v's values
// where the project supplies them, and plans and renders them.
func (v hostileValues) build() (*plan.Plan, []File, error) {
	f := &detect.Facts{
		Name:    v.name,
		Manager: detect.ManagerPip, ManagerFrom: detect.Source{File: v.req},
		RequirementsFile: v.req, RequirementsFiles: []string{v.req},
		Framework: detect.FrameworkFlask, Servers: []string{"gunicorn"},
		App:         &detect.AppTarget{Module: "app", Attr: "app", Source: detect.Source{File: "app.py"}},
		PathDeps:    []string{v.dir},
		ImportRoots: []string{v.dir},
		BuildFiles:  []string{v.dir},
		Procfile:    &detect.Procfile{Command: "gunicorn app:app --bind 0.0.0.0:$PORT --name " + v.word, Source: detect.Source{File: "Procfile", Line: 1}},
		Dependencies: []detect.Dependency{
			{Name: "flask"}, {Name: "gunicorn"}, {Name: "lib", Path: v.dir, Source: detect.Source{File: v.req, Line: 3}},
		},
	}
	p, err := plan.Build(f, plan.Settings{HealthPath: v.health}, time.Date(2026, 11, 23, 0, 0, 0, 0, time.UTC))
	if err != nil {
		return nil, nil, err
	}
	files, err := Render(p)
	return p, files, err
}

// shape is what must not change when a value does: the Dockerfile's
// instructions with their flags and mounts, compose's services and watch
// entries, and the snippet once the health path is put back.
type shape struct {
	dockerfile []string
	compose    []string
	snippet    string
	ignore     int // patterns in .dockerignore
}

func shapeOf(t *testing.T, p *plan.Plan, files []File) shape {
	t.Helper()
	var s shape
	for _, f := range files {
		switch {
		case f.Path == "Dockerfile":
			s.dockerfile = dockerfileShape(t, f.Content)
		case f.Path == "compose.yaml":
			s.compose = composeShape(t, f.Content)
		case f.Path == ".dockerignore":
			pats, err := ignorefile.ReadAll(bytes.NewReader(f.Content))
			if err != nil {
				t.Fatalf(".dockerignore does not parse: %v", err)
			}
			s.ignore = len(pats)
			for _, d := range p.PathDeps {
				if !slices.Contains(pats, "!"+d) {
					t.Errorf(".dockerignore does not keep %q: %q", d, pats)
				}
			}
		case strings.HasSuffix(f.Path, ".py"):
			// The paths may appear only where the benign ones do: as
			// Python literals and in the docstring's first two lines.
			text := string(f.Content)
			for i, hp := range []string{p.Snippet.LivePath, p.Snippet.ReadyPath} {
				tag := fmt.Sprintf("<PATH%d>", i)
				text = strings.ReplaceAll(text, pyString(hp), tag)
				if p.Snippet.Framework == detect.FrameworkDjango { // path("healthz")
					text = strings.ReplaceAll(text, pyString(strings.Trim(hp, "/")), tag)
				}
			}
			doc, rest, _ := strings.Cut(text, "checks the ")
			s.snippet = "<DOC> checks the " + rest
			if !strings.Contains(doc, p.Snippet.LivePath+" says") {
				t.Errorf("docstring does not name %q: %q", p.Snippet.LivePath, doc)
			}
		}
	}
	return s
}

func dockerfileShape(t *testing.T, content []byte) []string {
	t.Helper()
	res, err := parser.Parse(bytes.NewReader(content))
	if err != nil {
		t.Fatalf("BuildKit cannot parse the Dockerfile: %v\n%s", err, content)
	}
	stages, _, err := instructions.Parse(res.AST, linter.New(&linter.Config{}))
	if err != nil {
		t.Fatalf("BuildKit rejects the Dockerfile: %v\n%s", err, content)
	}
	var out []string
	for _, n := range res.AST.Children {
		out = append(out, fmt.Sprintf("%s %d", n.Value, len(n.Flags)))
	}
	for _, st := range stages {
		for _, c := range st.Commands {
			if r, ok := c.(*instructions.RunCommand); ok {
				for _, m := range instructions.GetMounts(r) {
					out = append(out, fmt.Sprintf("mount %s %v", m.Type, m.Source == m.Target))
				}
			}
		}
	}
	return out
}

func composeShape(t *testing.T, content []byte) []string {
	t.Helper()
	proj, err := loader.LoadWithContext(context.Background(), types.ConfigDetails{
		WorkingDir:  t.TempDir(),
		ConfigFiles: []types.ConfigFile{{Filename: "compose.yaml", Content: content}},
		Environment: types.Mapping{},
	}, func(o *loader.Options) {
		o.SetProjectName("fuzz", true)
		o.SkipResolveEnvironment = true
		o.SkipConsistencyCheck = true
	})
	if err != nil {
		t.Fatalf("compose-go cannot load compose.yaml: %v\n%s", err, content)
	}
	var out []string
	for name, s := range proj.Services {
		out = append(out, name)
		if s.Develop != nil {
			out = append(out, fmt.Sprintf("%s watch %d", name, len(s.Develop.Watch)))
		}
		if s.HealthCheck != nil {
			out = append(out, fmt.Sprintf("%s health %d", name, len(s.HealthCheck.Test)))
		}
	}
	slices.Sort(out)
	return out
}

// checkLanded: each value reached its place whole (a mount's source is the
// folder, the compose probe's URL holds the path), not only a place of the
// same shape.
func checkLanded(t *testing.T, v hostileValues, p *plan.Plan, files []File) {
	t.Helper()
	for _, f := range files {
		if f.Path != "Dockerfile" {
			continue
		}
		res, _ := parser.Parse(bytes.NewReader(f.Content))
		stages, _, _ := instructions.Parse(res.AST, linter.New(&linter.Config{}))
		// Expand as a build does, with no build args set: quotes removed,
		// variables resolved, mounts parsed.
		lex := shell.NewLex('\\')
		expand := func(w string) (string, error) {
			out, _, err := lex.ProcessWord(w, shell.EnvsFromSlice(nil))
			return out, err
		}
		var sources []string
		for _, st := range stages {
			for _, c := range st.Commands {
				if e, ok := c.(instructions.SupportsSingleWordExpansion); ok {
					if err := e.Expand(expand); err != nil {
						t.Fatalf("%T does not expand: %v", c, err)
					}
				}
				switch c := c.(type) {
				case *instructions.RunCommand:
					for _, m := range instructions.GetMounts(c) {
						sources = append(sources, m.Source)
					}
				case *instructions.EnvCommand:
					for _, kv := range c.Env {
						if kv.Key == "PYTHONPATH" && kv.Value != "/app/"+v.dir {
							t.Errorf("PYTHONPATH %q, want /app/%s", kv.Value, v.dir)
						}
					}
				case *instructions.LabelCommand:
					for _, kv := range c.Labels {
						if kv.Key == "org.opencontainers.image.title" && kv.Value != v.name {
							t.Errorf("title label %q, want %q", kv.Value, v.name)
						}
					}
				case *instructions.HealthCheckCommand:
					code := c.Health.Test[len(c.Health.Test)-1]
					if want := "urlopen(" + pyQuote("http://127.0.0.1:"+fmt.Sprint(p.Port)+v.health, '\'') + ", timeout=4)"; !strings.Contains(code, want) {
						t.Errorf("probe %q does not hold %s", code, want)
					}
				}
			}
		}
		for _, want := range []string{v.dir, v.req} {
			if !slices.Contains(sources, want) {
				t.Errorf("no mount of %q among %q", want, sources)
			}
		}
	}
}

func checkHostile(t *testing.T, v hostileValues) {
	// The command word changes the command (exec or sh -c, which server):
	// the baseline keeps it, so only the other values are compared here.
	// TestCommandKeepsWords (plan) checks the command's own words.
	base := benignValues
	base.word = v.word
	bp, benign, err := base.build()
	if err != nil {
		return // the command itself is refused
	}
	want := shapeOf(t, bp, benign)
	p, files, err := v.build()
	if err != nil {
		return // refused: plan names the value (TestHostileValues checks some)
	}
	got := shapeOf(t, p, files)
	if !slices.Equal(got.dockerfile, want.dockerfile) {
		t.Errorf("Dockerfile shape changed:\n got %q\nwant %q", got.dockerfile, want.dockerfile)
	}
	if !slices.Equal(got.compose, want.compose) {
		t.Errorf("compose shape changed:\n got %q\nwant %q", got.compose, want.compose)
	}
	if got.ignore != want.ignore {
		t.Errorf(".dockerignore has %d patterns, want %d", got.ignore, want.ignore)
	}
	if got.snippet != want.snippet {
		t.Errorf("health snippet changed beyond its path:\n%s", got.snippet)
	}
	checkLanded(t, v, p, files)
}

func TestHostileValues(t *testing.T) {
	for _, v := range []hostileValues{
		benignValues,
		{name: "My.App_2", dir: "libs/a, b", req: "requirements/prod x.txt", health: "/h');__import__('os').system('id');('", word: `"a;b" 2>&1 'G=$(id)'`},
		{name: "x", dir: "libs/=a,b=c", req: "req,s.txt", health: "/$x/$y/%41;a=(b)", word: "$(id)"},
	} {
		t.Run(v.name+" "+v.dir, func(t *testing.T) {
			if _, _, err := v.build(); err != nil {
				t.Fatalf("refused: %v", err) // these must render, or the case tests nothing
			}
			checkHostile(t, v)
			compileSnippets(t, v)
		})
	}
	// Refused outright, with the value named.
	for _, v := range []hostileValues{
		{name: "x\"\nRUN id\n#", dir: "lib", req: "r.txt", health: "/h", word: "w"},
		{name: "x", dir: "lib\nRUN id", req: "r.txt", health: "/h", word: "w"},
		{name: "x", dir: "lib", req: "r\".txt", health: "/h", word: "w"},
		{name: "x", dir: "lib", req: "r.txt", health: "/h\")#", word: "w"},
		{name: "x", dir: "../lib", req: "r.txt", health: "/h", word: "w"},
	} {
		if _, _, err := v.build(); err == nil {
			t.Errorf("%+v: planned without an error", v)
		}
	}
}

// FuzzHostileValues renders a project whose name, path-dependency folder,
// requirements file, health path and command word are arbitrary: either
// plan refuses them, or every output parses (BuildKit, compose-go) to the
// same structure as with benign values and each value lands whole.
func FuzzHostileValues(f *testing.F) {
	for _, v := range []hostileValues{
		benignValues,
		{"My.App_2", "libs/a, b", "requirements/prod x.txt", "/h');__import__('os')", `"a;b" 2>&1`},
		{"x\"\nRUN id", "lib\nRUN id", "r\".txt", "/h\")#", "$(id)"},
		{"a", "x,y=z", "a b", "/%zz", "'"},
	} {
		f.Add(v.name, v.dir, v.req, v.health, v.word)
	}
	f.Fuzz(func(t *testing.T, name, dir, req, health, word string) {
		v := hostileValues{name, dir, req, health, word}
		if dir == req || dir == "" || req == "" {
			return // one file cannot be both; empty means "none", not a value
		}
		checkHostile(t, v)
	})
}

// compileSnippets compiles the health snippet with the machine's python3
// (the fuzz target, which runs too often for a process each time, compares
// it with the benign snippet instead).
func compileSnippets(t *testing.T, v hostileValues) {
	py, err := exec.LookPath("python3")
	if err != nil {
		t.Log("no python3: snippet not compiled")
		return
	}
	_, files, err := v.build()
	if err != nil {
		t.Fatal(err)
	}
	for _, f := range files {
		if !strings.HasSuffix(f.Path, ".py") {
			continue
		}
		cmd := exec.Command(py, "-c", "import ast, sys; ast.parse(sys.stdin.read())")
		cmd.Stdin = bytes.NewReader(f.Content)
		if out, err := cmd.CombinedOutput(); err != nil {
			t.Errorf("%s does not compile: %v\n%s", f.Path, err, out)
		}
	}
}

// project is a pip project on disk (an fs.FS) holding v's values where a
// project writes them: the name in pyproject.toml, the folder as a quoted
// editable requirement, the word in the Procfile. ok is false when the
// values cannot be written into those files at all.
func (v hostileValues) project() (fstest.MapFS, bool) {
	if !fs.ValidPath(v.dir) || strings.ContainsAny(v.dir, "\n\r") || strings.ContainsAny(v.word, "\n\r") || v.dir == "." {
		return nil, false
	}
	quoted := `"` + strings.NewReplacer(`\`, `\\`, `"`, `\"`).Replace("./"+v.dir) + `"`
	return fstest.MapFS{
		"pyproject.toml":          {Data: []byte("[project]\nname = " + tomlString(v.name) + "\nversion = \"1\"\n")},
		"requirements.txt":        {Data: []byte("flask==3.0.0\ngunicorn==22.0.0\n-e " + quoted + "\n")},
		v.dir + "/pyproject.toml": {Data: []byte("[project]\nname = \"lib\"\nversion = \"1\"\n")},
		"app.py":                  {Data: []byte("from flask import Flask\n\napp = Flask(__name__)\n")},
		"Procfile":                {Data: []byte("web: gunicorn app:app --bind 0.0.0.0:$PORT --name " + v.word + "\n")},
	}, true
}

// tomlString writes s as a TOML basic string.
func tomlString(s string) string {
	var b strings.Builder
	b.WriteByte('"')
	for _, r := range s {
		switch {
		case r == '"' || r == '\\':
			b.WriteByte('\\')
			b.WriteRune(r)
		case r < 0x20 || r == 0x7f:
			fmt.Fprintf(&b, `\u%04x`, r)
		default:
			b.WriteRune(r)
		}
	}
	b.WriteByte('"')
	return b.String()
}

// detectBuild runs the whole pipeline on the project's files.
func (v hostileValues) detectBuild() (*plan.Plan, []File, error) {
	fsys, ok := v.project()
	if !ok {
		return nil, nil, fs.ErrInvalid
	}
	f, err := detect.Detect(fsys, detect.Options{})
	if err != nil {
		return nil, nil, err
	}
	p, err := plan.Build(f, plan.Settings{HealthPath: v.health}, time.Date(2026, 11, 23, 0, 0, 0, 0, time.UTC))
	if err != nil {
		return nil, nil, err
	}
	files, err := Render(p)
	return p, files, err
}

// FuzzHostileProject is FuzzHostileValues through detection: the values
// are written into pyproject.toml, requirements.txt and the Procfile, read
// back by detect, planned and rendered. Either a step refuses them, or
// every output keeps the benign shape.
func FuzzHostileProject(f *testing.F) {
	for _, v := range []hostileValues{
		benignValues,
		{"My.App_2", "libs/a, b", "requirements.txt", "/h');__import__('os')", `"a;b" 2>&1`},
		{"x\"\nRUN id", "lib,x=y", "requirements.txt", "/h\")#", "$(id)"},
	} {
		f.Add(v.name, v.dir, v.health, v.word)
	}
	f.Fuzz(func(t *testing.T, name, dir, health, word string) {
		v := hostileValues{name: name, dir: dir, req: "requirements.txt", health: health, word: word}
		p, files, err := v.detectBuild()
		if err != nil {
			return
		}
		base := benignValues
		base.word = word
		bp, benign, err := base.detectBuild()
		if err != nil {
			return
		}
		got, want := shapeOf(t, p, files), shapeOf(t, bp, benign)
		if !slices.Equal(got.dockerfile, want.dockerfile) || !slices.Equal(got.compose, want.compose) || got.ignore != want.ignore || got.snippet != want.snippet {
			t.Errorf("shape changed:\n got %+v\nwant %+v", got, want)
		}
	})
}

func TestHostileProject(t *testing.T) {
	v := hostileValues{name: "My.App_2", dir: "libs/my lib, 2", req: "requirements.txt", health: "/h');__import__('os')", word: `"a;b" 2>&1`}
	p, files, err := v.detectBuild()
	if err != nil {
		t.Fatal(err)
	}
	if p.Name != v.name || !slices.Contains(p.PathDeps, v.dir) {
		t.Errorf("name %q, path dependencies %q", p.Name, p.PathDeps)
	}
	base := benignValues
	base.word = v.word
	bp, benign, err := base.detectBuild()
	if err != nil {
		t.Fatal(err)
	}
	if got, want := shapeOf(t, p, files), shapeOf(t, bp, benign); !slices.Equal(got.dockerfile, want.dockerfile) || !slices.Equal(got.compose, want.compose) {
		t.Errorf("shape changed:\n got %+v\nwant %+v", got, want)
	}
	v.name = "x\"\nRUN id\n#"
	if _, _, err := v.detectBuild(); err == nil || !strings.Contains(err.Error(), "pyproject.toml:2") {
		t.Errorf("a hostile name: err = %v, want pyproject.toml:2", err)
	}
}
