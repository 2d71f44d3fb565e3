package detect

import (
	"bytes"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"io/fs"
	"maps"
	"path"
	"regexp"
	"slices"
	"sort"
	"strings"

	"github.com/pelletier/go-toml/v2"
)

// LockCheck is the lock file's freshness as its own tool judges it before
// installing: uv sync --locked, pipenv verify and pdm install --check all
// refuse a lock that no longer matches its manifest, so a stale lock fails
// the build. nil in Facts means pydock could not judge it statically.
type LockCheck struct {
	File  string `json:"file"`
	Stale bool   `json:"stale"`
	// Why says what differs, with file and line where they help.
	Why string `json:"why,omitempty"`
	// Fix is the command that brings the lock up to date.
	Fix string `json:"fix,omitempty"`
}

// checkLockFreshness judges the chosen manager's lock against its
// manifest, the way the tool does, and warns when the build would refuse it.
func checkLockFreshness(fsys fs.FS, f *Facts) {
	if f.workspace != nil {
		return // the lock is at the workspace root, outside this fsys
	}
	var lc *LockCheck
	switch f.Manager {
	case ManagerUV:
		lc = checkUVLock(fsys)
	case ManagerPipenv:
		lc = checkPipfileLock(fsys)
	case ManagerPDM:
		lc = checkPDMLock(fsys)
	}
	if lc == nil {
		return
	}
	f.LockCheck = lc
	if lc.Stale {
		f.Warnings = append(f.Warnings, fmt.Sprintf("%s is stale: %s; the build's %s refuses it, so run `%s` and commit %s", lc.File, lc.Why, refusedBy[f.Manager], lc.Fix, lc.File))
	}
}

// refusedBy is the step of the generated Dockerfile that checks the lock.
var refusedBy = map[Manager]string{
	ManagerUV:     "uv sync --locked",
	ManagerPipenv: "pipenv verify",
	ManagerPDM:    "pdm install --check",
}

// --- Pipenv ---------------------------------------------------------------

// pipfileSectionsHashed are the Pipfile tables Pipenv leaves out of the
// hash's package categories (pipenv/utils/pipfile.py, calculate_hash).
var pipfileNotCategories = map[string]bool{
	"source": true, "packages": true, "dev-packages": true, "requires": true,
	"scripts": true, "pipfile": true, "pipenv": true, "default": true, "develop": true,
}

// checkPipfileLock compares Pipfile.lock's _meta.hash.sha256 with the hash
// Pipenv computes of the Pipfile: SHA-256 of a compact, key-sorted JSON
// dump of {_meta: {sources, requires}, default, develop, <categories>},
// where the sources default to PyPI when the Pipfile names none and, since
// Pipenv 2026.4, package names are in PEP 503 form.
func checkPipfileLock(fsys fs.FS) *LockCheck {
	data, err := readBounded(fsys, "Pipfile", maxManifestSize, "manifests")
	if err != nil {
		return nil
	}
	var raw map[string]any
	if toml.Unmarshal(data, &raw) != nil {
		return nil
	}
	lockData, err := readLockFile(fsys, "Pipfile.lock")
	if err != nil {
		return nil
	}
	var lock pipfileLock
	if json.Unmarshal(lockData, &lock) != nil {
		return nil
	}
	current, ok := pipfileHash(raw, true)
	if !ok {
		return nil
	}
	lc := &LockCheck{File: "Pipfile.lock", Fix: "pipenv lock"}
	recorded := lock.Meta.Hash.SHA256
	switch {
	case recorded == current:
		return lc
	case recorded == "":
		lc.Why = "it records no hash of the Pipfile (_meta.hash.sha256)"
	default:
		lc.Why = fmt.Sprintf("it records the Pipfile's hash as %s…, but the Pipfile now hashes to %s… (packages, sources or requires changed since `pipenv lock`)", short(recorded), short(current))
		if old, ok := pipfileHash(raw, false); ok && old == recorded {
			lc.Why = "it was locked by a Pipenv older than 2026.4, which hashed the Pipfile's package names as written; current Pipenv hashes them in PEP 503 form, so the same Pipfile no longer matches"
		}
	}
	lc.Stale = true
	return lc
}

func short(h string) string {
	if len(h) > 12 {
		return h[:12]
	}
	return h
}

