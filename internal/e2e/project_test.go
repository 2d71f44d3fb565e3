//go:build e2e

package e2e

import (
	"context"
	"encoding/json"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"regexp"
	"sort"
	"strings"
)

// generated are the files `pydock init` writes; they are removed from the
// copy so the example is built from what the generator makes today.
var generated = []string{"Dockerfile", ".dockerignore", "compose.yaml", "compose.yml", "docker-compose.yml", "docker-compose.yaml"}

func listExamples(root string) ([]string, error) {
	ents, err := os.ReadDir(root)
	if err != nil && !os.IsNotExist(err) {
		return nil, err
	}
	var out []string
	for _, e := range ents {
		if !e.IsDir() || strings.HasPrefix(e.Name(), ".") {
			continue
		}
		// Any folder with Python in it is a project (a stdlib-only script too).
		dir := filepath.Join(root, e.Name())
		if py, _ := filepath.Glob(filepath.Join(dir, "*.py")); len(py) > 0 {
			out = append(out, dir)
			continue
		}
		for _, f := range []string{"pyproject.toml", "requirements.txt", "setup.py", "Pipfile", "pylock.toml", "requirements.in"} {
			if _, err := os.Stat(filepath.Join(dir, f)); err == nil {
				out = append(out, dir)
				break
			}
		}
	}
	sort.Strings(out)
	return out, nil
}

// template is the install flavour a Dockerfile uses (the table's column).
func templateOf(dockerfile string) string {
	// Comments explain; only instructions say what runs.
	var code []string
	for _, l := range strings.Split(dockerfile, "\n") {
		if !strings.HasPrefix(strings.TrimSpace(l), "#") {
			code = append(code, l)
		}
	}
	dockerfile = strings.Join(code, "\n")
	switch {
	case regexp.MustCompile(`\buv (sync|pip)\b`).MatchString(dockerfile):
		return "uv"
	case strings.Contains(dockerfile, "poetry install") || strings.Contains(dockerfile, "poetry sync"):
		return "poetry"
	case strings.Contains(dockerfile, "pdm install") || strings.Contains(dockerfile, "pdm sync"):
		return "pdm"
	case strings.Contains(dockerfile, "pipenv "):
		return "pipenv"
	case installRe.MatchString(dockerfile):
		return "pip"
	default:
		return "stdlib" // nothing to install
	}
}

// --- Dockerfile reading: which images does it name? ---------------------------

type dockerfileInfo struct {
	Python   []baseRef // python:… images in FROM lines (after ARG expansion)
	Others   []string  // other external images (FROM or COPY --from)
	Stages   []string  // stage names
	HasArg   map[string]bool
	Template string
	// Tools are the package-manager releases the builder installs from the
	// index (poetry, pdm, pipenv -> version).
	Tools map[string]string
	// Secrets are the ids of the build's secret mounts (credentials).
	Secrets []string
}

var (
	fromRe    = regexp.MustCompile(`(?i)^FROM\s+(?:--platform=\S+\s+)?(\S+)(?:\s+AS\s+(\S+))?`)
	copyFrom  = regexp.MustCompile(`(?i)^COPY\s+.*--from=(\S+)`)
	argRe     = regexp.MustCompile(`(?i)^ARG\s+([A-Za-z_][A-Za-z0-9_]*)(?:=(.*))?$`)
	varRe     = regexp.MustCompile(`\$\{([A-Za-z_][A-Za-z0-9_]*)(?::?[-+][^}]*)?\}|\$([A-Za-z_][A-Za-z0-9_]*)`)
	toolPin   = regexp.MustCompile(`\b(POETRY|PDM|PIPENV)_VERSION=["']?([0-9][^"'\s]*)|\b(poetry|pdm|pipenv)==([0-9][^"'\s]*)`)
	secretRe  = regexp.MustCompile(`--mount=type=secret,(\S+)`)
	pythonRef = regexp.MustCompile(`^(?:(?:docker\.io/)?library/)?python:(\d+\.\d+)(?:\.\d+)?(?:-slim)?(?:-(bookworm|trixie|bullseye|buster|forky))?(?:@sha256:[0-9a-f]{64})?$`)
)

