package plan

import (
	"strconv"

	"github.com/pydock/pydock/internal/detect"
)

// listingFix is a variable the project's own listing (.env.example, which
// compose's header has the user copy to .env) sets in a way the container
// cannot start with, and the value pydock's env file gives it instead:
// compose reads that file after .env, so its value wins.
type listingFix struct {
	EnvVar
	line int
	was  string // the listing's value
	// image: the image's ENV sets it (the Django settings module, a data
	// folder); else the start requires a value the listing leaves empty.
	image bool
}

// listingFixes are the listing's values that break the container: one the
// image sets with ENV for the container (a development settings module
// overriding the production one, another port, a data folder in the
// read-only code; not a server's tuning), and an empty one for a variable the app
// requires at start (the production secret key), for which pydock has a
// development value. The listing's other values stay the user's.
func (p *Plan) listingFixes() []listingFix {
	l := p.usersListing
	if l == nil {
		return nil
	}
	image := p.imageEnv()
	// A server's tuning (workers, trusted proxies, timeouts) over the
	// image's does not stop the container: the user's choice, warned about.
	for _, e := range p.ServerEnv {
		if e.Name != "PORT" {
			delete(image, e.Name)
		}
	}
	dev := map[string]string{}
	for _, s := range p.EnvExampleSections() {
		if s.Commented {
			continue
		}
		for _, e := range s.Vars {
			if e.Value != "" && DevKeyKindOf(e.Value) == nil {
				dev[e.Name] = e.Value
			}
		}
	}
	var out []listingFix
	seen := map[string]bool{}
	for _, v := range l.Vars {
		if seen[v.Name] {
			continue
		}
		if e, ok := image[v.Name]; ok && v.Value != e && !p.isEmptyPath(v.Name, e) {
			out = append(out, listingFix{EnvVar{v.Name, e}, v.Line, v.Value, true})
			seen[v.Name] = true
		} else if d := dev[v.Name]; v.Value == "" && d != "" {
			out = append(out, listingFix{EnvVar{v.Name, d}, v.Line, v.Value, false})
			seen[v.Name] = true
		}
	}
	return out
}

func (p *Plan) isEmptyPath(name, value string) bool {
	for _, e := range p.emptyPaths {
		if e.Name == name && e.Value == value {
			return true
		}
	}
	return false
}

// listingFixNote is detect's line for a fix.
func (p *Plan) listingFixNote(file string, x listingFix) string {
	at := file + ":" + strconv.Itoa(x.line) + ": " + x.Name
	if x.image {
		return at + " is " + quoteEmpty(x.was) + " there: a .env copied from it would set it over the image's ENV " + x.Name + "=" + x.Value + ", which pydock chose for the container; " + detect.CredentialsFile + " sets it back to " + x.Value + " (compose reads it after .env): delete that line to let .env's value through"
	}
	return at + " is empty there, and the app requires a value at start: " + detect.CredentialsFile + " gives it a development value (compose reads it after .env); replace it before production, or set it in .env and delete that line"
}

func quoteEmpty(s string) string {
	if s == "" {
		return "empty"
	}
	return s
}
