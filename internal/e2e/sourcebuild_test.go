//go:build e2e

package e2e

import (
	"context"
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"regexp"
	"sort"
	"strings"
	"testing"

	"github.com/BurntSushi/toml"
)

// Issue #11: pydock decides from the lock's files which packages compile in
// the builder and which Debian packages that takes. The cold build shows
// what really compiled; the running image shows whether it loads.

// nativeRow is the part of a row of internal/plan/native.toml this file reads.
type nativeRow struct {
	Name string `toml:"name"`
	Kind string `toml:"kind"`
	Why  string `toml:"why"`
}

// plannedSourceBuilds is what pydock itself says will compile, from
// `pydock detect --json`: every C row of native.toml whose reason its
// "system packages" decision gives. Anything else that builds from an sdist
// (other than the project) is a build pydock said was not needed.
func (h *harness) plannedSourceBuilds(ctx context.Context, dir string) ([]string, error) {
	out, err := runCmd(ctx, "", h.pydock, "detect", "--json", dir)
	if err != nil {
		return nil, err
	}
	var rep struct {
		Decisions []struct{ Name, Value, Why string } `json:"decisions"`
	}
	if err := json.Unmarshal([]byte(out), &rep); err != nil {
		return nil, fmt.Errorf("pydock detect --json: %v", err)
	}
	why := ""
	for _, d := range rep.Decisions {
		if d.Name == "system packages" {
			why = d.Why
		}
	}
	if why == "" {
		return nil, nil
	}
	var table struct {
		Package []nativeRow `toml:"package"`
	}
	if _, err := toml.DecodeFile(filepath.Join(h.repo, "internal", "plan", "native.toml"), &table); err != nil {
		return nil, err
	}
	var names []string
	for _, n := range table.Package {
		if n.Kind == "c" && n.Why != "" && strings.Contains(why, n.Why) {
			names = append(names, canonName(n.Name))
		}
	}
	sort.Strings(names)
	return names, nil
}

var nonNameRe = regexp.MustCompile(`[-_.]+`)

// canonName is PEP 503's normalised name.
func canonName(s string) string { return strings.ToLower(nonNameRe.ReplaceAllString(s, "-")) }

// Installers' own lines for a wheel built from source: pip (and Pipenv's
// pip) "Building wheel for NAME (pyproject.toml|setup.py)", uv "Built NAME==V"
// or "Built NAME @ file://…", pdm "Building wheel for NAME". Poetry prints
// none at its default verbosity: the mirror's log below covers it.
var builtLineRe = []*regexp.Regexp{
	regexp.MustCompile(`Building wheel for ([A-Za-z0-9][A-Za-z0-9._-]*) \(`),
	regexp.MustCompile(`\bBuilt ([A-Za-z0-9][A-Za-z0-9._-]*)(?:==| @ )`),
}

// builtInLog lists the packages the build log says were built from source.
func builtInLog(progress string) []string {
	seen := map[string]bool{}
	for _, re := range builtLineRe {
		for _, m := range re.FindAllStringSubmatch(progress, -1) {
			seen[canonName(m[1])] = true
		}
	}
	return setKeys(seen)
}

// sdistGetRe is the index server's log line for an sdist of the mirror.
var sdistGetRe = regexp.MustCompile(`"GET /` + mirrorRev + `/files/([^ "/]+)\.(?:tar\.gz|zip) HTTP`)

// serverLogSize is where the index server's log ends now ("" backend: -1).
func (h *harness) serverLogSize() int64 {
	o, ok := h.be.(*offline)
	if !ok {
		return -1
	}
	st, err := os.Stat(filepath.Join(o.cache, "index-server.log"))
	if err != nil {
		return -1
	}
	return st.Size()
}

// sdistsFetchedSince lists the packages whose sdist the build fetched from
// the mirror after offset: an installer fetches an sdist only to build it.
func (h *harness) sdistsFetchedSince(off int64) []string {
	o, ok := h.be.(*offline)
	if !ok || off < 0 {
		return nil
	}
	f, err := os.Open(filepath.Join(o.cache, "index-server.log"))
	if err != nil {
		return nil
	}
	defer f.Close()
	if _, err := f.Seek(off, 0); err != nil {
		return nil
	}
	b := make([]byte, 0, 1<<16)
	buf := make([]byte, 1<<16)
	for {
		n, err := f.Read(buf)
		b = append(b, buf[:n]...)
		if err != nil {
			break
		}
	}
	seen := map[string]bool{}
	for _, m := range sdistGetRe.FindAllStringSubmatch(string(b), -1) {
		name, _, _ := strings.Cut(m[1], "?")
		if i := strings.LastIndex(name, "-"); i > 0 {
			name = name[:i]
		}
		seen[canonName(name)] = true
	}
	return setKeys(seen)
}

