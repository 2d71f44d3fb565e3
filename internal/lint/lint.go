package lint

import (
	"bytes"
	"cmp"
	"fmt"
	"io"
	"os"
	"regexp"
	"slices"
	"strings"

	"github.com/moby/buildkit/frontend/dockerfile/parser"
)

// MaxFileSize bounds every file the linter reads. Real Dockerfiles are a
// few kilobytes; a bigger file is a mistake (or an attack), and BuildKit's
// parser holds the whole file in memory several times over.
const MaxFileSize = 4 << 20

// Input is what one lint run looks at. Names are used in findings.
type Input struct {
	// Dockerfile is the Dockerfile's content; nil skips the Dockerfile rules.
	Dockerfile     []byte
	DockerfileName string

	// CheckIgnore runs the .dockerignore rules (DI001–DI004) on
	// Dockerignore; a nil Dockerignore then means the file is missing.
	CheckIgnore      bool
	Dockerignore     []byte
	DockerignoreName string

	// Pyproject is pyproject.toml beside the Dockerfile, if any: it gives
	// requires-python and the readme the build needs.
	Pyproject     []byte
	PyprojectName string
}

// ReadFile reads a file the linter will look at, refusing one larger than
// MaxFileSize without reading it all.
func ReadFile(name string) ([]byte, error) {
	f, err := os.Open(name)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	if st, err := f.Stat(); err == nil && !st.Mode().IsRegular() {
		return nil, fmt.Errorf("%s: not a regular file", name)
	}
	data, err := io.ReadAll(io.LimitReader(f, MaxFileSize+1))
	if err != nil {
		return nil, err
	}
	if len(data) > MaxFileSize {
		return nil, tooLarge(name)
	}
	return data, nil
}

func tooLarge(name string) error {
	return fmt.Errorf("%s: file is larger than %d MiB; is it really a Dockerfile?", name, MaxFileSize>>20)
}

// supersedes names BuildKit rules that one of ours reports with more
// Python-specific advice; BuildKit's finding on the same line is dropped.
var supersedes = map[string]string{
	"JSONArgsRecommended":   "DF010",
	"SecretsUsedInArgOrEnv": "DF015",
}

// Lint runs BuildKit's checks and every rule on the input. A Dockerfile
// that BuildKit cannot parse is an error ("Dockerfile:7: unknown
// instruction: FRM"), as docker build would fail on it; findings found
// before such an error are returned with it.
func Lint(in Input) ([]Finding, error) {
	if in.DockerfileName == "" {
		in.DockerfileName = "Dockerfile"
	}
	if in.DockerignoreName == "" {
		in.DockerignoreName = ".dockerignore"
	}
	if in.PyprojectName == "" {
		in.PyprojectName = "pyproject.toml"
	}
	for _, f := range []struct {
		name string
		data []byte
	}{{in.DockerfileName, in.Dockerfile}, {in.DockerignoreName, in.Dockerignore}, {in.PyprojectName, in.Pyproject}} {
		if len(f.data) > MaxFileSize {
			return nil, tooLarge(f.name)
		}
	}

	c := &checker{}
	if in.Pyproject != nil {
		py, err := parsePyproject(in.PyprojectName, in.Pyproject)
		if err != nil {
			return nil, err
		}
		c.py = py
	}
	var bkFindings []Finding
	if in.Dockerfile != nil {
		// Count instructions before BuildKit converts the file: its
		// conversion is superlinear in them (each ENV re-evaluates the
		// ones before it), so a hostile file would run for minutes.
		if res, err := parser.Parse(bytes.NewReader(in.Dockerfile)); err == nil && len(res.AST.Children) > maxInstructions {
			return nil, fmt.Errorf("%s: %d instructions; pydock lint checks at most %d", in.DockerfileName, len(res.AST.Children), maxInstructions)
		}
		var err error
		bkFindings, err = safeBuildKit(in.DockerfileName, in.Dockerfile)
		if err != nil {
			return clean(bkFindings), err
		}
		c.d, err = parseDockerfile(in.DockerfileName, in.Dockerfile)
		if err != nil {
			return clean(bkFindings), err
		}
	}
	if in.CheckIgnore {
		c.ig = parseIgnore(in.DockerignoreName, in.Dockerignore)
	}
	for i := range rules {
		r := &rules[i]
		if (r.scope == scopeDockerfile && c.d == nil) || (r.scope == scopeIgnore && c.ig == nil) {
			continue
		}
		c.rule = r
		r.check(c)
	}

	var out []Finding
	judged := map[string]bool{} // "line rule" of our findings, kept or suppressed
	for _, f := range c.findings {
		judged[fmt.Sprint(f.Line, " ", f.Rule)] = true
		if !c.suppressed(f) {
			out = append(out, f)
		}
	}
	for _, f := range bkFindings {
		if id, ok := supersedes[f.Rule]; ok && judged[fmt.Sprint(f.Line, " ", id)] {
			continue
		}
		if f.Rule == "InvalidDefinitionDescription" && c.d != nil && isDirective(c.d.lineText(f.Line-1)) {
			// Our own suppression comment above a FROM is not a stage
			// description BuildKit should complain about.
			continue
		}
		if !c.suppressed(f) {
			out = append(out, f)
		}
	}
	return clean(out), nil
}

// clean sorts findings and makes their text safe to print and encode.
func clean(fs []Finding) []Finding {
	for i := range fs {
		fs[i].Message = strings.ToValidUTF8(fs[i].Message, "\uFFFD")
	}
	slices.SortStableFunc(fs, func(a, b Finding) int {
		return cmp.Or(cmp.Compare(a.File, b.File), cmp.Compare(a.Line, b.Line), cmp.Compare(a.Rule, b.Rule))
	})
	return fs
}

