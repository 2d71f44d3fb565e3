package detect

// The extras the authors' own image installs (poetry install --extras cpu,
// uv sync --extra server, pip install ".[postgres]"): what their image
// runs with, such as the build of torch an extra selects.

import (
	"io/fs"
	"path"
	"regexp"
	"slices"
	"strings"
)

var (
	// poetry install -E x / --extras x / --extras "x y" / --extras=x,
	// uv sync --extra x / --extra=x.
	extrasFlagRe = regexp.MustCompile(`(?:^|\s)(?:-E|--extras?)(?:\s+|=)(?:"([^"]*)"|'([^']*)'|([\w.,-]+))`)
	// An install of the project itself with extras: .[a,b], /app[a], "src[x]".
	selfExtrasRe = regexp.MustCompile(`(?:^|[\s"'])(?:\.|\./|/app|/src|/code)\[([\w.,\s-]+)\]`)
	// The tools whose install commands take those flags.
	installToolRe = regexp.MustCompile(`\b(?:poetry\s+(?:install|sync)|uv\s+(?:sync|pip\s+install)|pip3?\s+install|pdm\s+(?:install|sync))\b`)
)

// authorsExtra is an extra an authors' container file installs.
type authorsExtra struct {
	name string
	via  Source
}

// authorsImageExtras are the extras of the authors' default image: the
// root Dockerfile's when it installs any, else those every other container
// file installing extras agrees on. Development extras are left out.
func authorsImageExtras(fsys fs.FS) []authorsExtra {
	var byFile [][]authorsExtra
	var names []string
	for _, af := range readAuthorsFiles(fsys, authorsContainerFiles(fsys)) {
		ex := extrasIn(af)
		if len(ex) == 0 {
			continue
		}
		if af.name == "Dockerfile" {
			return ex
		}
		byFile = append(byFile, ex)
		names = append(names, af.name)
	}
	if len(byFile) == 0 {
		return nil
	}
	same := func(a, b []authorsExtra) bool {
		return slices.EqualFunc(a, b, func(x, y authorsExtra) bool { return x.name == y.name })
	}
	for _, ex := range byFile[1:] {
		if !same(ex, byFile[0]) {
			return nil
		}
	}
	return byFile[0]
}

// extrasIn lists the extras one container file's install commands name.
func extrasIn(af authorsFile) []authorsExtra {
	var out []authorsExtra
	add := func(list string, src Source) {
		for _, n := range strings.FieldsFunc(list, func(r rune) bool { return r == ',' || r == ' ' }) {
			n = NormalizeName(n)
			if n == "" || devSetNames[n] || slices.ContainsFunc(out, func(e authorsExtra) bool { return e.name == n }) {
				continue
			}
			out = append(out, authorsExtra{name: n, via: src})
		}
	}
	lines := strings.Split(af.text, "\n")
	for i := 0; i < len(lines); i++ {
		start := i
		l := lines[i]
		for strings.HasSuffix(strings.TrimSpace(l), "\\") && i+1 < len(lines) {
			i++
			l = strings.TrimSuffix(strings.TrimSpace(l), "\\") + " " + lines[i]
		}
		if strings.HasPrefix(strings.TrimSpace(l), "#") || !installToolRe.MatchString(l) {
			continue
		}
		src := Source{File: af.name, Line: start + 1}
		for _, cmd := range strings.FieldsFunc(l, func(r rune) bool { return r == ';' || r == '&' || r == '|' }) {
			if !installToolRe.MatchString(cmd) {
				continue
			}
			for _, m := range extrasFlagRe.FindAllStringSubmatch(cmd, -1) {
				add(m[1]+m[2]+m[3], src)
			}
			for _, m := range selfExtrasRe.FindAllStringSubmatch(cmd, -1) {
				add(m[1], src)
			}
		}
	}
	return out
}

// chooseAuthorsExtras installs the declared extras the authors' default
// image installs, unless a flag or pydock.toml chose extras already.
func chooseAuthorsExtras(fsys fs.FS, f *Facts, opt Options, find func(kind, name string) *OptionalSet) {
	if len(opt.Extras) > 0 {
		return
	}
	for _, e := range authorsImageExtras(fsys) {
		if s := find("extra", e.name); s != nil {
			f.chooseSet(s, "the authors' default image installs it ("+e.via.String()+")"+otherImages(fsys, e.via.File))
		}
	}
}

// otherImages names the authors' other container files, which pydock does
// not follow.
func otherImages(fsys fs.FS, chosen string) string {
	var others []string
	for _, n := range authorsContainerFiles(fsys) {
		if n != chosen {
			others = append(others, path.Clean(n))
		}
	}
	if len(others) == 0 {
		return ""
	}
	return "; their other images (" + strings.Join(others, ", ") + ") are variants pydock does not follow: --extra picks another"
}
