package detect

import (
	"io/fs"
	"regexp"
	"slices"
	"strings"

	"github.com/pelletier/go-toml/v2"
)

// Index is a package index the project names: where packages come from,
// and so which credentials the install step needs (DF015).
type Index struct {
	// Tool is whose configuration names it: pip, uv, poetry, pdm, pipenv.
	Tool string `json:"tool"`
	// Name is the source's name (uv, Poetry, pdm, Pipenv); "" for pip.
	Name string `json:"name,omitempty"`
	// URL is as written, with any literal user or password replaced by ***.
	URL string `json:"url"`
	// Default is pip's --index-url, uv's default = true, Poetry's primary.
	Default bool `json:"default,omitempty"`
	// Vars are the ${VAR} references in the URL, which pip, pdm and Pipenv
	// expand from the environment: the secrets to mount.
	Vars []string `json:"vars,omitempty"`
	// LiteralCredentials is true when the URL itself holds a user or
	// password: whoever reads the file reads them.
	LiteralCredentials bool   `json:"literal_credentials,omitempty"`
	Source             Source `json:"source"`
}

// SSHDeps is what proves a dependency is fetched over SSH (git+ssh://…,
// git@host:…): the hosts, for known_hosts, and the first place it is named.
type SSHDeps struct {
	Hosts  []string `json:"hosts"`
	Source Source   `json:"source"`
}

var (
	envRefRe = regexp.MustCompile(`\$\{([A-Za-z_][A-Za-z0-9_]*)\}`)
	// sshURLRe finds SSH git URLs in any of the project's files:
	// git+ssh://git@host/…, ssh://git@host/… and scp-like git@host:org/repo.
	sshURLRe = regexp.MustCompile(`(?:git\+)?ssh://(?:[A-Za-z0-9._~%!$&'()*+,;=-]+@)?([A-Za-z0-9.-]+)(?::[0-9]+)?/|\bgit@([A-Za-z0-9.-]+\.[A-Za-z]{2,}):[A-Za-z0-9_.~-]`)
	// hostRe is what a host name may be before it reaches a RUN line.
	hostRe = regexp.MustCompile(`^[A-Za-z0-9](?:[A-Za-z0-9-]*[A-Za-z0-9])?(?:\.[A-Za-z0-9](?:[A-Za-z0-9-]*[A-Za-z0-9])?)*$`)
)

// newIndex analyses one index URL found at src.
func newIndex(tool, name, raw string, def bool, src Source) Index {
	ix := Index{Tool: tool, Name: name, URL: raw, Default: def, Source: src}
	for _, m := range envRefRe.FindAllStringSubmatch(raw, -1) {
		if !slices.Contains(ix.Vars, m[1]) {
			ix.Vars = append(ix.Vars, m[1])
		}
	}
	// Userinfo sits between "://" and the first "@" before the path.
	scheme, rest, ok := strings.Cut(raw, "://")
	if !ok {
		return ix
	}
	hostPart := rest
	if i := strings.IndexAny(rest, "/?#"); i >= 0 {
		hostPart = rest[:i]
	}
	at := strings.LastIndexByte(hostPart, '@')
	if at < 0 {
		return ix
	}
	if userinfo := hostPart[:at]; strings.TrimSpace(envRefRe.ReplaceAllString(strings.ReplaceAll(userinfo, ":", ""), "")) != "" {
		ix.LiteralCredentials = true
		ix.URL = scheme + "://***@" + rest[at+1:]
	}
	return ix
}