// pipfileHash is Pipenv's hash of a Pipfile decoded into raw; canonical
// says whether package names are put in PEP 503 form first. ok is false
// when the Pipfile holds a value Pipenv itself could not dump.
func pipfileHash(raw map[string]any, canonical bool) (string, bool) {
	section := func(v any) (map[string]any, bool) {
		m, ok := v.(map[string]any)
		if v == nil {
			return map[string]any{}, true
		}
		if !ok {
			return nil, false
		}
		if !canonical {
			return m, true
		}
		out := make(map[string]any, len(m))
		for _, k := range sortedKeys(m) {
			out[normalizeName(k)] = m[k]
		}
		return out, true
	}
	sources, ok := raw["source"]
	if !ok {
		// Pipenv loads a Pipfile without [[source]] with PyPI prepended.
		sources = []any{map[string]any{"name": "pypi", "url": "https://pypi.org/simple", "verify_ssl": true}}
	}
	requires, ok := raw["requires"]
	if !ok {
		requires = map[string]any{}
	}
	data := map[string]any{"_meta": map[string]any{"sources": sources, "requires": requires}}
	for _, s := range []struct{ from, to string }{{"packages", "default"}, {"dev-packages", "develop"}} {
		m, ok := section(raw[s.from])
		if !ok {
			return "", false
		}
		data[s.to] = m
	}
	for k, v := range raw {
		if pipfileNotCategories[k] {
			continue
		}
		m, ok := section(v)
		if !ok {
			return "", false
		}
		data[k] = m
	}
	dump, err := pyJSON(data, ",", ":")
	if err != nil {
		return "", false
	}
	sum := sha256.Sum256(dump)
	return hex.EncodeToString(sum[:]), true
}

// --- pdm --------------------------------------------------------------------

// checkPDMLock compares pdm.lock's [metadata] content_hash with pdm's
// content hash of pyproject.toml: SHA-256 of json.dumps(sort_keys=True) of
// the sources, dependencies, dependency groups (PEP 735 and
// [tool.pdm.dev-dependencies], names normalised), optional dependencies,
// requires-python and [tool.pdm.resolution]. A lock that records
// lock_inputs (pdm's newer check) or a pdm workspace is not judged.
func checkPDMLock(fsys fs.FS) *LockCheck {
	data, err := readBounded(fsys, "pyproject.toml", maxManifestSize, "manifests")
	if err != nil {
		return nil
	}
	var raw map[string]any
	if toml.Unmarshal(data, &raw) != nil {
		return nil
	}
	lockData, err := readLockFile(fsys, "pdm.lock")
	if err != nil {
		return nil
	}
	var lock struct {
		Metadata map[string]any `toml:"metadata"`
	}
	if toml.Unmarshal(lockData, &lock) != nil {
		return nil
	}
	if _, ok := lock.Metadata["lock_inputs"]; ok {
		return nil
	}
	project := table(raw, "project")
	pdm := table(table(raw, "tool"), "pdm")
	if pdm["workspace"] != nil {
		return nil
	}
	lc := &LockCheck{File: "pdm.lock", Fix: "pdm lock"}
	if r := table(pdm, "resolution"); r["lock_inputs"] == true {
		lc.Stale, lc.Why = true, "[tool.pdm.resolution] lock_inputs = true, but the lock records no lock inputs"
		return lc
	}
	groups := map[string]any{}
	for _, k := range sortedKeys(table(raw, "dependency-groups")) {
		groups[normalizeName(k)] = table(raw, "dependency-groups")[k]
	}
	for _, k := range sortedKeys(table(pdm, "dev-dependencies")) {
		deps, _ := table(pdm, "dev-dependencies")[k].([]any)
		prev, _ := groups[normalizeName(k)].([]any)
		groups[normalizeName(k)] = append(slices.Clone(prev), deps...)
	}
	dump := map[string]any{
		"sources":               orDefault(pdm["source"], []any{}),
		"dependencies":          orDefault(project["dependencies"], []any{}),
		"dev-dependencies":      groups,
		"optional-dependencies": orDefault(project["optional-dependencies"], map[string]any{}),
		"requires-python":       orDefault(project["requires-python"], ""),
		"resolution":            orDefault(pdm["resolution"], map[string]any{}),
	}
	js, err := pyJSON(dump, ", ", ": ")
	if err != nil {
		return nil
	}
	sum := sha256.Sum256(js)
	current := hex.EncodeToString(sum[:])
	recorded, _ := lock.Metadata["content_hash"].(string)
	algo, value, found := strings.Cut(recorded, ":")
	switch {
	case found && algo == "sha256" && value == current:
		return lc
	case found && algo != "sha256":
		return nil // another algorithm: not judged
	case !found:
		lc.Why = "it records no content_hash of pyproject.toml in [metadata]"
	default:
		lc.Why = fmt.Sprintf("its [metadata] content_hash is %s…, but pyproject.toml now hashes to %s… (dependencies, groups, sources, requires-python or resolution changed since `pdm lock`)", short(value), short(current))
	}
	lc.Stale = true
	return lc
}

