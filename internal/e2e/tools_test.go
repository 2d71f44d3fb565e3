//go:build e2e

package e2e

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
	"time"
)

// Pins used when internal/plan has none yet (the pdm and Pipenv templates
// land with issue #13); the plan's own pins win when present.
var toolDefaults = map[string]string{"pdm": "2.29.4", "pipenv": "2026.10.3"}

// pinnedTool reads `<Name>Version = "X"` from internal/plan, else the default.
func (h *harness) pinnedTool(tool string) string {
	name := map[string]string{"pdm": "PDMVersion", "pipenv": "PipenvVersion", "poetry": "PoetryVersion"}[tool]
	if env := os.Getenv("PYDOCK_E2E_" + strings.ToUpper(tool) + "_VERSION"); env != "" {
		return env
	}
	src, _ := os.ReadFile(filepath.Join(h.repo, "internal", "plan", "plan.go"))
	if m := regexp.MustCompile(`\b` + name + `\s*=\s*"([^"]+)"`).FindSubmatch(src); m != nil {
		return string(m[1])
	}
	return toolDefaults[tool]
}

// toolContainer runs script in a container of the trixie stand-in with the
// project folder at /src, a cache folder at /opt/tool, host network (the
// mirror is on 127.0.0.1) and env.
func (h *harness) toolContainer(ctx context.Context, o *offline, dir, cache, script string, env ...string) (string, error) {
	img, err := h.toolImage(ctx, o)
	if err != nil {
		return "", err
	}
	if err := os.MkdirAll(cache, 0o755); err != nil {
		return "", err
	}
	args := append([]string{"run", "--rm"}, o.RunArgs()...)
	args = append(args, "-e", "MIRROR="+o.mirrorURL())
	for _, e := range env {
		args = append(args, "-e", e)
	}
	args = append(args, "-v", cache+":/opt/tool", "-v", dir+":/src", "-w", "/src", img, "sh", "-ec", script)
	return runCmd(ctx, "", "podman", args...)
}

// installTool is the shell that installs `tool==version` from the mirror
// into /opt/tool/venv once (the cache folder is per tool, version and mirror).
const installTool = `set -f
[ -x /opt/tool/venv/bin/python ] || { python3 -m venv /opt/tool/venv && /opt/tool/venv/bin/pip install -q --disable-pip-version-check --index-url "$MIRROR" ${SPEC:-$TOOL==$VERSION}; }
`

// repointPipenv moves a Pipenv project onto the mirror without resolving
// again: `pipenv requirements` writes the Pipfile's source as `-i`, which
// overrides PIP_INDEX_URL, so the Pipfile's sources and the lock's
// _meta.sources name the mirror, and the lock's Pipfile hash is recomputed by
// Pipenv itself. Every locked version and file hash stays as committed;
// `pipenv verify` proves the lock matches again.
func (h *harness) repointPipenv(ctx context.Context, o *offline, dir, version string) error {
	script := installTool + `/opt/tool/venv/bin/python - <<'EOF'
import json, os, re
from pipenv.project import Project
mirror = os.environ["MIRROR"]
text = open("Pipfile").read()
# Every [[source]] url; verify_ssl is meaningless for a loopback http index.
text = re.sub(r'(?m)^(\s*url\s*=\s*)(["\']).*?\2', lambda m: m.group(1) + '"' + mirror + '"', text)
open("Pipfile", "w").write(text)
p = Project()
lock = json.load(open("Pipfile.lock"))
# _meta (Pipfile hash, sources, requires) as Pipenv itself writes it.
try:
    lock["_meta"] = p.lockfile.meta()
except AttributeError:  # Pipenv before the 2026 Project split
    lock["_meta"] = p.get_lockfile_meta()
with open("Pipfile.lock", "w") as f:
    json.dump(lock, f, indent=4, sort_keys=True)
    f.write("\n")
EOF
/opt/tool/venv/bin/pipenv verify
`
	_, err := h.toolContainer(ctx, o, dir, filepath.Join(o.cache, "tool-pipenv-"+version+"-"+mirrorRev), script,
		"TOOL=pipenv", "VERSION="+version, "PIPENV_VERBOSITY=-1", "PIPENV_NOSPIN=1")
	return err
}

