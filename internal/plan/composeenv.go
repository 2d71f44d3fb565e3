package plan

import (
	"net/url"
	"regexp"
	"slices"
	"strconv"
	"strings"

	"github.com/pydock/pydock/internal/detect"
)

// A project with its own .env.example keeps it: compose cannot interpolate
// the services' passwords from a .env copied from it, since it does not
// list them, and compose reads only the shell and .env for that (never a
// service's env_file). So compose.yaml holds no ${X:?} then: each service
// and the app read the passwords from pydock's own env file, listed after
// .env so its values win, with every value written out, since compose
// expands ${X} inside an env_file from .env first, where the authors' own
// POSTGRES_PASSWORD would change the app's URL but not the database's.

// envEvidence is what the app reads, for wiring the services: the names its
// code reads, then the keys the authors' .env.example lists for it.
func envEvidence(f *detect.Facts) []detect.EnvUse {
	if f.EnvListing == nil {
		return f.EnvUses
	}
	out := slices.Clone(f.EnvUses)
	for _, v := range f.EnvListing.Vars {
		if !slices.ContainsFunc(out, func(u detect.EnvUse) bool { return u.Name == v.Name }) {
			out = append(out, detect.EnvUse{Name: v.Name, Default: v.Value, Source: detect.Source{File: f.EnvListing.File, Line: v.Line}})
		}
	}
	return out
}

// literal is v with each service password it interpolates written out as
// its placeholder.
func (p *Plan) literal(v string) string {
	for _, s := range p.Services {
		for _, sec := range s.Secrets {
			v = strings.ReplaceAll(v, required(sec.Name), sec.Value)
		}
	}
	return v
}

func (p *Plan) holdsPassword(v string) bool { return p.literal(v) != v }

// Inline is what compose.yaml's environment sets of list: all of it, or,
// with a credentials file, the values that hold no password.
func (p *Plan) Inline(list []EnvVar) []EnvVar {
	if p.CredentialsFile == "" {
		return list
	}
	var out []EnvVar
	for _, e := range list {
		if !p.holdsPassword(e.Value) {
			out = append(out, e)
		}
	}
	return out
}

// ReadsCredentials reports whether service s starts with a password from
// the credentials file.
func (p *Plan) ReadsCredentials(s Service) bool {
	return p.CredentialsFile != "" && slices.ContainsFunc(s.Env, func(e EnvVar) bool { return p.holdsPassword(e.Value) })
}

// CredentialNames are the variables service s reads from the credentials file.
func (p *Plan) CredentialNames(s Service) string {
	var names []string
	for _, e := range s.Env {
		if p.holdsPassword(e.Value) {
			names = append(names, e.Name)
		}
	}
	return strings.Join(names, ", ")
}

// PasswordVars are the credentials file's variables that carry a service's
// password: a copy without one starts that service, or the app, without it.
func (p *Plan) PasswordVars() []string {
	var out []string
	for _, s := range p.Services {
		for _, e := range append(slices.Clone(s.Env), s.AppEnv...) {
			if p.holdsPassword(e.Value) && !slices.Contains(out, e.Name) {
				out = append(out, e.Name)
			}
		}
	}
	if sec := p.migrationEnvSection(map[string]bool{}); sec != nil {
		for _, e := range sec.Vars {
			if !slices.Contains(out, e.Name) {
				out = append(out, e.Name)
			}
		}
	}
	return out
}