func table(m map[string]any, key string) map[string]any {
	t, _ := m[key].(map[string]any)
	if t == nil {
		return map[string]any{}
	}
	return t
}

func orDefault(v, def any) any {
	if v == nil {
		return def
	}
	return v
}

// --- uv ---------------------------------------------------------------------

// checkUVLock compares what uv.lock recorded of each workspace member it
// can read (the root and members) with its pyproject.toml, as uv does
// before `sync --locked`: the version, and the requirements it locked for
// ([package.metadata] requires-dist, provides-extras and requires-dev).
// Markers are not compared (uv rewrites them); a requirement that a source
// replaces is compared by name and extras only.
func checkUVLock(fsys fs.FS) *LockCheck {
	data, err := readLockFile(fsys, "uv.lock")
	if err != nil {
		return nil
	}
	offs, lines := packageHeaders(data)
	head := data
	if len(offs) > 0 {
		head = data[:offs[0]]
	}
	var manifest struct {
		Manifest struct {
			Members []string `toml:"members"`
		} `toml:"manifest"`
	}
	if toml.Unmarshal(head, &manifest) != nil {
		return nil
	}
	members := map[string]bool{}
	for _, m := range manifest.Manifest.Members {
		members[normName(m)] = true
	}
	// Members inherit the workspace root's [tool.uv.sources].
	rootSources := map[string]bool{}
	if data, err := readBounded(fsys, "pyproject.toml", maxManifestSize, "manifests"); err == nil {
		var raw map[string]any
		if toml.Unmarshal(data, &raw) == nil {
			for k := range table(table(table(raw, "tool"), "uv"), "sources") {
				rootSources[normalizeName(k)] = true
			}
		}
	}
	lc := &LockCheck{File: "uv.lock", Fix: "uv lock"}
	for i, off := range offs {
		end := len(data)
		if i+1 < len(offs) {
			end = offs[i+1]
		}
		chunk := data[off:end]
		if !bytes.Contains(chunk, []byte("editable = ")) && !bytes.Contains(chunk, []byte("virtual = ")) {
			continue
		}
		var pkg struct {
			Package []uvLockedMember `toml:"package"`
		}
		if toml.Unmarshal(chunk, &pkg) != nil || len(pkg.Package) != 1 {
			continue
		}
		p := pkg.Package[0]
		dir := p.Source.Editable + p.Source.Virtual
		if dir == "" || (path.Clean(dir) != "." && !members[normName(p.Name)]) {
			continue
		}
		if why := p.compare(fsys, path.Clean(dir), lines[i], rootSources); why != "" {
			lc.Stale, lc.Why = true, why
			return lc
		}
	}
	return lc
}

// uvLockedMember is a workspace member's entry in uv.lock.
type uvLockedMember struct {
	Name    string `toml:"name"`
	Version string `toml:"version"`
	Source  struct {
		Editable string `toml:"editable"`
		Virtual  string `toml:"virtual"`
	} `toml:"source"`
	Metadata struct {
		RequiresDist  []uvRequirement            `toml:"requires-dist"`
		ProvidesExtra []string                   `toml:"provides-extras"`
		RequiresDev   map[string][]uvRequirement `toml:"requires-dev"`
	} `toml:"metadata"`
}

// uvRequirement is a requirement as uv.lock records it.
type uvRequirement struct {
	Name      string   `toml:"name"`
	Extras    []string `toml:"extras"`
	Specifier string   `toml:"specifier"`
	Marker    string   `toml:"marker"`
	Git       string   `toml:"git"`
	Path      string   `toml:"path"`
	Editable  string   `toml:"editable"`
	Directory string   `toml:"directory"`
	URL       string   `toml:"url"`
	Virtual   string   `toml:"virtual"`
	Index     string   `toml:"index"`
}

// key identifies the requirement for the comparison: name, extras and,
// unless a source replaces it, the specifier.
func (r uvRequirement) key() string {
	ex := make([]string, len(r.Extras))
	for i, e := range r.Extras {
		ex[i] = normalizeName(e)
	}
	sort.Strings(ex)
	k := normalizeName(r.Name)
	if len(ex) > 0 {
		k += "[" + strings.Join(ex, ",") + "]"
	}
	if r.Git+r.Path+r.Editable+r.Directory+r.URL+r.Virtual == "" {
		k += normSpecifier(r.Specifier)
	}
	return k
}

