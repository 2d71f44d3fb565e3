package plan

import (
	_ "embed"
	"fmt"
	"strings"

	"github.com/pydock/pydock/internal/detect"
)

//go:embed typelibs.toml
var typelibsData string

// typelibRow is one Debian package of typelibs.toml and the typelibs it
// installs.
type typelibRow struct {
	Typelibs []string `toml:"typelibs"`
	Package  string   `toml:"package"`
	With     []string `toml:"with"`
	Source   string   `toml:"source"`
}

// typelibTable is typelibs.toml by typelib (Gst-1.0) and by namespace
// (Gst) where one version of it is known.
var typelibTable = mustTypelibTable(typelibsData)

func mustTypelibTable(data string) map[string]typelibRow {
	t, err := parseTypelibTable(data)
	if err != nil {
		panic(err) // the embedded table is tested; a broken one is a build bug
	}
	return t
}

func parseTypelibTable(data string) (map[string]typelibRow, error) {
	var doc struct {
		Typelib []typelibRow `toml:"typelib"`
	}
	if err := decodeTable("typelibs.toml", data, &doc); err != nil {
		return nil, err
	}
	out := map[string]typelibRow{}
	versions := map[string]int{}
	for _, r := range doc.Typelib {
		if r.Package == "" || r.Source == "" || len(r.Typelibs) == 0 {
			return nil, fmt.Errorf("typelibs.toml: row %v needs typelibs, a package and a source", r.Typelibs)
		}
		for _, t := range r.Typelibs {
			ns, _, ok := strings.Cut(t, "-")
			if !ok {
				return nil, fmt.Errorf("typelibs.toml: %s is not Namespace-version", t)
			}
			if _, dup := out[t]; dup {
				return nil, fmt.Errorf("typelibs.toml: %s listed twice", t)
			}
			out[t] = r
			versions[ns]++
			out[ns] = r
		}
	}
	for ns, n := range versions {
		if n > 1 {
			delete(out, ns) // Gtk 3 or 4: only a required version says
		}
	}
	return out, nil
}

// typelibPackages are the Debian packages of the typelibs the app's code
// uses, with one reason per package.
func typelibPackages(f *detect.Facts) (pkgs, why []string) {
	seen := map[string]bool{}
	for _, t := range f.Typelibs {
		row, ok := typelibTable[t.Name()]
		if !ok || seen[row.Package] {
			continue
		}
		seen[row.Package] = true
		pkgs = append(pkgs, row.Package)
		pkgs = append(pkgs, row.With...)
		w := fmt.Sprintf("%s requires the GObject-introspection typelib %s: %s in the runtime image", t.Source, t.Name(), row.Package)
		if t.Version == "" {
			w = fmt.Sprintf("%s imports %s from gi.repository: %s in the runtime image", t.Source, t.Namespace, row.Package)
		}
		if len(row.With) > 0 {
			w += ", with " + strings.Join(row.With, ", ")
		}
		why = append(why, w)
	}
	return pkgs, why
}