func setKeys(m map[string]bool) []string {
	out := make([]string, 0, len(m))
	for k := range m {
		out = append(out, k)
	}
	sort.Strings(out)
	return out
}

// projectName is the project's own distribution name ([project] or
// [tool.poetry]), which always builds from source when it is installed.
func projectName(dir string) string {
	var doc struct {
		Project struct{ Name string } `toml:"project"`
		Tool    struct {
			Poetry struct{ Name string } `toml:"poetry"`
		} `toml:"tool"`
	}
	if _, err := toml.DecodeFile(filepath.Join(dir, "pyproject.toml"), &doc); err != nil {
		return ""
	}
	if doc.Project.Name != "" {
		return canonName(doc.Project.Name)
	}
	return canonName(doc.Tool.Poetry.Name)
}

// checkSourceBuilds records `source-builds`: nothing but the project and
// the packages pydock planned to compile was built from source in the cold
// build; and that each planned one really compiled there (a plan that adds
// a compiler nobody needs is a finding too, but a soft one: a wheel for the
// build machine may exist where arm64 has none, so it is only reported).
func (h *harness) checkSourceBuilds(t *testing.T, p *prepared, progress string, logOff int64, r *row) {
	built := map[string]bool{}
	for _, n := range builtInLog(progress) {
		built[n] = true
	}
	for _, n := range h.sdistsFetchedSince(logOff) {
		built[n] = true
	}
	own := projectName(p.dir)
	planned := map[string]bool{}
	for _, n := range p.compiled {
		planned[n] = true
	}
	var unplanned, compiled []string
	for _, n := range setKeys(built) {
		switch {
		case n == own:
		case planned[n]:
			compiled = append(compiled, n)
		default:
			unplanned = append(unplanned, n)
		}
	}
	p.builtFromSource = compiled
	r.Compiled = compiled
	detail := fmt.Sprintf("built from source, though pydock planned no build for them (detect --json plans: %v): %v", p.compiled, unplanned)
	record(t, r, "source-builds", len(unplanned) == 0, detail)
	if len(unplanned) == 0 && len(p.compiled) > 0 {
		r.Checks[len(r.Checks)-1].Detail = fmt.Sprintf("compiled as planned: %v (planned %v)", compiled, p.compiled)
	}
	t.Logf("source builds: %v (project %q; pydock planned %v)", setKeys(built), own, p.compiled)
}

// importScript imports every compiled extension module of the named
// distributions: a missing runtime library fails here with the name of the
// .so that cannot be loaded.
const importScript = `
import importlib, importlib.metadata as md, sys
for dist in sys.argv[1:]:
    mods = set()
    for f in md.distribution(dist).files or []:
        s = str(f)
        if s.endswith(".so") and not s.startswith(".."):
            mods.add(s.split(".")[0].replace("/", "."))
    if not mods:
        sys.exit(dist + ": no compiled module installed")
    for m in sorted(mods):
        importlib.import_module(m)
        print(dist, m)
`

// checkNativeImports records `native-import`: in the running container, the
// compiled modules of every package pydock planned to compile import, so
// the runtime stage's Debian packages are the ones they need.
func (h *harness) checkNativeImports(t *testing.T, ctx context.Context, container string, p *prepared, r *row) {
	if len(p.compiled) == 0 {
		na(r, "native-import", "pydock planned no compiled package")
		return
	}
	args := append([]string{"exec", container, "python", "-c", importScript}, p.compiled...)
	out, err := runCmd(ctx, "", h.be.CLI(), args...)
	record(t, r, "native-import", err == nil, fmt.Sprintf("importing the compiled modules of %v failed: %v", p.compiled, err))
	if err == nil {
		r.Checks[len(r.Checks)-1].Detail = strings.Join(strings.Fields(strings.ReplaceAll(strings.TrimSpace(out), "\n", ";")), " ")
		t.Logf("compiled modules imported: %s", strings.TrimSpace(out))
	}
}
