package detect

import (
	_ "embed"
	"io/fs"
	"path"
	"regexp"
	"strings"

	"github.com/pelletier/go-toml/v2"
	"go.yaml.in/yaml/v3"
)

//go:embed envschemas.toml
var envSchemasTOML []byte

// envSchemaRow is a row of envschemas.toml.
type envSchemaRow struct {
	Module      string
	Constructor string
	Parameters  string
	Separator   string
	Source      string
}

var envSchemaRows = func() []envSchemaRow {
	var t struct{ Schema []envSchemaRow }
	if err := toml.Unmarshal(envSchemasTOML, &t); err != nil {
		panic("envschemas.toml: " + err.Error())
	}
	for _, r := range t.Schema {
		if r.Module == "" || r.Constructor == "" || r.Parameters == "" || r.Source == "" {
			panic("envschemas.toml: bad row " + r.Module)
		}
	}
	return t.Schema
}()

// maxSchemaParams bounds the parameters read from one schema file.
const maxSchemaParams = 500

// findSchemaEnv adds the variables the app reads through a configuration
// library's schema file (envschemas.toml): compose must set the names the
// app reads, which the schema gives, not the conventional ones.
func findSchemaEnv(fsys fs.FS, f *Facts) {
	for _, r := range envSchemaRows {
		importRe := regexp.MustCompile(`^(?:from\s+` + regexp.QuoteMeta(r.Module) + `\s+import\b.*\b` + regexp.QuoteMeta(r.Constructor) + `\b|import\s+` + regexp.QuoteMeta(r.Module) + `\b)`)
		callRe := regexp.MustCompile(`\b` + regexp.QuoteMeta(r.Constructor) + `\s*\(\s*["']([^"'\\]+)["']`)
		var schemas []Source // the schema files, where the code loads each
		_ = walkPython(fsys, f.ImportRoots, func(file, _ string, data []byte) {
			if isTestFile(file) || !strings.Contains(string(data), r.Constructor) {
				return
			}
			lines := pyLines(data)
			imported := false
			for _, l := range lines {
				imported = imported || importRe.MatchString(l.text)
			}
			if !imported {
				return
			}
			atLoad := loadTime(lines)
			for i, l := range lines {
				if m := callRe.FindStringSubmatch(l.text); m != nil && atLoad[i] {
					p := path.Clean(m[1])
					if fs.ValidPath(p) && isRegularFile(fsys, p) {
						schemas = append(schemas, Source{File: p, Line: l.line})
					}
				}
			}
		})
		for _, s := range schemas {
			for _, u := range schemaParams(fsys, s.File, r) {
				addEnvUse(f, u)
			}
		}
	}
}

// addEnvUse adds u unless the code reads the name already.
func addEnvUse(f *Facts, u EnvUse) {
	for _, e := range f.EnvUses {
		if e.Name == u.Name {
			return
		}
	}
	f.EnvUses = append(f.EnvUses, u)
}

// schemaParams reads a schema file's parameters as the variables the
// library reads them from.
func schemaParams(fsys fs.FS, file string, r envSchemaRow) []EnvUse {
	data, err := readBounded(fsys, file, maxManifestSize, "configuration schemas")
	if err != nil {
		return nil
	}
	var doc yaml.Node
	if yaml.Unmarshal(data, &doc) != nil || len(doc.Content) == 0 || doc.Content[0].Kind != yaml.MappingNode {
		return nil
	}
	var out []EnvUse
	var walk func(list *yaml.Node, prefix []string)
	walk = func(list *yaml.Node, prefix []string) {
		if list == nil || list.Kind != yaml.SequenceNode {
			return
		}
		for _, item := range list.Content {
			if len(out) >= maxSchemaParams || item.Kind != yaml.MappingNode || len(item.Content) != 2 {
				continue
			}
			key, val := item.Content[0], item.Content[1]
			p := append(append([]string(nil), prefix...), key.Value)
			switch val.Kind {
			case yaml.SequenceNode:
				walk(val, p)
			case yaml.MappingNode:
				if u, ok := schemaParam(val, p, r.Separator); ok {
					u.Source = Source{File: file, Line: key.Line}
					out = append(out, u)
				}
			}
		}
	}
	walk(mappingValue(doc.Content[0], r.Parameters), nil)
	return out
}

// schemaParam is one parameter's variable, from its options; ok is false
// for a parameter the library does not read from the environment (no_env)
// or reads under indexed names (a list).
func schemaParam(opts *yaml.Node, p []string, sep string) (EnvUse, bool) {
	name := strings.ToUpper(strings.Join(p, sep))
	u := EnvUse{Name: name, Kind: "str"}
	if !envNameRe.MatchString(name) {
		return u, false
	}
	def := mappingValue(opts, "default")
	if def != nil && def.Kind == yaml.ScalarNode && def.Tag != "!!null" {
		u.Default = def.Value
	}
	if t := mappingValue(opts, "type"); t != nil {
		switch t.Value {
		case "list", "dict":
			return u, false
		case "int", "bool":
			u.Kind = t.Value
		}
	}
	if n := mappingValue(opts, "no_env"); n != nil && n.Value == "true" {
		return u, false
	}
	if req := mappingValue(opts, "required"); req != nil && req.Value == "true" && def == nil {
		u.Required = true // the library refuses to load without it
	}
	return u, true
}

// mappingValue is the value of key in a mapping node, nil when absent.
func mappingValue(m *yaml.Node, key string) *yaml.Node {
	if m == nil || m.Kind != yaml.MappingNode {
		return nil
	}
	for i := 0; i+1 < len(m.Content); i += 2 {
		if m.Content[i].Value == key {
			return m.Content[i+1]
		}
	}
	return nil
}
