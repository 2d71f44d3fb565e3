package plan

import (
	"fmt"
	"slices"
	"strings"

	"github.com/pydock/pydock/internal/detect"
)

// chooseAuthorsEnv sets in the image each variable the code stops without
// (read with no default where it is needed: os.environ["X"] while the app
// loads, os.environ.get("X").lower() anywhere) that the authors' own
// Dockerfile sets to a plain value: the image runs as theirs does, with or
// without compose. A credential is never baked in (it stays for
// .env.example). It returns the names it set.
func (p *Plan) chooseAuthorsEnv(f *detect.Facts, set map[string]bool) []string {
	var names, from, by []string
	for _, u := range f.EnvUses {
		if !(u.Required || u.FailsUnset) || set[u.Name] || slices.Contains(names, u.Name) || !requiredNameRe.MatchString(u.Name) ||
			isDjangoSettingsRead(f, u) || runtimeEnv[u.Name] || p.toolingRead(u) || isCredentialName(u.Name) || u.Kind == "bool" {
			// A mode switch (bool) gets the authors' value in .env.example
			// (modeSwitchValue), where compose's users see and change it.
			continue
		}
		var v string
		var at detect.Source
		for _, a := range append(slices.Clone(f.AuthorsArgEnv), f.AuthorsEnv...) {
			if a.Name == u.Name {
				v, at = a.Value, a.Source // the last one set wins, as in the image
			}
		}
		if v == "" {
			continue
		}
		names = append(names, u.Name)
		p.AuthorsEnv = append(p.AuthorsEnv, EnvVar{u.Name, v})
		from, by = append(from, u.Source.String()), append(by, at.String())
	}
	if len(names) > 0 {
		p.AuthorsEnvFrom, p.AuthorsEnvBy = strings.Join(dedupe(from), ", "), strings.Join(dedupe(by), ", ")
		var kv []string
		for _, e := range p.AuthorsEnv {
			kv = append(kv, e.Name+"="+e.Value)
		}
		p.decide("authors' env", strings.Join(kv, " "), fmt.Sprintf("the code stops without them (read with no default: %s); the image sets the authors' values (%s)", p.AuthorsEnvFrom, p.AuthorsEnvBy))
	}
	return names
}

// isCredentialName reports whether a variable's name says it holds a
// secret or another service's credential: never a value in an image.
func isCredentialName(name string) bool {
	has := func(w string) bool { return strings.Contains(name, w) }
	return slices.ContainsFunc(secretWords, has) || slices.ContainsFunc(ownerWords, has) || slices.ContainsFunc(bareCredentialWords, has)
}
