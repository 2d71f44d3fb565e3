package detect

// uv.lock freshness, judged as `uv sync --locked` judges it.

import (
	"bytes"
	"fmt"
	"io/fs"
	"maps"
	"path"
	"regexp"
	"sort"
	"strings"

	"github.com/pelletier/go-toml/v2"
)

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
	rootSources := sourceKinds{}
	if data, err := readBounded(fsys, "pyproject.toml", maxManifestSize, "manifests"); err == nil {
		var raw map[string]any
		if toml.Unmarshal(data, &raw) == nil {
			rootSources = readSourceKinds(table(table(table(raw, "tool"), "uv"), "sources"))
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
		if why, versionOnly := p.compare(fsys, path.Clean(dir), lines[i], rootSources); why != "" {
			lc.Stale, lc.Why, lc.Harmless = true, why, versionOnly
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
		ex[i] = NormalizeName(e)
	}
	sort.Strings(ex)
	k := NormalizeName(r.Name)
	if len(ex) > 0 {
		k += "[" + strings.Join(ex, ",") + "]"
	}
	if r.Git+r.Path+r.Editable+r.Directory+r.URL+r.Virtual == "" {
		k += normSpecifier(r.Specifier)
	}
	return k
}

// normSpecifier puts a version specifier set in a comparable form:
// clauses without spaces, sorted, versions without the leading v PEP 440
// allows (uv records <v6 as <6).
func normSpecifier(s string) string {
	var parts []string
	for _, c := range strings.Split(s, ",") {
		if c = strings.Join(strings.Fields(c), ""); c != "" {
			parts = append(parts, leadingVRe.ReplaceAllString(strings.ToLower(c), "$1"))
		}
	}
	sort.Strings(parts)
	return strings.Join(parts, ",")
}

// compare returns what differs between the member's lock entry and its
// pyproject.toml in dir, or "" when nothing pydock can see does.
// versionOnly starts differs' answer when the project's own version is
// all that differs: the dependencies uv would install are the locked ones.
const versionOnly = "\x00"

// compare says what differs between the manifest and the lock ("" when
// nothing does), and whether the project's own version is all of it.
func (m uvLockedMember) compare(fsys fs.FS, dir string, line int, rootSources sourceKinds) (string, bool) {
	why := m.differs(fsys, dir, line, rootSources)
	rest, ok := strings.CutPrefix(why, versionOnly)
	return rest, ok
}

func (m uvLockedMember) differs(fsys fs.FS, dir string, line int, rootSources sourceKinds) string {
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
		// Only the project's own version, or more? uv refuses either; only
		// the first installs exactly the locked dependencies as committed.
		rest := m
		rest.Version = ""
		if why := rest.differs(fsys, dir, line, rootSources); why != "" {
			return why
		}
		return versionOnly + fmt.Sprintf("%s says version %s, but %s records %s %s", at("project.version"), v, lockAt, m.Name, m.Version)
	}
	if dynamic["dependencies"] || dynamic["optional-dependencies"] {
		return ""
	}
	sources := table(table(table(raw, "tool"), "uv"), "sources")
	sourced := maps.Clone(rootSources)
	maps.Copy(sourced, readSourceKinds(sources))
	self := NormalizeName(m.Name)
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
		if NormalizeName(r.Name) != self {
			got = append(got, sourced.lockKey(r))
		}
	}
	if d := diffKeys(want, got); d != "" {
		return fmt.Sprintf("%s's dependencies differ from what %s recorded for %s (%s)", manifest, lockAt, m.Name, d)
	}
	if m.Metadata.ProvidesExtra != nil {
		var extras []string
		for k := range opt {
			extras = append(extras, NormalizeName(k))
		}
		gotExtras := make([]string, len(m.Metadata.ProvidesExtra))
		for i, e := range m.Metadata.ProvidesExtra {
			gotExtras[i] = NormalizeName(e)
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
		groups[NormalizeName(g)] = append(groups[NormalizeName(g)], want...)
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
			if NormalizeName(r.Name) != self {
				lockGroups[NormalizeName(g)] = append(lockGroups[NormalizeName(g)], sourced.lockKey(r))
			}
		}
		if _, ok := groups[NormalizeName(g)]; !ok && len(reqs) > 0 {
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
func pep508Key(s string, sourced sourceKinds) (string, bool) {
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
	case strings.HasPrefix(rest, "@"), sourced[NormalizeName(r.Name)] != sourceIndex && sourced[NormalizeName(r.Name)] != "":
		r.URL = "source"
	default:
		r.Specifier = strings.TrimSuffix(strings.TrimPrefix(rest, "("), ")")
	}
	return r.key(), true
}

var leadingVRe = regexp.MustCompile(`^([<>=!~]+)v`)

// sourceKind is what a [tool.uv.sources] entry does to a requirement in
// the lock: an index keeps its specifier (recorded beside the index); a
// git, path, URL or workspace source replaces it; a source taken only
// under a marker splits it in two (the source where the marker holds, the
// specifier elsewhere), so only its name and extras are compared.
type sourceKind string

const (
	sourceIndex   sourceKind = "index"
	sourceReplace sourceKind = "replace"
	sourceSplit   sourceKind = "split"
)

// sourceKinds are the kinds of a [tool.uv.sources] table's entries, by
// normalised name.
type sourceKinds map[string]sourceKind

// readSourceKinds reads a [tool.uv.sources] table: each name's entry is a
// table or a list of them.
func readSourceKinds(sources map[string]any) sourceKinds {
	out := sourceKinds{}
	for name, v := range sources {
		entries, _ := tableOrTables(v)
		kind := sourceIndex
		if len(entries) == 0 {
			kind = sourceReplace
		}
		for _, e := range entries {
			if _, ok := e["index"]; ok {
				continue
			}
			if _, ok := e["marker"]; ok {
				kind = sourceSplit
				break
			}
			kind = sourceReplace
		}
		out[NormalizeName(name)] = kind
	}
	return out
}

// lockKey keys a requirement the lock records, as pep508Key keys the
// manifest's: a split source's two records are one name.
func (k sourceKinds) lockKey(r uvRequirement) string {
	if k[NormalizeName(r.Name)] == sourceSplit {
		r.Specifier, r.URL = "", "source"
	}
	return r.key()
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
