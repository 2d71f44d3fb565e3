package plan

import (
	"regexp"
	"slices"
	"strconv"
	"strings"

	"github.com/pydock/pydock/internal/detect"
)

// AppSetting is a variable .env.example lists for the app's own settings.
type AppSetting struct {
	EnvVar
	From string // where the app reads it, or the dotenv file that sets it
}

// ownerWords mark a credential only its owner has (a token of another
// service, an API key, a DSN): no development value stands in for it, so
// .env.example leaves it empty under a "required" comment. Keys the app
// signs or encrypts with get a development value instead (secretWords).
var ownerWords = []string{"TOKEN", "API_KEY", "APIKEY", "DSN", "CLIENT_SECRET", "ACCESS_KEY", "WEBHOOK"}

var (
	// choiceRe is a Literal's choice that may be written into .env.example as is.
	choiceRe     = regexp.MustCompile(`^[A-Za-z0-9_.:/@+-]{1,64}$`)
	intValueRe   = regexp.MustCompile(`^-?[0-9]+$`)
	floatValueRe = regexp.MustCompile(`^-?[0-9]+(?:\.[0-9]+)?$`)
	boolValueRe  = regexp.MustCompile(`^(?:true|false|True|False|0|1)$`)
)

// chooseAppSettings lists for .env.example what the app reads with no
// default while it loads (pydantic fields, config("X"), os.environ["X"])
// and what a dotenv file the image leaves out sets: each variable compose
// does not already pass gets a development value that parses as the app
// reads it (the authors' committed number, else one), an owner's
// credential is left empty as required, a field with a default is left
// to its default, and a dotenv key no code reads is listed commented out,
// so an empty value never overrides the app's own.
func (p *Plan) chooseAppSettings(f *detect.Facts) {
	set := map[string]bool{}
	for _, e := range p.EnvExample() {
		set[e.Name] = true
	}
	for _, s := range p.Services {
		for _, e := range s.AppEnv {
			set[e.Name] = true
		}
	}
	uses := map[string]detect.EnvUse{}
	for _, u := range f.EnvUses {
		uses[u.Name] = u
	}
	committed := map[string]string{}
	for _, d := range f.Dotenv {
		for k, v := range d.Values {
			committed[k] = v
		}
	}
	for _, n := range p.chooseAuthorsEnv(f, set) {
		set[n] = true
	}
	var switches []string // why a boolean got the value it did
	add := func(u detect.EnvUse, from string) {
		if set[u.Name] {
			return
		}
		set[u.Name] = true
		v, owner := appDevValue(u, committed[u.Name], p.Port)
		if u.Kind == "bool" {
			if mv, why := modeSwitchValue(u, committed[u.Name], f.AuthorsEnv); mv != "" {
				v = mv
				switches = append(switches, why)
			}
		}
		s := AppSetting{EnvVar{u.Name, v}, from}
		if owner {
			p.OwnerSettings = append(p.OwnerSettings, s)
		} else {
			p.AppSettings = append(p.AppSettings, s)
		}
	}
	for _, u := range f.EnvUses {
		// FailsUnset: read with no default and used at once, so the code
		// stops where it reaches it, in a function too.
		if (u.Required || u.FailsUnset) && requiredNameRe.MatchString(u.Name) && !isDjangoSettingsRead(f, u) && !runtimeEnv[u.Name] && !p.toolingRead(u) {
			add(u, u.Source.String())
		}
	}
	// A token, key or secret read with .get and no default while the app
	// loads (a bot's BOT_TOKEN): the app holds None until it is set, and
	// many such reads are optional integrations, so each is listed
	// commented out under "Required when used" (an empty value would turn
	// None into "").
	for _, u := range f.EnvUses {
		if u.Bare && !u.Required && !set[u.Name] && requiredNameRe.MatchString(u.Name) && !isDjangoSettingsRead(f, u) && !runtimeEnv[u.Name] && !p.toolingRead(u) &&
			slices.ContainsFunc(bareCredentialWords, func(w string) bool { return strings.Contains(u.Name, w) }) {
			set[u.Name] = true
			p.BareCredentials = append(p.BareCredentials, AppSetting{EnvVar{u.Name, ""}, u.Source.String()})
		}
	}
	for _, d := range f.Dotenv {
		if excludingPattern(ignoreSecrets.Patterns, d.File) == "" {
			continue // it ships with the source
		}
		for _, k := range d.Keys {
			u, read := uses[k]
			switch {
			case set[k]:
			case read && u.Required && !runtimeEnv[k]:
				add(u, d.File)
			case read:
				// A default or None when unset: the app's own choice stands.
			default:
				set[k] = true
				p.DotenvOnly = append(p.DotenvOnly, AppSetting{EnvVar{k, ""}, d.File})
			}
		}
	}
	if len(switches) > 0 {
		var vals []string
		for _, w := range switches {
			nv, _, _ := strings.Cut(w, ":")
			vals = append(vals, nv)
		}
		p.decide("mode switch", strings.Join(vals, " "), strings.Join(switches, "; ")+": .env.example sets what the image needs, not a development value")
	}
	var names []string
	for _, s := range append(slices.Clone(p.AppSettings), p.OwnerSettings...) {
		names = append(names, s.Name)
	}
	if len(p.BareCredentials) > 0 {
		var bare []string
		for _, s := range p.BareCredentials {
			bare = append(bare, s.Name)
		}
		p.decide("credential env", strings.Join(bare, " "), "read with .get and no default while the app loads ("+settingsFrom(p.BareCredentials)+"): .env.example lists each commented out under \"Required when used\"")
	}
	if len(names) > 0 {
		var from []string
		for _, s := range append(slices.Clone(p.AppSettings), p.OwnerSettings...) {
			from = append(from, s.From)
		}
		p.decide("required env", strings.Join(names, " "), "read with no default where the app needs it ("+strings.Join(dedupe(from), ", ")+"): .env.example gives each a development value that parses, and leaves empty, as required, a credential only you have")
	}
}