// normSpecifier puts a version specifier set in a comparable form:
// clauses without spaces, sorted.
func normSpecifier(s string) string {
	var parts []string
	for _, c := range strings.Split(s, ",") {
		if c = strings.Join(strings.Fields(c), ""); c != "" {
			parts = append(parts, strings.ToLower(c))
		}
	}
	sort.Strings(parts)
	return strings.Join(parts, ",")
}

// compare returns what differs between the member's lock entry and its
// pyproject.toml in dir, or "" when nothing pydock can see does.
func (m uvLockedMember) compare(fsys fs.FS, dir string, line int, rootSources map[string]bool) string {
	manifest := path.Join(dir, "pyproject.toml")
	data, err := readBounded(fsys, manifest, maxManifestSize, "manifests")
	if err != nil {
		return ""
	}
	var raw map[string]any
	if toml.Unmarshal(data, &raw) != nil {
		return ""
	}
	project := table(raw, "project")
	if len(project) == 0 {
		return ""
	}
	dynamic := map[string]bool{}
	if ds, ok := project["dynamic"].([]any); ok {
		for _, d := range ds {
			if s, ok := d.(string); ok {
				dynamic[s] = true
			}
		}
	}
	lines := keyLines(data)
	at := func(key string) string {
		if l := lines[key]; l > 0 {
			return fmt.Sprintf("%s:%d", manifest, l)
		}
		return manifest
	}
	lockAt := fmt.Sprintf("uv.lock:%d", line)
	if v, _ := project["version"].(string); v != "" && m.Version != "" && !dynamic["version"] && !samePEP440(v, m.Version) {
		return fmt.Sprintf("%s says version %s, but %s records %s %s", at("project.version"), v, lockAt, m.Name, m.Version)
	}
	if dynamic["dependencies"] || dynamic["optional-dependencies"] {
		return ""
	}
	sources := table(table(table(raw, "tool"), "uv"), "sources")
	sourced := maps.Clone(rootSources)
	for k := range sources {
		sourced[normalizeName(k)] = true
	}
	self := normalizeName(m.Name)
	// What pyproject asks for, keyed as the lock records it.
	var want []string
	add := func(list any) bool {
		items, _ := list.([]any)
		for _, it := range items {
			s, ok := it.(string)
			if !ok {
				return false // an include-group table: not compared
			}
			k, ok := pep508Key(s, sourced)
			if !ok {
				return false
			}
			// uv flattens the project's own extras (app[prod]) into
			// the entries of those extras, listed anyway.
			if k == self || strings.HasPrefix(k, self+"[") {
				continue
			}
			want = append(want, k)
		}
		return true
	}
	if !add(project["dependencies"]) {
		return ""
	}
	opt := table(project, "optional-dependencies")
	for _, name := range sortedKeys(opt) {
		if !add(opt[name]) {
			return ""
		}
	}
	var got []string
	for _, r := range m.Metadata.RequiresDist {
		got = append(got, r.key())
	}
	if d := diffKeys(want, got); d != "" {
		return fmt.Sprintf("%s's dependencies differ from what %s recorded for %s (%s)", manifest, lockAt, m.Name, d)
	}
	if m.Metadata.ProvidesExtra != nil {
		var extras []string
		for k := range opt {
			extras = append(extras, normalizeName(k))
		}
		gotExtras := make([]string, len(m.Metadata.ProvidesExtra))
		for i, e := range m.Metadata.ProvidesExtra {
			gotExtras[i] = normalizeName(e)
		}
		if d := diffKeys(extras, gotExtras); d != "" {
			return fmt.Sprintf("%s's optional-dependencies differ from the extras %s recorded for %s (%s)", manifest, lockAt, m.Name, d)
		}
	}
	// Dependency groups: PEP 735 tables and uv's older dev-dependencies.
	groups := map[string][]string{}
	dg := table(raw, "dependency-groups")
	for _, g := range sortedKeys(dg) {
		want = nil
		if !add(dg[g]) {
			return ""
		}
		groups[normalizeName(g)] = append(groups[normalizeName(g)], want...)
	}
	if dev, ok := table(table(raw, "tool"), "uv")["dev-dependencies"]; ok {
		want = nil
		if !add(dev) {
			return ""
		}
		groups["dev"] = append(groups["dev"], want...)
	}
	lockGroups := map[string][]string{}
	for g, reqs := range m.Metadata.RequiresDev {
		for _, r := range reqs {
			lockGroups[normalizeName(g)] = append(lockGroups[normalizeName(g)], r.key())
		}
		if _, ok := groups[normalizeName(g)]; !ok && len(reqs) > 0 {
			return fmt.Sprintf("%s records dependency group %s for %s, which %s no longer declares", lockAt, g, m.Name, manifest)
		}
	}
	for _, g := range sortedKeys(groups) {
		if d := diffKeys(groups[g], lockGroups[g]); d != "" {
			return fmt.Sprintf("%s's dependency group %s differs from what %s recorded for %s (%s)", manifest, g, lockAt, m.Name, d)
		}
	}
	return ""
}

