package plan

import (
	"regexp"

	"github.com/pydock/pydock/internal/detect"
)

// offValueRe is a value the settings compare DEBUG with that may land in
// an ENV line as is.
var offValueRe = regexp.MustCompile(`^[A-Za-z0-9_.-]{1,32}$`)

// chooseDjangoDebug turns off a DEBUG the settings the image runs leave on
// when its variable is unset: under the variable the settings read, set to
// the value they parse as off, in the runtime stage (collectstatic and the
// server both run with it). A DEBUG = True or a SECRET_KEY committed as a
// literal cannot be changed from outside: a warning names the line.
// Source: https://docs.djangoproject.com/en/stable/howto/deployment/checklist/#debug
func (p *Plan) chooseDjangoDebug(dj *detect.Django) {
	if d := dj.Debug; d != nil {
		switch {
		case d.Env != "" && envNameRe.MatchString(d.Env) && offValueRe.MatchString(d.Off):
			p.Django.Debug = &EnvVar{Name: d.Env, Value: d.Off}
			p.Django.DebugFrom = d.Source.String()
			if d.Switch {
				p.Django.DebugSwitch = true
				p.decide("debug", d.Env+"="+d.Off, "the settings run their production branch when "+d.Env+" is "+d.Off+" ("+d.Source.String()+"): DEBUG off, and what the branch reads from the environment is required (collectstatic gets throwaway values, .env.example development ones); set "+d.Env+" otherwise at run time only to debug")
				break
			}
			p.decide("debug", d.Env+"="+d.Off, "the settings turn DEBUG on when "+d.Env+" is unset ("+d.Source.String()+"): off in the image, so it serves no debug pages; set "+d.Env+" at run time only to debug")
		case d.Env != "":
			p.Warnings = append(p.Warnings, d.Source.String()+": the settings turn DEBUG on when "+d.Env+" is unset, and pydock cannot write the value that turns it off: set it off in the image's environment")
		default:
			p.Warnings = append(p.Warnings, d.Source.String()+": DEBUG = True in the settings the image runs ("+dj.SettingsModule+"): it serves tracebacks and settings to anyone; read it from the environment (DEBUG = os.environ.get(\"DJANGO_DEBUG\") == \"1\") or keep production settings in their own module")
		}
	}
	if dj.TestProjectOf != "" {
		p.Warnings = append(p.Warnings, dj.Dir+"/ is, by its name, a project for testing the package this repository distributes ("+dj.TestProjectOf+"): the image serves it as the Django project found, with settings written for tests and development; a production site is a project of yours that installs the package (run pydock there)")
	}
	if s := dj.CommittedSecret; s != nil {
		p.Django.CommittedSecret = s.String()
		p.Warnings = append(p.Warnings, p.Django.CommittedSecretFinding())
	}
}

// CommittedSecretFinding is what check and generate say about a SECRET_KEY
// committed as a literal in the settings the image runs.
func (d *DjangoPlan) CommittedSecretFinding() string {
	return d.CommittedSecret + ": SECRET_KEY is a literal committed with the code, in the settings the image runs (" + d.SettingsModule + "): anyone with the repository can sign sessions and reset tokens; read it from the environment (SECRET_KEY = os.environ[\"DJANGO_SECRET_KEY\"]), as .env.example and compose then pass it"
}
