package plan

import (
	"errors"
	"fmt"
	"path"
	"regexp"
	"slices"
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/distribution/reference"
	"github.com/pydock/pydock/internal/detect"
)

// Values that reach the generated files come from the project, pydock.toml
// and flags. Each is checked against the grammar of the place it lands, so
// a value can only ever be data there; the render package quotes them for
// that place as well.

// maxHealthPath bounds a health path: a probe URL, not a document.
const maxHealthPath = 256

// CheckHealthPath accepts a URL path as RFC 3986 defines it (section 3.3):
// "/" then unreserved characters, sub-delims, ":", "@", "/" and %XX
// escapes. No query, fragment, space or quote: a probe path needs none.
func CheckHealthPath(s string) error {
	if !strings.HasPrefix(s, "/") {
		return fmt.Errorf("not a URL path: want a path starting with /")
	}
	if len(s) > maxHealthPath {
		return fmt.Errorf("not a URL path: %d bytes, at most %d", len(s), maxHealthPath)
	}
	for i := 0; i < len(s); i++ {
		c := s[i]
		switch {
		case c == '%':
			if i+2 >= len(s) || !isHex(s[i+1]) || !isHex(s[i+2]) {
				return fmt.Errorf("not a URL path: %% at byte %d is not followed by two hex digits", i+1)
			}
			i += 2
		case isPathChar(c):
		default:
			return fmt.Errorf("not a URL path: %q at byte %d; allowed are letters, digits, -._~!$&'()*+,;=:@/ and %%XX escapes", rune(c), i+1)
		}
	}
	return nil
}

// isPathChar is RFC 3986's pchar without pct-encoded, plus "/".
func isPathChar(c byte) bool {
	switch {
	case 'a' <= c && c <= 'z', 'A' <= c && c <= 'Z', '0' <= c && c <= '9':
		return true
	}
	return strings.IndexByte("-._~!$&'()*+,;=:@/", c) >= 0
}

func isHex(c byte) bool {
	return '0' <= c && c <= '9' || 'a' <= c && c <= 'f' || 'A' <= c && c <= 'F'
}

// CheckImageRef accepts an image reference by the distribution grammar
// (name[:tag][@digest], what FROM and docker pull read): one word, so
// nothing such as "AS x" or a new line can follow it into the Dockerfile.
func CheckImageRef(s string) error {
	if len(s) > 512 {
		return fmt.Errorf("not an image reference: %d bytes", len(s))
	}
	if _, err := reference.ParseNormalizedNamed(s); err != nil {
		return fmt.Errorf("not an image reference (registry/name:tag[@sha256:…]): %w", err)
	}
	return nil
}

// maxPath bounds a project path; PATH_MAX on Linux.
const maxPath = 4096

// CheckPath accepts a path inside the project as the generated files name
// it (mount sources, COPY, requirement files, compose watch): relative,
// clean, and without characters that cannot be written as data in every
// one of those places (control characters such as a new line, quotes,
// backslash, $, ` and glob characters). Spaces and commas are fine: render quotes them.
func CheckPath(p string) error {
	switch {
	case p == "" || len(p) > maxPath:
		return fmt.Errorf("not a project path: %d bytes", len(p))
	case path.IsAbs(p) || p == ".." || strings.HasPrefix(p, "../"):
		return errors.New("not inside the project")
	case path.Clean(p) != p:
		return fmt.Errorf("not a clean path (it reads as %q)", path.Clean(p))
	case !utf8.ValidString(p):
		return errors.New("not valid UTF-8")
	case strings.TrimSpace(p) != p:
		return errors.New("starts or ends with a space, which .dockerignore drops")
	}
	for i, r := range p {
		// *?[ would be patterns in COPY and .dockerignore.
		if unicode.IsControl(r) || strings.ContainsRune("\"'\\$`*?[", r) || r == 0x2028 || r == 0x2029 {
			return fmt.Errorf("%q at byte %d cannot be written safely into a Dockerfile; rename it", r, i+1)
		}
	}
	return nil
}

var (
	secretIDRe = regexp.MustCompile(`^[A-Za-z0-9_.-]{1,128}$`)
	hostRe     = regexp.MustCompile(`^[A-Za-z0-9]([A-Za-z0-9.-]{0,252})$`)
	envNameRe  = regexp.MustCompile(`^[A-Za-z_][A-Za-z0-9_]{0,127}$`)
	// moduleRe is a dotted Python import path (ASCII identifiers).
	moduleRe = regexp.MustCompile(`^[A-Za-z_][A-Za-z0-9_]*(?:\.[A-Za-z_][A-Za-z0-9_]*)*$`)
)