func readDockerfile(text string) dockerfileInfo {
	info := dockerfileInfo{HasArg: map[string]bool{}, Template: templateOf(text)}
	info.Tools = map[string]string{}
	for _, m := range toolPin.FindAllStringSubmatch(text, -1) {
		if m[1] != "" {
			info.Tools[strings.ToLower(m[1])] = m[2]
		} else if _, ok := info.Tools[m[3]]; !ok {
			info.Tools[m[3]] = m[4]
		}
	}
	seenSecret := map[string]bool{}
	for _, m := range secretRe.FindAllStringSubmatch(text, -1) {
		for _, kv := range strings.Split(m[1], ",") {
			if k, v, _ := strings.Cut(kv, "="); k == "id" && !seenSecret[v] {
				seenSecret[v] = true
				info.Secrets = append(info.Secrets, v)
			}
		}
	}
	global := map[string]string{}
	stages := map[string]bool{}
	seenFrom := false
	// Join continuation lines first.
	text = strings.ReplaceAll(text, "\\\n", " ")
	for _, raw := range strings.Split(text, "\n") {
		line := strings.TrimSpace(raw)
		if line == "" || strings.HasPrefix(line, "#") {
			continue
		}
		if m := argRe.FindStringSubmatch(line); m != nil {
			info.HasArg[m[1]] = true
			if !seenFrom {
				global[m[1]] = strings.Trim(m[2], `"'`)
			}
			continue
		}
		expand := func(s string) string {
			return varRe.ReplaceAllStringFunc(s, func(v string) string {
				m := varRe.FindStringSubmatch(v)
				name := m[1] + m[2]
				if val, ok := global[name]; ok {
					return val
				}
				// ${X:-default}
				if i := strings.Index(v, ":-"); i > 0 {
					return strings.TrimSuffix(v[i+2:], "}")
				}
				return ""
			})
		}
		if m := fromRe.FindStringSubmatch(line); m != nil {
			seenFrom = true
			img := expand(m[1])
			if m[2] != "" {
				stages[strings.ToLower(m[2])] = true
				info.Stages = append(info.Stages, strings.ToLower(m[2]))
			}
			if stages[strings.ToLower(img)] || img == "scratch" {
				continue
			}
			addImage(&info, img)
			continue
		}
		if m := copyFrom.FindStringSubmatch(line); m != nil {
			img := expand(m[1])
			if !stages[strings.ToLower(img)] && !regexp.MustCompile(`^\d+$`).MatchString(img) {
				addImage(&info, img)
			}
		}
	}
	return info
}

func addImage(info *dockerfileInfo, img string) {
	if m := pythonRef.FindStringSubmatch(img); m != nil {
		rel := m[2]
		if rel == "" {
			rel = "trixie" // python:X-slim without a suite is Debian's current stable
		}
		for _, b := range info.Python {
			if b.Ref == img {
				return
			}
		}
		info.Python = append(info.Python, baseRef{Ref: img, Release: rel, Python: m[1]})
		return
	}
	for _, o := range info.Others {
		if o == img {
			return
		}
	}
	info.Others = append(info.Others, img)
}

// --- Poetry: point the package source at the index and re-lock ----------------

var poetrySourceTable = regexp.MustCompile(`(?ms)^\[\[tool\.poetry\.source\]\].*?(^\[|\z)`)

// pointPoetryAt declares the local index as the primary Poetry source (as a
// company with a private index does). Poetry reads sources only from
// pyproject.toml, so this is the one way to swap where packages come from.
func pointPoetryAt(dir, index string) error {
	return declareIndex(dir, poetrySourceTable, fmt.Sprintf("[[tool.poetry.source]]\nname = \"pydock-e2e\"\nurl = %q\npriority = \"primary\"\n", index))
}

// declareIndex rewrites dir's pyproject.toml without the entries table
// matches, then appends entry: the tool then reads the mirror as its index
// from the project's own file.
func declareIndex(dir string, table *regexp.Regexp, entry string) error {
	p := filepath.Join(dir, "pyproject.toml")
	b, err := os.ReadFile(p)
	if err != nil {
		return err
	}
	text := table.ReplaceAllStringFunc(string(b), func(s string) string {
		if strings.HasSuffix(s, "[") {
			return "["
		}
		return ""
	})
	return os.WriteFile(p, []byte(strings.TrimRight(text, "\n")+"\n\n"+entry), 0o644)
}

