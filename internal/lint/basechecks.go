package lint

import (
	"regexp"
	"strconv"
	"strings"

	"github.com/moby/buildkit/frontend/dockerfile/instructions"

	"github.com/pydock/pydock/internal/pyversion"
)

// ---- DF001 ----------------------------------------------------------------

func checkPinned(c *checker) {
	for _, st := range c.d.stages {
		if st.parent == nil {
			c.checkImage(st.base, st.line, "FROM")
			c.checkPython(st)
		}
		for _, cmd := range st.cmds {
			switch cmd := cmd.(type) {
			case *instructions.CopyCommand:
				if cmd.From != "" && c.d.stage(cmd.From, st.index) == nil {
					if ref, ok := c.d.expand(cmd.From, st.env(c.d, cmd)); ok {
						c.checkImage(ref, line(cmd), "COPY --from")
					}
				}
			case *instructions.RunCommand:
				for _, m := range runMounts(cmd) {
					if m.From != "" && c.d.stage(m.From, st.index) == nil {
						if ref, ok := c.d.expand(m.From, st.env(c.d, cmd)); ok {
							c.checkImage(ref, line(cmd), "RUN --mount from")
						}
					}
				}
			}
		}
	}
}

func (c *checker) checkImage(ref string, at int, where string) {
	if ref == "" || strings.Contains(ref, "$") || strings.EqualFold(ref, "scratch") {
		return
	}
	name, tag, digest := imageRef(ref)
	if digest != "" {
		return
	}
	switch {
	case tag == "":
		hint := ""
		if where == "COPY --from" {
			hint = " (no stage of this Dockerfile has that name, so it is pulled as an image)"
		}
		c.report(at, "%s %s has no tag, so it means :latest%s and changes under you; pin a version tag", where, ref, hint)
	case tag == "latest":
		c.report(at, "%s %s floats to whatever was published last; pin a version tag", where, ref)
	case name == "python" && regexp.MustCompile(`^\d+(-|$)`).MatchString(tag):
		c.report(at, "%s %s names only the major version: the next Python minor arrives unannounced; pin it, e.g. python:3.13-slim-trixie", where, ref)
	}
}

var pythonTag = regexp.MustCompile(`^(\d+)\.(\d+)(?:\.(\d+))?((?:a|b|rc)\d+)?(?:-|$)`)

// checkPython compares FROM python:X.Y with requires-python.
func (c *checker) checkPython(st *stage) {
	if c.py == nil {
		return
	}
	name, tag, _ := imageRef(st.base)
	if name != "python" {
		return
	}
	m := pythonTag.FindStringSubmatch(tag)
	if m == nil {
		return
	}
	type decl struct{ src, spec string }
	var decls []decl
	if c.py.requiresPython != "" {
		decls = append(decls, decl{"requires-python", c.py.requiresPython})
	}
	if c.py.poetryPython != "" {
		decls = append(decls, decl{"[tool.poetry.dependencies] python", c.py.poetryPython})
	}
	for _, dcl := range decls {
		var spec pyversion.Spec
		var err error
		if dcl.src == "requires-python" {
			spec, err = pyversion.ParsePEP440(dcl.spec)
		} else {
			spec, err = pyversion.ParsePoetry(dcl.spec)
		}
		if err != nil {
			continue // detect reports bad specifiers; here we only judge what parses
		}
		if !allowsTag(spec, m) {
			c.reportAs(SeverityError, st.line, "FROM %s is Python %s.%s, which %s %q in %s does not allow: installing the project fails; use a python image the project supports",
				st.base, m[1], m[2], dcl.src, dcl.spec, c.py.file)
		}
	}
}

func allowsTag(spec pyversion.Spec, m []string) bool {
	full := m[1] + "." + m[2]
	if m[3] != "" || m[4] != "" {
		v, err := pyversion.ParseVersion(full + "." + cmpOr(m[3], "0") + m[4])
		return err != nil || spec.Allows(v)
	}
	if r, ok := pyversion.Lookup(full); ok {
		return spec.AllowsMinor(r)
	}
	// A line the table does not know: any patch of it will do.
	for z := range 50 {
		if v, err := pyversion.ParseVersion(full + "." + strconv.Itoa(z)); err == nil && spec.Allows(v) {
			return true
		}
	}
	return false
}

func cmpOr(s, def string) string {
	if s == "" {
		return def
	}
	return s
}

// ---- DF002 ----------------------------------------------------------------

func checkSlim(c *checker) {
	final := c.d.final().root()
	for _, st := range c.d.stages {
		if st.parent != nil {
			continue
		}
		name, tag, digest := imageRef(st.base)
		if tag == "" && digest == "" {
			tag = "latest"
		}
		if name != "python" || tag == "" || strings.Contains(tag, "$") || strings.Contains(tag, "windows") {
			continue
		}
		switch {
		case strings.Contains(tag, "alpine"):
			if st == final {
				c.reportAs(SeverityInfo, st.line, "FROM %s is Alpine (musl): many packages have no musl wheels and compile from source, or behave differently; prefer a -slim Debian image unless you need Alpine", st.base)
			}
		case !strings.Contains(tag, "slim"):
			sev, what := SeverityWarning, "the image you ship"
			if st != final {
				sev, what = SeverityInfo, "a builder"
			}
			c.reportAs(sev, st.line, "FROM %s is the full Debian image (~1 GB with compilers) for %s; use the -slim variant, e.g. python:%s-slim", st.base, what, strings.SplitN(tag, "-", 2)[0])
		}
	}
}

// ---- DF003 ----------------------------------------------------------------

var compilers = map[string]bool{
	"gcc": true, "g++": true, "clang": true, "make": true, "cmake": true, "build-essential": true,
	"build-base": true, "gfortran": true, "cc": true, "musl-dev": true, "libc6-dev": true, "python3-dev": true,
}

func isBuildPackage(p string) bool {
	p, _, _ = strings.Cut(p, "=")
	return compilers[p] || strings.HasSuffix(p, "-dev") || strings.HasSuffix(p, "-devel")
}

func checkCompilers(c *checker) {
	single := len(c.d.stages) == 1
	for _, st := range c.d.final().chain() {
		for _, cmd := range st.cmds {
			run, ok := cmd.(*instructions.RunCommand)
			if !ok {
				continue
			}
			var found []string
			for _, inv := range invocations(argvs(run.ShellDependantCmdLine)) {
				if (inv.tool == "apt-get" || inv.tool == "apt") && inv.sub == "install" || inv.tool == "apk" && inv.sub == "add" {
					for _, p := range inv.positionals() {
						if isBuildPackage(p) {
							found = append(found, p)
						}
					}
				}
			}
			if len(found) == 0 {
				continue
			}
			how := "move them to a builder stage that builds the wheels or venv, and copy only that into this stage"
			if single {
				how = "add a builder stage for them and copy only the venv or wheels into the runtime stage"
			}
			c.report(line(cmd), "%s end up in the image you ship (hundreds of MB and attack surface); %s", strings.Join(found, ", "), how)
		}
	}
}
