package detect

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io/fs"
	"slices"
	"sort"
	"strings"

	"github.com/pelletier/go-toml/v2"
)

// ManagerPipenv installs from Pipfile.lock with Pipenv.
const ManagerPipenv Manager = "pipenv"

// pipfile is the part of a Pipfile pydock reads. Categories other than
// packages and dev-packages are kept by name for --categories.
// fromPipfile takes the Pipfile's categories (dev-packages among them) and
// whether every index it names is the public one: the same whether the lock
// is committed or made in the builder.
func (pv *PipenvFacts) fromPipfile(pf *pipfile) {
	pv.PublicIndex, pv.Categories, pv.catPkgs = true, pf.categories, pf.catPkgs
	if len(pf.DevPackages) > 0 {
		if pv.catPkgs == nil {
			pv.catPkgs = map[string][]string{}
		}
		pv.catPkgs[devCategory] = normalizedKeys(pf.DevPackages)
	}
	for _, s := range pf.Source {
		if !strings.Contains(s.URL, "pypi.org/") && !strings.Contains(s.URL, "pypi.python.org/") {
			pv.PublicIndex = false
		}
	}
}

type pipfile struct {
	Source []struct {
		Name string `toml:"name"`
		URL  string `toml:"url"`
	} `toml:"source"`
	Packages    map[string]any `toml:"packages"`
	DevPackages map[string]any `toml:"dev-packages"`
	Requires    struct {
		PythonVersion     string `toml:"python_version"`
		PythonFullVersion string `toml:"python_full_version"`
	} `toml:"requires"`

	warnings   []string
	categories []string            // custom package categories ([docs], [web], …)
	catPkgs    map[string][]string // each custom category's package names
	lines      map[string]int
}

// pipfileSections are the tables of a Pipfile that are not package categories.
var pipfileSections = map[string]bool{"source": true, "requires": true, "pipenv": true, "scripts": true, "dev-packages": true, "packages": true}

// readPipfile reads the Pipfile (TOML). Like pyproject.toml, a field of an
// unexpected shape is a warning with file and line.
func readPipfile(fsys fs.FS, name string) (*pipfile, error) {
	data, err := readBounded(fsys, name, maxManifestSize, "manifests")
	if err != nil {
		return nil, err
	}
	var p pipfile
	if p.warnings, err = decodeTolerant(name, data, &p); err != nil {
		return nil, err
	}
	p.lines = keyLines(data)
	var raw map[string]any
	if err := toml.Unmarshal(data, &raw); err == nil {
		p.catPkgs = map[string][]string{}
		for k, v := range raw {
			if t, ok := v.(map[string]any); ok && !pipfileSections[k] {
				p.categories = append(p.categories, k)
				p.catPkgs[k] = normalizedKeys(t)
			}
		}
		sort.Strings(p.categories)
	}
	for i, s := range p.Source {
		if s.Name == "" {
			line := p.lines["source"]
			p.warnings = append(p.warnings, fmt.Sprintf("%s:%d: [[source]] %d (%s) has no name; current Pipenv refuses such a Pipfile (pipenv verify fails in the build): add name = \"pypi\" and run `pipenv lock`", name, line, i+1, s.URL))
		}
	}
	return &p, nil
}

// dependencies are the [packages] entries (the names the project asks for).
func (p *pipfile) dependencies(file string) []Dependency {
	var deps []Dependency
	for _, n := range sortedKeys(p.Packages) {
		d := Dependency{Name: NormalizeName(n), Source: Source{File: file, Line: p.lines["packages."+n]}}
		if t, ok := p.Packages[n].(map[string]any); ok {
			pipenvEntry(&d, t)
		}
		deps = append(deps, d)
	}
	return deps
}

// pipenvEntry reads the fields a Pipfile or Pipfile.lock entry shares:
// extras, git, path.
func pipenvEntry(d *Dependency, t map[string]any) {
	if ex, ok := t["extras"].([]any); ok {
		for _, e := range ex {
			if s, ok := e.(string); ok {
				d.Extras = append(d.Extras, NormalizeName(s))
			}
		}
	}
	for _, vcs := range []string{"git", "hg", "svn", "bzr"} {
		if _, ok := t[vcs]; ok {
			d.VCS = true
		}
	}
	if s, ok := t["path"].(string); ok {
		d.Path = s
	}
	if s, ok := t["file"].(string); ok && !strings.Contains(s, "://") {
		d.Path = s
	}
}

// pipfileLock is what pydock needs from Pipfile.lock (JSON).
type pipfileLock struct {
	Meta struct {
		Hash struct {
			SHA256 string `json:"sha256"`
		} `json:"hash"`
		Requires map[string]string `json:"requires"`
	} `json:"_meta"`
	// Categories: "default", "develop" and any custom ones.
	Categories map[string]map[string]pipfileLockEntry `json:"-"`
}