// TestToolProvisioning proves the harness can build pdm and Pipenv projects
// the day their examples land: each pinned release installs from the mirror
// in the stand-in, locks a throw-away project against the mirror, installs it
// from the lock alone into a venv and imports the package; the Pipenv lock
// then goes through the same repointing as an example's (versions kept,
// verify passes).
func TestToolProvisioning(t *testing.T) {
	o, ok := h.be.(*offline)
	if !ok {
		t.Skip("the docker backend installs tools from the real index in the build")
	}
	const dep = "click==8.1.7"
	for _, tool := range []string{"pdm", "pipenv"} {
		t.Run(tool, func(t *testing.T) {
			ctx, cancel := context.WithTimeout(context.Background(), 10*time.Minute)
			defer cancel()
			version := h.pinnedTool(tool)
			spec := tool + "==" + version
			if tool == "pdm" {
				// The newest hishel (2.0) breaks pdm 2.29.4 ("module 'hishel'
				// has no attribute 'SyncSqliteStorage'"), and pdm[locked]
				// pins certifi==2026.10.19, which the index no longer has:
				// the release installs with hishel held at its locked 1.4.0.
				spec += " hishel[httpx2]==1.4.0"
			}
			t0 := time.Now()
			args := []string{"--python", "3.13", "--require", dep}
			for _, r := range strings.Fields(spec) {
				args = append(args, "--require", r)
			}
			if err := h.fillMirror(ctx, o, args...); err != nil {
				t.Fatal(err)
			}
			dir := filepath.Join(t.TempDir(), "throwaway")
			if err := os.MkdirAll(filepath.Join(dir, "throwaway"), 0o755); err != nil {
				t.Fatal(err)
			}
			cache := filepath.Join(o.cache, "tool-"+strings.NewReplacer("[", "-", "]", "", "==", "-", " ", "+").Replace(spec)+"-"+mirrorRev)
			env := []string{"TOOL=" + tool, "VERSION=" + version, "SPEC=" + spec}
			var script, lock string
			switch tool {
			case "pdm":
				lock = "pdm.lock"
				writeFile(t, filepath.Join(dir, "pyproject.toml"), fmt.Sprintf("[project]\nname = \"throwaway\"\nversion = \"0.1.0\"\nrequires-python = \">=3.11\"\ndependencies = [%q]\n\n[tool.pdm]\ndistribution = false\n", dep))
				script = installTool + `export PDM_PYPI_URL="$MIRROR" PDM_CHECK_UPDATE=false PDM_NON_INTERACTIVE=1 PDM_CACHE_DIR=/tmp/pdm-cache
/opt/tool/venv/bin/pdm --version
/opt/tool/venv/bin/pdm lock
python3 -m venv --without-pip .venv
/opt/tool/venv/bin/pdm install --check --prod --frozen-lockfile --no-self
.venv/bin/python -c 'import click; print("click", click.__version__)'`
				env = append(env, "PDM_VERSION="+version)
			case "pipenv":
				lock = "Pipfile.lock"
				writeFile(t, filepath.Join(dir, "Pipfile"), fmt.Sprintf("[[source]]\nname = \"mirror\"\nurl = \"%s\"\nverify_ssl = false\n\n[packages]\nclick = \"==%s\"\n\n[requires]\npython_version = \"3.13\"\n", o.mirrorURL(), strings.TrimPrefix(dep, "click==")))
				script = installTool + `export PIPENV_VERBOSITY=-1 PIPENV_NOSPIN=1 PIPENV_CACHE_DIR=/tmp/pipenv-cache
/opt/tool/venv/bin/pipenv --version
/opt/tool/venv/bin/pipenv lock
/opt/tool/venv/bin/pipenv verify
/opt/tool/venv/bin/pipenv requirements --hash > /tmp/requirements.txt
python3 -m venv --without-pip .venv
pip --python .venv/bin/python install -q --no-deps --require-hashes -r /tmp/requirements.txt
.venv/bin/python -c 'import click; print("click", click.__version__)'`
			}
			out, err := h.toolContainer(ctx, o, dir, cache, script, env...)
			h.saveLog("tool-"+tool+".log", out)
			if err != nil {
				t.Fatalf("%s %s from the mirror on a throw-away project: %v", tool, version, err)
			}
			if !strings.Contains(out, "click 8.1.7") {
				t.Fatalf("the throw-away project's venv does not import click 8.1.7:\n%s", tail(out, 20))
			}
			got, err := h.lockedVersions(ctx, filepath.Join(dir, lock))
			if err != nil {
				t.Fatal(err)
			}
			if got["click"] != "8.1.7" {
				t.Fatalf("%s locks click %q, want 8.1.7", lock, got["click"])
			}
			if tool == "pipenv" {
				// The example route: the same lock moved onto the mirror under
				// another spelling of its address keeps every version.
				alt := &offline{buildctl: o.buildctl, addr: o.addr, cache: o.cache,
					indexURL: strings.Replace(o.indexURL, "127.0.0.1", "localhost", 1)}
				if err := h.repointPipenv(ctx, alt, dir, version); err != nil {
					t.Fatalf("repointing the Pipenv lock: %v", err)
				}
				after, err := h.lockedVersions(ctx, filepath.Join(dir, lock))
				if err != nil {
					t.Fatal(err)
				}
				if _, err := sameVersions(got, after); err != nil {
					t.Fatal(err)
				}
				if pf := readFileString(filepath.Join(dir, "Pipfile")); !strings.Contains(pf, alt.mirrorURL()) {
					t.Fatalf("Pipfile source not repointed:\n%s", pf)
				}
			}
			t.Logf("%s %s from the mirror: locked, installed and imported click 8.1.7 offline in %.1fs", tool, version, time.Since(t0).Seconds())
		})
	}
}

func writeFile(t *testing.T, p, text string) {
	t.Helper()
	if err := os.WriteFile(p, []byte(text), 0o644); err != nil {
		t.Fatal(err)
	}
}
