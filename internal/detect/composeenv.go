package detect

// The URLs the authors' compose files pass their services to reach a
// backing service (MONGO_URI=mongodb://mongodb/news): the names the app
// reads when its own code spells none of them (a library it uses reads
// them), and the database each names.

import (
	"strings"

	"go.yaml.in/yaml/v3"
)

// ReadComposeEnv reads a compose file's service environments (list or
// map form) for the variables set to a plain URL (scheme://…, no ${…}),
// each with its line; file is how the result names the file. A file
// pydock generated says nothing of the authors'.
func ReadComposeEnv(file string, data []byte) []AuthorsEnv {
	if generatedByPydock(data) {
		return nil
	}
	var doc yaml.Node
	if yaml.Unmarshal(data, &doc) != nil || len(doc.Content) == 0 {
		return nil
	}
	var out []AuthorsEnv
	add := func(name, value string, line int) {
		if envNameRe.MatchString(name) && strings.Contains(value, "://") && !strings.ContainsAny(value, "$ \t") {
			out = append(out, AuthorsEnv{Name: name, Value: value, Source: Source{File: file, Line: line}})
		}
	}
	services := mapValue(doc.Content[0], "services")
	if services == nil || services.Kind != yaml.MappingNode {
		return nil
	}
	for i := 1; i < len(services.Content); i += 2 {
		env := mapValue(services.Content[i], "environment")
		if env == nil {
			continue
		}
		switch env.Kind {
		case yaml.SequenceNode:
			for _, e := range env.Content {
				if k, v, ok := strings.Cut(e.Value, "="); ok && e.Kind == yaml.ScalarNode {
					add(k, v, e.Line)
				}
			}
		case yaml.MappingNode:
			for j := 0; j+1 < len(env.Content); j += 2 {
				if v := env.Content[j+1]; v.Kind == yaml.ScalarNode {
					add(env.Content[j].Value, v.Value, env.Content[j].Line)
				}
			}
		}
	}
	return out
}

// mapValue is the value of key in a YAML mapping node, nil when absent.
func mapValue(n *yaml.Node, key string) *yaml.Node {
	if n == nil || n.Kind != yaml.MappingNode {
		return nil
	}
	for i := 0; i+1 < len(n.Content); i += 2 {
		if n.Content[i].Value == key {
			return n.Content[i+1]
		}
	}
	return nil
}
