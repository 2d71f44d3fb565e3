package lint

import (
	"fmt"
	"slices"
	"strings"
	"testing"
)

// cleanDockerfile is the shape pydock generates; BuildKit must have nothing
// to say about it, experimental rules included.
const cleanDockerfile = `# syntax=docker/dockerfile:1
# check=error=true

ARG PYTHON_VERSION=3.13

# builder installs the locked dependencies into a virtualenv.
FROM python:${PYTHON_VERSION}-slim-trixie AS builder
ENV PIP_DISABLE_PIP_VERSION_CHECK=1 \
    UV_COMPILE_BYTECODE=1
WORKDIR /app
COPY requirements.txt ./
RUN --mount=type=cache,target=/root/.cache/pip \
    python -m venv /app/.venv && \
    /app/.venv/bin/pip install -r requirements.txt
COPY . .

# runtime is the image we ship.
FROM python:3.13-slim-trixie AS runtime
ENV PATH="/app/.venv/bin:$PATH" \
    PYTHONUNBUFFERED=1
WORKDIR /app
RUN useradd --create-home --uid 10001 app
COPY --from=builder --chown=app:app /app /app
USER app
EXPOSE 8000
HEALTHCHECK --interval=30s --timeout=3s CMD ["python", "-c", "import urllib.request; urllib.request.urlopen('http://localhost:8000/health')"]
CMD ["gunicorn", "app:app", "--bind", "0.0.0.0:8000"]
`

func TestBuildKitClean(t *testing.T) {
	findings, err := BuildKit("Dockerfile", []byte(cleanDockerfile))
	if err != nil {
		t.Fatal(err)
	}
	for _, f := range findings {
		t.Errorf("unexpected finding: %+v", f)
	}
}

// An image no registry has must lint fine: base images are never resolved
// over the network.
func TestBuildKitOffline(t *testing.T) {
	df := "FROM registry.invalid/no/such-image:0 AS base\nRUN true\nFROM base\nCOPY --from=registry.invalid/other:1 /x /x\n"
	findings, err := BuildKit("Dockerfile", []byte(df))
	if err != nil || len(findings) != 0 {
		t.Fatalf("got %+v, %v; want no findings and no error", findings, err)
	}
}

// A read-write bind mount (writes discarded) is linted like any other:
// BuildKit's converter asks which LLB capabilities the builder has, and the
// offline linter must answer instead of crashing.
func TestBuildKitReadWriteMount(t *testing.T) {
	df := "FROM python:3.13-slim-trixie AS builder\nRUN --mount=type=bind,source=.,target=/src,rw \\\n    python -c pass\nFROM builder\nRUN --mount=type=bind,from=builder,source=/opt,target=/opt,rw true\n"
	findings, err := BuildKit("Dockerfile", []byte(df))
	if err != nil || len(findings) != 0 {
		t.Fatalf("got %+v, %v; want no findings and no error", findings, err)
	}
}