// bareCredentialWords mark a name read with .get and no default that
// holds a credential: a token, an API key, a secret.
var bareCredentialWords = []string{"TOKEN", "API_KEY", "APIKEY", "SECRET", "ACCESS_KEY", "PRIVATE_KEY"}

// toolingDirs hold a repository's own tooling, run by its maintainers or
// its CI, not by the app: release and build scripts, docs, examples.
var toolingDirs = []string{"bin", "scripts", "build_helpers", "docs", "doc", "examples", "example", "benchmarks"}

// toolingRead reports whether a variable is read only by such a script
// (bin/release_manager.py's GITHUB_TOKEN), which the image's command does
// not run itself: the app never needs it.
func (p *Plan) toolingRead(u detect.EnvUse) bool {
	top, _, nested := strings.Cut(u.Source.File, "/")
	return nested && slices.Contains(toolingDirs, top) && !slices.ContainsFunc(p.Command, func(a string) bool { return strings.Contains(a, u.Source.File) })
}

// requiredNameRe is an environment variable's conventional spelling: a
// config("x") of lower case is more likely a project's own lookup.
var requiredNameRe = regexp.MustCompile(`^[A-Z][A-Z0-9_]*$`)

// isDjangoSettingsRead: Django's settings reads have their section of
// .env.example already (DevEnv), with collectstatic's same rules.
func isDjangoSettingsRead(f *detect.Facts, u detect.EnvUse) bool {
	return f.Django != nil && slices.ContainsFunc(f.Django.RequiredEnv, func(r detect.EnvRead) bool { return r.Name == u.Name })
}

// appDevValue is a development value for a setting read with no default,
// one that parses as the app reads it; owner reports a credential only its
// owner has, left empty.
func appDevValue(u detect.EnvUse, committed string, port int) (string, bool) {
	if port == 0 {
		port = DefaultPort
	}
	if u.Choice != "" && choiceRe.MatchString(u.Choice) {
		return u.Choice, false
	}
	switch u.Kind {
	case "email":
		return "admin@example.com", false
	case "int":
		if intValueRe.MatchString(committed) {
			return committed, false
		}
		return "1", false
	case "float":
		if floatValueRe.MatchString(committed) {
			return committed, false
		}
		return "1.0", false
	case "bool":
		if boolValueRe.MatchString(committed) {
			return strings.ToLower(committed), false
		}
		return "false", false
	case "list":
		return "[]", false
	case "dict", "json":
		return "{}", false
	case "url":
		return "http://localhost:" + strconv.Itoa(port), false
	case "db":
		return throwawayValues["db"], false
	case "redis":
		return "redis://localhost:6379/0", false
	case "fernet":
		return GeneratedFernetKey, false
	}
	if slices.ContainsFunc(ownerWords, func(w string) bool { return strings.Contains(u.Name, w) }) {
		return "", true
	}
	return devValue(detect.EnvRead{Name: u.Name, Kind: "str"}, port), false
}