// readIndexes finds every package index the project's files name, and the
// dependencies fetched over SSH. Files that fail to parse were reported by
// the readers that need them; here they only contribute nothing.
func readIndexes(fsys fs.FS, f *Facts, exists func(string) bool) {
	for _, name := range f.RequirementsFiles {
		data, err := readBounded(fsys, name, maxRequirementsSize, "requirement files")
		if err != nil {
			continue
		}
		for _, ll := range logicalLines(string(data)) {
			fields := strings.Fields(ll.text)
			for i := 0; i < len(fields); i++ {
				flag, arg, eq := strings.Cut(fields[i], "=")
				if !eq {
					if i+1 < len(fields) {
						arg = fields[i+1]
					}
				}
				switch flag {
				case "-i", "--index-url", "--extra-index-url":
					if arg != "" {
						f.Indexes = append(f.Indexes, newIndex("pip", "", arg, flag != "--extra-index-url", Source{File: name, Line: ll.line}))
					}
				}
			}
		}
	}
	if exists("pyproject.toml") {
		if data, err := readBounded(fsys, "pyproject.toml", maxManifestSize, "manifests"); err == nil {
			var py struct {
				Tool struct {
					UV *struct {
						Index []struct {
							Name    string `toml:"name"`
							URL     string `toml:"url"`
							Default bool   `toml:"default"`
						} `toml:"index"`
					} `toml:"uv"`
					Poetry *struct {
						Source []struct {
							Name     string `toml:"name"`
							URL      string `toml:"url"`
							Priority string `toml:"priority"`
						} `toml:"source"`
					} `toml:"poetry"`
					PDM *struct {
						Source []struct {
							Name string `toml:"name"`
							URL  string `toml:"url"`
						} `toml:"source"`
					} `toml:"pdm"`
				} `toml:"tool"`
			}
			if toml.Unmarshal(data, &py) == nil {
				at := func(s string) Source { return Source{File: "pyproject.toml", Line: textLine(data, s)} }
				if py.Tool.UV != nil {
					for _, x := range py.Tool.UV.Index {
						f.Indexes = append(f.Indexes, newIndex("uv", x.Name, x.URL, x.Default, at(x.URL)))
					}
				}
				if py.Tool.Poetry != nil {
					for _, x := range py.Tool.Poetry.Source {
						if x.URL == "" {
							continue // PyPI itself, given a priority
						}
						f.Indexes = append(f.Indexes, newIndex("poetry", x.Name, x.URL, x.Priority == "primary" || x.Priority == "default", at(x.URL)))
					}
				}
				if py.Tool.PDM != nil {
					for _, x := range py.Tool.PDM.Source {
						f.Indexes = append(f.Indexes, newIndex("pdm", x.Name, x.URL, x.Name == "pypi", at(x.URL)))
					}
				}
			}
		}
	}
	if exists("Pipfile") {
		if data, err := readBounded(fsys, "Pipfile", maxManifestSize, "manifests"); err == nil {
			var pf struct {
				Source []struct {
					Name string `toml:"name"`
					URL  string `toml:"url"`
				} `toml:"source"`
			}
			if toml.Unmarshal(data, &pf) == nil {
				for i, x := range pf.Source {
					f.Indexes = append(f.Indexes, newIndex("pipenv", x.Name, x.URL, i == 0, Source{File: "Pipfile", Line: textLine(data, x.URL)}))
				}
			}
		}
	}

	// SSH dependencies: any file that can name one.
	files := append(slices.Clone(f.RequirementsFiles), "pyproject.toml", "uv.lock", "poetry.lock", "pdm.lock", "Pipfile", "Pipfile.lock")
	for _, name := range files {
		if !exists(name) {
			continue
		}
		limit := int64(maxLockSize)
		data, err := readBounded(fsys, name, limit, "project files")
		if err != nil {
			continue
		}
		for _, m := range sshURLRe.FindAllSubmatchIndex(data, -1) {
			host := ""
			for g := 1; g < len(m)/2; g++ {
				if m[2*g] >= 0 {
					host = string(data[m[2*g]:m[2*g+1]])
				}
			}
			if !hostRe.MatchString(host) {
				continue
			}
			if f.SSH == nil {
				f.SSH = &SSHDeps{Source: Source{File: name, Line: 1 + strings.Count(string(data[:m[0]]), "\n")}}
			}
			if !slices.Contains(f.SSH.Hosts, host) {
				f.SSH.Hosts = append(f.SSH.Hosts, host)
			}
		}
	}
	if f.SSH != nil {
		slices.Sort(f.SSH.Hosts)
	}
}

// textLine is the line where s first appears in data (0: not found).
func textLine(data []byte, s string) int {
	if s == "" {
		return 0
	}
	i := strings.Index(string(data), s)
	if i < 0 {
		return 0
	}
	return 1 + strings.Count(string(data[:i]), "\n")
}

// EnvName turns a source name into the part of an environment variable
// name uv and Poetry derive from it: upper case, every other character "_".
func EnvName(name string) string {
	var b strings.Builder
	for _, r := range strings.ToUpper(name) {
		if (r >= 'A' && r <= 'Z') || (r >= '0' && r <= '9') {
			b.WriteRune(r)
		} else {
			b.WriteByte('_')
		}
	}
	return b.String()
}