// relockPoetry runs `poetry lock` in a container of the trixie stand-in, with
// the Poetry release the Dockerfile pins installed from the local mirror
// (the real release from the package index), against the mirror the
// pyproject now names. Poetry 2's `lock` keeps the locked versions.
// --no-cache: Poetry caches index pages per source name, so a page from an
// earlier fill of the mirror (MobSF's pyyaml without its cp313 wheel) would
// name files the mirror has since grown past.
//
// A project whose requires-python excludes trixie's 3.13 is relocked in its
// own stand-in (Poetry refuses to lock for a Python it is not running on:
// Demo__FastAPI's >=3.14 on forky).
func (h *harness) relockPoetry(ctx context.Context, o *offline, dir, version string, own baseRef) error {
	img, err := h.toolImage(ctx, o)
	venv := filepath.Join(o.cache, "poetry-"+version+"-"+mirrorRev+"-venv")
	if own.StandIn != "" && own.StandIn != "trixie" && own.StandIn != "bookworm" {
		img, err = h.podmanBase(ctx, own)
		venv += "-" + own.StandIn
	}
	if err != nil {
		return err
	}
	if err := os.MkdirAll(venv, 0o755); err != nil {
		return err
	}
	script := `set -e
[ -x /opt/poetry/bin/poetry ] || { python3 -m venv /opt/poetry && /opt/poetry/bin/pip install -q --index-url "$MIRROR" "poetry==$POETRY_VERSION"; }
cd /src && POETRY_CACHE_DIR=/opt/poetry/cache /opt/poetry/bin/poetry --no-cache lock --no-interaction`
	_, err = runCmd(ctx, "", "podman", append(append([]string{"run", "--rm"}, o.RunArgs()...),
		"-e", "MIRROR="+o.mirrorURL(), "-e", "POETRY_VERSION="+version,
		"-v", venv+":/opt/poetry", "-v", dir+":/src", img, "sh", "-c", script)...)
	return err
}

// toolImage is the trixie stand-in as a podman image: where the package
// managers run on the host's behalf (re-locking against the mirror).
func (h *harness) toolImage(ctx context.Context, o *offline) (string, error) {
	tool := baseRef{Release: "trixie"}
	if err := o.standIn(&tool); err != nil {
		return "", err
	}
	return h.podmanBase(ctx, tool)
}

// podmanBase makes the stand-in layout runnable by podman (once).
func (h *harness) podmanBase(ctx context.Context, b baseRef) (string, error) {
	tag := "localhost/pydock-e2e-base:" + b.Release + "-" + strings.TrimPrefix(b.Digest, "sha256:")[:12]
	if _, err := runCmd(ctx, "", "podman", "image", "exists", tag); err == nil {
		return tag, nil
	}
	// The layout's single layer is a plain tar of the root file system.
	var m struct{ Layers []struct{ Digest string } }
	data, err := os.ReadFile(filepath.Join(b.Layout, "blobs", "sha256", strings.TrimPrefix(b.Digest, "sha256:")))
	if err != nil {
		return "", err
	}
	if err := json.Unmarshal(data, &m); err != nil || len(m.Layers) != 1 {
		return "", fmt.Errorf("stand-in manifest %s: want one layer (%v)", b.Digest, err)
	}
	blob := filepath.Join(b.Layout, "blobs", "sha256", strings.TrimPrefix(m.Layers[0].Digest, "sha256:"))
	_, err = runCmd(ctx, "", "podman", "import", "--change", "ENV PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin",
		"--change", "ENV LANG=C.UTF-8", blob, tag)
	return tag, err
}

// touchSource changes one application source file (content, since BuildKit's
// cache keys on content, not mtime) and returns its path.
func touchSource(dir string) (string, error) {
	var candidates []string
	_ = filepath.WalkDir(dir, func(p string, d fs.DirEntry, err error) error {
		if err != nil {
			return nil
		}
		if d.IsDir() && (strings.HasPrefix(d.Name(), ".") && p != dir || d.Name() == "tests" || d.Name() == "test") {
			return filepath.SkipDir
		}
		if !d.IsDir() && strings.HasSuffix(p, ".py") && d.Name() != "setup.py" {
			candidates = append(candidates, p)
		}
		return nil
	})
	if len(candidates) == 0 {
		return "", fmt.Errorf("no .py source file in %s", dir)
	}
	sort.Slice(candidates, func(i, j int) bool {
		// Prefer the app's entry module.
		score := func(p string) int {
			switch filepath.Base(p) {
			case "main.py", "app.py", "views.py", "wsgi.py":
				return 0
			}
			return 1
		}
		if score(candidates[i]) != score(candidates[j]) {
			return score(candidates[i]) < score(candidates[j])
		}
		return candidates[i] < candidates[j]
	})
	f, err := os.OpenFile(candidates[0], os.O_APPEND|os.O_WRONLY, 0)
	if err != nil {
		return "", err
	}
	defer f.Close()
	_, err = fmt.Fprintf(f, "\n# pydock-e2e: a source-only change\n")
	return candidates[0], err
}