type pipfileLockEntry struct {
	Version  string   `json:"version"`
	Extras   []string `json:"extras"`
	Git      string   `json:"git"`
	Path     string   `json:"path"`
	File     string   `json:"file"`
	Editable bool     `json:"editable"`
	Hashes   []string `json:"hashes"`
}

func readPipfileLock(fsys fs.FS, name string) (*pipfileLock, error) {
	data, err := readLockFile(fsys, name)
	if err != nil {
		return nil, err
	}
	var raw map[string]json.RawMessage
	if err := json.Unmarshal(data, &raw); err != nil {
		return nil, jsonError(name, data, err)
	}
	l := &pipfileLock{Categories: map[string]map[string]pipfileLockEntry{}}
	for k, v := range raw {
		if k == "_meta" {
			if err := json.Unmarshal(v, &l.Meta); err != nil {
				return nil, jsonError(name, data, err)
			}
			continue
		}
		var cat map[string]pipfileLockEntry
		if err := json.Unmarshal(v, &cat); err != nil {
			// The offset is within the category: place it in the file.
			base := int64(bytes.Index(data, v))
			switch e := err.(type) {
			case *json.UnmarshalTypeError:
				e.Offset += base
			case *json.SyntaxError:
				e.Offset += base
			}
			return nil, jsonError(name, data, err)
		}
		l.Categories[k] = cat
	}
	return l, nil
}

// jsonError names the file, and the line when the decoder knows the offset.
func jsonError(name string, data []byte, err error) error {
	var off int64 = -1
	switch e := err.(type) {
	case *json.SyntaxError:
		off = e.Offset
	case *json.UnmarshalTypeError:
		off = e.Offset
	}
	if off >= 0 && off <= int64(len(data)) {
		line := 1 + strings.Count(string(data[:off]), "\n")
		return fmt.Errorf("%s:%d: %v", name, line, err)
	}
	return fmt.Errorf("%s: %v", name, err)
}

// devCategory is the Pipfile's name for its development packages, the
// set a dev-only import at start selects (pipenv requirements
// --categories takes it by this name).
const devCategory = "dev-packages"

// lockSection is the Pipfile.lock section of a Pipfile category: Pipenv
// locks [packages] as "default" and [dev-packages] as "develop" (pipenv's
// get_lockfile_section_using_pipfile_category), the others by their name.
func lockSection(category string) string {
	switch category {
	case "packages":
		return "default"
	case devCategory:
		return "develop"
	}
	return category
}

// dependencies are the locked packages of the default category and the
// selected ones: the lock lists every package of a category, resolved.
func (l *pipfileLock) dependencies(file string, categories []string) []Dependency {
	var out []Dependency
	seen := map[string]bool{}
	for _, c := range append([]string{"default"}, categories...) {
		cat := l.Categories[lockSection(c)]
		for _, n := range sortedKeys(cat) {
			e := cat[n]
			d := Dependency{Name: NormalizeName(n), Version: strings.TrimPrefix(e.Version, "=="), Source: Source{File: file}}
			for _, x := range e.Extras {
				d.Extras = append(d.Extras, NormalizeName(x))
			}
			d.VCS = e.Git != ""
			if e.Path != "" {
				d.Path = e.Path
			} else if e.File != "" && !strings.Contains(e.File, "://") {
				d.Path = e.File
			}
			if !seen[d.Name] {
				seen[d.Name] = true
				out = append(out, d)
			}
		}
	}
	return out
}

// PipenvFacts is what the Pipenv template needs besides the dependencies.
type PipenvFacts struct {
	// PublicIndex: every [[source]] is PyPI, so the export may leave the
	// index out and pip follows PIP_INDEX_URL (a mirror) or PyPI.
	PublicIndex bool `json:"public_index"`
	// Categories are the Pipfile's custom package categories.
	Categories []string `json:"categories,omitempty"`
	// LockAtBuild: there is no Pipfile.lock and the authors make it when
	// their image is built, so the builder locks the Pipfile too.
	LockAtBuild bool `json:"lock_at_build,omitempty"`

	catPkgs map[string][]string // each category's package names (Pipfile)
	lock    *pipfileLock
}

// addCategory counts a selected category's locked packages as installed:
// the export installs them with the default ones, hash-checked only when
// every entry carries hashes.
func (pv *PipenvFacts) addCategory(f *Facts, name string) {
	for _, d := range pv.lock.dependencies("Pipfile.lock", []string{name}) {
		if !f.IsInstalled(d.Name) {
			d.Transitive = !slices.Contains(pv.catPkgs[name], d.Name)
			f.Dependencies = append(f.Dependencies, d)
		}
	}
	for _, e := range pv.lock.Categories[lockSection(name)] {
		if len(e.Hashes) == 0 || e.Git != "" || e.Path != "" || e.Editable {
			f.Hashes = false
		}
	}
}

