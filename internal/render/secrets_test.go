package render

import (
	"regexp"
	"strconv"
	"strings"
	"testing"
	"testing/fstest"

	"github.com/moby/buildkit/frontend/dockerfile/instructions"
	"github.com/moby/buildkit/frontend/dockerfile/parser"

	"github.com/pydock/pydock/internal/plan"
)

// dockerfileCommands parses a Dockerfile with BuildKit's own parser.
func dockerfileCommands(t *testing.T, df []byte) []instructions.Stage {
	t.Helper()
	res, err := parser.Parse(strings.NewReader(string(df)))
	if err != nil {
		t.Fatalf("BuildKit cannot parse the Dockerfile: %v\n%s", err, df)
	}
	stages, _, err := instructions.Parse(res.AST, nil)
	if err != nil {
		t.Fatalf("BuildKit cannot parse the Dockerfile: %v\n%s", err, df)
	}
	return stages
}

// installMounts collects every --mount of every RUN in the builder stages.
func installMounts(t *testing.T, df []byte) []*instructions.Mount {
	t.Helper()
	var out []*instructions.Mount
	for _, st := range dockerfileCommands(t, df) {
		for _, c := range st.Commands {
			if run, ok := c.(*instructions.RunCommand); ok {
				// Mount options are read when the RUN is expanded.
				if err := run.Expand(func(w string) (string, error) { return w, nil }); err != nil {
					t.Fatal(err)
				}
				out = append(out, instructions.GetMounts(run)...)
			}
		}
	}
	return out
}

// noCredentialArgs fails when an ARG or ENV names a credential: build
// arguments and ENV values are stored in the image history (DF015).
func noCredentialArgs(t *testing.T, df []byte) {
	t.Helper()
	bad := regexp.MustCompile(`(?i)(USERNAME|PASSWORD|TOKEN|SECRET|NETRC)`)
	for _, st := range dockerfileCommands(t, df) {
		for _, c := range st.Commands {
			switch c := c.(type) {
			case *instructions.ArgCommand:
				for _, kv := range c.Args {
					if bad.MatchString(kv.Key) {
						t.Errorf("ARG %s carries a credential into the history", kv.Key)
					}
				}
			case *instructions.EnvCommand:
				for _, kv := range c.Env {
					if bad.MatchString(kv.Key) {
						t.Errorf("ENV %s carries a credential into the image", kv.Key)
					}
				}
			}
		}
	}
}

// syntaxAtLeast checks the `# syntax=docker/dockerfile:1.N` pin.
func syntaxAtLeast(t *testing.T, df []byte, minor int) {
	t.Helper()
	m := regexp.MustCompile(`(?m)^# syntax=docker/dockerfile:1\.(\d+)$`).FindSubmatch(df)
	if m == nil {
		t.Fatalf("no pinned # syntax=docker/dockerfile:1.N line:\n%s", df)
	}
	if n, _ := strconv.Atoi(string(m[1])); n < minor {
		t.Errorf("# syntax=docker/dockerfile:1.%d, but the file needs 1.%d or later", n, minor)
	}
}

// hasSecretEnv reports whether a secret mount puts secret id into env.
func hasSecretEnv(mounts []*instructions.Mount, id string) bool {
	for _, m := range mounts {
		if m.Type == instructions.MountTypeSecret && m.CacheID == id && m.Env != nil && *m.Env == id {
			return true
		}
	}
	return false
}

