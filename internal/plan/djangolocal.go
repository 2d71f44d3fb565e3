package plan

import (
	"fmt"
	"path"

	"github.com/pydock/pydock/internal/detect"
)

// LocalModuleCopy makes a module the settings import from the template the
// repository commits in its place (COPY From To, after the source).
type LocalModuleCopy struct {
	From string // context-relative: site/settings_local.sample.py
	To   string // relative to the working directory: site/settings_local.py
	Why  string // the import, file:line
	Made string // where the authors' image makes it the same way, file:line
	Verb string // what Why does with it: imports, stops without
}

// chooseLocalModules makes each module the settings import unconditionally
// and the repository commits only as a template: without it neither
// collectstatic nor the app can import the settings. The template's values
// are the authors' starting point, not a deployment's, so a warning says
// where to mount the real file; a local copy of it (it holds that
// deployment's secrets) stays out of the build context.
func (p *Plan) chooseLocalModules(dj *detect.Django) {
	for _, m := range dj.LocalModules {
		if _, err := CheckWritable(m.File); err != nil {
			continue // not a plain path: detect's names are, but never guess
		}
		if _, err := CheckWritable(m.Template); err != nil {
			continue
		}
		if m.Dev != nil {
			p.mountLocalModule(m)
			continue
		}
		c := LocalModuleCopy{From: path.Join(p.MemberDir, m.Template), To: m.File, Why: m.Source.String(), Verb: m.Verb()}
		if m.Via != nil {
			c.Made = m.Via.String()
		}
		p.Django.LocalModules = append(p.Django.LocalModules, c)
		local := path.Join(p.MemberDir, m.File)
		p.Ignore.KeepOut = append(p.Ignore.KeepOut, IgnoreNeed{Path: local, Why: "the deployment's own settings, mounted at run time"})
		p.Ignore.Blocks = append(p.Ignore.Blocks, IgnoreBlock{
			Comment:  []string{"The deployment's own settings module: the image makes it from " + m.Template + ", and a local copy holds keys, never an image layer"},
			Patterns: []string{"/" + local},
		})
		at := path.Join(AppDir, p.MemberDir, m.File)
		if m.Via != nil {
			p.Warnings = append(p.Warnings, fmt.Sprintf("%s names %s, which the repository does not have: %s makes %s from %s, and so does the image, so collectstatic and the app run with that file's values; mount your deployment's own file read-only at %s (compose: a volume of the app service)", m.Source, m.Module, m.Via, m.File, m.Template, at))
			p.decide("local settings", m.File+" ← "+m.Template, m.Source.String()+" names "+m.Module+", which the authors' image makes from that file ("+m.Via.String()+")")
			continue
		}
		p.Warnings = append(p.Warnings, fmt.Sprintf("%s %s %s, which the repository commits only as %s: the image makes %s from it, so collectstatic and the app run with that template's values; mount your deployment's own file read-only at %s (compose: a volume of the app service)", m.Source, m.Verb(), m.Module, m.Template, m.File, at))
		p.decide("local settings", m.File+" ← "+m.Template, m.Source.String()+" "+m.Verb()+" "+m.Module+" with no fallback and only the template is committed")
	}
}

// StandIn is a template bind-mounted at Target (absolute) for one build
// step: what it holds reaches no layer.
type StandIn struct {
	Source string // context-relative: site/local.py.example
	Target string // /app/site/local.py
}

// mountLocalModule handles a module whose only template is for development
// (DEBUG = True as written): made from it, the image would serve debug
// pages and the template's keys. The template stands in for collectstatic
// (static files do not depend on DEBUG or keys), and compose mounts the
// user's own copy, refusing to start while it is missing, as it does a
// configuration file committed only as an example (configfiles.go).
func (p *Plan) mountLocalModule(m detect.LocalModule) {
	at := path.Join(AppDir, p.MemberDir, m.File)
	local := path.Join(p.MemberDir, m.File)
	p.Django.StandIns = append(p.Django.StandIns, StandIn{Source: path.Join(p.MemberDir, m.Template), Target: at})
	p.ConfigMounts = append(p.ConfigMounts, ConfigMount{Source: "./" + local, Target: at, Example: path.Join(p.MemberDir, m.Template)})
	p.Ignore.KeepOut = append(p.Ignore.KeepOut, IgnoreNeed{Path: local, Why: "the deployment's own settings, mounted at run time"})
	p.Ignore.Blocks = append(p.Ignore.Blocks, IgnoreBlock{
		Comment:  []string{"The deployment's own settings module, mounted at run time: a local copy holds keys, never an image layer"},
		Patterns: []string{"/" + local},
	})
	p.Warnings = append(p.Warnings, fmt.Sprintf("%s %s %s, which the repository does not have; %s is a development template (DEBUG = True, %s), so the image does not make %s from it (it stands in for collectstatic's step only): copy %s to %s and make it your deployment's (DEBUG off, your own SECRET_KEY); compose mounts it read-only at %s and stops with an error while it is missing; the image leaves it out (.dockerignore), so mount it the same way in production", m.Source, m.Verb(), m.Module, m.Template, m.Dev, m.File, m.Template, local, at))
	p.decide("local settings", m.File+": mounted by compose", m.Source.String()+" "+m.Verb()+" "+m.Module+" with no fallback; only "+m.Template+" is committed, a development template (DEBUG = True, "+m.Dev.String()+"): collectstatic runs with it mounted, compose mounts your copy")
}
