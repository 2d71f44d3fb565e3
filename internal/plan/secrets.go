package plan

import (
	"fmt"
	"regexp"
	"slices"
	"strings"

	"github.com/pydock/pydock/internal/detect"
)

// BuildSecret is one secret the install steps mount (DF015): as an
// environment variable (Env) or as a file (Target). Src is where
// `docker build --secret` reads a file secret from on the host.
type BuildSecret struct {
	ID     string
	Env    string
	Target string
	Src    string
}

// BuildFlag is how `docker build` passes the secret.
func (s BuildSecret) BuildFlag() string {
	if s.Env != "" {
		return "--secret id=" + s.ID + ",env=" + s.Env
	}
	return "--secret id=" + s.ID + ",src=" + s.Src
}

// netrcSecret carries the user and password of any index pip or uv reads
// (requests and uv both honour ~/.netrc): the URL can then stay plain.
var netrcSecret = BuildSecret{ID: "netrc", Target: "/root/.netrc", Src: "$HOME/.netrc"}

// knownHostsSecret is the known_hosts policy for SSH dependencies: the
// builder trusts the host keys the developer's machine already trusts,
// never whatever key the network offers at build time.
var knownHostsSecret = BuildSecret{ID: "known_hosts", Target: "/root/.ssh/known_hosts", Src: "$HOME/.ssh/known_hosts"}

// credentialEnv is, per tool, the environment variables it reads a named
// index's user and password from. Sources: uv's "Package indexes" docs
// (UV_INDEX_<NAME>_USERNAME/PASSWORD), Poetry's "Repositories" docs
// (POETRY_HTTP_BASIC_<SOURCE>_USERNAME/PASSWORD).
var credentialEnv = map[string]string{
	"uv":     "UV_INDEX_%s_",
	"poetry": "POETRY_HTTP_BASIC_%s_",
}

// plainPath is a project path that goes into a COPY flag as it is: no
// spaces, quotes, globs or option syntax.
var plainPath = regexp.MustCompile(`^[A-Za-z0-9_][A-Za-z0-9_./-]*$`)

// chooseSecrets decides what the install steps mount: each index of the
// chosen manager gets its credentials the way that tool reads them, SSH
// dependencies the forwarded agent. Literal credentials in a requirements
// file are warned about, and the file kept out of the runtime stage.
func (p *Plan) chooseSecrets(f *detect.Facts) {
	tool := string(f.Manager)
	add := func(s BuildSecret) {
		if !slices.Contains(p.BuildSecrets, s) {
			p.BuildSecrets = append(p.BuildSecrets, s)
		}
	}
	for _, ix := range f.Indexes {
		if ix.Tool != tool {
			continue
		}
		why := ix.Source.String()
		switch {
		case ix.LiteralCredentials:
			p.Warnings = append(p.Warnings, fmt.Sprintf("%s: the index URL %s holds a user or password in plain text: anyone with the file has it. Write it as https://${PIP_INDEX_USER}:${PIP_INDEX_TOKEN}@host/… (pip expands ${VAR} from the environment) and pass the values with docker build --secret", why, ix.URL))
			if tool == "pip" && !slices.Contains(p.ExcludeFromRuntime, ix.Source.File) {
				if !plainPath.MatchString(ix.Source.File) {
					p.Warnings = append(p.Warnings, fmt.Sprintf("%s: pydock cannot name this file in COPY --exclude (unusual characters); it reaches the runtime image with the source: rename it or remove the credentials", ix.Source.File))
					break
				}
				p.ExcludeFromRuntime = append(p.ExcludeFromRuntime, ix.Source.File)
			}
		case len(ix.Vars) > 0 && (tool == "pip" || tool == "pdm" || tool == "pipenv"):
			// These three expand ${VAR} in an index URL from the environment.
			for _, v := range ix.Vars {
				add(BuildSecret{ID: v, Env: v})
			}
			why += ": ${" + strings.Join(ix.Vars, "}, ${") + "} as secrets"
		case ix.Name != "" && credentialEnv[tool] != "":
			pre := fmt.Sprintf(credentialEnv[tool], detect.EnvName(ix.Name))
			add(BuildSecret{ID: pre + "USERNAME", Env: pre + "USERNAME"})
			add(BuildSecret{ID: pre + "PASSWORD", Env: pre + "PASSWORD"})
			why += ": " + pre + "USERNAME and " + pre + "PASSWORD as secrets"
		case tool == "pip" || tool == "uv":
			add(netrcSecret)
			why += ": credentials, if any, from a .netrc secret"
		}
		p.decide("package index", ix.URL, why)
	}
	if tool == "pip" {
		// PIP_INDEX_URL stays a build argument for a plain mirror URL; its
		// credentials, like any index's, come from the .netrc secret.
		add(netrcSecret)
	}
	if f.SSH != nil && f.Manager != detect.ManagerNone {
		p.SSHHosts = f.SSH.Hosts
		add(knownHostsSecret)
		for _, pkg := range []string{"git", "openssh-client"} {
			if !slices.Contains(p.BuildPackages, pkg) {
				p.BuildPackages = append(p.BuildPackages, pkg)
			}
		}
		slices.Sort(p.BuildPackages)
		p.NativeReasons = append(p.NativeReasons, "a dependency is fetched over SSH: git and openssh-client in the builder only")
		p.decide("ssh dependencies", strings.Join(f.SSH.Hosts, " "), f.SSH.Source.String()+": RUN --mount=type=ssh, host keys from a known_hosts secret")
	}
}

// checkEnvIgnored warns when compose's passwords would live in a .env that
// git does not ignore (one `git add .` from being published).
func (p *Plan) checkEnvIgnored(f *detect.Facts) {
	if !p.Compose || f.GitIgnoresEnv == nil || *f.GitIgnoresEnv {
		return
	}
	for _, s := range p.Services {
		if len(s.Secrets) > 0 {
			p.Warnings = append(p.Warnings, "compose reads the database password from .env, which .gitignore does not ignore: add .env to .gitignore before you create it")
			return
		}
	}
}
