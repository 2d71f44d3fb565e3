package detect

import (
	"io/fs"
	"path"
	"regexp"
	"slices"
	"strings"

	"go.yaml.in/yaml/v3"
)

// A configuration file the repository commits at the project's root and
// the app loads from its working directory (its name is a string in the
// app's code) may send the app's output to absolute folders of its own
// (output: '/youtube-dl/%(title)s.%(ext)s'). What the app writes there
// needs the folder, which only root could create in the image.

var (
	// A committed configuration's name: settings.yml, config.json.
	configFileNameRe = regexp.MustCompile(`^[\w.-]+\.(?:ya?ml|json)$`)
	// A setting whose name says it holds a place on disk.
	pathKeyRe = regexp.MustCompile(`(?i)path|dir|folder|file|output|cache|db|database|root|store|storage|data|log|location|home|download|upload|media|archive`)
	// A setting whose name says it holds a URL or a route, not a folder.
	urlKeyRe = regexp.MustCompile(`(?i)url|uri|prefix|route|endpoint|href|link`)
	// An absolute path as written: plain names, maybe a template after.
	absPathRe = regexp.MustCompile(`^/[\w.@-]`)
	// A name holding a template field: %(title)s, {name}, $VAR.
	templateRe = regexp.MustCompile(`[%{}$<>*?]`)
)

// maxConfigFolders bounds the folders read from one configuration file.
const maxConfigFolders = 20

// findConfigFolders reads the configuration files the app loads from its
// root for the absolute folders their path settings name: a write "config
// folder" each, its Setting the dotted key, the outermost folder only
// when several nest.
func findConfigFolders(fsys fs.FS, roots []string) []StartWrite {
	entries, err := fs.ReadDir(fsys, ".")
	if err != nil {
		return nil
	}
	var names []string
	for _, e := range entries {
		if e.Type().IsRegular() && configFileNameRe.MatchString(e.Name()) && !strings.HasPrefix(e.Name(), ".") {
			names = append(names, e.Name())
		}
	}
	if len(names) == 0 {
		return nil
	}
	named := map[string]bool{}
	_ = walkPython(fsys, roots, func(file, _ string, data []byte) {
		if isTestFile(file) || notAppCode(file) {
			return
		}
		for _, n := range names {
			if !named[n] && (strings.Contains(string(data), `"`+n+`"`) || strings.Contains(string(data), `'`+n+`'`) || strings.Contains(string(data), `/`+n+`"`) || strings.Contains(string(data), `/`+n+`'`)) {
				named[n] = true
			}
		}
	})
	var out []StartWrite
	for _, n := range names {
		if named[n] {
			out = append(out, configFileFolders(fsys, n)...)
		}
	}
	// A folder inside another is the app's when the outer one is.
	var kept []StartWrite
	for _, w := range out {
		if !slices.ContainsFunc(out, func(o StartWrite) bool { return strings.HasPrefix(w.Path, o.Path+"/") }) &&
			!slices.ContainsFunc(kept, func(o StartWrite) bool { return o.Path == w.Path }) {
			kept = append(kept, w)
		}
	}
	return kept
}

// configFileFolders are the folders one configuration file's path
// settings name.
func configFileFolders(fsys fs.FS, name string) []StartWrite {
	data, err := readBounded(fsys, name, maxManifestSize, "configuration files")
	if err != nil {
		return nil
	}
	var doc yaml.Node
	if yaml.Unmarshal(data, &doc) != nil || len(doc.Content) == 0 {
		return nil
	}
	var out []StartWrite
	var walk func(n *yaml.Node, keys []string)
	walk = func(n *yaml.Node, keys []string) {
		if len(out) >= maxConfigFolders {
			return
		}
		switch n.Kind {
		case yaml.MappingNode:
			for i := 0; i+1 < len(n.Content); i += 2 {
				walk(n.Content[i+1], append(slices.Clone(keys), n.Content[i].Value))
			}
		case yaml.SequenceNode:
			for _, c := range n.Content {
				walk(c, keys)
			}
		case yaml.ScalarNode:
			if len(keys) == 0 || n.Tag != "!!str" {
				return
			}
			key := keys[len(keys)-1]
			if !pathKeyRe.MatchString(key) || urlKeyRe.MatchString(key) {
				return
			}
			if dir := configValueFolder(n.Value); dir != "" {
				out = append(out, StartWrite{What: "config folder", Path: dir, Setting: strings.Join(keys, "."), Source: Source{File: name, Line: n.Line}})
			}
		}
	}
	walk(doc.Content[0], nil)
	return out
}

// configValueFolder is the folder an absolute path setting names: the
// names before the first template field, less a file's name; "" for a
// relative path, the root itself, or a path with "..".
func configValueFolder(v string) string {
	if !absPathRe.MatchString(v) || strings.ContainsAny(v, " \t\n") {
		return ""
	}
	parts := strings.Split(strings.TrimPrefix(v, "/"), "/")
	var plain []string
	for i, p := range parts {
		if templateRe.MatchString(p) {
			break
		}
		if p == ".." {
			return ""
		}
		if i == len(parts)-1 && fileName(p) {
			break // a file: its folder is the place
		}
		if p != "" && p != "." {
			plain = append(plain, p)
		}
	}
	if len(plain) == 0 {
		return ""
	}
	return "/" + path.Join(plain...)
}
