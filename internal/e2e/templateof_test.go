//go:build e2e

package e2e

import "testing"

// The harness tells the template by what the Dockerfile runs, never by its
// comments: pip's hashed install explains itself with words about
// `uv pip compile` (pontoon's run was read as uv and looked for a
// pylock.toml it has not).
func TestTemplateOfIgnoresComments(t *testing.T) {
	pip := "FROM python:3.13-slim AS builder\n# uv pip compile --no-emit-package setuptools leaves it out\nRUN pip wheel --wheel-dir /wheels --no-deps -r requirements.txt\n"
	if got := templateOf(pip); got != "pip" {
		t.Errorf("templateOf(pip with a comment naming uv pip) = %q, want pip", got)
	}
	uv := "FROM python:3.13-slim AS builder\nRUN --mount=type=cache,target=/root/.cache/uv \\\n    uv sync --locked --no-install-project\n"
	if got := templateOf(uv); got != "uv" {
		t.Errorf("templateOf(uv) = %q, want uv", got)
	}
}
