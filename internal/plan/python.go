package plan

import (
	"errors"
	"fmt"
	"strings"
	"time"

	"github.com/pydock/pydock/internal/detect"
	"github.com/pydock/pydock/internal/pyversion"
)

// declared is one Python declaration of the project, parsed.
type declared struct {
	c    detect.PythonConstraint
	spec pyversion.Spec
}

func (d declared) String() string {
	return fmt.Sprintf("%s %q (%s)", d.c.Kind, d.c.Spec, d.c.Source)
}

// where is the declaration led by its file, for error lists.
func (d declared) where() string {
	return fmt.Sprintf("%s: %s %q", d.c.Source, d.c.Kind, d.c.Spec)
}

// parseDeclarations parses every declaration with its tool's dialect. A
// pin that is no version at all (a path committed in place of a symbolic
// link, "system") is skipped with a warning while something else declares
// the version, and is an error when nothing does.
func (p *Plan) parseDeclarations(f *detect.Facts) ([]declared, error) {
	var out []declared
	var notVersion []string
	for _, c := range f.Python {
		var sp pyversion.Spec
		var err error
		switch {
		case detect.IsPinKind(c.Kind):
			sp, err = pyversion.ParsePin(c.Spec)
		case c.Kind == detect.KindPoetry:
			sp, err = pyversion.ParsePoetry(c.Spec)
		default:
			sp, err = pyversion.ParsePEP440(c.Spec)
		}
		var nv *pyversion.NotVersionError
		if errors.As(err, &nv) {
			notVersion = append(notVersion, fmt.Sprintf("%s: %v", c.Source, err))
			continue
		}
		if err != nil {
			return nil, fmt.Errorf("%s: %w", c.Source, err)
		}
		out = append(out, declared{c, sp})
	}
	if len(notVersion) > 0 {
		if len(out) == 0 {
			return nil, fmt.Errorf("%s; write a version such as 3.12 there, or pass --python X.Y", notVersion[0])
		}
		for _, w := range notVersion {
			p.Warnings = append(p.Warnings, w+"; ignored: the other declarations decide")
		}
	}
	return out, nil
}

// conflict explains declarations no release satisfies together, naming
// each pair that contradicts (or all of them when only the whole set does).
func conflict(specs []declared) error {
	var b strings.Builder
	b.WriteString("the project's Python requirements disagree: no supported release satisfies all of them:")
	pairs := 0
	for i := range specs {
		for j := i + 1; j < len(specs); j++ {
			if _, ok := pyversion.Select([]pyversion.Spec{specs[i].spec, specs[j].spec}); !ok {
				fmt.Fprintf(&b, "\n  %s contradicts %s", specs[i].where(), specs[j].where())
				pairs++
			}
		}
	}
	if pairs == 0 {
		for _, x := range specs {
			fmt.Fprintf(&b, "\n  %s", x.where())
		}
	}
	b.WriteString("\nalign them, or pass --python X.Y to choose")
	return errors.New(b.String())
}

// choosePython resolves every stated constraint together: the newest
// supported release that all of them allow. Disagreement is an error that
// names each source, never a silent pick.
func (p *Plan) choosePython(f *detect.Facts, s Settings, now time.Time) error {
	specs, err := p.parseDeclarations(f)
	if err != nil {
		return err
	}

	if s.Python != "" {
		sp, err := pyversion.ParsePin(s.Python)
		if err != nil {
			return fmt.Errorf("--python: %w", err)
		}
		r, ok := pyversion.Select([]pyversion.Spec{sp})
		if !ok {
			return fmt.Errorf("--python %s: not a supported CPython release (supported: %s)", s.Python, supported())
		}
		for _, x := range specs {
			if !x.spec.AllowsMinor(r) {
				p.Warnings = append(p.Warnings, fmt.Sprintf("--python %s overrides %s, which does not allow it", s.Python, x))
			}
		}
		p.Python = r
		p.decide("python", r.Minor.String(), "--python "+s.Python)
		p.eol(now)
		return nil
	}

	if len(specs) == 0 {
		p.Python = pyversion.Default()
		p.decide("python", p.Python.Minor.String(), "nothing declared: pydock's default")
		p.Notes = append(p.Notes, fmt.Sprintf("no Python version declared: using %s; pin it with .python-version or requires-python", p.Python.Minor))
		return nil
	}
	all := make([]pyversion.Spec, len(specs))
	for i, x := range specs {
		all[i] = x.spec
	}
	allowed := pyversion.Allowed(all)
	if len(allowed) == 0 {
		return conflict(specs)
	}
	why := make([]string, len(specs))
	for i, x := range specs {
		why[i] = x.String()
	}
	if r, reason, warn, ok := pickByWheels(f.Lock, allowed, platforms(s)); ok {
		p.Python = r
		p.decide("python", r.Minor.String(), reason+"; allowed by "+strings.Join(why, ", "))
		if warn != "" {
			p.Warnings = append(p.Warnings, warn)
		}
		p.eol(now)
		return nil
	}
	p.Python = allowed[0]
	p.decide("python", p.Python.Minor.String(), "newest supported release allowed by "+strings.Join(why, ", "))
	p.eol(now)
	return nil
}

// platforms are the target architectures: pydock.toml's, else amd64 and arm64.
func platforms(s Settings) []string {
	return DefaultPlatforms
}

func (p *Plan) eol(now time.Time) {
	if p.Python.IsEOL(now) {
		p.Warnings = append(p.Warnings, fmt.Sprintf("Python %s reached end of life on %s: it gets no security fixes; move to a newer release", p.Python.Minor, p.Python.EOL.Format("2006-01-02")))
	}
}

func supported() string {
	var v []string
	for _, r := range pyversion.Releases() {
		v = append(v, r.Minor.String())
	}
	return strings.Join(v, ", ")
}
