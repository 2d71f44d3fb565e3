package detect

// Values the authors' own image passes to collectstatic on its line
// (RUN APP_DOMAIN="static.test" python manage.py collectstatic): the
// settings need them at import, in ways pydock may not read (a pydantic
// validator, a raise on a default value).

import (
	"fmt"
	"io/fs"
	"regexp"
	"slices"
	"strings"
)

var (
	// NAME=value before the command, as a shell line assigns it.
	inlineAssignRe = regexp.MustCompile(`^([A-Za-z_][A-Za-z0-9_]*)=("[^"$` + "`" + `\\]*"|'[^']*'|[^\s"'$` + "`" + `\\;&|]*)(?:\s+|$)`)
	// The command a RUN line runs collectstatic with.
	collectstaticCmdRe = regexp.MustCompile(`\b(?:python[0-9.]*\s+)?(?:\S*manage\.py|-m\s+django|django-admin)\s+collectstatic\b`)
)

// readAuthorsBuildEnv adds to the settings' required variables those the
// authors' container files assign on their collectstatic line, with the
// authors' value for pydock's own step.
func readAuthorsBuildEnv(fsys fs.FS, f *Facts) {
	dj := f.Django
	if dj == nil {
		return
	}
	for _, af := range readAuthorsFiles(fsys, authorsContainerFiles(fsys)) {
		lines := strings.Split(af.text, "\n")
		for i := 0; i < len(lines); i++ {
			start, l := i, lines[i]
			for strings.HasSuffix(strings.TrimSpace(l), "\\") && i+1 < len(lines) {
				i++
				l = strings.TrimSuffix(strings.TrimSpace(l), "\\") + " " + lines[i]
			}
			src := Source{File: af.name, Line: start + 1}
			var names []string
			for _, cmd := range strings.FieldsFunc(l, func(r rune) bool { return r == ';' || r == '&' || r == '|' }) {
				cmd = strings.TrimSpace(strings.TrimPrefix(strings.TrimSpace(cmd), "RUN "))
				if !collectstaticCmdRe.MatchString(cmd) {
					continue
				}
				for {
					m := inlineAssignRe.FindStringSubmatch(cmd)
					if m == nil {
						break
					}
					cmd = cmd[len(m[0]):]
					name, val := m[1], strings.Trim(m[2], `"'`)
					if name == "DJANGO_SETTINGS_MODULE" || val == "" || dj.Debug != nil && dj.Debug.Env == name || plainDefault(f, name) {
						continue // pydock's own choices; an empty value, or a default that works, says nothing
					}
					if i := slices.IndexFunc(dj.RequiredEnv, func(e EnvRead) bool { return e.Name == name }); i >= 0 {
						dj.RequiredEnv[i].Authors, dj.RequiredEnv[i].From = val, &src
					} else {
						dj.RequiredEnv = append(dj.RequiredEnv, EnvRead{Name: name, Kind: "str", Authors: val, From: &src})
					}
					names = append(names, name)
				}
			}
			if len(names) > 0 {
				f.Notes = append(f.Notes, fmt.Sprintf("%s: the authors' image passes %s to collectstatic: the settings need them at import; pydock's collectstatic step passes the same throwaway values, and compose's development values include them", src, strings.Join(names, ", ")))
			}
		}
	}
}

// plainDefault reports whether the code reads name with a default in a
// plain read (os.getenv("X", d)), where the authors' value is belt and
// braces; a settings class field's default may be one its checks refuse.
func plainDefault(f *Facts, name string) bool {
	if slices.ContainsFunc(f.Django.RequiredEnv, func(e EnvRead) bool { return e.Name == name }) {
		return false
	}
	return slices.ContainsFunc(f.EnvUses, func(u EnvUse) bool { return u.Name == name && u.Default != "" && u.Field == "" })
}
