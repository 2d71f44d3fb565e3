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
		c := LocalModuleCopy{From: path.Join(p.MemberDir, m.Template), To: m.File, Why: m.Source.String()}
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
		p.Warnings = append(p.Warnings, fmt.Sprintf("%s imports %s, which the repository commits only as %s: the image makes %s from it, so collectstatic and the app run with that template's values; mount your deployment's own file read-only at %s (compose: a volume of the app service)", m.Source, m.Module, m.Template, m.File, at))
		p.decide("local settings", m.File+" ← "+m.Template, m.Source.String()+" imports "+m.Module+" with no fallback and only the template is committed")
	}
}
