package lint

import (
	"strings"
)

// ignoreSubject prefixes findings when there is no .dockerignore at all.
func (c *checker) ignoreSubject() string {
	if c.ig.missing {
		return "there is no .dockerignore, so "
	}
	return ""
}

// requireExcluded reports the probes (context paths) the .dockerignore
// lets through, naming the patterns that would exclude them.
func (c *checker) requireExcluded(probes map[string]string, order []string, what string) {
	var missing []string
	for _, p := range order {
		if ex, _ := c.ig.excluded(probes[p]); !ex {
			missing = append(missing, p)
		}
	}
	if len(missing) == 0 {
		return
	}
	c.report(0, "%s%s %s sent to the builder and copied by COPY . .; add %s", c.ignoreSubject(), strings.Join(missing, ", "), what, strings.Join(missing, " "))
}

func checkIgnoreEnvs(c *checker) {
	c.requireExcluded(map[string]string{
		".venv/":       ".venv/pyvenv.cfg",
		"__pycache__/": "__pycache__/app.cpython-313.pyc",
		"*.py[cod]":    "app.pyc",
	}, []string{".venv/", "__pycache__/", "*.py[cod]"}, "(a local environment built for your machine, and bytecode that busts the cache) are")
}

// secretProbes are, per pattern that keeps a kind of secret out, the
// files it must catch: at the root and nested, since COPY . . ships a
// config/.env as surely as a ./.env.
var secretProbes = []struct {
	pattern string
	files   []string
}{
	{"**/.env", []string{".env", "config/.env", "services/api/.env"}},
	{"**/.env.*", []string{".env.production", "config/.env.local", "services/api/.env.prod"}},
	{"**/*.key", []string{"server.key", "certs/server.key", "deploy/tls/server.key"}},
	{"**/*.pem", []string{"cert.pem", "certs/cert.pem", "deploy/tls/cert.pem"}},
	{"**/id_rsa*", []string{"id_rsa", "deploy/id_rsa", "deploy/keys/id_rsa.pub"}},
}

func checkIgnoreSecrets(c *checker) {
	var missing, where []string
	for _, p := range secretProbes {
		for _, f := range p.files {
			if ex, _ := c.ig.excluded(f); !ex {
				missing = append(missing, p.pattern)
				where = append(where, f)
				break
			}
		}
	}
	if len(missing) == 0 {
		return
	}
	c.report(0, "%s%s (secrets) would be sent to the builder and copied by COPY . .; a pattern without **/ matches only at the root: add %s",
		c.ignoreSubject(), strings.Join(where, ", "), strings.Join(missing, " "))
}

func checkIgnoreGit(c *checker) {
	c.requireExcluded(map[string]string{".git/": ".git/HEAD"}, []string{".git/"}, "(the whole history, changing on every commit) is")
}

func checkIgnoreNeeded(c *checker) {
	if c.ig.missing {
		return
	}
	for _, n := range buildNeeds(c.py, c.d) {
		if ex, at := c.ig.excluded(n.Path); ex && !c.ig.reincludesUnder(n.Path, at) {
			c.report(at, "%s is excluded from the build context, but %s: the build fails; add !%s after this line", n.Path, n.Why, n.Path)
		}
	}
}
