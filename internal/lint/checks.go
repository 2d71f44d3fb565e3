package lint

import (
	"fmt"
	"path"
	"regexp"
	"slices"
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

// ---- DF004 ----------------------------------------------------------------

// manifest reports whether a COPY source is a dependency manifest (or a
// file the build backend reads), which belongs before the install.
func manifest(src string) bool {
	b := path.Base(strings.TrimSuffix(src, "/"))
	switch {
	case strings.Contains(b, "requirements") || strings.Contains(b, "constraints"):
		return true
	case strings.HasSuffix(b, ".lock"):
		return true
	}
	switch b {
	case "pyproject.toml", "Pipfile", "setup.py", "setup.cfg", "MANIFEST.in", ".python-version", "README.md", "README.rst", "README", "LICENSE", "LICENSE.txt", "requirements":
		return true
	}
	return false
}

// depInstall classifies a command: deps is true when it installs
// dependencies; project when it also needs the project's source.
func depInstall(inv invocation) (deps, project bool) {
	switch inv.tool {
	case "pip", "uv-pip":
		if inv.sub != "install" && inv.sub != "wheel" {
			return false, false
		}
		if len(inv.values("-r", "--requirement")) > 0 {
			deps = true
		}
		for _, p := range append(inv.positionals(), inv.values("-e", "--editable")...) {
			switch {
			case localWheel(p):
			case isLocalPath(p):
				deps, project = true, true
			case !toolPackage(p):
				deps = true
			}
		}
		return deps, project
	case "uv":
		if inv.sub == "sync" {
			return true, !inv.has("--no-install-project", "--no-install-workspace", "--only-group")
		}
	case "poetry":
		if inv.sub == "install" || inv.sub == "sync" {
			return true, !inv.has("--no-root")
		}
	case "pipenv":
		if inv.sub == "install" || inv.sub == "sync" {
			return true, false
		}
	case "pdm":
		if inv.sub == "install" || inv.sub == "sync" {
			return true, !inv.has("--no-self")
		}
	}
	return false, false
}

func localWheel(p string) bool {
	return strings.HasSuffix(p, ".whl") || strings.HasSuffix(p, "/*") || strings.Contains(p, "wheels")
}

func isLocalPath(p string) bool {
	return p == "." || strings.HasPrefix(p, "./") || strings.HasPrefix(p, "/") || strings.HasPrefix(p, "../") ||
		strings.HasPrefix(p, ".[") || strings.HasPrefix(p, "file:")
}

// toolPackage is a package that installs the build tooling, not the app's
// dependencies.
func toolPackage(p string) bool {
	name := strings.ToLower(regexp.MustCompile(`[=<>!~\[; @]`).Split(p, 2)[0])
	switch name {
	case "pip", "setuptools", "wheel", "poetry", "uv", "pipenv", "pdm", "virtualenv", "poetry-plugin-export", "pipx":
		return true
	}
	return false
}

func checkOrder(c *checker) {
	type state struct {
		sourceLine int // first COPY of source, 0 when none yet
		deps       bool
	}
	states := map[*stage]state{}
	for _, st := range c.d.stages {
		s := state{}
		if st.parent != nil {
			s = states[st.parent]
		}
		for _, cmd := range st.cmds {
			switch cmd := cmd.(type) {
			case *instructions.CopyCommand:
				if cmd.From == "" && s.sourceLine == 0 && copiesSource(cmd.SourcePaths) {
					s.sourceLine = line(cmd)
				}
			case *instructions.AddCommand:
				if s.sourceLine == 0 && copiesSource(cmd.SourcePaths) {
					s.sourceLine = line(cmd)
				}
			case *instructions.RunCommand:
				for _, inv := range invocations(argvs(cmd.ShellDependantCmdLine)) {
					deps, _ := depInstall(inv)
					if !deps {
						continue
					}
					if s.sourceLine > 0 && !s.deps {
						c.report(s.sourceLine, "the source is copied here, before the dependencies are installed (line %d): every edit to any file reinstalls all of them; copy the lock/requirements first, install, then copy the source", line(cmd))
						s.deps = true // one finding per stage is enough
					}
					s.deps = true
				}
			}
		}
		states[st] = s
	}
}

func copiesSource(srcs []string) bool {
	for _, s := range srcs {
		if strings.Contains(s, "://") || strings.HasPrefix(s, "git@") {
			continue
		}
		if !manifest(s) {
			return true
		}
	}
	return false
}

// ---- DF005 ----------------------------------------------------------------

func downloads(inv invocation) bool {
	switch inv.tool {
	case "pip", "uv-pip":
		if inv.sub != "install" && inv.sub != "wheel" && inv.sub != "download" || inv.has("--no-index", "--offline") {
			return false
		}
		if len(inv.values("-r", "--requirement")) > 0 {
			return true
		}
		for _, p := range inv.positionals() {
			if !localWheel(p) {
				return true
			}
		}
	case "uv":
		return inv.sub == "sync" && !inv.has("--offline")
	case "poetry", "pipenv", "pdm":
		return inv.sub == "install" || inv.sub == "sync"
	}
	return false
}

func checkCacheMount(c *checker) {
	for _, st := range c.d.stages {
		for _, cmd := range st.cmds {
			run, ok := cmd.(*instructions.RunCommand)
			if !ok || hasCacheMount(run) {
				continue
			}
			for _, inv := range invocations(argvs(run.ShellDependantCmdLine)) {
				if downloads(inv) {
					c.report(line(cmd), "%s %s downloads packages without a cache mount: each rebuild fetches them all again; add --mount=type=cache,target=%s", inv.tool, inv.sub, cacheDir(inv.tool))
					break
				}
			}
		}
	}
}

func cacheDir(tool string) string {
	switch tool {
	case "uv", "uv-pip":
		return "/root/.cache/uv"
	case "poetry":
		return "/root/.cache/pypoetry (or POETRY_CACHE_DIR)"
	case "pipenv":
		return "/root/.cache/pipenv"
	case "pdm":
		return "/root/.cache/pdm"
	}
	return "/root/.cache/pip"
}

// ---- DF006 ----------------------------------------------------------------

func checkLocked(c *checker) {
	lockedSync := false // a `uv sync --locked` anywhere makes --frozen the workspace form
	for _, st := range c.d.stages {
		for _, cmd := range st.cmds {
			if run, ok := cmd.(*instructions.RunCommand); ok {
				for _, inv := range invocations(argvs(run.ShellDependantCmdLine)) {
					if inv.tool == "uv" && inv.sub == "sync" && inv.has("--locked") {
						lockedSync = true
					}
				}
			}
		}
	}
	for _, st := range c.d.stages {
		for _, cmd := range st.cmds {
			run, ok := cmd.(*instructions.RunCommand)
			if !ok {
				continue
			}
			env := st.env(c.d, cmd)
			at := line(cmd)
			for _, inv := range invocations(argvs(run.ShellDependantCmdLine)) {
				c.checkInstall(inv, env, at, lockedSync)
			}
		}
	}
}

func truthy(env []string, key string) bool {
	v, ok := lookup(env, key)
	v = strings.ToLower(v)
	return ok && v != "" && v != "0" && v != "false" && v != "no"
}

func (c *checker) checkInstall(inv invocation, env []string, at int, lockedSync bool) {
	switch inv.tool {
	case "poetry":
		switch inv.sub {
		case "install", "sync":
			if inv.has("--no-dev") {
				c.reportAs(SeverityError, at, "poetry %s --no-dev was removed in Poetry 2 and fails the build; use --only main", inv.sub)
			} else if !inv.has("--only", "--without", "--only-root") {
				c.report(at, "poetry %s installs the dev group too; add --only main", inv.sub)
			}
		case "add", "lock", "update":
			c.report(at, "poetry %s changes the lock file inside the image, so the image no longer matches the committed lock; run it on your machine and commit poetry.lock", inv.sub)
		}
	case "uv":
		switch inv.sub {
		case "sync":
			if !inv.has("--no-dev", "--only-group", "--no-default-groups", "--only-dev") && !truthy(env, "UV_NO_DEV") {
				c.report(at, "uv sync installs the dev group too; add --no-dev (or ENV UV_NO_DEV=1)")
			}
			frozen := inv.has("--frozen") || truthy(env, "UV_FROZEN")
			locked := inv.has("--locked") || truthy(env, "UV_LOCKED")
			switch {
			case locked:
			case frozen && !lockedSync:
				c.report(at, "uv sync --frozen installs from uv.lock without checking it matches pyproject.toml, and no other uv sync in this file uses --locked: a stale lock builds silently; use --locked")
			case !frozen:
				c.report(at, "uv sync without --locked re-resolves when uv.lock is stale instead of failing the build; add --locked")
			}
		case "add", "lock":
			if inv.sub == "lock" && inv.has("--check", "--locked") {
				return
			}
			c.report(at, "uv %s changes the lock file inside the image, so the image no longer matches the committed lock; run it on your machine and commit uv.lock", inv.sub)
		}
	case "pipenv":
		if inv.sub == "install" || inv.sub == "sync" {
			if inv.has("--dev", "-d") {
				c.report(at, "pipenv %s --dev installs development packages into the production image; drop --dev", inv.sub)
			}
			if inv.sub == "install" && !inv.has("--deploy") {
				c.report(at, "pipenv install without --deploy re-locks when Pipfile.lock is out of date instead of failing the build; add --deploy")
			}
		}
	case "pdm":
		if (inv.sub == "install" || inv.sub == "sync") && !inv.has("--prod", "-G", "--group") {
			c.report(at, "pdm %s installs the dev groups too; add --prod", inv.sub)
		}
	case "pip", "uv-pip":
		if inv.sub != "install" {
			return
		}
		var loose []string
		for _, p := range inv.positionals() {
			if localWheel(p) || isLocalPath(p) || strings.Contains(p, "$") {
				continue
			}
			name := strings.ToLower(regexp.MustCompile(`[=<>!~\[; @]`).Split(p, 2)[0])
			if name == "pip" || name == "setuptools" || name == "wheel" {
				continue
			}
			if !strings.Contains(p, "==") && !strings.Contains(p, "@") {
				loose = append(loose, p)
			}
		}
		if len(loose) > 0 {
			c.report(at, "pip install %s is not pinned: each build may get other versions; install from a pinned requirements file or lock (or pin with ==)", strings.Join(loose, " "))
		}
	}
}

// ---- DF007 ----------------------------------------------------------------

func checkVenv(c *checker) {
	for _, st := range c.d.stages {
		for _, cmd := range st.cmds {
			switch cmd := cmd.(type) {
			case *instructions.RunCommand:
				for _, inv := range invocations(argvs(cmd.ShellDependantCmdLine)) {
					if inv.tool == "source" && len(inv.args) > 0 {
						c.report(line(cmd), "%s %s lasts only until the end of this RUN (each RUN is a new shell) and never reaches CMD; activate the venv with ENV PATH=\"<venv>/bin:$PATH\" instead", inv.argv[0], inv.args[0])
						break
					}
				}
			case *instructions.CopyCommand:
				src := c.d.stage(cmd.From, st.index)
				if cmd.From == "" || src == nil {
					continue
				}
				venvs := src.venvs(c.d)
				for _, p := range cmd.SourcePaths {
					p, _ = c.d.expand(p, st.env(c.d, cmd))
					if !path.IsAbs(p) {
						p = path.Join(src.workdir(c.d, nil), p)
					}
					p = path.Clean(p)
					if !venvs[p] && path.Base(p) != ".venv" && path.Base(p) != "venv" {
						continue
					}
					from, to := src.root().base, st.root().base
					if normRef(from) != normRef(to) && !strings.Contains(from+to, "$") {
						c.report(line(cmd), "the venv %s was built in a stage FROM %s but is copied into one FROM %s: its bin/python links to the builder's interpreter, which may not exist or match here; build both stages FROM the same image", p, from, to)
					}
					dest, _ := c.d.expand(cmd.DestPath, st.env(c.d, cmd))
					if !path.IsAbs(dest) {
						dest = path.Join(st.workdir(c.d, cmd), dest)
					}
					if len(cmd.SourcePaths) == 1 && path.Clean(dest) != p {
						c.report(line(cmd), "the venv %s is copied to %s: its scripts' #! lines still point at %s/bin/python; copy it to the same path", p, path.Clean(dest), p)
					}
				}
			}
		}
	}
}

// venvs lists the virtualenv paths a stage creates or names.
func (s *stage) venvs(d *dockerfile) map[string]bool {
	out := map[string]bool{}
	for _, c := range s.commands() {
		switch c := c.(type) {
		case *instructions.EnvCommand:
			for _, kv := range c.Env {
				if kv.Key == "VIRTUAL_ENV" || kv.Key == "UV_PROJECT_ENVIRONMENT" {
					if v, ok := d.expand(kv.Value, s.env(d, c)); ok && path.IsAbs(v) {
						out[path.Clean(v)] = true
					}
				}
			}
		case *instructions.RunCommand:
			for _, inv := range invocations(argvs(c.ShellDependantCmdLine)) {
				if (inv.tool == "python" && inv.sub == "-m venv") || inv.tool == "virtualenv" || (inv.tool == "uv" && inv.sub == "venv") {
					for _, p := range inv.positionals() {
						if v, ok := d.expand(p, s.env(d, c)); ok {
							if !path.IsAbs(v) {
								v = path.Join(s.workdir(d, c), v)
							}
							out[path.Clean(v)] = true
						}
					}
				}
			}
		}
	}
	return out
}

// ---- DF008 ----------------------------------------------------------------

func checkUser(c *checker) {
	final := c.d.final()
	var last *instructions.UserCommand
	for _, cmd := range final.commands() {
		if u, ok := cmd.(*instructions.UserCommand); ok {
			last = u
		}
	}
	if last == nil {
		c.report(final.line, "the image runs as root: no USER in the final stage; create a user with a fixed UID (useradd --system --uid 1001 …) and add USER before CMD")
		return
	}
	u, _ := c.d.expand(last.User, final.env(c.d, last))
	name, _, _ := strings.Cut(u, ":")
	if name == "root" || name == "0" {
		c.report(line(last), "USER %s runs the app as root; switch to an unprivileged user with a fixed UID", last.User)
	}
}

// ---- DF009 ----------------------------------------------------------------

var runtimeEnv = []string{"PYTHONUNBUFFERED", "PYTHONDONTWRITEBYTECODE"}

func checkRuntimeEnv(c *checker) {
	final := c.d.final()
	inFinal := map[string]bool{}
	finalPath := ""
	for _, cmd := range final.commands() {
		if e, ok := cmd.(*instructions.EnvCommand); ok {
			for _, kv := range e.Env {
				inFinal[kv.Key] = true
				if kv.Key == "PATH" {
					finalPath = kv.Value
				}
			}
		}
	}
	inChain := map[*stage]bool{}
	for _, s := range final.chain() {
		inChain[s] = true
	}
	lost := map[string]bool{}
	for _, st := range c.d.stages {
		if inChain[st] {
			continue
		}
		for _, cmd := range st.cmds {
			e, ok := cmd.(*instructions.EnvCommand)
			if !ok {
				continue
			}
			for _, kv := range e.Env {
				key := kv.Key
				isVenvPath := key == "PATH" && (strings.Contains(kv.Value, "venv") || strings.Contains(kv.Value, "VIRTUAL_ENV")) && !strings.Contains(finalPath, "venv") && !strings.Contains(finalPath, "VIRTUAL_ENV")
				if (slices.Contains(runtimeEnv, key) && !inFinal[key]) || isVenvPath {
					c.report(line(cmd), "ENV %s is set in stage %s, but the final stage does not inherit it (ENV does not cross stages); set it in the runtime stage", key, stageName(st))
					lost[key] = true
				}
			}
		}
	}
	var missing []string
	for _, k := range runtimeEnv {
		if !inFinal[k] && !lost[k] {
			missing = append(missing, k+"=1")
		}
	}
	if len(missing) > 0 {
		c.reportAs(SeverityInfo, final.line, "the final stage does not set %s: Python buffers its output (logs arrive late or are lost on a crash) and writes .pyc files at run time; add ENV %s", strings.Join(missing, " "), strings.Join(missing, " "))
	}
}

func stageName(s *stage) string {
	if s.name != "" {
		return s.name
	}
	return strconv.Itoa(s.index)
}

// ---- DF010 ----------------------------------------------------------------

func checkExecForm(c *checker) {
	for _, st := range c.d.stages {
		for _, cmd := range st.cmds {
			var cl instructions.ShellDependantCmdLine
			var kind string
			switch cmd := cmd.(type) {
			case *instructions.CmdCommand:
				cl, kind = cmd.ShellDependantCmdLine, "CMD"
			case *instructions.EntrypointCommand:
				cl, kind = cmd.ShellDependantCmdLine, "ENTRYPOINT"
			default:
				continue
			}
			if !cl.PrependShell {
				continue
			}
			args := splitCommands(script(cl))
			if len(args) == 1 && len(args[0]) == 1 && strings.Contains(args[0][0], " ") {
				args = splitCommands(args[0][0]) // CMD "prog arg": one quoted word
			}
			var quoted []string
			if len(args) == 1 {
				for _, a := range args[0] {
					quoted = append(quoted, strconv.Quote(a))
				}
			}
			fix := "write it as a JSON array"
			if len(quoted) > 0 {
				fix = fmt.Sprintf("write %s [%s]", kind, strings.Join(quoted, ", "))
			}
			c.report(line(cmd), "%s in shell form runs under /bin/sh, which is PID 1 and does not forward SIGTERM: docker stop kills the server mid-request after the grace period; %s", kind, fix)
		}
	}
}

// ---- DF011 ----------------------------------------------------------------

var servers = map[string]bool{
	"gunicorn": true, "uvicorn": true, "hypercorn": true, "granian": true, "daphne": true,
	"waitress-serve": true, "uwsgi": true, "fastapi": true, "flask": true, "litestar": true, "sanic": true,
}

// startCommand returns the final stage's ENTRYPOINT and CMD argvs and the
// line of the instruction that starts the app.
func startCommand(d *dockerfile) ([][]string, int) {
	var ep, cmd instructions.Command
	for _, c := range d.final().commands() {
		switch c.(type) {
		case *instructions.EntrypointCommand:
			ep, cmd = c, nil // ENTRYPOINT resets an inherited CMD
		case *instructions.CmdCommand:
			cmd = c
		}
	}
	var out [][]string
	at := 0
	if e, ok := ep.(*instructions.EntrypointCommand); ok {
		out = append(out, argvs(e.ShellDependantCmdLine)...)
		at = line(e)
	}
	if c, ok := cmd.(*instructions.CmdCommand); ok {
		a := argvs(c.ShellDependantCmdLine)
		if len(out) > 0 && !c.PrependShell && len(a) == 1 {
			out[len(out)-1] = append(out[len(out)-1], a[0]...) // CMD gives ENTRYPOINT its arguments
		} else {
			out = append(out, a...)
		}
		at = line(c)
	}
	return out, at
}

func isServer(argv []string) bool {
	for i, a := range argv {
		b := path.Base(a)
		if servers[b] || (b == "manage.py" && i+1 < len(argv) && argv[i+1] == "runserver") {
			return true
		}
		if a == "-m" && i+1 < len(argv) && servers[argv[i+1]] {
			return true
		}
	}
	return false
}

func checkHealthcheck(c *checker) {
	final := c.d.final()
	var hc *instructions.HealthCheckCommand
	exposes := false
	for _, cmd := range final.commands() {
		switch cmd := cmd.(type) {
		case *instructions.HealthCheckCommand:
			hc = cmd
		case *instructions.ExposeCommand:
			exposes = true
		}
	}
	if hc != nil {
		if hc.Health == nil || len(hc.Health.Test) == 0 || hc.Health.Test[0] == "NONE" {
			return
		}
		var cmds [][]string
		if hc.Health.Test[0] == "CMD-SHELL" {
			cmds = splitCommands(strings.Join(hc.Health.Test[1:], " "))
		} else {
			cmds = [][]string{hc.Health.Test[1:]}
		}
		for _, argv := range cmds {
			if len(argv) == 0 {
				continue
			}
			tool := path.Base(argv[0])
			if (tool == "curl" || tool == "wget") && !installs(c.d, final, tool) {
				c.reportAs(SeverityWarning, line(hc), "HEALTHCHECK calls %s, which slim Python images do not have, so the container never becomes healthy; probe with the image's Python: CMD [\"python\", \"-c\", \"import urllib.request; urllib.request.urlopen('http://127.0.0.1:PORT/healthz', timeout=4)\"]", tool)
				return
			}
		}
		return
	}
	start, at := startCommand(c.d)
	web := exposes
	for _, argv := range start {
		web = web || isServer(argv)
	}
	if !web {
		return
	}
	if at == 0 {
		at = final.line
	}
	c.report(at, "a web server with no HEALTHCHECK: Docker and compose cannot tell a hung server from a healthy one; add HEALTHCHECK --interval=30s --timeout=5s --start-period=20s --retries=3 CMD [\"python\", \"-c\", \"import urllib.request; urllib.request.urlopen('http://127.0.0.1:PORT/healthz', timeout=4)\"]")
}

// installs reports whether the stage's chain installs a package.
func installs(d *dockerfile, st *stage, pkg string) bool {
	for _, cmd := range st.commands() {
		if run, ok := cmd.(*instructions.RunCommand); ok {
			for _, inv := range invocations(argvs(run.ShellDependantCmdLine)) {
				if (inv.sub == "install" || inv.sub == "add") && slices.Contains(inv.positionals(), pkg) {
					return true
				}
			}
		}
	}
	return false
}

// ---- DF012 ----------------------------------------------------------------

var bindPort = regexp.MustCompile(`:(\d+)$`)

// listenPort finds the port a server command binds, "" when unknown.
func listenPort(argv []string) string {
	for i, a := range argv {
		next := ""
		if i+1 < len(argv) {
			next = argv[i+1]
		}
		k, v, eq := strings.Cut(a, "=")
		if !eq {
			v = next
		}
		switch {
		case k == "--port" || k == "-p" && isServer(argv):
			if _, err := strconv.Atoi(v); err == nil {
				return v
			}
		case k == "--bind" || k == "-b":
			if m := bindPort.FindStringSubmatch(v); m != nil {
				return m[1]
			}
		case strings.HasPrefix(a, "-b ") || strings.HasPrefix(a, "--bind "):
			if m := bindPort.FindStringSubmatch(strings.TrimSpace(a[strings.Index(a, " "):])); m != nil {
				return m[1]
			}
		case a == "runserver":
			if m := bindPort.FindStringSubmatch(next); m != nil {
				return m[1]
			}
		}
	}
	return ""
}

func checkExpose(c *checker) {
	start, _ := startCommand(c.d)
	port := ""
	for _, argv := range start {
		if isServer(argv) {
			if p := listenPort(argv); p != "" {
				port = p
			}
		}
	}
	if port == "" {
		return
	}
	for _, cmd := range c.d.final().commands() {
		e, ok := cmd.(*instructions.ExposeCommand)
		if !ok {
			continue
		}
		for _, p := range e.Ports {
			num, _, _ := strings.Cut(p, "/")
			if strings.Contains(num, "$") || num == port {
				continue
			}
			c.report(line(cmd), "EXPOSE %s, but the server listens on %s; expose only the port it listens on", p, port)
		}
	}
}

// ---- DF013 ----------------------------------------------------------------

func checkApt(c *checker) {
	for _, st := range c.d.stages {
		for _, cmd := range st.cmds {
			run, ok := cmd.(*instructions.RunCommand)
			if !ok {
				continue
			}
			at := line(cmd)
			invs := invocations(argvs(run.ShellDependantCmdLine))
			cleaned := aptCacheMount(run)
			updated, installed, aptWarned := false, false, false
			for _, inv := range invs {
				if inv.tool == "rm" {
					for _, a := range inv.args {
						if strings.HasPrefix(a, "/var/lib/apt/lists") {
							cleaned = true
						}
					}
				}
			}
			for _, inv := range invs {
				switch {
				case inv.tool == "apt-get" || inv.tool == "apt":
					if inv.tool == "apt" && !aptWarned {
						c.report(at, "apt is meant for interactive use and warns that its interface is unstable in scripts; use apt-get")
						aptWarned = true
					}
					switch inv.sub {
					case "update":
						updated = true
					case "upgrade", "dist-upgrade":
						installed = true
					case "install":
						installed = true
						if !inv.has("--no-install-recommends") {
							c.report(at, "apt-get install without --no-install-recommends pulls in packages nobody asked for; add --no-install-recommends")
						}
						if !inv.has("--yes", "--assume-yes", "-qq", "-q=2") && !inv.hasShortFlag('y') {
							c.report(at, "apt-get install without -y waits for a confirmation that never comes and fails the build; add -y")
						}
						if !cleaned {
							c.report(at, "apt-get install leaves /var/lib/apt/lists in the layer (~20 MB); end the same RUN with && rm -rf /var/lib/apt/lists/*")
						}
					}
				case inv.tool == "apk" && inv.sub == "add":
					if !inv.has("--no-cache") {
						c.report(at, "apk add without --no-cache leaves the package index in the layer; add --no-cache")
					}
				}
			}
			if updated && !installed {
				c.report(at, "apt-get update in a RUN of its own is cached as a layer, so a later install uses stale package lists; chain update, install and cleanup in one RUN")
			}
		}
	}
}

func aptCacheMount(r *instructions.RunCommand) bool {
	for _, m := range runMounts(r) {
		if m.Type == instructions.MountTypeCache && strings.HasPrefix(m.Target, "/var/lib/apt") {
			return true
		}
	}
	return false
}

// ---- DF014 ----------------------------------------------------------------

var archive = regexp.MustCompile(`\.(tar|tar\.gz|tgz|tar\.bz2|tbz2?|tar\.xz|txz|tar\.zst)$`)

func checkAdd(c *checker) {
	for _, st := range c.d.stages {
		for _, cmd := range st.cmds {
			a, ok := cmd.(*instructions.AddCommand)
			if !ok {
				continue
			}
			for _, s := range a.SourcePaths {
				if strings.Contains(s, "://") || strings.HasPrefix(s, "git@") || archive.MatchString(s) {
					continue
				}
				c.report(line(cmd), "ADD %s copies a local file: ADD also fetches URLs and unpacks archives, so use COPY, which only copies", s)
				break
			}
		}
	}
}

// ---- DF015 ----------------------------------------------------------------

var (
	secretName = regexp.MustCompile(`(?i)(passw(or)?d|secret|token|api_?key|private_?key|access_?key|credential|auth|netrc|^POETRY_HTTP_BASIC_|^UV_INDEX_.*_USERNAME$)`)
	// urlCreds is a URL with userinfo: user:password@ or a token alone as
	// the user (https://ghp_…@host), which indexes accept too.
	urlCreds    = regexp.MustCompile(`://([^/\s@]+)@`)
	onlyVarRefs = regexp.MustCompile(`^(\$\{?[A-Za-z_][A-Za-z0-9_]*(:-[^}]*)?\}?)*$`)
)

// hasURLCredentials reports userinfo in a URL of v; ssh://git@host is
// SSH's user name, not a credential.
func hasURLCredentials(v string) bool {
	for _, m := range urlCreds.FindAllStringSubmatch(v, -1) {
		if m[1] != "git" {
			return true
		}
	}
	return false
}

func checkSecrets(c *checker) {
	for _, st := range c.d.stages {
		for _, cmd := range st.cmds {
			var kvs [][2]string
			var kind string
			switch cmd := cmd.(type) {
			case *instructions.EnvCommand:
				kind = "ENV"
				for _, kv := range cmd.Env {
					kvs = append(kvs, [2]string{kv.Key, kv.Value})
				}
			case *instructions.ArgCommand:
				kind = "ARG"
				for _, kv := range cmd.Args {
					v := ""
					if kv.Value != nil {
						v = *kv.Value
					}
					kvs = append(kvs, [2]string{kv.Key, v})
				}
			default:
				continue
			}
			for _, kv := range kvs {
				k, v := kv[0], kv[1]
				switch {
				case hasURLCredentials(v):
					c.report(line(cmd), "%s %s holds a URL with a user and password, stored in the image for anyone who pulls it; pass it with RUN --mount=type=secret", kind, k)
				case secretName.MatchString(k) && v != "" && !onlyVarRefs.MatchString(v):
					c.report(line(cmd), "%s %s bakes a secret value into the image config and history; remove it, pass build secrets with RUN --mount=type=secret and run-time secrets from the environment", kind, k)
				case secretName.MatchString(k) && kind == "ARG":
					c.reportAs(SeverityWarning, line(cmd), "ARG %s: build arguments are recorded in the image history (docker history shows them); use RUN --mount=type=secret,id=%s instead", k, strings.ToLower(k))
				case secretName.MatchString(k) && kind == "ENV":
					c.reportAs(SeverityWarning, line(cmd), "ENV %s copies a value into the image config; pass secrets at run time instead", k)
				}
			}
		}
	}
}

// ---- DF016 ----------------------------------------------------------------

func checkServer(c *checker) {
	start, at := startCommand(c.d)
	if at == 0 {
		return
	}
	env := c.d.final().env(c.d, nil)
	for _, argv := range start {
		if len(argv) == 0 {
			continue
		}
		prog := path.Base(argv[0])
		mod := ""
		for i, a := range argv {
			if a == "-m" && i+1 < len(argv) {
				mod = argv[i+1]
			}
		}
		for _, a := range argv {
			if a == "--reload" || strings.HasPrefix(a, "--reload=") {
				c.report(at, "--reload is for development: it watches files and restarts the server, costing CPU and hiding crashes; drop it")
				break
			}
		}
		if i := slices.Index(argv, "manage.py"); i >= 0 || strings.HasSuffix(argv[0], "manage.py") {
			if i < 0 {
				i = 0
			}
			if i+1 < len(argv) {
				switch argv[i+1] {
				case "runserver":
					c.report(at, "manage.py runserver is Django's development server (single-threaded, not hardened, DEBUG-oriented); serve with gunicorn or uvicorn")
				case "migrate":
					c.report(at, "manage.py migrate in the start command runs on every replica and every restart, racing itself; run it once as a release step or a compose one-off service")
				}
			}
		}
		if (prog == "flask" || mod == "flask") && slices.Contains(argv, "run") {
			c.report(at, "flask run is Flask's development server; serve with gunicorn")
		}
		if prog == "uv" && len(argv) > 1 && argv[1] == "run" {
			c.report(at, "uv run at start re-syncs the venv (as the non-root user, with no cache) before starting; activate the venv with ENV PATH and run the server directly")
		}
		if prog == "gunicorn" || mod == "gunicorn" {
			gca, _ := lookup(env, "GUNICORN_CMD_ARGS")
			if !hasFlag(argv, "--worker-tmp-dir") && !strings.Contains(gca, "--worker-tmp-dir") && !hasFlag(argv, "-c") && !hasFlag(argv, "--config") {
				c.report(at, "gunicorn without --worker-tmp-dir /dev/shm keeps worker heartbeat files on the container's overlay disk, where slow writes get workers killed as unresponsive; add --worker-tmp-dir /dev/shm")
			}
		}
		if prog == "uvicorn" || mod == "uvicorn" {
			host := ""
			for i, a := range argv {
				if a == "--host" && i+1 < len(argv) {
					host = argv[i+1]
				} else if v, ok := strings.CutPrefix(a, "--host="); ok {
					host = v
				}
			}
			if host == "" || host == "127.0.0.1" || host == "localhost" {
				c.report(at, "uvicorn listens on 127.0.0.1 unless told otherwise, which is unreachable from outside the container; add --host 0.0.0.0")
			}
		}
	}
}

func hasFlag(argv []string, flag string) bool {
	for _, a := range argv {
		if a == flag || strings.HasPrefix(a, flag+"=") {
			return true
		}
	}
	return false
}

// ---- DF017 ----------------------------------------------------------------

func checkCleanupLayer(c *checker) {
	for _, st := range c.d.stages {
		installedAt := 0
		for _, cmd := range st.cmds {
			run, ok := cmd.(*instructions.RunCommand)
			if !ok {
				continue
			}
			invs := invocations(argvs(run.ShellDependantCmdLine))
			cleanup := len(invs) > 0
			for _, inv := range invs {
				isClean := inv.tool == "rm" || inv.tool == "apt-get" && (inv.sub == "clean" || inv.sub == "autoremove" || inv.sub == "purge") ||
					inv.tool == "pip" && inv.sub == "cache"
				if !isClean {
					cleanup = false
				}
				if (inv.tool == "apt-get" || inv.tool == "apt") && inv.sub == "install" || inv.tool == "apk" && inv.sub == "add" {
					installedAt = line(cmd)
				}
			}
			if cleanup && installedAt > 0 && installedAt != line(cmd) {
				c.report(line(cmd), "this RUN only deletes files, which stay in the earlier layer (line %d) that created them; chain the cleanup into that RUN", installedAt)
			}
		}
	}
}

// ---- DF018 ----------------------------------------------------------------

func checkLabels(c *checker) {
	final := c.d.final()
	for _, cmd := range final.commands() {
		if l, ok := cmd.(*instructions.LabelCommand); ok {
			for _, kv := range l.Labels {
				if strings.HasPrefix(kv.Key, "org.opencontainers.image.") {
					return
				}
			}
		}
	}
	c.report(final.line, "no org.opencontainers.image.* labels: nothing ties the image to its source and commit; add LABEL org.opencontainers.image.source/version/revision from build args")
}
