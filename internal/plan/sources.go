package plan

import "fmt"

// sourceKeys are the settings whose messages and decisions name where the
// value came from, by their pydock.toml key.
var sourceKeys = []struct {
	key string
	set func(Settings) bool
}{
	{"package_manager", func(s Settings) bool { return s.PackageManager != "" }},
	{"python", func(s Settings) bool { return s.Python != "" }},
	{"app", func(s Settings) bool { return s.App != "" }},
	{"port", func(s Settings) bool { return s.Port != 0 }},
	{"workers", func(s Settings) bool { return s.Workers != 0 }},
	{"kind", func(s Settings) bool { return s.Kind != "" }},
	{"health_path", func(s Settings) bool { return s.HealthPath != "" }},
	{"base_image", func(s Settings) bool { return s.BaseImage != "" }},
}

// mergeSources keeps, for each value Merge took, the source of the layer
// it came from (none: a flag or a wizard answer, which read as the flag).
func mergeSources(layers []Settings) map[string]string {
	var out map[string]string
	for _, k := range sourceKeys {
		for _, l := range layers {
			if !k.set(l) {
				continue
			}
			if src := l.Sources[k.key]; src != "" {
				if out == nil {
					out = map[string]string{}
				}
				out[k.key] = src
			}
			break
		}
	}
	return out
}

// source is where the value of key came from: "pydock.toml:3" when a file
// set it, else the flag.
func (s Settings) source(key, flag string) string {
	if src := s.Sources[key]; src != "" {
		return src
	}
	return flag
}

// given names a value with its source, to start a message about it:
// "--port 70000" or "pydock.toml:3: port 70000".
func (s Settings) given(key, flag string, value any) string {
	if src := s.Sources[key]; src != "" {
		return fmt.Sprintf("%s: %s %v", src, key, value)
	}
	return fmt.Sprintf("%s %v", flag, value)
}
