package plan

import (
	"slices"
	"strings"

	"github.com/pydock/pydock/internal/detect"
)

// GeneratedRSAKey stands for a development RSA private key until the cli
// sets one (SetDevKey): a key is random, so plan and render, which are
// pure, never make one. The cli keeps the key a generated env file already
// holds, so a rerun writes the same bytes. In collectstatic's step it
// stands for a throwaway key the step generates (render's buildValue):
// none is committed in pydock's source or written into the Dockerfile.
const GeneratedRSAKey = "<development RSA key, generated at init>"

// DevKeys are the variables whose development value is a key generated at
// init, in the order the env file lists them.
func (p *Plan) DevKeys() []string {
	if p.Django == nil {
		return nil
	}
	var out []string
	for _, e := range p.Django.DevEnv {
		if e.Value == GeneratedRSAKey {
			out = append(out, e.Name)
		}
	}
	return out
}

// SetDevKey gives name its development key (PEM text).
func (p *Plan) SetDevKey(name, pem string) {
	if p.Django == nil {
		return
	}
	for i, e := range p.Django.DevEnv {
		if e.Name == name && e.Value == GeneratedRSAKey {
			p.Django.DevEnv[i].Value = strings.TrimRight(pem, "\n")
		}
	}
}

// DevEnvFile is the file pydock writes the development values to: its
// credentials file's example beside the project's own .env.example, else
// its own .env.example.
func (p *Plan) DevEnvFile() string {
	if p.CredentialsFile != "" {
		return p.CredentialsFile + ".example"
	}
	return ".env.example"
}

// noteStartChecks says which settings the code checks at start, and where
// their development values are.
func (p *Plan) noteStartChecks(f *detect.Facts) {
	if f.Django == nil || !p.Compose {
		return
	}
	var names []string
	for _, c := range f.Django.StartChecks {
		what := "a development value"
		if slices.ContainsFunc(f.Django.RequiredEnv, func(r detect.EnvRead) bool { return r.Name == c.Env && r.Kind == "rsa_pem" }) {
			what = "an RSA private key generated for development (the code loads it as PEM; collectstatic's step makes its own throwaway one)"
		}
		p.Notes = append(p.Notes, c.Source.String()+": the code the start imports ("+c.Chain+") raises when settings."+c.Setting+" is unset and DEBUG is off, as in the image; the settings read it from "+c.Env+" with no default ("+c.ReadAt.String()+"): "+p.DevEnvFile()+" gives "+c.Env+" "+what+"; replace it before production")
		names = append(names, c.Env)
	}
	if len(names) > 0 {
		p.decide("required at start", strings.Join(names, " "), "checked and raised on by the code the start imports, with DEBUG off: a development value in "+p.DevEnvFile())
	}
}