// TestPrivateIndexSecrets: each tool's private index gets its credentials
// through secret mounts on the install steps, named the way the tool reads
// them, never through ARG or ENV; the build command is spelled out.
func TestPrivateIndexSecrets(t *testing.T) {
	tests := []struct {
		name    string
		files   fstest.MapFS
		secrets []string // env= secret mounts the install must have
		build   []string // what the docker build comment must say
	}{
		{
			name: "pip requirements with ${VAR}",
			files: fstest.MapFS{
				"requirements.txt": {Data: []byte("--extra-index-url https://${PKG_USER}:${PKG_TOKEN}@pkgs.example.com/simple\nflask>=3\ngunicorn\n")},
				"app.py":           {Data: []byte("from flask import Flask\napp = Flask(__name__)\n")},
			},
			secrets: []string{"PKG_USER", "PKG_TOKEN"},
			build:   []string{"--secret id=PKG_USER,env=PKG_USER", "--secret id=PKG_TOKEN,env=PKG_TOKEN"},
		},
		{
			name: "uv named index",
			files: fstest.MapFS{
				"pyproject.toml": {Data: []byte("[project]\nname = \"svc\"\nversion = \"1\"\nrequires-python = \">=3.12\"\ndependencies = [\"fastapi\", \"uvicorn\"]\n\n[[tool.uv.index]]\nname = \"corp-pypi\"\nurl = \"https://pypi.corp.example/simple\"\n")},
				"uv.lock":        {Data: []byte("version = 1\nrequires-python = \">=3.12\"\n")},
				"main.py":        {Data: []byte("from fastapi import FastAPI\napp = FastAPI()\n")},
			},
			secrets: []string{"UV_INDEX_CORP_PYPI_USERNAME", "UV_INDEX_CORP_PYPI_PASSWORD"},
			build:   []string{"--secret id=UV_INDEX_CORP_PYPI_PASSWORD,env=UV_INDEX_CORP_PYPI_PASSWORD"},
		},
		{
			name: "poetry source",
			files: fstest.MapFS{
				"pyproject.toml": {Data: []byte("[tool.poetry]\nname = \"svc\"\nversion = \"1\"\npackage-mode = false\n\n[tool.poetry.dependencies]\npython = \"^3.12\"\nflask = \"^3\"\ngunicorn = \"*\"\n\n[[tool.poetry.source]]\nname = \"private\"\nurl = \"https://pkgs.example.com/simple/\"\npriority = \"supplemental\"\n")},
				"poetry.lock":    {Data: []byte("# lock\n")},
				"app.py":         {Data: []byte("from flask import Flask\napp = Flask(__name__)\n")},
			},
			secrets: []string{"POETRY_HTTP_BASIC_PRIVATE_USERNAME", "POETRY_HTTP_BASIC_PRIVATE_PASSWORD"},
			build:   []string{"--secret id=POETRY_HTTP_BASIC_PRIVATE_PASSWORD,env=POETRY_HTTP_BASIC_PRIVATE_PASSWORD"},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, files := renderProject(t, tt.files)
			df := files["Dockerfile"]
			mounts := installMounts(t, df)
			for _, s := range tt.secrets {
				if !hasSecretEnv(mounts, s) {
					t.Errorf("no RUN --mount=type=secret,id=%s,env=%s", s, s)
				}
			}
			for _, b := range tt.build {
				if !strings.Contains(string(df), b) {
					t.Errorf("the Dockerfile's comment does not show `docker build %s`", b)
				}
			}
			syntaxAtLeast(t, df, 10)
			noCredentialArgs(t, df)
			if t.Failed() {
				t.Logf("Dockerfile:\n%s", df)
			}
		})
	}
}

// TestSSHDependencies: a git+ssh:// dependency is fetched through the
// builder's forwarded SSH agent, with an ssh client in the builder only.
func TestSSHDependencies(t *testing.T) {
	_, files := renderProject(t, fstest.MapFS{
		"requirements.txt": {Data: []byte("flask>=3\ngunicorn\ninternal-lib @ git+ssh://git@github.com/acme/internal-lib.git@v1.2\n")},
		"app.py":           {Data: []byte("from flask import Flask\napp = Flask(__name__)\n")},
	})
	df := files["Dockerfile"]
	ssh := false
	for _, m := range installMounts(t, df) {
		if m.Type == instructions.MountTypeSSH {
			ssh = true
		}
	}
	if !ssh {
		t.Errorf("no RUN --mount=type=ssh for the git+ssh dependency:\n%s", df)
	}
	text := string(df)
	builder := text[strings.Index(text, "AS builder"):strings.Index(text, "AS runtime")]
	if !strings.Contains(builder, "openssh-client") {
		t.Errorf("the builder installs no ssh client")
	}
	if !strings.Contains(string(df), "known_hosts") {
		t.Errorf("no stated known_hosts policy")
	}
	if !strings.Contains(string(df), "--ssh default") {
		t.Errorf("the comment does not show `docker build --ssh default`")
	}
	syntaxAtLeast(t, df, 10)
}

// TestRequirementsCredentialsStayInBuilder: a requirements file holding an
// index password is warned about and never copied into the runtime stage.
func TestRequirementsCredentialsStayInBuilder(t *testing.T) {
	p, files := renderProject(t, fstest.MapFS{
		"requirements.txt":      {Data: []byte("-r requirements/base.txt\n")},
		"requirements/base.txt": {Data: []byte("--index-url https://deploy:s3cr3t@pkgs.example.com/simple\nflask>=3\ngunicorn\n")},
		"app.py":                {Data: []byte("from flask import Flask\napp = Flask(__name__)\n")},
	})
	df := files["Dockerfile"]
	warned := false
	for _, w := range p.Warnings {
		if strings.Contains(w, "requirements/base.txt") && strings.Contains(w, "${") && !strings.Contains(w, "s3cr3t") {
			warned = true
		}
	}
	if !warned {
		t.Errorf("no warning naming requirements/base.txt and suggesting ${VAR} (without repeating the password): %q", p.Warnings)
	}
	if strings.Contains(string(df), "s3cr3t") {
		t.Errorf("the Dockerfile repeats the password")
	}
	stages := dockerfileCommands(t, df)
	runtime := stages[len(stages)-1]
	copied := false
	for _, c := range runtime.Commands {
		cp, ok := c.(*instructions.CopyCommand)
		if !ok || cp.From != "" {
			continue
		}
		for _, src := range cp.SourcePaths {
			if src == "." {
				copied = true
				if !slicesContains(cp.ExcludePatterns, "requirements/base.txt") {
					t.Errorf("runtime COPY . copies requirements/base.txt (excludes: %q)", cp.ExcludePatterns)
				}
			}
		}
	}
	if !copied {
		t.Fatalf("runtime stage copies no source; the test project should need it:\n%s", df)
	}
	syntaxAtLeast(t, df, 19) // COPY --exclude
}

