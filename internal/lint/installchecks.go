package lint

import (
	"path"
	"regexp"
	"strings"

	"github.com/moby/buildkit/frontend/dockerfile/instructions"
)

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
				// --no-deps installs the project alone: no dependency
				// could have been installed before its source.
				project = true
				if !inv.has("--no-deps") {
					deps = true
				}
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

func allLocal(ps []string) bool {
	for _, p := range ps {
		if !isLocalPath(p) && !localWheel(p) {
			return false
		}
	}
	return len(ps) > 0
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
		// A local project with neither its dependencies nor an isolated build
		// environment to fetch downloads nothing.
		if inv.has("--no-deps") && inv.has("--no-build-isolation") && allLocal(inv.positionals()) {
			return false
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