// CheckModule accepts a dotted Python module path.
func CheckModule(m string) error {
	if len(m) > 256 || !moduleRe.MatchString(m) {
		return errors.New("not a Python module path (identifiers joined by dots)")
	}
	return nil
}

// checkValues is the last step of Build: every value that reaches a
// template is checked for the place it lands, so none can become an
// instruction, a shell word boundary or Python source.
func (p *Plan) checkValues(f *detect.Facts) error {
	if p.Name != "" && !distNameRe.MatchString(p.Name) {
		return fmt.Errorf("project name %q is not a distribution name (PEP 508)", p.Name)
	}
	if err := CheckImageRef(p.BaseImage); err != nil {
		return fmt.Errorf("base image %q: %w", p.BaseImage, err)
	}
	paths := []struct {
		what string
		list []string
	}{
		{"requirements file", append([]string{p.RequirementsFile}, p.RequirementsFiles...)},
		{"path dependency", p.PathDeps},
		{"file the build needs", p.BuildFiles},
		{"workspace member", p.WorkspaceManifests},
		{"source folder", p.SourceDirs},
	}
	if p.Snippet != nil {
		paths = append(paths, struct {
			what string
			list []string
		}{"health snippet", []string{p.Snippet.Path}})
	}
	for _, ps := range paths {
		for _, x := range ps.list {
			if x == "" || x == "." {
				continue
			}
			if err := CheckPath(x); err != nil {
				return fmt.Errorf("%s %q%s: %w", ps.what, x, pathSource(f, x), err)
			}
		}
	}
	if p.Django != nil {
		if err := CheckModule(p.Django.SettingsModule); err != nil {
			return fmt.Errorf("Django settings module %q (%s): %w", p.Django.SettingsModule, f.Django.Source, err)
		}
		if c := p.Django.Configuration; c != "" && (strings.Contains(c, ".") || CheckModule(c) != nil) {
			return fmt.Errorf("django-configurations class %q (%s): not a Python identifier", c, f.Django.Source)
		}
		if p.Django.SecretEnv != "" && !envNameRe.MatchString(p.Django.SecretEnv) {
			return fmt.Errorf("Django secret variable %q (%s): not an environment variable name", p.Django.SecretEnv, f.Django.Source)
		}
	}
	for _, r := range p.PythonPath {
		if rel := strings.TrimPrefix(r, AppDir+"/"); rel != r {
			if err := CheckPath(rel); err != nil {
				return fmt.Errorf("import root %q: %w", rel, err)
			}
		}
	}
	if p.Django != nil && p.Django.ManagePy != "" {
		if err := CheckPath(p.Django.ManagePy); err != nil {
			return fmt.Errorf("manage.py at %q: %w", p.Django.ManagePy, err)
		}
	}
	for _, b := range p.BuildSecrets {
		if !secretIDRe.MatchString(b.ID) || (b.Env != "" && !envNameRe.MatchString(b.Env)) {
			return fmt.Errorf("build secret %q (env %q): not a plain name; rename the index it comes from", b.ID, b.Env)
		}
	}
	for _, h := range p.SSHHosts {
		if !hostRe.MatchString(h) {
			return fmt.Errorf("SSH host %q of a git+ssh dependency: not a host name", h)
		}
	}
	// Text that lands in a Dockerfile comment must stay on its line.
	comments := append(append(slices.Clone(p.ServerNotes), p.NativeReasons...), p.SSHHosts...)
	for _, w := range p.Writable {
		comments = append(comments, w.Path, w.Why)
	}
	if p.Django != nil {
		comments = append(comments, p.Django.DebugFrom)
	}
	if p.Catalogues != nil {
		comments = append(comments, p.Catalogues.From)
	}
	for _, c := range comments {
		if strings.ContainsFunc(c, func(r rune) bool { return unicode.IsControl(r) || r == 0x2028 || r == 0x2029 }) {
			return fmt.Errorf("%q would not stay on one comment line in the Dockerfile", c)
		}
	}
	// The celery app reaches compose's CMD-SHELL probe quoted as a shell
	// word (render), and the snippet's module only its docstring, whose
	// path CheckPath held above: neither needs to fail the plan.
	return nil
}

// distNameRe is a distribution name as PEP 508 defines it.
var distNameRe = regexp.MustCompile(`^[A-Za-z0-9](?:[A-Za-z0-9._-]*[A-Za-z0-9])?$`)

// pathSource names the requirement line or manifest that brought a path
// dependency in, when there is one.
func pathSource(f *detect.Facts, p string) string {
	for _, d := range f.Dependencies {
		if d.Path != "" && path.Clean(strings.TrimPrefix(d.Path, "./")) == p && d.Source.File != "" {
			return " (" + d.Source.String() + ")"
		}
	}
	return ""
}
