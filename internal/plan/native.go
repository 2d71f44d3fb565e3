package plan

import (
	"fmt"
	"sort"

	"github.com/pydock/pydock/internal/detect"
	"github.com/pydock/pydock/internal/pyversion"
)

// native describes a Python package that compiles against, or loads, an OS
// library. Build packages go to the builder stage only; runtime packages
// are the shared libraries the compiled extension loads (DF003).
type native struct {
	build   []string
	runtime map[string][]string // Debian release → packages ("" = any)
	// sdistOnly: PyPI has no Linux wheel for it, so without a lock file
	// that says otherwise it is always compiled.
	sdistOnly bool
	why       string
}

// nativeTable lists the packages pydock knows. Sources: each project's
// install docs and the Debian package names of bookworm and trixie.
var nativeTable = map[string]native{
	"psycopg2": {
		build: []string{"gcc", "libc6-dev", "libpq-dev"}, runtime: map[string][]string{"": {"libpq5"}},
		sdistOnly: true, why: "psycopg2 compiles against libpq (use psycopg2-binary or psycopg[binary] to skip this)",
	},
	"mysqlclient": {
		build: []string{"default-libmysqlclient-dev", "gcc", "libc6-dev", "pkg-config"}, runtime: map[string][]string{"": {"libmariadb3"}},
		sdistOnly: true, why: "mysqlclient compiles against the MySQL/MariaDB client library",
	},
	"python-ldap": {
		build: []string{"gcc", "libc6-dev", "libldap-dev", "libsasl2-dev"},
		runtime: map[string][]string{
			"bookworm": {"libldap-2.5-0", "libsasl2-2"},
			"trixie":   {"libldap2", "libsasl2-2"},
		},
		sdistOnly: true, why: "python-ldap compiles against OpenLDAP and SASL",
	},
	"uwsgi": {
		build: []string{"gcc", "libc6-dev"}, runtime: map[string][]string{},
		sdistOnly: true, why: "uwsgi is compiled from source",
	},
	"psycopg": {
		// Pure Python: loads libpq at run time unless [binary] or [c] is used.
		runtime: map[string][]string{"": {"libpq5"}}, why: "psycopg loads libpq at run time (psycopg[binary] bundles it)",
	},
	"lxml": {
		build: []string{"gcc", "libc6-dev", "libxml2-dev", "libxslt1-dev"}, runtime: map[string][]string{"": {"libxml2", "libxslt1.1"}},
		why: "lxml compiles against libxml2 and libxslt when no wheel fits",
	},
	"pillow": {
		build: []string{"gcc", "libc6-dev", "libjpeg62-turbo-dev", "zlib1g-dev"}, runtime: map[string][]string{"": {"libjpeg62-turbo", "zlib1g"}},
		why: "Pillow compiles against libjpeg and zlib when no wheel fits",
	},
}

// wheelOnAll reports whether every target architecture has a wheel.
func wheelOnAll(tags []string, r pyversion.Release, arches []string) bool {
	for _, a := range arches {
		if !wheelFits(tags, r, a) {
			return false
		}
	}
	return true
}

// compilable reports whether pydock's builder can compile the package
// from source: a C extension whose headers the table names.
func compilable(name string) bool {
	n, ok := nativeTable[name]
	return ok && len(n.build) > 0
}

// systemPackages decides the apt packages of each stage. A package whose
// lock file lists a manylinux wheel for the target Python needs nothing: the
// wheel bundles its libraries.
func systemPackages(f *detect.Facts, py pyversion.Release, arches []string) (build, runtime, why []string) {
	debian := py.Debian
	b, rt := map[string]bool{}, map[string]bool{}
	for _, d := range f.Dependencies {
		n, ok := nativeTable[d.Name]
		if !ok {
			continue
		}
		if d.Name == "psycopg" && hasAny(d.Extras, "binary", "c") {
			continue
		}
		compiles := n.sdistOnly
		if d.Wheels != nil {
			compiles = !wheelOnAll(d.Wheels.Tags, py, arches)
			if !compiles && d.Name != "psycopg" {
				continue
			}
		} else if !n.sdistOnly && len(n.build) > 0 {
			// Unknown without a lock: PyPI has wheels for it; assume one fits.
			continue
		}
		if compiles {
			for _, p := range n.build {
				b[p] = true
			}
		}
		libs, ok := n.runtime[debian]
		if !ok {
			libs = n.runtime[""]
		}
		for _, p := range libs {
			rt[p] = true
		}
		why = append(why, n.why)
	}
	for _, d := range f.Dependencies {
		if d.VCS {
			b["git"] = true
			why = append(why, fmt.Sprintf("%s is installed from a VCS URL: git in the builder only", d.Name))
		}
	}
	return keys(b), keys(rt), why
}

func hasAny(list []string, want ...string) bool {
	for _, l := range list {
		for _, w := range want {
			if l == w {
				return true
			}
		}
	}
	return false
}

func keys(m map[string]bool) []string {
	out := make([]string, 0, len(m))
	for k := range m {
		out = append(out, k)
	}
	sort.Strings(out) // DF013: one per line, sorted
	return out
}
