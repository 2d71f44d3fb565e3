package plan

import (
	"slices"
	"strings"

	"github.com/pydock/pydock/internal/detect"
)

// GeneratedRSAKey stands for a development RSA private key: a key is
// random, so plan and render, which are pure, never make one. The cli
// generates it into the local KeysFile only (never into a file meant to be
// committed: secret scanners refuse the push, and a key in git is public);
// the committed listing names the variable and how to make one. In
// collectstatic's step it stands for a throwaway key the step generates
// (render's buildValue): none is written into the Dockerfile.
const GeneratedRSAKey = "<development RSA key, generated at init>"

// GeneratedFernetKey stands for a development Fernet key, as
// GeneratedRSAKey does for an RSA key: a fixed one in pydock's source
// would be a key everyone shares.
const GeneratedFernetKey = "<development Fernet key, generated at init>"

// DevKeyKind is one kind of secret pydock generates for development: the
// placeholder a dev value holds, what it is, and the shell command that
// makes one (its output is the value; Multiline: written double-quoted).
// Sources: openssl-genpkey(1) (PKCS#8 PEM, as the cryptography package's
// load_pem_private_key reads it); openssl-rand(1) and
// cryptography.io/en/latest/fernet/ (32 url-safe base64-encoded bytes).
type DevKeyKind struct {
	Placeholder, Noun, What, Make string
	Multiline                     bool
}

var devKeyKinds = []DevKeyKind{
	{GeneratedRSAKey, "a private key", "an RSA private key (PEM) the app loads at start", "openssl genpkey -algorithm RSA -pkeyopt rsa_keygen_bits:2048", true},
	{GeneratedFernetKey, "a secret key", "a Fernet key (32 url-safe base64-encoded bytes) the app encrypts with", "openssl rand -base64 32 | tr '+/' '-_'", false},
}

// DevKeyKindOf is the generated kind value stands for, nil for a plain value.
func DevKeyKindOf(value string) *DevKeyKind {
	for i := range devKeyKinds {
		if devKeyKinds[i].Placeholder == value {
			return &devKeyKinds[i]
		}
	}
	return nil
}

// listedSections are the sections of the committed listing pydock writes:
// its credentials file's example beside the project's own listing (none
// when it writes none), else its own .env.example.
func (p *Plan) listedSections() []EnvSection {
	if p.UsersEnv != "" {
		if p.CredentialsFile == "" {
			return nil
		}
		return p.CredentialSections()
	}
	return p.EnvExampleSections()
}

// DevKeys are the variables whose development value is a key generated at
// init, in the order the listing names them. A variable the project's own
// listing holds is its authors' to fill, never generated.
func (p *Plan) DevKeys() []string {
	var out []string
	for _, s := range p.listedSections() {
		for _, e := range s.Vars {
			if !s.Commented && DevKeyKindOf(e.Value) != nil && !slices.Contains(out, e.Name) {
				out = append(out, e.Name)
			}
		}
	}
	return out
}

// DevKeyValue is the placeholder of name's generated key ("" when its
// value is not generated).
func (p *Plan) DevKeyValue(name string) string {
	for _, s := range p.listedSections() {
		for _, e := range s.Vars {
			if !s.Commented && e.Name == name && DevKeyKindOf(e.Value) != nil {
				return e.Value
			}
		}
	}
	return ""
}

// KeysFile is the local env file the generated development keys go to,
// which the app's env_file lists and git must not take: pydock's
// credentials file, created by the cli where it is missing. "" when the
// plan generates no key.
func (p *Plan) KeysFile() string {
	if !p.Compose || len(p.DevKeys()) == 0 {
		return ""
	}
	return detect.CredentialsFile
}

// KeyMake is the command that appends a key for name to the keys file.
func (p *Plan) KeyMake(name string) string { return KeyMake(name, p.DevKeyValue(name)) }

// KeyMake is the command that appends a key of value's kind for name to
// the keys file ("" for a plain value).
func KeyMake(name, value string) string {
	k := DevKeyKindOf(value)
	if k == nil {
		return ""
	}
	format := name + "=%s\\n"
	if k.Multiline {
		format = name + "=\"%s\"\\n"
	}
	return "printf '" + format + "' \"$(" + k.Make + ")\" >> " + detect.CredentialsFile
}

// KeyHelp are the comment lines a committed listing gives a generated key
// in place of its value.
func KeyHelp(name, value string) []string {
	k := DevKeyKindOf(value)
	if k == nil {
		return nil
	}
	return []string{
		name + ": " + k.What + "; pydock generates one for",
		"development into " + detect.CredentialsFile + " (local, never committed: a key in git is public).",
		"To make your own:",
		"  " + KeyMake(name, value),
	}
}

// DevEnvFile is the committed file that lists the development values: its
// credentials file's example beside the project's own .env.example, else
// its own .env.example.
func (p *Plan) DevEnvFile() string {
	if p.CredentialsFile != "" {
		return p.CredentialsFile + ".example"
	}
	return ".env.example"
}

// chooseKeysFile keeps the keys file out of images, also through a
// .dockerignore of the user's, and warns when git would take it: pydock
// never edits a .gitignore.
func (p *Plan) chooseKeysFile(f *detect.Facts) {
	file := p.KeysFile()
	if file == "" {
		return
	}
	if !slices.ContainsFunc(p.Ignore.KeepOut, func(n IgnoreNeed) bool { return n.Path == file }) {
		p.Ignore.KeepOut = append(p.Ignore.KeepOut, IgnoreNeed{Path: file, Why: "development keys"})
	}
	p.decide("development keys", strings.Join(p.DevKeys(), " "), "generated into "+file+" where it is missing (local: never into "+p.DevEnvFile()+", which is committed)")
	if f.GitIgnoresCredentials != nil && *f.GitIgnoresCredentials {
		return
	}
	why := "no .gitignore keeps it out of git"
	if f.GitIgnoresCredentials != nil {
		why = ".gitignore does not ignore it"
	}
	p.ComposeWarnings = append(p.ComposeWarnings, file+" holds "+DevKeyKindOf(p.DevKeyValue(p.DevKeys()[0])).Noun+" pydock generates for development, and "+why+": one `git add .` would publish it; add "+file+" to .gitignore (pydock does not edit your .gitignore)")
	// The warning says it: the note about the passwords would repeat it.
	p.ComposeNotes = slices.DeleteFunc(p.ComposeNotes, func(n string) bool { return strings.HasPrefix(n, file+" will hold") })
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
		where := p.DevEnvFile() + " gives " + c.Env + " " + what
		if file := p.KeysFile(); file != "" && p.DevKeyValue(c.Env) != "" {
			where = "pydock gives " + c.Env + " " + what + " in " + file + ", never in " + p.DevEnvFile() + ", which is committed"
		}
		p.Notes = append(p.Notes, c.Source.String()+": the code the start imports ("+c.Chain+") raises when settings."+c.Setting+" is unset and DEBUG is off, as in the image; the settings read it from "+c.Env+" with no default ("+c.ReadAt.String()+"): "+where+"; replace it before production")
		names = append(names, c.Env)
	}
	if len(names) > 0 {
		p.decide("required at start", strings.Join(names, " "), "checked and raised on by the code the start imports, with DEBUG off: a development value in "+p.DevEnvFile())
	}
}
