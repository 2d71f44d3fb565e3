package detect

import (
	"bytes"
	"errors"
	"fmt"
	"io/fs"
	"path"
	"regexp"
	"strings"
	"unicode/utf8"
)

// maxRequirementsSize bounds each requirements file pydock reads: real ones
// are kilobytes, so anything larger is a mistake (a dump, a wheel renamed).
const maxRequirementsSize = 10 << 20

// requirements is what a requirements file and everything it includes say.
type requirements struct {
	// Deps are the requirements in file order, first occurrence wins (later
	// ones only add extras). Lines of constraint files (-c) are not
	// requirements and are left out.
	Deps []Dependency
	// Files are every file read, the top one first, then includes in the
	// order they were first seen; the Dockerfile must copy all of them.
	Files []string
	// Hashes is true when some line pins a --hash (pip then requires
	// hashes for every requirement).
	Hashes bool
	// ExportOf is "uv" or "poetry" when the top file carries that tool's
	// export header: the file is a complete lock, installable with --no-deps.
	ExportOf string
	// SelfInstall is true when a line installs the project itself ("-e ."
	// or ".", which uv export writes): pip then needs the source, not just
	// the requirement files. It is not listed in Deps, having no name here.
	SelfInstall bool
	// SelfExtras are the extras of that line (".[prod]").
	SelfExtras []string
}

// readRequirements reads the requirements file name from fsys and follows
// its -r/-c includes, each relative to the file that includes it. Each file
// is read once, so include cycles end. Errors name the file and line.
func readRequirements(fsys fs.FS, name string) (*requirements, error) {
	r := &reqReader{fsys: fsys, seen: map[string]bool{}, byName: map[string]int{}}
	name = path.Clean(name)
	if err := r.read(name, false, true); err != nil {
		return nil, err
	}
	return &r.out, nil
}

type reqReader struct {
	fsys   fs.FS
	out    requirements
	seen   map[string]bool
	byName map[string]int // dependency name → index in out.Deps
}

// read parses one file. constraint is true for files included with -c
// (and whatever they include): their lines only pin versions.
func (r *reqReader) read(name string, constraint, top bool) error {
	r.seen[name] = true
	r.out.Files = append(r.out.Files, name)
	data, err := readBounded(r.fsys, name, maxRequirementsSize, "requirement files")
	if err != nil {
		return err
	}
	if bytes.HasPrefix(data, []byte("\xef\xbb\xbf")) {
		data = data[3:] // a BOM from Windows editors; pip skips it too
	}
	if err := checkText(name, data); err != nil {
		return err
	}
	header := exportHeader{}
	for _, ll := range logicalLines(string(data)) {
		if top {
			header.see(ll.comments)
		}
		if ll.text == "" {
			continue
		}
		if err := r.line(name, ll, constraint); err != nil {
			return err
		}
	}
	if top {
		r.out.ExportOf = header.tool
	}
	return nil
}

// checkText rejects NUL bytes and invalid UTF-8, naming the first bad line:
// pip would choke on such a file, and it is surely not a requirements file.
func checkText(name string, data []byte) error {
	if utf8.Valid(data) && bytes.IndexByte(data, 0) < 0 {
		return nil
	}
	for i, line := range bytes.Split(data, []byte("\n")) {
		if !utf8.Valid(line) || bytes.IndexByte(line, 0) >= 0 {
			return fmt.Errorf("%s:%d: not a text file (binary data)", name, i+1)
		}
	}
	return nil // unreachable: some line is bad
}

// logicalLine is one requirement or option, continuations joined, comments
// stripped; line is the number of its first physical line.
type logicalLine struct {
	text     string
	line     int
	comments []string // the comment lines that preceded it, without '#'
}

var commentRe = regexp.MustCompile(`(^|\s+)#.*$`)