func TestBuildKitRules(t *testing.T) {
	tests := []struct {
		name string
		df   string
		want []string // "line Rule", in order
	}{
		{
			name: "shell form CMD",
			df:   "FROM python:3.13-slim\nCMD python app.py\n",
			want: []string{"2 JSONArgsRecommended"},
		},
		{
			name: "shell form ENTRYPOINT",
			df:   "FROM python:3.13-slim\nENTRYPOINT python app.py\n",
			want: []string{"2 JSONArgsRecommended"},
		},
		{
			name: "FROM/as casing",
			df:   "FROM python:3.12 as builder\nRUN true\n",
			want: []string{"1 FromAsCasing"},
		},
		{
			name: "legacy ENV",
			df:   "FROM python:3.13-slim\nENV APP_HOME /app\n",
			want: []string{"2 LegacyKeyValueFormat"},
		},
		{
			name: "secrets in ARG and ENV",
			df:   "FROM python:3.13-slim\nARG API_TOKEN\nENV DB_PASSWORD=x\n",
			want: []string{"2 SecretsUsedInArgOrEnv", "3 SecretsUsedInArgOrEnv"},
		},
		{
			name: "duplicate stage names",
			df:   "FROM python:3.13-slim AS app\nRUN true\nFROM python:3.13-slim AS app\nRUN true\n",
			want: []string{"3 DuplicateStageName"},
		},
		{
			name: "relative WORKDIR",
			df:   "FROM python:3.13-slim\nWORKDIR app\n",
			want: []string{"2 WorkdirRelativePath"},
		},
		{
			// RUN is left to the shell, so BuildKit only checks words it expands.
			name: "undefined variable",
			df:   "FROM python:3.13-slim\nWORKDIR /app\nCOPY $FOO /app/\n",
			want: []string{"3 UndefinedVar"},
		},
		{
			name: "MAINTAINER",
			df:   "FROM python:3.13-slim\nMAINTAINER someone@example.com\n",
			want: []string{"2 MaintainerDeprecated"},
		},
		{
			name: "empty continuation line from the parser",
			df:   "FROM python:3.13-slim\nRUN echo a \\\n\n    b\n",
			want: []string{"4 NoEmptyContinuation"},
		},
		{
			name: "undefined ARG in FROM",
			df:   "FROM python:3.13-slim${SUFFIX}\nRUN true\n",
			want: []string{"1 UndefinedArgInFrom"},
		},
		{
			name: "constant --platform",
			df:   "FROM --platform=linux/amd64 python:3.13-slim\nRUN true\n",
			want: []string{"1 FromPlatformFlagConstDisallowed"},
		},
		{
			name: "stage name casing",
			df:   "FROM python:3.13-slim AS Builder\nRUN true\n",
			want: []string{"1 StageNameCasing"},
		},
		{
			name: "instruction casing",
			df:   "FROM python:3.13-slim\nrun true\n",
			want: []string{"2 ConsistentInstructionCasing"},
		},
		{
			name: "two CMDs",
			df:   "FROM python:3.13-slim\nCMD [\"a\"]\nCMD [\"b\"]\n",
			want: []string{"2 MultipleInstructionsDisallowed"},
		},
		{
			name: "EXPOSE protocol casing",
			df:   "FROM python:3.13-slim\nEXPOSE 8000/TCP\n",
			want: []string{"2 ExposeProtoCasing"},
		},
		{
			// Experimental in BuildKit, so this proves we turn those on.
			name: "experimental: stage description comment",
			df:   "# Build the app\nFROM python:3.13-slim AS builder\nRUN true\n",
			want: []string{"2 InvalidDefinitionDescription"},
		},
		{
			// The directive we add must not move lines, with or without
			// other directives or a shebang above it.
			name: "lines after syntax directive",
			df:   "# syntax=docker/dockerfile:1\n\nFROM python:3.13-slim\nWORKDIR app\n",
			want: []string{"4 WorkdirRelativePath"},
		},
		{
			name: "lines after shebang",
			df:   "#!/usr/bin/env -S docker build -f\n\nFROM python:3.13-slim\nWORKDIR app\n",
			want: []string{"4 WorkdirRelativePath"},
		},
		{
			name: "lines after BOM",
			df:   "\ufeffFROM python:3.13-slim\nWORKDIR app\n",
			want: []string{"2 WorkdirRelativePath"},
		},
		{
			name: "user's check directive is kept and merged",
			df:   "# syntax=docker/dockerfile:1\n# check=skip=JSONArgsRecommended\n\n# Build\nFROM python:3.13-slim AS builder\nCMD python app.py\n",
			want: []string{"5 InvalidDefinitionDescription"},
		},
		{
			// skip also covers experimental rules, unlike BuildKit's own
			// precedence once experimental=all is set.
			name: "user skips an experimental rule",
			df:   "# check=skip=InvalidDefinitionDescription\n\n# Build\nFROM python:3.13-slim AS builder\nWORKDIR app\n",
			want: []string{"5 WorkdirRelativePath"},
		},
		{
			name: "user skips all",
			df:   "# check=skip=all\n\n# Build\nFROM python:3.13-slim AS builder\nWORKDIR app\n",
			want: nil,
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			findings, err := BuildKit("Dockerfile", []byte(tt.df))
			if err != nil {
				t.Fatal(err)
			}
			var got []string
			for _, f := range findings {
				got = append(got, fmt.Sprintf("%d %s", f.Line, f.Rule))
				if f.File != "Dockerfile" || f.Severity != SeverityWarning || f.Message == "" || !strings.HasPrefix(f.URL, "https://docs.docker.com/") {
					t.Errorf("incomplete finding: %+v", f)
				}
			}
			if !slices.Equal(got, tt.want) {
				t.Errorf("got %q, want %q", got, tt.want)
			}
		})
	}
}

func TestBuildKitErrors(t *testing.T) {
	tests := []struct {
		name, df, want string
	}{
		{
			name: "unknown instruction",
			df:   "# syntax=docker/dockerfile:1\nFROM python:3.13-slim\n\nRUN true\n\n\nFRM python\n",
			want: "Dockerfile:7: unknown instruction: FRM (did you mean FROM?)",
		},
		{
			name: "bad flag",
			df:   "FROM python:3.13-slim\nCOPY --chownn=app . /app\n",
			want: "Dockerfile:2: unknown flag: --chownn (did you mean chown?)",
		},
		{
			name: "no FROM",
			df:   "RUN true\n",
			want: "Dockerfile:1: no build stage in current context",
		},
		{
			name: "circular stages",
			df:   "FROM python:3.13-slim AS a\nCOPY --from=b / /\nFROM python:3.13-slim AS b\nCOPY --from=a / /\n",
			want: "Dockerfile:2: circular dependency detected on stage: a",
		},
		{
			name: "empty",
			df:   "",
			want: "Dockerfile: file with no instructions",
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := BuildKit("Dockerfile", []byte(tt.df))
			if err == nil || err.Error() != tt.want {
				t.Fatalf("got error %v, want %q", err, tt.want)
			}
		})
	}
}

// Past parsing, BuildKit can both warn and fail; we return both, as
// docker build --check does.
func TestBuildKitFindingsWithError(t *testing.T) {
	findings, err := BuildKit("Dockerfile", []byte("ARG PY\nFROM python:${PY}\nRUN true\n"))
	const wantErr = `Dockerfile:2: failed to parse stage name "python:": invalid reference format`
	if err == nil || err.Error() != wantErr {
		t.Errorf("got error %v, want %q", err, wantErr)
	}
	if len(findings) != 1 || findings[0].Rule != "InvalidDefaultArgInFrom" || findings[0].Line != 2 {
		t.Errorf("got %+v, want InvalidDefaultArgInFrom on line 2", findings)
	}
}

// benchDockerfile is a 60-line Dockerfile close to what pydock emits.
var benchDockerfile = func() []byte {
	var b strings.Builder
	b.WriteString(cleanDockerfile)
	for i := strings.Count(cleanDockerfile, "\n"); i < 60; i++ {
		fmt.Fprintf(&b, "LABEL org.example.n%d=\"%d\"\n", i, i)
	}
	return []byte(b.String())
}()

func BenchmarkBuildKit(b *testing.B) {
	if n := strings.Count(string(benchDockerfile), "\n"); n != 60 {
		b.Fatalf("benchmark Dockerfile has %d lines, want 60", n)
	}
	for b.Loop() {
		if _, err := BuildKit("Dockerfile", benchDockerfile); err != nil {
			b.Fatal(err)
		}
	}
}