// CredentialSections is the credentials file: per service, the password it
// starts with and the app's variables that carry it; then what pydock's
// .env.example would list that the authors' does not.
func (p *Plan) CredentialSections() []EnvSection {
	set := map[string]bool{}
	var out []EnvSection
	for _, s := range p.Services {
		var vars []EnvVar
		for _, e := range append(slices.Clone(s.Env), s.AppEnv...) {
			if p.holdsPassword(e.Value) && !set[e.Name] {
				set[e.Name] = true
				vars = append(vars, EnvVar{e.Name, p.literal(e.Value)})
			}
		}
		if len(vars) > 0 {
			out = append(out, EnvSection{Comment: []string{
				"The " + s.Name + " service (" + s.Image + "): the password it starts with, and the app's",
				"variables that carry it. Change it in every line here that holds it.",
			}, Vars: vars})
		}
	}
	if sec := p.migrationEnvSection(set); sec != nil {
		out = append(out, *sec)
	}
	var empty []EnvVar
	for _, e := range p.emptyPaths {
		if !set[e.Name] {
			set[e.Name] = true
			empty = append(empty, e)
		}
	}
	if len(empty) > 0 {
		out = append(out, EnvSection{Comment: []string{
			"What " + p.UsersEnv + " leaves empty and the code uses as a path: an empty value would be a",
			"path relative to the working directory; these are the code's own defaults, or",
			"the image's own value for a data folder it moves to /data.",
		}, Vars: empty})
	}
	var fixed []EnvVar
	for _, x := range p.listingFixes() {
		if !set[x.Name] {
			set[x.Name] = true
			fixed = append(fixed, x.EnvVar)
		}
	}
	if len(fixed) > 0 {
		out = append(out, EnvSection{Comment: []string{
			"What " + p.UsersEnv + " sets that the container cannot start with (the image's own",
			"settings, and what the app requires but it leaves empty): here they win over a .env",
			"copied from it. Delete a line to let .env's value through.",
		}, Vars: fixed})
	}
	listed := map[string]bool{}
	if p.usersListing != nil {
		for _, v := range p.usersListing.Vars {
			listed[v.Name] = true
		}
	}
	secret := map[string]bool{}
	for _, s := range p.Services {
		for _, sec := range s.Secrets {
			secret[sec.Name] = true
		}
	}
	for i, sec := range p.EnvExampleSections() {
		var vars []EnvVar
		for _, e := range sec.Vars {
			// The passwords' own names are interpolated nowhere now.
			if !listed[e.Name] && !set[e.Name] && !secret[e.Name] {
				set[e.Name] = true
				vars = append(vars, e)
			}
		}
		if len(vars) == 0 {
			continue
		}
		comment := sec.Comment
		if i == 0 {
			comment = []string{"Development values for what the app needs that " + p.UsersEnv + " does not list;", "replace them before production."}
		}
		out = append(out, EnvSection{Comment: comment, Vars: vars, Commented: sec.Commented})
	}
	return out
}

// chooseCredentialsFile moves the services' passwords out of compose.yaml
// into pydock's own env file when the project keeps its own .env.example,
// and says which of that file's keys compose overrides or leaves pointing
// elsewhere.
func (p *Plan) chooseCredentialsFile(f *detect.Facts) {
	l := f.EnvListing
	if l == nil || !p.Compose {
		return
	}
	p.UsersEnv, p.usersListing = l.File, l
	p.chooseEmptyPaths(f, l)
	if slices.ContainsFunc(p.CredentialSections(), func(s EnvSection) bool { return !s.Commented && len(s.Vars) > 0 }) {
		p.CredentialsFile = detect.CredentialsFile
		p.decide("compose env file", p.CredentialsFile, l.File+" is the project's own and does not list compose's passwords: compose.yaml reads them from "+p.CredentialsFile+" (cp "+p.CredentialsFile+".example "+p.CredentialsFile+"), after .env, not from ${…} in .env")
		p.Ignore.KeepOut = append(p.Ignore.KeepOut, IgnoreNeed{Path: p.CredentialsFile, Why: "compose's passwords"})
		if !l.CredentialsIgnored {
			p.ComposeNotes = append(p.ComposeNotes, p.CredentialsFile+" will hold compose's passwords: add it to .gitignore (.dockerignore already keeps it out of the image)")
		}
	}
	set := map[string]bool{}
	for _, s := range p.Services {
		for _, e := range s.AppEnv {
			set[e.Name] = true
		}
	}
	for _, sec := range p.CredentialSections() {
		if !sec.Commented {
			for _, e := range sec.Vars {
				set[e.Name] = true
			}
		}
	}
	image := p.imageEnv()
	fixes := map[string]bool{}
	if p.CredentialsFile != "" {
		for _, x := range p.listingFixes() {
			fixes[x.Name] = true
			p.ComposeNotes = append(p.ComposeNotes, p.listingFixNote(l.File, x))
		}
	}
	var over []string
	for _, v := range l.Vars {
		if fixes[v.Name] {
			continue
		}
		if set[v.Name] {
			over = append(over, v.Name)
			continue
		}
		if e, ok := image[v.Name]; ok && v.Value != e && !slices.Contains(p.emptyPaths, EnvVar{v.Name, e}) {
			// compose's env_file beats the image's ENV.
			p.ComposeWarnings = append(p.ComposeWarnings, l.File+":"+strconv.Itoa(v.Line)+": "+v.Name+" is listed there: a .env copied from it sets it for the app over the image's ENV "+v.Name+"="+e+", which pydock chose for the container (an empty value counts: some apps then fall back to their default); leave it out of .env or set it to that")
			continue
		}
		if w := p.pointsElsewhere(l.File, v); w != "" {
			p.ComposeWarnings = append(p.ComposeWarnings, w)
		}
		if w := localS3(f, l.File, v); w != "" {
			p.ComposeWarnings = append(p.ComposeWarnings, w)
		}
	}
	if len(over) > 0 {
		over = dedupe(over)
		p.decide("compose env", "over "+l.File+": "+strings.Join(over, " "), "the services compose runs answer them (the names the code reads, and the ones "+l.File+" lists for such a service)")
		p.ComposeNotes = append(p.ComposeNotes, "compose sets "+strings.Join(over, ", ")+" for the services it runs, over what "+l.File+" (and a .env copied from it) says")
	}
}

