package detect

import (
	"io/fs"

	"github.com/pelletier/go-toml/v2"
)

// ToolRequirement is the version of a package manager the project asks
// for: uv's [tool.uv] required-version, Poetry's [tool.poetry]
// requires-poetry (PEP 440 specifiers both).
type ToolRequirement struct {
	Spec   string `json:"spec"`
	Source Source `json:"source"`
}

// readToolRequirements fills UVRequired and PoetryRequired from
// pyproject.toml, and GitIgnoresEnv from .gitignore. A pyproject.toml that fails to parse was reported by
// the reader that needs it.
func readToolRequirements(fsys fs.FS, f *Facts, exists func(string) bool) {
	if exists(".gitignore") {
		if data, err := readBounded(fsys, ".gitignore", maxManifestSize, "manifests"); err == nil {
			ok := gitIgnoresEnv(data)
			f.GitIgnoresEnv = &ok
		}
	}
	if !exists("pyproject.toml") {
		return
	}
	data, err := readBounded(fsys, "pyproject.toml", maxManifestSize, "manifests")
	if err != nil {
		return
	}
	var py struct {
		Tool struct {
			UV *struct {
				RequiredVersion string `toml:"required-version"`
			} `toml:"uv"`
			Poetry *struct {
				RequiresPoetry string `toml:"requires-poetry"`
			} `toml:"poetry"`
		} `toml:"tool"`
	}
	if toml.Unmarshal(data, &py) != nil {
		return
	}
	at := func(key string) Source {
		return Source{File: "pyproject.toml", Line: textLine(data, key)}
	}
	if py.Tool.UV != nil && py.Tool.UV.RequiredVersion != "" {
		f.UVRequired = &ToolRequirement{Spec: py.Tool.UV.RequiredVersion, Source: at("required-version")}
	}
	if py.Tool.Poetry != nil && py.Tool.Poetry.RequiresPoetry != "" {
		f.PoetryRequired = &ToolRequirement{Spec: py.Tool.Poetry.RequiresPoetry, Source: at("requires-poetry")}
	}
}