// pep508Key keys a PEP 508 string as uvRequirement.key does; a name with a
// [tool.uv.sources] entry or a direct URL is keyed without its specifier.
func pep508Key(s string, sourced map[string]bool) (string, bool) {
	m := pep508Re.FindStringSubmatch(s)
	if m == nil {
		return "", false
	}
	r := uvRequirement{Name: m[1]}
	for _, e := range strings.Split(m[2], ",") {
		if e = strings.TrimSpace(e); e != "" {
			r.Extras = append(r.Extras, e)
		}
	}
	rest := m[3]
	if i := strings.IndexByte(rest, ';'); i >= 0 {
		rest = rest[:i]
	}
	rest = strings.TrimSpace(rest)
	switch {
	case strings.HasPrefix(rest, "@"), sourced[normalizeName(r.Name)]:
		r.URL = "source"
	default:
		r.Specifier = strings.TrimSuffix(strings.TrimPrefix(rest, "("), ")")
	}
	return r.key(), true
}

// diffKeys compares two sets of keys and names the differences. Sets, not
// multisets: uv records a requirement once per extra or marker it has.
func diffKeys(want, got []string) string {
	in := func(list []string) map[string]bool {
		m := make(map[string]bool, len(list))
		for _, k := range list {
			m[k] = true
		}
		return m
	}
	w, g := in(want), in(got)
	var missing, extra []string
	for _, k := range sortedKeys(w) {
		if !g[k] {
			missing = append(missing, k)
		}
	}
	for _, k := range sortedKeys(g) {
		if !w[k] {
			extra = append(extra, k)
		}
	}
	var parts []string
	if len(missing) > 0 {
		parts = append(parts, "not in the lock: "+strings.Join(missing, ", "))
	}
	if len(extra) > 0 {
		parts = append(parts, "only in the lock: "+strings.Join(extra, ", "))
	}
	return strings.Join(parts, "; ")
}

// samePEP440 compares two versions after PEP 440 normalisation: case,
// a leading v, pre/post/dev spellings (3.24.0-a.0 is 3.24.0a0) and
// trailing .0 release parts (1.0 is 1.0.0).
func samePEP440(a, b string) bool { return normPEP440(a) == normPEP440(b) }

var pep440Re = regexp.MustCompile(`^v?(?:(\d+)!)?(\d+(?:\.\d+)*)(?:[-_.]?(a|alpha|b|beta|c|rc|pre|preview)[-_.]?(\d*))?(?:-(\d+)|[-_.]?(post|rev|r)[-_.]?(\d*))?(?:[-_.]?(dev)[-_.]?(\d*))?(?:\+([a-z0-9]+(?:[-_.][a-z0-9]+)*))?$`)

func normPEP440(v string) string {
	v = strings.ToLower(strings.TrimSpace(v))
	m := pep440Re.FindStringSubmatch(v)
	if m == nil {
		return v
	}
	num := func(s string) string {
		s = strings.TrimLeft(s, "0")
		if s == "" {
			return "0"
		}
		return s
	}
	var b strings.Builder
	if m[1] != "" && num(m[1]) != "0" {
		b.WriteString(num(m[1]) + "!")
	}
	rel := strings.Split(m[2], ".")
	for i := range rel {
		rel[i] = num(rel[i])
	}
	for len(rel) > 1 && rel[len(rel)-1] == "0" {
		rel = rel[:len(rel)-1]
	}
	b.WriteString(strings.Join(rel, "."))
	if m[3] != "" {
		b.WriteString(map[string]string{"a": "a", "alpha": "a", "b": "b", "beta": "b", "c": "rc", "rc": "rc", "pre": "rc", "preview": "rc"}[m[3]] + num(m[4]))
	}
	switch {
	case m[5] != "":
		b.WriteString(".post" + num(m[5]))
	case m[6] != "":
		b.WriteString(".post" + num(m[7]))
	}
	if m[8] != "" {
		b.WriteString(".dev" + num(m[9]))
	}
	if m[10] != "" {
		b.WriteString("+" + strings.NewReplacer("-", ".", "_", ".").Replace(m[10]))
	}
	return b.String()
}
