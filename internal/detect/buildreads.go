package detect

import (
	"io/fs"
	"path"
	"sort"
	"strings"

	"github.com/pelletier/go-toml/v2"
)

// readBuildReads finds the files the project's build configuration reads
// from the context besides the manifests: paths setup.py spells as string
// literals (open("README.md"), os.path.join(here, "docs", "spec.yaml")),
// setup.cfg's file: directives, [tool.setuptools.dynamic] files and hatch's
// force-include sources. Only files that exist count, so a literal that is
// not a path is no evidence. The .dockerignore must not leave them out (DI004).
func readBuildReads(fsys fs.FS, f *Facts) {
	var cands []string
	if data, err := readBounded(fsys, "setup.py", maxManifestSize, "manifests"); err == nil {
		cands = append(cands, setupPyPaths(data)...)
	}
	cands = append(cands, declaredReads(fsys)...)
	cands = append(cands, setuptoolsData(fsys, f.layout)...)
	if data, err := readBounded(fsys, "pyproject.toml", maxManifestSize, "manifests"); err == nil {
		var raw map[string]any
		if toml.Unmarshal(data, &raw) == nil {
			cands = append(cands, hatchForced(raw)...)
		}
	}
	seen := map[string]bool{}
	for _, b := range f.BuildFiles {
		seen[b] = true
	}
	add := func(c string, dirs bool) {
		c = path.Clean(strings.TrimPrefix(c, "./"))
		if c == "." || seen[c] || strings.HasPrefix(c, "../") || path.IsAbs(c) {
			return
		}
		if st, err := fs.Stat(fsys, c); err != nil || !(st.Mode().IsRegular() || dirs && st.IsDir()) {
			return
		}
		seen[c] = true
		f.ContextFiles = append(f.ContextFiles, c)
	}
	for _, c := range cands {
		add(c, false)
	}
	for _, c := range manifestInPaths(fsys) {
		add(c, true)
	}
	sort.Strings(f.ContextFiles)
}

// manifestInPaths are the files and folders MANIFEST.in puts in the sdist
// setuptools builds the wheel from (include, graft, recursive-include):
// missing from the context, they are missing from the wheel.
func manifestInPaths(fsys fs.FS) []string {
	data, err := readBounded(fsys, "MANIFEST.in", maxManifestSize, "manifests")
	if err != nil {
		return nil
	}
	var out []string
	for line := range strings.Lines(string(data)) {
		words := strings.Fields(line)
		if len(words) < 2 {
			continue
		}
		switch words[0] {
		case "include", "graft":
			for _, w := range words[1:] {
				if !strings.ContainsAny(w, "*?[") {
					out = append(out, w)
				}
			}
		case "recursive-include":
			if !strings.ContainsAny(words[1], "*?[") {
				out = append(out, words[1])
			}
		}
	}
	return out
}

// declaredReads are the files setuptools' declarative configuration reads
// at build time: setup.cfg's file: directives and [tool.setuptools.dynamic]
// {file = …}, whether or not they exist.
func declaredReads(fsys fs.FS) []string {
	var out []string
	if data, err := readBounded(fsys, "setup.cfg", maxManifestSize, "manifests"); err == nil {
		for _, sec := range parseINI(data) {
			for _, v := range sec {
				for _, l := range iniLines(v.Value) {
					if rest, ok := strings.CutPrefix(l, "file:"); ok {
						for _, p := range strings.Split(rest, ",") {
							out = append(out, strings.TrimSpace(p))
						}
					}
				}
			}
		}
	}
	if data, err := readBounded(fsys, "pyproject.toml", maxManifestSize, "manifests"); err == nil {
		var raw map[string]any
		if toml.Unmarshal(data, &raw) == nil {
			out = append(out, setuptoolsDynamicFiles(raw)...)
		}
	}
	return out
}

// setuptoolsDynamicFiles are the files [tool.setuptools.dynamic] names.
func setuptoolsDynamicFiles(raw map[string]any) []string {
	var out []string
	tool := table(raw, "tool")
	for _, v := range table(table(tool, "setuptools"), "dynamic") {
		t, _ := v.(map[string]any)
		switch files := t["file"].(type) {
		case string:
			out = append(out, files)
		case []any:
			for _, e := range files {
				if s, ok := e.(string); ok {
					out = append(out, s)
				}
			}
		}
	}
	return out
}

// hatchForced are the sources hatch's force-include tables name.
func hatchForced(raw map[string]any) []string {
	var out []string
	build := table(table(table(raw, "tool"), "hatch"), "build")
	forced := []map[string]any{table(build, "force-include")}
	for _, target := range table(build, "targets") {
		if t, ok := target.(map[string]any); ok {
			forced = append(forced, table(t, "force-include"))
		}
	}
	for _, fi := range forced {
		out = append(out, sortedKeys(fi)...)
	}
	return out
}

