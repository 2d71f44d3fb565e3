package detect

import (
	_ "embed"
	"regexp"

	"github.com/pelletier/go-toml/v2"
)

// nodebuild.toml, read once: what pydock knows about building a front end
// (the lock files and their tools, the bundlers and where they write, the
// node lines and their images).

//go:embed nodebuild.toml
var nodeBuildTOML []byte

type nodeLockRow struct {
	File, Marker, Tool, Install, Run, Cache, Image, Source string
	// NpmInstall is the install once npm has put the exact release
	// packageManager names on PATH (npm install -g tool@X.Y.Z), in place
	// of corepack; "" keeps Install.
	NpmInstall string `toml:"npm_install"`
}

type bundlerRow struct {
	Command, Default string
	Flags, Configs   []string
	Key, Source      string
	// Subcommands: the row is the command's only when its first argument
	// is one of them (nuxt generate); Package and Majors: only when the
	// package.json depends on Package in a range that allows one of the
	// majors (Nuxt 2's generate writes dist/, Nuxt 3's .output/public).
	Subcommands []string
	Package     string
	Majors      []int
	// HereKey names the folder relative to the config's own folder
	// (resolve(__dirname, …)); RootKey the bundler's root, which Key and
	// Default are relative to, and RootWord the setting a config that
	// computes it names.
	HereKey  string `toml:"here_key"`
	RootKey  string `toml:"root_key"`
	RootWord string `toml:"root_word"`
	// Mentions: a config matching it sets the output folder in a way the
	// keys do not read, so the default does not hold.
	Mentions                          string
	keyRe, hereRe, rootRe, mentionsRe *regexp.Regexp
}

type nodeRow struct{ Major, Codename, Tag string }

// frameworkRow is a framework that writes the output inside a bundler's
// build (nodebuild.toml's framework rows).
type frameworkRow struct {
	Name, Bundler, What, Default, Source string
	Configs                              []string
	Applies, Writes, Key                 string
	appliesRe, writesRe, keyRe           *regexp.Regexp
}

// nodeTable is nodebuild.toml.
var nodeTable = func() (t struct {
	Scripts           []string
	EnvFiles          []string `toml:"env_files"`
	Program           []NodeProgram
	DefaultNode       string `toml:"default_node"`
	NodeBinary        string `toml:"node_binary"`
	NodeBinarySource  string `toml:"node_binary_source"`
	DefaultNodeSource string `toml:"default_node_source"`
	Node              []nodeRow
	Lock              []nodeLockRow
	Bundler           []bundlerRow
	Framework         []frameworkRow
	FileTool          []fileToolRow                                 `toml:"file_tool"`
	NPMPrograms       []string                                      `toml:"npm_programs"`
	ManifestSetting   []struct{ Setting, Key, What, Source string } `toml:"manifest_setting"`
	WorkspaceRunner   []struct {
		Pattern, Source string
		re              *regexp.Regexp
	} `toml:"workspace_runner"`
	ScriptRunner []struct {
		Commands []string
		Source   string
	} `toml:"script_runner"`
}) {
	if err := toml.Unmarshal(nodeBuildTOML, &t); err != nil {
		panic("nodebuild.toml: " + err.Error())
	}
	for i := range t.Bundler {
		b := &t.Bundler[i]
		if b.Command == "" || b.Source == "" {
			panic("nodebuild.toml: bad bundler row " + b.Command)
		}
		if b.Key != "" {
			b.keyRe = regexp.MustCompile(b.Key)
		}
		if b.HereKey != "" {
			b.hereRe = regexp.MustCompile(b.HereKey)
		}
		if b.Mentions != "" {
			b.mentionsRe = regexp.MustCompile(b.Mentions)
		}
		if b.RootKey != "" {
			if b.RootWord == "" {
				panic("nodebuild.toml: bundler " + b.Command + " has a root_key and no root_word")
			}
			b.rootRe = regexp.MustCompile(b.RootKey)
		}
	}
	for i := range t.Framework {
		r := &t.Framework[i]
		if r.Name == "" || r.Bundler == "" || r.Applies == "" || r.Writes == "" || r.Source == "" || len(r.Configs) == 0 {
			panic("nodebuild.toml: bad framework row " + r.Name)
		}
		r.appliesRe, r.writesRe = regexp.MustCompile(r.Applies), regexp.MustCompile(r.Writes)
		if r.Key != "" {
			r.keyRe = regexp.MustCompile(r.Key)
		}
	}
	for i := range t.WorkspaceRunner {
		r := &t.WorkspaceRunner[i]
		if r.Pattern == "" || r.Source == "" {
			panic("nodebuild.toml: bad workspace_runner row " + r.Pattern)
		}
		r.re = regexp.MustCompile(r.Pattern)
	}
	for _, r := range t.ScriptRunner {
		if len(r.Commands) == 0 || r.Source == "" {
			panic("nodebuild.toml: bad script_runner row")
		}
	}
	for _, r := range t.FileTool {
		if r.Command == "" || r.Source == "" || !r.Positional && len(r.FileFlags)+len(r.DirFlags) == 0 {
			panic("nodebuild.toml: bad file_tool row " + r.Command)
		}
	}
	for _, r := range t.ManifestSetting {
		if r.Setting == "" || r.What == "" || r.Source == "" {
			panic("nodebuild.toml: bad manifest_setting row " + r.Setting)
		}
	}
	for _, r := range t.Lock {
		if r.File == "" || r.Tool == "" || r.Install == "" || r.Run == "" || r.Cache == "" || r.Source == "" {
			panic("nodebuild.toml: bad lock row " + r.File)
		}
	}
	for _, r := range t.Program {
		if r.Name == "" || r.Package == "" || r.Source == "" {
			panic("nodebuild.toml: bad program row " + r.Name)
		}
	}
	if t.NodeBinary == "" || t.NodeBinarySource == "" {
		panic("nodebuild.toml: no node_binary")
	}
	if t.DefaultNode == "" || len(t.Scripts) == 0 || nodeTag(t.Node, t.DefaultNode) == "" {
		panic("nodebuild.toml: no default node, or no image for it")
	}
	return t
}()

func nodeTag(rows []nodeRow, major string) string {
	for _, r := range rows {
		if r.Major == major {
			return r.Tag
		}
	}
	return ""
}
