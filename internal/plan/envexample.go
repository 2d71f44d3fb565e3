package plan

import (
	"slices"
	"strconv"
	"strings"
	"unicode"

	"github.com/pydock/pydock/internal/detect"
)

// EnvSection is one block of .env.example: comment lines (pydock's own
// text, never the project's), then its variables.
type EnvSection struct {
	Comment []string
	Vars    []EnvVar
	// Commented: the variables are listed as comments, for the user to
	// uncomment; compose passes none of them.
	Commented bool
}

// EnvExample lists what .env must set for compose, in one list.
func (p *Plan) EnvExample() []EnvVar {
	var out []EnvVar
	for _, s := range p.EnvExampleSections() {
		if !s.Commented {
			out = append(out, s.Vars...)
		}
	}
	return out
}

// WritesEnvExample reports whether .env.example has anything to list,
// commented out or not.
func (p *Plan) WritesEnvExample() bool {
	return slices.ContainsFunc(p.EnvExampleSections(), func(s EnvSection) bool { return len(s.Vars) > 0 })
}

// EnvExampleSections is .env.example's content: the services' credentials
// (interpolated with ${NAME:?…}, no default in compose.yaml) and SECRET_KEY's
// variable; then a development value for every variable Django's settings
// require at import, unless compose already sets it (DATABASE_URL from its
// db service); then the keys of a dotenv file the image leaves out.
func (p *Plan) EnvExampleSections() []EnvSection {
	var first []EnvVar
	set := map[string]bool{}
	add := func(list *[]EnvVar, e EnvVar) {
		if !set[e.Name] {
			*list = append(*list, e)
			set[e.Name] = true
		}
	}
	for _, s := range p.Services {
		for _, e := range s.Secrets {
			add(&first, e)
		}
	}
	if p.Django != nil && p.Django.SecretEnv != "" {
		add(&first, EnvVar{Name: p.Django.SecretEnv, Value: devSecret})
	}
	out := []EnvSection{{Vars: first}}
	// What compose sets (the names the app reads a service under) needs no .env entry.
	for _, s := range p.Services {
		for _, e := range s.AppEnv {
			set[e.Name] = true
		}
	}
	if p.Django != nil {
		var dev []EnvVar
		for _, e := range p.Django.DevEnv {
			add(&dev, e)
		}
		if len(dev) > 0 {
			out = append(out, EnvSection{Comment: []string{
				"Development values for what the Django settings require at import (or the code",
				"they load checks at start), or read with a default that refuses plain http on",
				"localhost, so compose starts as generated: replace them before production.",
			}, Vars: dev})
		}
	}
	if len(p.AppSettings) > 0 {
		out = append(out, EnvSection{Comment: []string{
			"Development values for what the app reads with no default while it loads",
			"(" + settingsFrom(p.AppSettings) + "), so compose starts as generated: replace them before production.",
		}, Vars: settingVars(p.AppSettings)})
	}
	if len(p.OwnerSettings) > 0 {
		out = append(out, EnvSection{Comment: []string{
			"Required: credentials only you have, read with no default (" + settingsFrom(p.OwnerSettings) + ").",
			"Set them here; the app gets an empty value until you do.",
		}, Vars: settingVars(p.OwnerSettings)})
	}
	if len(p.BareCredentials) > 0 {
		out = append(out, EnvSection{Comment: []string{
			"Required when used: tokens and keys read with no default (" + settingsFrom(p.BareCredentials) + ");",
			"the app holds None until you set them: uncomment and set what it uses.",
		}, Vars: settingVars(p.BareCredentials), Commented: true})
	}
	if len(p.DotenvOnly) > 0 {
		out = append(out, EnvSection{Comment: []string{
			"Also set by " + settingsFrom(p.DotenvOnly) + ", which the image leaves out; no code pydock read uses",
			"them: uncomment what the app needs (an empty value would override its default).",
		}, Vars: settingVars(p.DotenvOnly), Commented: true})
	}
	return out
}

func settingVars(list []AppSetting) []EnvVar {
	var out []EnvVar
	for _, s := range list {
		out = append(out, s.EnvVar)
	}
	return out
}

