package plan

import (
	"fmt"
	"path"
	"strings"

	"github.com/moby/patternmatcher"

	"github.com/pydock/pydock/internal/detect"
)

// IgnoreBlock is one commented group of .dockerignore patterns.
type IgnoreBlock struct {
	Comment  []string // lines, without "# "
	Patterns []string
}

// Ignore is what the .dockerignore says, in order: the general blocks, the
// files the build needs re-included (DI004), the secrets, and last the
// needed files a secret pattern matches (so nothing else it covers comes back).
type Ignore struct {
	Blocks     []IgnoreBlock
	Keep       []string // "!" patterns after Blocks (DI004)
	Secrets    IgnoreBlock
	KeepSecret []string // "!" patterns after Secrets (DI004, warned)

	// Needed are the paths the build and the image read by name: what
	// any .dockerignore the build uses must keep (a kept one is checked
	// against them, keptignore.go).
	Needed []IgnoreNeed
	// KeepOut are files pydock has the user fill with keys (compose's
	// env file, a configuration file mounted at run time), which any
	// .dockerignore the build uses must keep out of the image.
	KeepOut []IgnoreNeed
	// said are the notes and warnings about pydock's own file, dropped
	// when the user's file is used instead.
	said []string
}

// IgnoreNeed is a path the build reads, and why.
type IgnoreNeed struct {
	Path string
	Why  string // "the dependency step reads it"
	// RunTime: only the running app needs it (a kept .dockerignore that
	// excludes it is warned about, not mended).
	RunTime bool
	// Wheel: what the packaging puts in the wheel (MANIFEST.in, package
	// data). A folder of it left out of the context makes a smaller wheel,
	// not a failed build (setuptools warns and goes on).
	Wheel bool
}

// ignoreBlocks and ignoreSecrets are the patterns, as data. "**/" makes a
// pattern match at every depth: a nested .env or key file ships as surely
// as one at the root. build/ and dist/ stay root-anchored, since a package
// may hold a module or folder of that name. Sources: Docker's .dockerignore
// reference (pattern syntax, BuildKit's moby/patternmatcher), GitHub's
// gitignore templates for Python and Terraform, uv's Docker guide.
var ignoreBlocks = []IgnoreBlock{
	{
		Comment: []string{"Python artifacts, local environments and tool caches, at every depth (DI001)"},
		Patterns: []string{
			"**/.venv", "**/venv", "env/",
			"**/__pycache__", "**/*.py[cod]", "**/*.egg-info", "**/.eggs",
			"build/", "dist/",
			"**/.pytest_cache", "**/.mypy_cache", "**/.ruff_cache", "**/.tox", "**/.nox",
			"**/.hypothesis", "**/.pytype", "**/.pyre", "**/.coverage", "**/.coverage.*",
			"**/htmlcov", "**/.ipynb_checkpoints", "**/node_modules",
		},
	},
	{
		Comment: []string{"VCS, editors, CI and the container files themselves (DI003)"},
		Patterns: []string{
			".git/", ".gitignore", ".github/", ".gitlab-ci.yml", ".idea/", ".vscode/",
			"**/*.swp", "**/.DS_Store",
			"Dockerfile", ".dockerignore", "compose.yaml", "compose.*.yaml", "docker-compose*.yml",
			".pydock/", "*.pydock-bak*", ".*.pydock-tmp-*", "docs/",
		},
	},
	{
		Comment: []string{
			"The base image pins Python; a .python-version in the context would make",
			"uv look for a different interpreter",
		},
		Patterns: []string{".python-version"},
	},
}

var ignoreSecrets = IgnoreBlock{
	Comment: []string{"Secrets and local data, at every depth: never in an image layer (DI002)"},
	Patterns: []string{
		"**/.env", "**/.env.*", "!**/.env.example", "**/.envrc",
		"**/*.key", "**/*.pem", "**/*.p12", "**/*.pfx",
		"**/id_rsa*", "**/id_ecdsa*", "**/id_ed25519*",
		"**/.aws", "**/.ssh", "**/.docker", "**/.netrc", "**/.pypirc", "**/.npmrc",
		"**/*.tfstate*", "**/*.sqlite3",
	},
}

// chooseIgnore decides the .dockerignore: the fixed blocks, and for every
// file the build or the app needs that a pattern would exclude, a "!" line
// and a warning naming the pattern that had to be lifted (DI004).
func (p *Plan) chooseIgnore(f *detect.Facts) {
	p.Ignore = Ignore{Blocks: ignoreBlocksFor(f.Manager), Secrets: ignoreSecrets}
	p.Ignore.Needed = neededFiles(f, p)
	var general []string
	for _, b := range p.Ignore.Blocks {
		general = append(general, b.Patterns...)
	}
	keep := map[string]bool{}
	for _, file := range f.BuildFiles {
		if pat, ok := ignorePattern(file); ok {
			p.Ignore.Keep = append(p.Ignore.Keep, pat)
			keep[file] = true
		}
	}
	for _, need := range p.Ignore.Needed {
		file := need.Path
		pat, ok := ignorePattern(file)
		if !ok {
			continue
		}
		if by := excludingPattern(general, file); by != "" {
			if !keep[file] {
				p.Ignore.Keep = append(p.Ignore.Keep, pat)
				keep[file] = true
			}
			// Nothing to act on: the file is kept, and said so.
			p.Notes = append(p.Notes, p.Ignore.say(fmt.Sprintf(".dockerignore: %s is needed by the build but matches %q; pydock re-includes it (DI004)", file, by)))
		}
		if by := excludingPattern(ignoreSecrets.Patterns, file); by != "" {
			p.Ignore.KeepSecret = append(p.Ignore.KeepSecret, pat)
			p.Warnings = append(p.Warnings, p.Ignore.say(fmt.Sprintf(".dockerignore: %s is needed by the build but matches the secret pattern %q; pydock re-includes it, so make sure it holds no secret (DI004)", file, by)))
		}
	}
	// Files the app reads at run time: kept against the general patterns
	// (docs/), never against the secret ones (the app gets those at run
	// time, not from the image).
	for _, file := range f.RuntimeFiles {
		p.Ignore.Needed = append(p.Ignore.Needed, IgnoreNeed{Path: path.Clean(file), Why: "the app reads at run time", RunTime: true})
		pat, ok := ignorePattern(file)
		if !ok || keep[file] {
			continue
		}
		if by := excludingPattern(general, file); by != "" && excludingPattern(ignoreSecrets.Patterns, file) == "" {
			p.Ignore.Keep = append(p.Ignore.Keep, pat)
			keep[file] = true
			p.Notes = append(p.Notes, p.Ignore.say(fmt.Sprintf(".dockerignore: the app reads %s at run time but it matches %q; pydock re-includes it (DI004)", file, by)))
		}
	}
}