// checker carries the parsed inputs to each rule and collects findings.
type checker struct {
	d        *dockerfile
	ig       *ignoreFile
	py       *pyproject
	rule     *Rule
	findings []Finding
}

// report records a finding of the current rule at its default severity.
func (c *checker) report(line int, format string, args ...any) {
	c.reportAs(c.rule.Severity, line, format, args...)
}

func (c *checker) reportAs(sev string, line int, format string, args ...any) {
	file := ""
	switch {
	case c.rule.scope == scopeIgnore:
		file = c.ig.file
	case c.d != nil:
		file = c.d.file
	}
	c.reportIn(file, sev, line, format, args...)
}

func (c *checker) reportIn(file, sev string, line int, format string, args ...any) {
	c.findings = append(c.findings, Finding{
		File:     file,
		Line:     line,
		Rule:     c.rule.ID,
		Severity: sev,
		Message:  fmt.Sprintf(format, args...),
	})
}

var (
	pydockIgnore   = regexp.MustCompile(`pydock-ignore:\s*([A-Za-z0-9_, ]+)`)
	hadolintIgnore = regexp.MustCompile(`hadolint\s+ignore=([A-Za-z0-9_,]+)`)
)

// isDirective reports whether a line is a suppression comment.
func isDirective(s string) bool {
	s = strings.TrimSpace(s)
	return strings.HasPrefix(s, "#") && (pydockIgnore.MatchString(s) || hadolintIgnore.MatchString(s))
}

// ignoredIDs returns the IDs a suppression comment in s names.
func ignoredIDs(s string) (ours, hadolint []string) {
	for _, m := range pydockIgnore.FindAllStringSubmatch(s, -1) {
		for id := range strings.SplitSeq(m[1], ",") {
			if id = strings.TrimSpace(id); id != "" {
				ours = append(ours, strings.ToUpper(id))
			}
		}
	}
	for _, m := range hadolintIgnore.FindAllStringSubmatch(s, -1) {
		for id := range strings.SplitSeq(m[1], ",") {
			hadolint = append(hadolint, strings.ToUpper(strings.TrimSpace(id)))
		}
	}
	return ours, hadolint
}

// suppressed reports whether a comment on the finding's line, or in the
// block of comment lines right above it, names its rule, either as
// `# pydock-ignore: DF013,DF005` or, for rules that map to hadolint's, as
// `# hadolint ignore=DL3008`. A finding about a whole file (line 0) is
// suppressed by such a comment anywhere in that file.
func (c *checker) suppressed(f Finding) bool {
	var lines []string
	switch {
	case c.d != nil && f.File == c.d.file:
		lines = c.d.lines
	case c.ig != nil && f.File == c.ig.file:
		lines = c.ig.lines
	default:
		return false
	}
	var texts []string
	if f.Line <= 0 {
		for _, l := range lines {
			if strings.HasPrefix(strings.TrimSpace(l), "#") {
				texts = append(texts, l)
			}
		}
	} else {
		if f.Line <= len(lines) {
			texts = append(texts, lines[f.Line-1])
		}
		for i := f.Line - 2; i >= 0 && i < len(lines) && strings.HasPrefix(strings.TrimSpace(lines[i]), "#"); i-- {
			texts = append(texts, lines[i])
		}
	}
	for _, t := range texts {
		ours, hl := ignoredIDs(t)
		if slices.Contains(ours, strings.ToUpper(f.Rule)) {
			return true
		}
		for _, h := range hl {
			if slices.Contains(HadolintIDs(f.Rule), h) {
				return true
			}
		}
	}
	return false
}

func (d *dockerfile) lineText(n int) string {
	if n < 1 || n > len(d.lines) {
		return ""
	}
	return d.lines[n-1]
}

var checkComment = regexp.MustCompile(`(?m)^[ \t]*#[ \t]*check[ \t]*=.*$`)

// safeBuildKit calls BuildKit, which (as of buildkit.go's first version)
// panics when a `# check=` comment sits above an instruction other than the
// first: instructions.Parse is given a nil linter and dereferences it. On
// such a panic it runs again with those comments blanked (lines keep their
// numbers), so the per-instruction skips are lost but nothing else is.
// The real fix is instructions.Parse(res.AST, linter.New(&linter.Config{}))
// in buildkit.go.
func safeBuildKit(file string, dt []byte) (fs []Finding, err error) {
	defer func() {
		if r := recover(); r != nil {
			// Keep the directives at the top of the file as they are.
			hdr := headerEnd(dt)
			blanked := append(append([]byte(nil), dt[:hdr]...),
				checkComment.ReplaceAll(dt[hdr:], []byte("#"))...)
			func() {
				defer func() {
					if r := recover(); r != nil {
						fs, err = nil, fmt.Errorf("%s: BuildKit's linter crashed on this file: %v", file, r)
					}
				}()
				fs, err = BuildKit(file, blanked)
			}()
		}
	}()
	return BuildKit(file, dt)
}

// headerEnd is the offset of the first line that is not a comment or blank:
// where BuildKit stops looking for directives.
func headerEnd(dt []byte) int {
	off := 0
	for off < len(dt) {
		end := bytes.IndexByte(dt[off:], '\n')
		if end < 0 {
			end = len(dt) - off
		} else {
			end++
		}
		l := bytes.TrimSpace(dt[off : off+end])
		if len(l) > 0 && l[0] != '#' {
			break
		}
		off += end
	}
	return off
}