// pointsElsewhere warns about a listed URL of a kind compose runs a service
// for that compose leaves as it is: the app may use it instead of
// compose's service. Only the scheme is named; the value may be a secret.
func (p *Plan) pointsElsewhere(file string, v detect.ListedVar) string {
	sch, _, ok := strings.Cut(v.Value, "://")
	if !ok {
		return ""
	}
	base, _, _ := strings.Cut(strings.ToLower(sch), "+")
	for _, s := range p.Services {
		r := reachOf(s.Kind)
		if slices.Contains(r.schemes, base) {
			return file + ":" + strconv.Itoa(v.Line) + ": " + v.Name + " is a " + sch + " URL, and compose runs its own " + s.Name + " service: compose leaves " + v.Name + " as .env sets it; if the app should use compose's " + s.Kind + ", point it at host " + s.Name + ", port " + strconv.Itoa(r.port)
		}
	}
	return ""
}

// imageEnv is what the runtime image sets with ENV for the app that pydock
// chose for the container: the port, data directories, the server's settings, the
// Django settings module and its debug switch.
func (p *Plan) imageEnv() map[string]string {
	out := map[string]string{}
	if p.HasWeb() {
		out["PORT"] = strconv.Itoa(p.Port) // what EXPOSE and the probe say
	}
	for _, e := range p.DataEnv {
		out[e.Name] = e.Value
	}
	for _, e := range p.ServerEnv {
		out[e.Name] = e.Value
	}
	if p.Django != nil {
		if p.Django.SettingsEnv {
			out["DJANGO_SETTINGS_MODULE"] = p.Django.SettingsModule
		}
		if p.Django.Configuration != "" {
			out["DJANGO_CONFIGURATION"] = p.Django.Configuration
		}
		if p.Django.Debug != nil {
			out[p.Django.Debug.Name] = p.Django.Debug.Value
		}
	}
	return out
}

// s3EndpointRe is a variable naming an S3 server's endpoint:
// AWS_S3_ENDPOINT_URL, MINIO_ENDPOINT_URL, S3_ENDPOINT (boto3's
// endpoint_url, as the projects name it).
var s3EndpointRe = regexp.MustCompile(`^(?:[A-Z0-9]+_)*(?:S3|MINIO)(?:_[A-Z0-9]+)*_(?:ENDPOINT|URL)$`)

// localS3 warns about a listed S3 endpoint the app reads that points at
// localhost: the server the authors run beside the app (MinIO in their
// compose) is not in pydock's, and the app's container answers for
// localhost itself. The URL is the authors' example, not a secret.
func localS3(f *detect.Facts, file string, v detect.ListedVar) string {
	if !s3EndpointRe.MatchString(v.Name) || !slices.ContainsFunc(f.EnvUses, func(u detect.EnvUse) bool { return u.Name == v.Name }) {
		return ""
	}
	u, err := url.Parse(v.Value)
	if err != nil || u.Scheme != "http" && u.Scheme != "https" {
		return ""
	}
	if h := u.Hostname(); h != "localhost" && h != "127.0.0.1" && h != "::1" {
		return ""
	}
	return file + ":" + strconv.Itoa(v.Line) + ": " + v.Name + " is " + u.Scheme + "://" + u.Host + ", an S3 server (MinIO) beside the app: inside the app's container localhost is the container itself, and compose runs no S3 server, so uploads fail while the stack looks healthy; run one (a minio service in compose.yaml, its bucket created) and point " + v.Name + " at it, or at your S3"
}
