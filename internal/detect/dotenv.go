package detect

import (
	"bufio"
	"bytes"
	"io/fs"
	"path"
	"regexp"
	"sort"
	"strings"
)

// DotenvLoad is a committed dotenv file the app's settings load at import
// (load_dotenv, dotenv_values, environ.Env.read_env, pydantic's env_file).
// The .dockerignore keeps it out of the image, since it holds secrets, so
// the container needs its keys from the environment instead.
type DotenvLoad struct {
	File   string `json:"file"`   // dotenvs/.env
	Source Source `json:"source"` // the code that loads it
	// Keys are the names the file sets and the settings fields that have
	// no default: never the values.
	Keys []string `json:"keys,omitempty"`
	// Values are the committed values that are plain numbers or booleans,
	// by key: never other text, which may be a secret. A typed setting
	// read with no default gets the authors' own number in .env.example.
	Values map[string]string `json:"values,omitempty"`
}

// dotenvLoaderRe finds a call or argument that loads a dotenv file.
var dotenvLoaderRe = regexp.MustCompile(`\b(?:load_dotenv|dotenv_values|read_env|find_dotenv)\s*\(|\benv_file\s*=`)

// dotenvKeyRe reads a KEY= line of a dotenv file (optionally "export").
var dotenvKeyRe = regexp.MustCompile(`^\s*(?:export\s+)?([A-Za-z_][A-Za-z0-9_]*)\s*=`)

// settingsFieldRe is an annotated class attribute with no default.
var settingsFieldRe = regexp.MustCompile(`^([A-Za-z_][A-Za-z0-9_]*)\s*:\s*[^=]+$`)

// maxDotenvFiles bounds the search for committed dotenv files.
const maxDotenvFiles = 50

// findDotenvLoads matches the committed dotenv files against the Python
// files that load one: a file counts when the loading module spells its
// path, or its name and its folder's name, as string literals.
func findDotenvLoads(fsys fs.FS, f *Facts) {
	envFiles := committedDotenvs(fsys)
	if len(envFiles) == 0 {
		return
	}
	found := map[string]bool{}
	_ = walkPython(fsys, f.ImportRoots, func(file, _ string, data []byte) {
		if !dotenvLoaderRe.Match(data) {
			return
		}
		lines := pyLines(data)
		at := 0
		lits := map[string]bool{}
		for _, l := range lines {
			if at == 0 && dotenvLoaderRe.MatchString(l.text) {
				at = l.line
			}
			for _, lit := range pyLiterals(l.text) {
				lits[path.Clean(strings.TrimPrefix(lit, "./"))] = true
			}
		}
		if at == 0 {
			return
		}
		required := settingsRequired(lines)
		for _, env := range envFiles {
			dir, base := path.Split(env)
			dir = strings.TrimSuffix(dir, "/")
			if found[env] || !(lits[env] || lits[base] && (dir == "" || lits[path.Base(dir)] || dir == path.Dir(file))) {
				continue
			}
			found[env] = true
			load := DotenvLoad{File: env, Source: Source{File: file, Line: at}}
			keys := map[string]bool{}
			fileKeys, values := dotenvKeys(fsys, env)
			load.Values = values
			for _, k := range append(fileKeys, required...) {
				if !keys[k] {
					keys[k] = true
					load.Keys = append(load.Keys, k)
				}
			}
			f.Dotenv = append(f.Dotenv, load)
		}
	})
}

// committedDotenvs lists the project's dotenv files (.env, .env.prod,
// prod.env), not the templates (.env.example, .env.sample…).
func committedDotenvs(fsys fs.FS) []string {
	var out []string
	_ = fs.WalkDir(fsys, ".", func(p string, d fs.DirEntry, err error) error {
		if err != nil {
			return nil
		}
		name := d.Name()
		if d.IsDir() {
			if p != "." && (pySkipDirs[name] || name == ".git" || name == "node_modules") {
				return fs.SkipDir
			}
			return nil
		}
		if !d.Type().IsRegular() {
			return nil
		}
		if name == ".env" || strings.HasPrefix(name, ".env.") || strings.HasSuffix(name, ".env") {
			for _, t := range []string{"example", "sample", "template", "dist", "tmpl", "tpl"} {
				if strings.Contains(strings.ToLower(name), t) {
					return nil
				}
			}
			out = append(out, p)
			if len(out) >= maxDotenvFiles {
				return fs.SkipAll
			}
		}
		return nil
	})
	sort.Strings(out)
	return out
}

// plainValueRe is a dotenv value that is a number or a boolean, quoted or not.
var plainValueRe = regexp.MustCompile(`^["']?(-?[0-9]{1,18}(?:\.[0-9]{1,18})?|true|false|True|False)["']?\s*$`)

// dotenvKeys reads the names a dotenv file sets and, of the values, only
// those that are plain numbers or booleans.
func dotenvKeys(fsys fs.FS, name string) ([]string, map[string]string) {
	data, err := readBounded(fsys, name, maxManifestSize, "dotenv files")
	if err != nil {
		return nil, nil
	}
	var keys []string
	var values map[string]string
	sc := bufio.NewScanner(bytes.NewReader(data))
	for sc.Scan() {
		m := dotenvKeyRe.FindStringSubmatchIndex(sc.Text())
		if m == nil {
			continue
		}
		line := sc.Text()
		keys = append(keys, line[m[2]:m[3]])
		if v := plainValueRe.FindStringSubmatch(line[m[1]:]); v != nil {
			if values == nil {
				values = map[string]string{}
			}
			values[line[m[2]:m[3]]] = v[1]
		}
	}
	return keys, values
}

// settingsRequired lists, upper-cased as pydantic-settings reads them
// from the environment, the fields of BaseSettings classes with no default.
func settingsRequired(lines []pyLine) []string {
	var out []string
	for i, l := range lines {
		if !strings.HasPrefix(l.text, "class ") || !strings.Contains(l.text, "BaseSettings") {
			continue
		}
		body := -1
		for _, b := range lines[i+1:] {
			if b.indent <= l.indent {
				break
			}
			if body < 0 {
				body = b.indent
			}
			if b.indent != body {
				continue
			}
			if m := settingsFieldRe.FindStringSubmatch(b.text); m != nil && m[1] != "model_config" && !strings.Contains(b.text, "ClassVar") {
				out = append(out, strings.ToUpper(m[1]))
			}
		}
	}
	return out
}

// pyLiterals returns the plain string literals of a logical line: not
// f-strings or byte strings, whose text is not a path as written.
func pyLiterals(text string) []string {
	var out []string
	for i := 0; i < len(text); {
		c := text[i]
		if c != '"' && c != '\'' {
			i++
			continue
		}
		j := i
		for j > 0 && isIdentByte(text[j-1]) {
			j--
		}
		prefix := strings.ToLower(text[j:i])
		lit, n, ok := pyStringLiteral(text[i:])
		if ok && !strings.ContainsAny(prefix, "fb") && len(prefix) <= 2 {
			out = append(out, lit)
		}
		i += n
	}
	return out
}