// readPipenv fills the facts from Pipfile and Pipfile.lock.
func readPipenv(fsys fs.FS, f *Facts, exists func(string) bool) error {
	if f.Pipenv != nil && f.Pipenv.LockAtBuild {
		return readPipenvUnlocked(fsys, f)
	}
	if !exists("Pipfile") {
		return fmt.Errorf("Pipfile.lock found but no Pipfile beside it; Pipenv needs both to check the lock: restore the Pipfile, or pass --package-manager pip")
	}
	pf, err := readPipfile(fsys, "Pipfile")
	if err != nil {
		return err
	}
	lock, err := readPipfileLock(fsys, "Pipfile.lock")
	if err != nil {
		return err
	}
	f.Warnings = append(f.Warnings, pf.warnings...)
	f.Dependencies = annotate(pf.dependencies("Pipfile"), lock.dependencies("Pipfile.lock", nil))
	pv := &PipenvFacts{lock: lock}
	pv.fromPipfile(pf)
	f.Pipenv = pv
	// Hash-checked install unless an entry cannot carry hashes (VCS, path).
	f.Hashes = len(lock.Categories["default"]) > 0
	for _, e := range lock.Categories["default"] {
		if len(e.Hashes) == 0 || e.Git != "" || e.Path != "" || e.Editable {
			f.Hashes = false
		}
	}
	noteExport(fsys, f, "pipenv")
	return nil
}

// pipfileExport says whether reqFile is what `pipenv requirements` writes
// from the Pipfile's lock: every line pinned (== or a direct URL) and every
// [packages] entry present. Projects that keep Pipfile.lock out of git ship
// that file as their lock. why is "" when it is, else the first reason not.
func pipfileExport(fsys fs.FS, reqFile string) (why string, err error) {
	pf, err := readPipfile(fsys, "Pipfile")
	if err != nil {
		return "", err
	}
	data, err := readBounded(fsys, reqFile, maxRequirementsSize, "requirement files")
	if err != nil {
		return "", err
	}
	for _, ll := range logicalLines(string(bytes.TrimPrefix(data, bom))) {
		if ll.text == "" || strings.HasPrefix(ll.text, "-") {
			continue
		}
		req, _, _ := strings.Cut(ll.text, ";")
		if !strings.Contains(req, "==") && !strings.Contains(req, " @ ") {
			return fmt.Sprintf("%s:%d: %s is not pinned", reqFile, ll.line, strings.TrimSpace(req)), nil
		}
	}
	reqs, err := readRequirements(fsys, reqFile)
	if err != nil {
		return "", err
	}
	have := map[string]bool{}
	for _, d := range reqs.Deps {
		have[d.Name] = true
	}
	for _, d := range pf.dependencies("Pipfile") {
		if !have[d.Name] {
			return fmt.Sprintf("%s has no line for %s", reqFile, d.Name), nil
		}
	}
	return "", nil
}

// pipfileWithoutLock installs the requirements file pipenv exported when
// there is one, and otherwise refuses: an unlocked Pipfile is no build.
func pipfileWithoutLock(fsys fs.FS, f *Facts, reqFile string) error {
	const refuse = "Pipfile found but no Pipfile.lock%s; run `pipenv lock` and commit Pipfile.lock so builds are reproducible, or pass --package-manager pip to install from requirements.txt"
	evidence := pipfileLockedAtBuild(fsys)
	if reqFile == "" {
		if evidence != nil {
			lockPipfileAtBuild(f, evidence)
			return nil
		}
		// No requirements file either: --package-manager pip has nothing
		// to install, so only the ways that give it one are named.
		return errors.New("Pipfile found but no Pipfile.lock, and no requirements.txt; run `pipenv lock` and commit Pipfile.lock so builds are reproducible, or write the file pip installs with `pipenv requirements > requirements.txt` and commit it")
	}
	why, err := pipfileExport(fsys, reqFile)
	if err != nil {
		return err
	}
	if why != "" {
		if evidence != nil {
			f.Notes = append(f.Notes, fmt.Sprintf("%s is no export of the Pipfile's lock (%s): the Pipfile is what the authors' image installs", reqFile, why))
			lockPipfileAtBuild(f, evidence)
			return nil
		}
		return fmt.Errorf(refuse, " ("+why+", so it is no export of the Pipfile's lock)")
	}
	f.Manager, f.ManagerFrom, f.RequirementsFile = ManagerPip, Source{File: reqFile}, reqFile
	f.Notes = append(f.Notes, fmt.Sprintf("Pipfile has no Pipfile.lock, but %s pins every [packages] entry of the Pipfile, as `pipenv requirements` writes it: pip installs that file; commit Pipfile.lock to build with Pipenv instead", reqFile))
	return nil
}
