package detect

import (
	"io/fs"
	"regexp"
	"slices"
	"strings"

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
// pyproject.toml, and GitIgnoresEnv and GitIgnoresCredentials from .gitignore. A pyproject.toml that fails to parse was reported by
// the reader that needs it.
func readToolRequirements(fsys fs.FS, f *Facts, exists func(string) bool) {
	if exists(".gitignore") {
		if data, err := readBounded(fsys, ".gitignore", maxManifestSize, "manifests"); err == nil {
			ok := gitIgnoresEnv(data)
			f.GitIgnoresEnv = &ok
			local := gitignoreLine(data, CredentialsFile) > 0
			f.GitIgnoresCredentials = &local
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
				RequiredVersion  string   `toml:"required-version"`
				ExcludeNewer     string   `toml:"exclude-newer"`
				BuildConstraints []string `toml:"build-constraint-dependencies"`
			} `toml:"uv"`
			Poetry *struct {
				RequiresPoetry string `toml:"requires-poetry"`
				// package → { dependency = "<70" } (a string, a list of
				// them, or a table with version).
				BuildConstraints map[string]map[string]any `toml:"build-constraints"`
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
	if py.Tool.UV != nil && py.Tool.UV.ExcludeNewer != "" && !absoluteDate.MatchString(py.Tool.UV.ExcludeNewer) {
		f.UVFeatures = append(f.UVFeatures, ToolFeature{Name: "relative exclude-newer", Source: at("exclude-newer")})
	}
	if py.Tool.Poetry != nil && py.Tool.Poetry.RequiresPoetry != "" {
		f.PoetryRequired = &ToolRequirement{Spec: py.Tool.Poetry.RequiresPoetry, Source: at("requires-poetry")}
	}
	if py.Tool.UV != nil {
		for _, c := range py.Tool.UV.BuildConstraints {
			f.BuildConstraints = append(f.BuildConstraints, BuildConstraint{Spec: strings.ReplaceAll(c, " ", ""), Source: at("build-constraint-dependencies")})
		}
	}
	if py.Tool.Poetry != nil {
		for pkg, deps := range py.Tool.Poetry.BuildConstraints {
			for dep, v := range deps {
				var specs []string
				switch v := v.(type) {
				case string:
					specs = []string{v}
				case []any:
					for _, e := range v {
						if s, ok := e.(string); ok {
							specs = append(specs, s)
						}
					}
				case map[string]any:
					if s, ok := v["version"].(string); ok {
						specs = []string{s}
					}
				}
				for _, sp := range specs {
					f.BuildConstraints = append(f.BuildConstraints, BuildConstraint{Package: normName(pkg), Spec: normName(dep) + strings.ReplaceAll(sp, " ", ""), Source: at("[tool.poetry.build-constraints]")})
				}
			}
		}
		slices.SortFunc(f.BuildConstraints, func(a, b BuildConstraint) int { return strings.Compare(a.Package+a.Spec, b.Package+b.Spec) })
	}
}

// BuildConstraint is a bound the project puts on its dependencies'
// isolated builds: uv's build-constraint-dependencies (every build) or
// Poetry's [tool.poetry.build-constraints] (one package's build).
type BuildConstraint struct {
	Package string `json:"package,omitempty"` // "": every build
	Spec    string `json:"spec"`              // setuptools<70
	Source  Source `json:"source"`
}

// ToolFeature is a setting of the project's package manager that only
// some releases read (plan's table says from which).
type ToolFeature struct {
	Name   string `json:"name"`
	Source Source `json:"source"`
}

// absoluteDate is exclude-newer as uv has always read it: a date or an
// RFC 3339 timestamp. Anything else ("3 weeks", "P7D") is a span.
var absoluteDate = regexp.MustCompile(`^\d{4}-\d{2}-\d{2}`)

// readUVLockFeatures notes settings uv wrote into uv.lock that an older uv
// cannot read back: exclude-newer-span records a relative exclude-newer.
func readUVLockFeatures(fsys fs.FS, f *Facts, exists func(string) bool) {
	if !exists("uv.lock") {
		return
	}
	data, err := readBounded(fsys, "uv.lock", maxLockSize, "locks")
	if err != nil {
		return
	}
	for i, line := range strings.Split(string(data), "\n") {
		if strings.HasPrefix(line, "exclude-newer-span") {
			if len(f.UVFeatures) == 0 {
				f.UVFeatures = append(f.UVFeatures, ToolFeature{Name: "relative exclude-newer", Source: Source{File: "uv.lock", Line: i + 1}})
			}
			return
		}
	}
}