// setupPyPaths returns setup.py's string literals as paths, and each run
// of literal call arguments separated only by commas joined with "/", so
// that os.path.join(here, "docs", "api-spec.yaml") gives docs/api-spec.yaml
// (a list's items, ["docs", "tests"], are not joined), and so is a run of
// literals joined by pathlib's / (here / "docs" / "api-spec.yaml").
// f-strings and byte strings are skipped; comments are not code.
func setupPyPaths(src []byte) []string {
	var out, run []string
	var open []byte // the brackets the scan is inside
	slash := false  // the run is joined by pathlib's / operator
	flush := func() {
		if len(run) > 1 && (slash || len(open) > 0 && open[len(open)-1] == '(') {
			out = append(out, strings.Join(run, "/"))
		}
		run, slash = nil, false
	}
	s := string(src)
	for i := 0; i < len(s); {
		c := s[i]
		switch {
		case c == '#':
			for i < len(s) && s[i] != '\n' {
				i++
			}
		case c == '"' || c == '\'':
			lit, n, ok := pyStringLiteral(s[i:])
			i += n
			if !ok {
				flush()
				continue
			}
			out = append(out, lit)
			run = append(run, lit)
			// The run goes on only across a comma, or pathlib's /, to the
			// next literal.
			j := skipSpace(s, i)
			if j < len(s) && (s[j] == ',' || s[j] == '/') {
				k := skipSpace(s, j+1)
				if k < len(s) && (s[k] == '"' || s[k] == '\'') {
					slash = slash || s[j] == '/'
					i = k
					continue
				}
			}
			flush()
		case isIdentByte(c):
			// A prefixed literal: r"…" is a path like any other; f"…"
			// and b"…" are not literal paths.
			j := i
			for j < len(s) && isIdentByte(s[j]) {
				j++
			}
			if j < len(s) && (s[j] == '"' || s[j] == '\'') && j-i <= 2 {
				prefix := strings.ToLower(s[i:j])
				if prefix == "r" || prefix == "u" {
					i = j
					continue
				}
				_, n, _ := pyStringLiteral(s[j:])
				i = j + n
				flush()
				continue
			}
			i = j
			flush()
		default:
			switch c {
			case '(', '[', '{':
				open = append(open, c)
			case ')', ']', '}':
				flush()
				if len(open) > 0 {
					open = open[:len(open)-1]
				}
			}
			i++
			if c != ' ' && c != '\t' && c != '\n' && c != '\r' {
				flush()
			}
		}
	}
	flush()
	return out
}

func isIdentByte(c byte) bool {
	return c == '_' || c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9'
}

func skipSpace(s string, i int) int {
	for i < len(s) && (s[i] == ' ' || s[i] == '\t' || s[i] == '\n' || s[i] == '\r' || s[i] == '\\') {
		i++
	}
	return i
}

// pyStringLiteral reads the quoted string at the start of s (single or
// triple quotes), returning its text, the bytes consumed and whether it is
// a plain one-line literal usable as a path (no escapes, no newline).
func pyStringLiteral(s string) (string, int, bool) {
	q := s[:1]
	if strings.HasPrefix(s, q+q+q) {
		end := strings.Index(s[3:], q+q+q)
		if end < 0 {
			return "", len(s), false
		}
		return "", 3 + end + 3, false
	}
	for i := 1; i < len(s); i++ {
		switch s[i] {
		case '\\':
			i++
		case '\n':
			return "", i, false
		case q[0]:
			body := s[1:i]
			return body, i + 1, !strings.Contains(body, "\\") && body != ""
		}
	}
	return "", len(s), false
}

// setuptoolsData are the files setuptools installs from its configuration:
// data files (project paths) and package data (paths in a package's
// folder), from setup.cfg's [options.data_files] and [options.package_data]
// or [tool.setuptools] data-files and package-data. Globs are left to the
// build: only literal paths can be kept by name.
func setuptoolsData(fsys fs.FS, l *layout) []string {
	if l == nil || l.Backend != "setuptools" {
		return nil
	}
	dataFiles := map[string][]string{}
	packageData := map[string][]string{}
	if data, err := readBounded(fsys, "setup.cfg", maxManifestSize, "manifests"); err == nil {
		ini := parseINI(data)
		for k, v := range ini["options.data_files"] {
			dataFiles[k] = splitList(v.Value)
		}
		for k, v := range ini["options.package_data"] {
			packageData[k] = splitList(v.Value)
		}
	}
	if data, err := readBounded(fsys, "pyproject.toml", maxManifestSize, "manifests"); err == nil {
		var raw map[string]any
		if toml.Unmarshal(data, &raw) == nil {
			st := table(table(raw, "tool"), "setuptools")
			for k, v := range table(st, "data-files") {
				dataFiles[k] = append(dataFiles[k], stringList(v)...)
			}
			for k, v := range table(st, "package-data") {
				packageData[k] = append(packageData[k], stringList(v)...)
			}
		}
	}
	var out []string
	for _, k := range sortedKeys(dataFiles) {
		out = append(out, dataFiles[k]...)
	}
	for _, pkg := range sortedKeys(packageData) {
		if pkg == "" || pkg == "*" || strings.Contains(pkg, ".") {
			continue // every package, or a subpackage: no one folder
		}
		dir := path.Join(l.Base, pkg)
		for _, p := range l.Packages {
			if path.Base(p) == pkg {
				dir = p
			}
		}
		for _, f := range packageData[pkg] {
			out = append(out, path.Join(dir, f))
		}
	}
	var lit []string
	for _, p := range out {
		if !strings.ContainsAny(p, "*?[") {
			lit = append(lit, p)
		}
	}
	return lit
}

// splitList splits a setup.cfg list value: one item per line or comma.
func splitList(v string) []string {
	return iniLines(strings.ReplaceAll(v, ",", "\n"))
}
