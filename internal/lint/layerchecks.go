package lint

import (
	"regexp"
	"strings"

	"github.com/moby/buildkit/frontend/dockerfile/instructions"
)

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