// logicalLines splits a requirements file as pip does: a line ending in a
// backslash continues on the next one, a comment line ends a continuation,
// and "#" starts a comment at the start of a line or after whitespace (so a
// URL's "#egg=" fragment stays). The last element may have empty text and
// carries trailing comments.
func logicalLines(data string) []logicalLine {
	var (
		out      []logicalLine
		cur      strings.Builder
		start    int
		comments []string
		open     bool // inside a continuation
	)
	flush := func() {
		out = append(out, logicalLine{text: strings.TrimSpace(commentRe.ReplaceAllString(cur.String(), "")), line: start, comments: comments})
		cur.Reset()
		comments = nil
		open = false
	}
	n := 0
	for len(data) > 0 {
		n++
		line := data
		if i := strings.IndexByte(data, '\n'); i >= 0 {
			line, data = data[:i], data[i+1:]
		} else {
			data = ""
		}
		line = strings.TrimRight(line, "\r")
		if t := strings.TrimSpace(line); strings.HasPrefix(t, "#") {
			if open {
				flush()
			}
			comments = append(comments, strings.TrimPrefix(t, "#"))
			continue
		}
		if !open {
			start = n
		}
		if strings.HasSuffix(line, `\`) {
			cur.WriteString(strings.TrimSuffix(line, `\`))
			cur.WriteByte(' ')
			open = true
			continue
		}
		cur.WriteString(line)
		flush()
	}
	if open || len(comments) > 0 {
		if !open {
			start = n
		}
		flush()
	}
	return out
}

// exportHeader recognises the comment block an exporter writes at the top.
type exportHeader struct {
	uvAuto bool // saw "autogenerated by uv"
	tool   string
}

func (h *exportHeader) see(comments []string) {
	for _, c := range comments {
		c = strings.TrimSpace(c)
		switch {
		case h.tool != "":
			return
		case strings.Contains(c, "autogenerated by uv"):
			// uv export writes "This file was autogenerated by uv via the
			// following command:" then "#    uv export …"; uv pip compile
			// writes the same first line, so the command decides.
			h.uvAuto = true
		case h.uvAuto && strings.HasPrefix(c, "uv "):
			if f := strings.Fields(c); len(f) > 1 && f[1] == "export" {
				h.tool = "uv"
			}
			h.uvAuto = false
		case strings.Contains(c, "@generated by PDM"):
			h.tool = "pdm" // pdm export's first line
		case strings.Contains(c, "poetry export"):
			// poetry-plugin-export writes no header by default, so only an
			// explicit mention of the command counts.
			h.tool = "poetry"
		}
	}
}

// line handles one logical line: an option, a requirement or a path/URL.
func (r *reqReader) line(file string, ll logicalLine, constraint bool) error {
	// pip splits the requirement from its per-line options (--hash,
	// --config-settings) at the first space-separated token starting with
	// "-", and reads the options with shlex: quotes hold spaces there.
	tokens := strings.FieldsFunc(ll.text, func(r rune) bool { return r == ' ' || r == '\t' })
	n := 0
	for n < len(tokens) && !strings.HasPrefix(tokens[n], "-") {
		n++
	}
	opts, err := shlexSplit(strings.Join(tokens[n:], " "))
	if err != nil {
		return fmt.Errorf("%s:%d: %w", file, ll.line, err)
	}
	// Hash pins may follow a requirement or sit on continuation lines.
	for _, f := range opts {
		if f == "--hash" || strings.HasPrefix(f, "--hash=") {
			r.out.Hashes = true
			break
		}
	}
	if n == 0 {
		return r.option(file, ll, opts, constraint)
	}
	d, err := parseRequirementLine(strings.Join(tokens[:n], " "), false)
	if err != nil {
		return fmt.Errorf("%s:%d: %w", file, ll.line, err)
	}
	if !constraint {
		d.Source = Source{File: file, Line: ll.line}
		r.add(d)
	}
	return nil
}

// option handles a line starting with "-", its fields split as shlex does.
// Includes are followed; the rest (index URLs, --pre, --no-binary, …) are
// pip's business, not pydock's.
func (r *reqReader) option(file string, ll logicalLine, fields []string, constraint bool) error {
	if len(fields) == 0 {
		return nil
	}
	flag, arg := fields[0], ""
	if i := strings.IndexByte(flag, '='); i > 0 && strings.HasPrefix(flag, "--") {
		flag, arg = flag[:i], flag[i+1:]
	} else if len(flag) > 2 && flag[1] != '-' {
		flag, arg = flag[:2], flag[2:] // -rfile, -eurl: optparse allows it
	} else if len(fields) > 1 {
		arg = fields[1]
	}
	switch flag {
	case "-r", "--requirement", "-c", "--constraint":
		if arg == "" {
			return fmt.Errorf("%s:%d: %s needs a file name", file, ll.line, flag)
		}
		return r.include(file, ll.line, flag, arg, constraint || flag == "-c" || flag == "--constraint")
	case "-e", "--editable":
		if arg == "" {
			return fmt.Errorf("%s:%d: %s needs a path or URL", file, ll.line, flag)
		}
		d, err := parseRequirementLine(arg, true)
		if err != nil {
			return fmt.Errorf("%s:%d: %w", file, ll.line, err)
		}
		if !constraint {
			d.Source = Source{File: file, Line: ll.line}
			r.add(d)
		}
	}
	return nil
}

// shlexSplit splits an option line as Python's shlex.split does (POSIX
// mode), which pip uses: whitespace separates words; single quotes keep
// everything; double quotes keep everything but a backslash before " or \;
// outside quotes a backslash escapes any character.
func shlexSplit(s string) ([]string, error) {
	var (
		out    []string
		word   strings.Builder
		inWord bool
	)
	for i := 0; i < len(s); i++ {
		c := s[i]
		switch {
		case c == ' ' || c == '\t' || c == '\n' || c == '\r':
			if inWord {
				out = append(out, word.String())
				word.Reset()
				inWord = false
			}
		case c == '\\':
			if i+1 >= len(s) {
				return nil, errors.New("no character after the last backslash")
			}
			i++
			word.WriteByte(s[i])
			inWord = true
		case c == '\'':
			j := strings.IndexByte(s[i+1:], '\'')
			if j < 0 {
				return nil, errors.New("no closing quotation")
			}
			word.WriteString(s[i+1 : i+1+j])
			i += 1 + j
			inWord = true
		case c == '"':
			closed := false
			for i++; i < len(s); i++ {
				if s[i] == '"' {
					closed = true
					break
				}
				if s[i] == '\\' && i+1 < len(s) && (s[i+1] == '"' || s[i+1] == '\\') {
					i++
				}
				word.WriteByte(s[i])
			}
			if !closed {
				return nil, errors.New("no closing quotation")
			}
			inWord = true
		default:
			word.WriteByte(c)
			inWord = true
		}
	}
	if inWord {
		out = append(out, word.String())
	}
	return out, nil
}

// include follows -r/-c arg found at file:line.
func (r *reqReader) include(file string, line int, flag, arg string, constraint bool) error {
	if strings.Contains(arg, "://") {
		return fmt.Errorf("%s:%d: %s %s: pydock reads only local requirement files", file, line, flag, arg)
	}
	target := path.Join(path.Dir(file), arg)
	if path.IsAbs(arg) || target == ".." || strings.HasPrefix(target, "../") {
		return fmt.Errorf("%s:%d: %s %s: outside the project directory", file, line, flag, arg)
	}
	if r.seen[target] {
		return nil
	}
	if _, err := fs.Stat(r.fsys, target); err != nil {
		if errors.Is(err, fs.ErrNotExist) {
			return fmt.Errorf("%s:%d: %s %s: %w", file, line, flag, arg, fs.ErrNotExist)
		}
		return fmt.Errorf("%s:%d: %s %s: %w", file, line, flag, arg, err)
	}
	return r.read(target, constraint, false)
}

// add appends d, or merges it into an earlier requirement of the same name.
func (r *reqReader) add(d Dependency) {
	if d.Name == "" && d.Path == "." {
		r.out.SelfInstall = true
		for _, e := range d.Extras {
			if !containsString(r.out.SelfExtras, e) {
				r.out.SelfExtras = append(r.out.SelfExtras, e)
			}
		}
		return
	}
	i, ok := r.byName[d.Name]
	if !ok {
		r.byName[d.Name] = len(r.out.Deps)
		r.out.Deps = append(r.out.Deps, d)
		return
	}
	p := &r.out.Deps[i]
	for _, e := range d.Extras {
		if !containsString(p.Extras, e) {
			p.Extras = append(p.Extras, e)
		}
	}
	p.VCS = p.VCS || d.VCS
	if p.Path == "" {
		p.Path = d.Path
	}
	if p.Version == "" {
		p.Version = d.Version
	}
}

func containsString(list []string, s string) bool {
	for _, x := range list {
		if x == s {
			return true
		}
	}
	return false
}

var (
	// reqNameRe is a PEP 508 name with optional extras, then the rest.
	reqNameRe = regexp.MustCompile(`^([A-Za-z0-9](?:[A-Za-z0-9._-]*[A-Za-z0-9])?)\s*(?:\[([^\]]*)\])?\s*(.*)$`)
	// pinRe is an exact pin, "==1.2.3" or "===1.2.3", and nothing else.
	pinRe = regexp.MustCompile(`^===?\s*([A-Za-z0-9][A-Za-z0-9.+!_-]*)$`)
	// vcsSchemes are the pip VCS URL prefixes.
	vcsSchemes = []string{"git+", "hg+", "svn+", "bzr+"}
)

// parseRequirementLine parses a requirement without its options: a PEP 508
// requirement ("name[extra]>=1; marker", "name @ url"), or a bare URL or
// path (pip's legacy forms, always the case after -e).
func parseRequirementLine(s string, editable bool) (Dependency, error) {
	s = strings.TrimSpace(s)
	if s == "" {
		return Dependency{}, errors.New("empty requirement")
	}
	if editable || looksLikeURLOrPath(s) {
		// Markers after a URL need whitespace before ";", since URLs may
		// contain ";" themselves.
		if i := strings.Index(s, " ;"); i >= 0 {
			s = strings.TrimSpace(s[:i])
		}
		return urlRequirement(s)
	}
	m := reqNameRe.FindStringSubmatch(s)
	if m == nil {
		return Dependency{}, fmt.Errorf("not a requirement: %q", clip(s, 80))
	}
	d := Dependency{Name: normalizeName(m[1]), Extras: splitExtras(m[2])}
	rest := m[3]
	if i := strings.IndexByte(rest, ';'); i >= 0 && !strings.HasPrefix(strings.TrimSpace(rest), "@") {
		rest = rest[:i]
	}
	rest = strings.TrimSpace(rest)
	if at, ok := strings.CutPrefix(rest, "@"); ok {
		url := strings.TrimSpace(at)
		if i := strings.Index(url, " ;"); i >= 0 {
			url = strings.TrimSpace(url[:i])
		} else if i := strings.Index(url, ";"); i >= 0 && !strings.Contains(url[:i], "://") {
			url = strings.TrimSpace(url[:i])
		}
		u, err := urlRequirement(url)
		if err != nil {
			return Dependency{}, err
		}
		d.VCS, d.Path = u.VCS, u.Path
		return d, nil
	}
	if m := pinRe.FindStringSubmatch(rest); m != nil {
		d.Version = m[1]
	}
	return d, nil
}

// looksLikeURLOrPath reports whether a requirement is written as a URL or
// a local path rather than a name: a scheme, a slash, a leading dot, or an
// archive file name, as pip decides. "name @ url" is a name.
func looksLikeURLOrPath(s string) bool {
	if m := reqNameRe.FindStringSubmatch(s); m != nil && strings.HasPrefix(m[3], "@") {
		return false
	}
	first, _, _ := strings.Cut(s, " ")
	if strings.Contains(first, "://") || strings.HasPrefix(first, "file:") || hasVCSScheme(first) {
		return true
	}
	if strings.HasPrefix(first, ".") || strings.HasPrefix(first, "/") || strings.HasPrefix(first, "~") ||
		strings.Contains(first, "/") || strings.Contains(first, `\`) {
		return true
	}
	return isArchive(first)
}

func hasVCSScheme(s string) bool {
	for _, p := range vcsSchemes {
		if strings.HasPrefix(s, p) {
			return true
		}
	}
	return false
}

func isArchive(s string) bool {
	for _, ext := range []string{".whl", ".tar.gz", ".tgz", ".tar.bz2", ".tbz", ".tar.xz", ".txz", ".tar", ".zip"} {
		if strings.HasSuffix(strings.ToLower(s), ext) {
			return true
		}
	}
	return false
}

// urlRequirement builds the dependency for a bare URL or path. Its name
// comes from "#egg=name" when present, else from the file or repository
// name: a best guess, as pip itself only learns it by building.
func urlRequirement(s string) (Dependency, error) {
	var d Dependency
	loc, frag, _ := strings.Cut(s, "#")
	for _, kv := range strings.Split(frag, "&") {
		if v, ok := strings.CutPrefix(kv, "egg="); ok {
			n, extras, _ := strings.Cut(v, "[")
			d.Name = normalizeName(n)
			d.Extras = splitExtras(strings.TrimSuffix(extras, "]"))
		}
	}
	local := false
	switch {
	case hasVCSScheme(loc):
		d.VCS = true
	case strings.HasPrefix(loc, "file:"):
		p := strings.TrimPrefix(loc, "file:")
		if strings.HasPrefix(p, "//") {
			p = strings.TrimPrefix(p, "//")
			p = strings.TrimPrefix(p, "localhost")
		}
		d.Path, local = p, true
	case strings.Contains(loc, "://"):
		// A remote archive: nothing local to copy.
	default:
		d.Path, local = loc, true
	}
	if local {
		// "./lib[extra]" and ".[dev]": pip accepts extras after a path.
		if i := strings.IndexByte(d.Path, '['); i >= 0 && strings.HasSuffix(d.Path, "]") {
			d.Extras = append(d.Extras, splitExtras(d.Path[i+1:len(d.Path)-1])...)
			d.Path, loc = d.Path[:i], loc[:strings.IndexByte(loc, '[')]
		}
		d.Path = path.Clean(strings.ReplaceAll(d.Path, `\`, "/"))
		if d.Path == "." {
			return d, nil // the project itself, named by its pyproject
		}
	}
	if d.Name == "" {
		d.Name = guessName(loc)
	}
	if d.Name == "" && local {
		// "./libs/my lib": pip learns the name by building the folder;
		// the folder's name, made a valid one, stands in for it.
		d.Name = normalizeName(strings.Trim(nonNameRe.ReplaceAllString(path.Base(d.Path), "-"), "-._"))
	}
	if d.Name == "" {
		return Dependency{}, fmt.Errorf("not a requirement: %q", clip(s, 80))
	}
	return d, nil
}

var nonNameRe = regexp.MustCompile(`[^A-Za-z0-9._-]+`)

// guessName derives a distribution name from a URL or path's last element:
// "pkgs/foo_bar-1.0-py3-none-any.whl" → foo-bar, ".../repo.git@v1" → repo,
// "./lib" → lib.
func guessName(loc string) string {
	loc, _, _ = strings.Cut(loc, "?")
	loc = strings.TrimRight(loc, "/")
	base := loc
	if i := strings.LastIndexAny(base, `/\:`); i >= 0 {
		base = base[i+1:]
	}
	if i := strings.IndexByte(base, '@'); i >= 0 {
		base = base[:i] // repo.git@v1.2 (the ref)
	}
	base = strings.TrimSuffix(base, ".git")
	lower := strings.ToLower(base)
	switch {
	case strings.HasSuffix(lower, ".whl"):
		base, _, _ = strings.Cut(base, "-")
	case isArchive(lower):
		// name-1.0.tar.gz: the version starts after the last dash.
		if i := strings.LastIndexByte(base, '-'); i > 0 {
			base = base[:i]
		}
	}
	if base == "" || base == "." || base == ".." || !reqNameRe.MatchString(base) {
		return ""
	}
	if m := reqNameRe.FindStringSubmatch(base); m[3] != "" || m[2] != "" {
		return ""
	}
	return normalizeName(base)
}

// normName is normalizeName with a fast path for names already in normal
// form, as lock files write them: large locks have thousands.
func normName(s string) string {
	prevSep := true // a leading separator is not normal either
	for i := 0; i < len(s); i++ {
		c := s[i]
		switch {
		case c >= 'a' && c <= 'z', c >= '0' && c <= '9':
			prevSep = false
		case c == '-' && !prevSep:
			prevSep = true
		default:
			return normalizeName(s)
		}
	}
	if prevSep && s != "" {
		return normalizeName(s)
	}
	return s
}

func splitExtras(s string) []string {
	var out []string
	for _, e := range strings.Split(s, ",") {
		if e = strings.TrimSpace(e); e != "" {
			out = append(out, normalizeName(e))
		}
	}
	return out
}

// clip shortens s for an error message.
func clip(s string, n int) string {
	if len(s) <= n {
		return s
	}
	for n > 0 && !utf8.RuneStart(s[n]) {
		n--
	}
	return s[:n] + "…"
}