// settingsFrom names the files the settings come from, each once.
func settingsFrom(list []AppSetting) string {
	var files []string
	for _, s := range list {
		f, _, _ := strings.Cut(s.From, ":")
		// A comment line of .env.example: a name that would end it is not written.
		if !strings.ContainsFunc(f, func(r rune) bool { return unicode.IsControl(r) || r == 0x2028 || r == 0x2029 }) {
			files = append(files, f)
		}
	}
	return strings.Join(dedupe(files), ", ")
}

const devSecret = "change-me-to-a-long-random-string"

// devByName are development values for variables Django projects read by
// well-known names: hosts that admit the probe and a browser on the
// published port. Source:
// https://docs.djangoproject.com/en/stable/ref/settings/#allowed-hosts,
// https://docs.djangoproject.com/en/stable/ref/settings/#csrf-trusted-origins;
// an address and a host name in the reserved example domain (RFC 2606).
var devByName = []struct{ Suffix, Value string }{
	{"ALLOWED_HOSTS", "localhost,127.0.0.1"},
	{"_HOSTS", "localhost,127.0.0.1"},
	{"CSRF_TRUSTED_ORIGINS", "http://localhost:{port}"},
	{"EMAIL", "admin@example.com"},
	{"HOSTNAME", "localhost"},
	{"_HOST", "localhost"},
	{"_DOMAIN", "localhost"},
}

// secretWords mark a variable that holds a credential: its development
// value says to change it.
var secretWords = []string{"SECRET", "PASSWORD", "PASSWD", "_PASS", "TOKEN", "_KEY", "SALT"}

// djangoDevEnv gives each variable the settings require a value that
// parses and lets the site start under compose; it is not a secret.
func djangoDevEnv(dj *detect.Django, uses []detect.EnvUse, port int) []EnvVar {
	if port == 0 {
		port = DefaultPort
	}
	var out []EnvVar
	for _, r := range dj.RequiredEnv {
		if runtimeEnv[r.Name] {
			continue // the container has it (runtimeenv.toml)
		}
		out = append(out, EnvVar{r.Name, devValue(r, port)})
	}
	for _, u := range uses {
		for _, d := range productionDevValues {
			if !strings.HasSuffix(u.Name, d.Suffix) || d.emptyDefault && u.Default != "" ||
				slices.ContainsFunc(out, func(e EnvVar) bool { return e.Name == u.Name }) {
				continue
			}
			out = append(out, EnvVar{u.Name, strings.ReplaceAll(d.Value, "{port}", strconv.Itoa(port))})
		}
	}
	return out
}

// productionDevValues are development values for what production settings
// read with a default that refuses compose's plain-http localhost: hosts
// read with no default or an empty one (every request is 400 with DEBUG
// off), and the redirect to an https:// nobody serves. Only variables the
// settings read get one. Sources:
// https://docs.djangoproject.com/en/stable/ref/settings/#allowed-hosts,
// https://docs.djangoproject.com/en/stable/ref/settings/#secure-ssl-redirect.
var productionDevValues = []struct {
	Suffix, Value string
	emptyDefault  bool // only when the default is not a string the app chose
}{
	{"ALLOWED_HOSTS", "localhost,127.0.0.1", true},
	{"CSRF_TRUSTED_ORIGINS", "http://localhost:{port}", true},
	{"SECURE_SSL_REDIRECT", "False", false},
}

func devValue(r detect.EnvRead, port int) string {
	local := "http://localhost:" + strconv.Itoa(port)
	for _, d := range devByName {
		if strings.HasSuffix(r.Name, d.Suffix) {
			return strings.ReplaceAll(d.Value, "{port}", strconv.Itoa(port))
		}
	}
	if slices.ContainsFunc(secretWords, func(w string) bool { return strings.Contains(r.Name, w) }) && (r.Kind == "str" || r.Kind == "") {
		return devSecret
	}
	v := throwawayValue(r)
	if v == "http://localhost" {
		return local
	}
	if v == collectstaticOnly {
		return "dev"
	}
	return v
}