// neededFiles are the context paths the Dockerfile mounts or copies by
// name, and the app's own entry points, each with why.
func neededFiles(f *detect.Facts, p *Plan) []IgnoreNeed {
	var out []IgnoreNeed
	add := func(why string, files ...string) {
		for _, o := range files {
			out = append(out, IgnoreNeed{Path: o, Why: why})
		}
	}
	add("the build reads it", f.BuildFiles...)
	if f.Packaged && f.NotBuilt == "" {
		for _, c := range f.ContextFiles {
			out = append(out, IgnoreNeed{Path: c, Why: "the build configuration reads it", Wheel: true})
		}
	} else {
		// No wheel is built: what the packaging names ships only as
		// part of the source tree the app runs from.
		for _, c := range f.ContextFiles {
			out = append(out, IgnoreNeed{Path: c, Why: "the packaging (MANIFEST.in, package data) names as part of the code", RunTime: true})
		}
	}
	add("the dependency step installs from it", f.RequirementsFiles...)
	add("the dependency step reads it", f.WorkspaceManifests...)
	var mf []string
	switch f.Manager {
	case detect.ManagerUV:
		mf = []string{"uv.lock", "pyproject.toml"}
	case detect.ManagerPoetry:
		mf = []string{"poetry.lock", "pyproject.toml"}
	case detect.ManagerPDM, detect.ManagerPipenv, detect.ManagerPylock:
		mf = managerFiles[f.Manager]
		if f.Pipenv != nil && f.Pipenv.LockAtBuild {
			mf = []string{"Pipfile"} // the build makes the lock
		}
	case detect.ManagerPip:
		if p.ProjectDeps || f.Packaged {
			mf = []string{"pyproject.toml"}
		}
	}
	for _, m := range mf {
		add("the dependency step reads it", path.Join(f.LockDir, m))
	}
	if f.EntryFile != "" {
		add("the image runs it", f.EntryFile)
	}
	if f.Django != nil {
		add("the image runs it", "manage.py")
		for _, m := range f.Django.LocalModules {
			add("the image makes "+m.File+" from it", path.Join(f.MemberDir, m.Template))
		}
	}
	for _, b := range f.NodeBuilds {
		add("the node stage installs from it", path.Join(f.MemberDir, b.Manifest), path.Join(f.MemberDir, b.Lock))
		if b.WorkspaceFile != "" {
			add("the node stage installs from it", path.Join(f.MemberDir, b.WorkspaceFile))
		}
		for _, e := range b.EnvFiles {
			add("the front end's build reads it", path.Join(f.MemberDir, e))
		}
	}
	if p.Catalogues != nil {
		add("the catalogues stage compiles its .po files", p.Catalogues.Dirs...)
	}
	seen := map[string]bool{}
	uniq := out[:0]
	for _, o := range out {
		o.Path = path.Clean(o.Path)
		if !seen[o.Path] {
			seen[o.Path] = true
			uniq = append(uniq, o)
		}
	}
	return uniq
}

// excludingPattern returns the last pattern of pats that leaves file out
// of the build context, as BuildKit's matcher decides, or "".
func excludingPattern(pats []string, file string) string {
	pm, err := patternmatcher.New(pats)
	if err != nil {
		return "" // the table is fixed; a test compiles it
	}
	if ex, _ := pm.MatchesOrParentMatches(file); !ex {
		return ""
	}
	by := ""
	for _, pat := range pats {
		if strings.HasPrefix(pat, "!") {
			continue
		}
		one, err := patternmatcher.New([]string{pat})
		if err != nil {
			continue
		}
		if ex, _ := one.MatchesOrParentMatches(file); ex {
			by = pat
		}
	}
	return by
}

// ignorePattern turns a project path into a "!" line that re-includes
// exactly it: glob characters escaped, since the path is data. A path a
// .dockerignore line cannot hold (a newline, a leading or trailing space,
// one leaving the context) gets none.
func ignorePattern(file string) (string, bool) {
	file = path.Clean(strings.TrimPrefix(file, "./"))
	if file == "." || file == ".." || strings.HasPrefix(file, "../") || path.IsAbs(file) ||
		strings.ContainsAny(file, "\n\r") || strings.TrimSpace(file) != file || strings.HasPrefix(file, "!") {
		return "", false
	}
	var b strings.Builder
	b.WriteByte('!')
	for _, r := range file {
		if strings.ContainsRune(`*?[]\`, r) {
			b.WriteByte('\\')
		}
		b.WriteRune(r)
	}
	return b.String(), true
}
