package plan

import (
	"fmt"
	"regexp"
	"strconv"
	"strings"

	"github.com/pydock/pydock/internal/detect"
)

// chooseToolVersions lets the project's own requirement pick the uv and
// Poetry the builder runs: the pinned default when it satisfies the
// requirement, else the lowest release the requirement names.
func (p *Plan) chooseToolVersions(f *detect.Facts) {
	if f.Manager == detect.ManagerUV {
		v := strings.TrimPrefix(UVImage, uvImageRepo+":")
		if f.UVRequired != nil {
			if r, ok := p.toolVersion("uv", v, f.UVRequired); ok {
				v = r
			}
		}
		v = p.raiseUV(f, v)
		p.UVImage = uvImageRepo + ":" + v
	}
	if f.Manager == detect.ManagerPDM {
		p.PDMHolds = toolHolds(detect.ManagerPDM, p.PDMVersion)
	}
	if f.Manager == detect.ManagerPoetry && f.PoetryRequired != nil {
		if v, ok := p.toolVersion("poetry", PoetryVersion, f.PoetryRequired); ok {
			if compareRelease(v, "2.0.0") < 0 {
				p.Warnings = append(p.Warnings, fmt.Sprintf("%s: requires-poetry %q picks Poetry %s, but the image runs `poetry sync`, new in Poetry 2: using %s", f.PoetryRequired.Source, f.PoetryRequired.Spec, v, PoetryVersion))
				return
			}
			p.PoetryVersion = v
		}
	}
}

const uvImageRepo = "ghcr.io/astral-sh/uv"

// toolVersion resolves req against the default version def. ok is false
// (and a warning says why) when no version can be named.
func (p *Plan) toolVersion(tool, def string, req *detect.ToolRequirement) (string, bool) {
	key := map[string]string{"uv": "required-version", "poetry": "requires-poetry"}[tool]
	spec, err := parseSpecifiers(req.Spec)
	if err != nil {
		p.Warnings = append(p.Warnings, fmt.Sprintf("%s: %s %q: %v; using %s %s", req.Source, key, req.Spec, err, tool, def))
		return "", false
	}
	if spec.allows(def) {
		p.decide(tool+" version", def, fmt.Sprintf("pydock's pinned %s satisfies %s %q (%s)", tool, key, req.Spec, req.Source))
		return def, true
	}
	for _, c := range spec {
		v := c.version
		switch c.op {
		case ">":
			v = bumpPatch(v)
		case "==", "===", ">=", "~=":
		default:
			continue
		}
		if spec.allows(v) {
			p.decide(tool+" version", v, fmt.Sprintf("the lowest release %s %q allows (%s); pydock's pinned %s is %s", key, req.Spec, req.Source, tool, def))
			p.Notes = append(p.Notes, fmt.Sprintf("%s %s from %s %q (%s) instead of pydock's pinned %s", tool, v, key, req.Spec, req.Source, def))
			return v, true
		}
	}
	p.Warnings = append(p.Warnings, fmt.Sprintf("%s: %s %q names no version pydock can pick; using %s %s", req.Source, key, req.Spec, tool, def))
	return "", false
}

// specifier is one PEP 440 clause over a release version (no pre-releases,
// which uv and Poetry requirements do not need).
type specifier struct {
	op       string
	version  string // padded to three parts
	written  int    // how many parts were written (1.4 → 2)
	wildcard bool   // ==1.2.* / !=1.2.*
}

type specifiers []specifier

var clauseRe = regexp.MustCompile(`^(===|==|!=|~=|>=|<=|>|<)\s*v?(\d+(?:\.\d+){0,2})(\.\*)?$`)

func parseSpecifiers(s string) (specifiers, error) {
	var out specifiers
	for _, part := range strings.Split(s, ",") {
		part = strings.TrimSpace(part)
		if part == "" {
			continue
		}
		if regexp.MustCompile(`^\d`).MatchString(part) {
			part = "==" + part // a bare version, as uv accepts
		}
		m := clauseRe.FindStringSubmatch(part)
		if m == nil {
			return nil, fmt.Errorf("%q is not a version specifier pydock reads", part)
		}
		out = append(out, specifier{op: m[1], version: pad(m[2]), written: strings.Count(m[2], ".") + 1, wildcard: m[3] != ""})
	}
	if len(out) == 0 {
		return nil, fmt.Errorf("empty")
	}
	return out, nil
}

func (ss specifiers) allows(v string) bool {
	for _, s := range ss {
		if !s.allows(pad(v)) {
			return false
		}
	}
	return true
}

func (s specifier) allows(v string) bool {
	c := compareRelease(v, s.version)
	switch s.op {
	case "==", "===":
		if s.wildcard {
			return prefixMatch(v, s.version, s.written)
		}
		return c == 0
	case "!=":
		if s.wildcard {
			return !prefixMatch(v, s.version, s.written)
		}
		return c != 0
	case ">=":
		return c >= 0
	case "<=":
		return c <= 0
	case ">":
		return c > 0
	case "<":
		return c < 0
	case "~=":
		// ~=1.4.5 is >=1.4.5, ==1.4.*; ~=1.4 is >=1.4, ==1.*.
		return c >= 0 && prefixMatch(v, s.version, max(s.written-1, 1))
	}
	return false
}

// prefixMatch compares the first n parts of v and want.
func prefixMatch(v, want string, n int) bool {
	vp, wp := strings.Split(pad(v), "."), strings.Split(want, ".")
	for i := 0; i < n && i < 3; i++ {
		if vp[i] != wp[i] {
			return false
		}
	}
	return true
}

func pad(v string) string {
	for strings.Count(v, ".") < 2 {
		v += ".0"
	}
	return v
}

func compareRelease(a, b string) int {
	ap, bp := strings.Split(pad(a), "."), strings.Split(pad(b), ".")
	for i := 0; i < 3; i++ {
		x, _ := strconv.Atoi(ap[i])
		y, _ := strconv.Atoi(bp[i])
		if x != y {
			if x < y {
				return -1
			}
			return 1
		}
	}
	return 0
}

func bumpPatch(v string) string {
	p := strings.Split(pad(v), ".")
	n, _ := strconv.Atoi(p[2])
	return p[0] + "." + p[1] + "." + strconv.Itoa(n+1)
}