func slicesContains(s []string, v string) bool {
	for _, x := range s {
		if x == v {
			return true
		}
	}
	return false
}

// TestOneBaseStage: every stage starts from one `FROM python:X AS base`,
// so the builder's venv runs on exactly the runtime's interpreter.
func TestOneBaseStage(t *testing.T) {
	for name, fsys := range map[string]fstest.MapFS{
		"pip": {
			"requirements.txt": {Data: []byte("flask>=3\ngunicorn\n")},
			"app.py":           {Data: []byte("from flask import Flask\napp = Flask(__name__)\n")},
		},
		"stdlib": {"bot.py": {Data: []byte("print('hi')\n")}},
	} {
		t.Run(name, func(t *testing.T) {
			p, files := renderProject(t, fsys)
			stages := dockerfileCommands(t, files["Dockerfile"])
			if stages[0].Name != "base" || stages[0].BaseName != p.BaseImage {
				t.Fatalf("first stage = FROM %s AS %s, want FROM %s AS base", stages[0].BaseName, stages[0].Name, p.BaseImage)
			}
			for _, st := range stages[1:] {
				if st.BaseName != "base" {
					t.Errorf("stage %s starts FROM %s, not base", st.Name, st.BaseName)
				}
			}
			if len(stages) < 2 {
				t.Errorf("no stage builds on base")
			}
		})
	}
}

// TestToolVersionsFollowTheProject: uv's required-version and Poetry's
// requires-poetry choose the tool the builder runs: an exact pin as is, a
// range the pinned default satisfies keeps the default, any other range
// its lowest allowed version, with a note.
func TestToolVersionsFollowTheProject(t *testing.T) {
	uvProject := func(req string) fstest.MapFS {
		return fstest.MapFS{
			"pyproject.toml": {Data: []byte("[project]\nname = \"svc\"\nversion = \"1\"\nrequires-python = \">=3.12\"\ndependencies = [\"fastapi\", \"uvicorn\"]\n\n[tool.uv]\nrequired-version = \"" + req + "\"\n")},
			"uv.lock":        {Data: []byte("version = 1\nrequires-python = \">=3.12\"\n")},
			"main.py":        {Data: []byte("from fastapi import FastAPI\napp = FastAPI()\n")},
		}
	}
	poetryProject := func(req string) fstest.MapFS {
		return fstest.MapFS{
			"pyproject.toml": {Data: []byte("[tool.poetry]\nname = \"svc\"\nversion = \"1\"\npackage-mode = false\nrequires-poetry = \"" + req + "\"\n\n[tool.poetry.dependencies]\npython = \"^3.12\"\nflask = \"^3\"\ngunicorn = \"*\"\n")},
			"poetry.lock":    {Data: []byte("# lock\n")},
			"app.py":         {Data: []byte("from flask import Flask\napp = Flask(__name__)\n")},
		}
	}
	tests := []struct {
		name  string
		files fstest.MapFS
		want  string
		note  string
	}{
		{"uv exact", uvProject("==0.5.11"), "COPY --from=ghcr.io/astral-sh/uv:0.5.11 ", "0.5.11"},
		{"uv range with the default", uvProject(">=0.5,<2"), "COPY --from=" + plan.UVImage + " ", ">=0.5,<2"},
		{"uv range above the default", uvProject(">=0.14.2"), "COPY --from=ghcr.io/astral-sh/uv:0.14.2 ", ">=0.14.2"},
		{"poetry exact", poetryProject("==2.0.1"), "POETRY_VERSION=2.0.1 ", "2.0.1"},
		{"poetry range with the default", poetryProject(">=2.0"), "POETRY_VERSION=2.1.2 ", ">=2.0"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			p, files := renderProject(t, tt.files)
			if !strings.Contains(string(files["Dockerfile"]), tt.want) {
				t.Errorf("Dockerfile lacks %q:\n%s", tt.want, files["Dockerfile"])
			}
			found := false
			for _, d := range p.Decisions {
				if strings.Contains(d.Why, tt.note) && strings.Contains(d.Why, "pyproject.toml") {
					found = true
				}
			}
			if !found {
				t.Errorf("no decision cites %q from pyproject.toml: %+v", tt.note, p.Decisions)
			}
		})
	}
}
