package detect

import (
	"bufio"
	"bytes"
	"io/fs"
	"regexp"
	"strings"

	"github.com/pelletier/go-toml/v2"
)

// Kinds of Python declaration. Plan parses each with the dialect its tool
// uses: pins (pyenv, uv, mise, asdf, Pipenv, buildpacks), PEP 440
// specifiers, or Poetry constraints.
const (
	KindPythonVersion  = "python-version"  // .python-version (pyenv, uv)
	KindRuntimeTxt     = "runtime.txt"     // Heroku and other buildpacks
	KindMise           = "mise"            // mise.toml / .mise.toml [tools] python
	KindToolVersions   = "tool-versions"   // .tool-versions (asdf, mise)
	KindPipfile        = "pipfile"         // Pipfile [requires]
	KindRequiresPython = "requires-python" // [project].requires-python, uv.lock, pdm.lock
	KindPythonRequires = "python_requires" // setup.py / setup.cfg
	KindPoetry         = "poetry"          // [tool.poetry.dependencies].python
	KindWheelURL       = "wheel-url"       // a requirement's wheel URL, built for one CPython (PEP 440)
)

// IsPinKind reports whether a declaration of this kind is a version pin
// ("3.12", "3.12.4", "latest") rather than a specifier set.
func IsPinKind(kind string) bool {
	switch kind {
	case KindPythonVersion, KindRuntimeTxt, KindMise, KindToolVersions, KindPipfile:
		return true
	}
	return false
}

// maxDeclSize bounds the small files that declare a Python version.
const maxDeclSize = 256 << 10

// readPythonConstraints gathers every place the project states its Python,
// in the precedence order plan applies: the version files first, then the
// specifier sets. Resolving them is plan's job; detection only reports
// what is written and where.
func readPythonConstraints(fsys fs.FS, f *Facts, py *pyproject, exists func(string) bool) error {
	read := func(name string) ([]byte, error) {
		if !exists(name) {
			return nil, nil
		}
		return readBounded(fsys, name, maxDeclSize, "Python version files")
	}
	add := func(spec, kind, file string, line int) {
		if spec = strings.TrimSpace(spec); spec != "" {
			f.Python = append(f.Python, PythonConstraint{Spec: spec, Kind: kind, Source: Source{File: file, Line: line}})
		}
	}
	for _, x := range []struct{ file, kind string }{{".python-version", KindPythonVersion}, {"runtime.txt", KindRuntimeTxt}} {
		data, err := read(x.file)
		if err != nil {
			return err
		}
		spec, line := firstLine(data)
		add(spec, x.kind, x.file, line)
	}
	for _, name := range []string{"mise.toml", ".mise.toml"} {
		data, err := read(name)
		if err != nil {
			return err
		}
		if data != nil {
			spec, line, err := miseVersion(name, data)
			if err != nil {
				return err
			}
			add(spec, KindMise, name, line)
		}
	}
	data, err := read(".tool-versions")
	if err != nil {
		return err
	}
	spec, line := toolVersion(data)
	add(spec, KindToolVersions, ".tool-versions", line)

	if data, err = read("Pipfile"); err != nil {
		return err
	} else if data != nil {
		var pf struct {
			Requires struct {
				Version     string `toml:"python_version"`
				FullVersion string `toml:"python_full_version"`
			} `toml:"requires"`
		}
		if err := toml.Unmarshal(data, &pf); err != nil {
			return tomlError("Pipfile", data, err)
		}
		if v := pf.Requires.FullVersion; v != "" {
			add(v, KindPipfile, "Pipfile", lineOf(data, `(?m)^\s*python_full_version\s*=`))
		} else {
			add(pf.Requires.Version, KindPipfile, "Pipfile", lineOf(data, `(?m)^\s*python_version\s*=`))
		}
	}

	if py != nil {
		raw, err := read("pyproject.toml")
		if err != nil {
			return err
		}
		if py.Project != nil {
			add(py.Project.RequiresPython, KindRequiresPython, "pyproject.toml", lineOf(raw, `(?m)^\s*requires-python\s*=`))
		}
		add(py.poetryPythonSpec(), KindPoetry, "pyproject.toml", lineAfter(raw, "[tool.poetry.dependencies]", `(?m)^\s*python\s*=`))
	}
	if data, err = read("setup.cfg"); err != nil {
		return err
	}
	spec, line = setupCfgRequires(data)
	add(spec, KindPythonRequires, "setup.cfg", line)
	if data, err = read("setup.py"); err != nil {
		return err
	}
	spec, line = setupPyRequires(data)
	add(spec, KindPythonRequires, "setup.py", line)

	if f.Manager == ManagerPip {
		wheelURLPythons(fsys, f.RequirementsFiles, add)
	}
	add(f.lockPython, KindRequiresPython, "uv.lock", 0)
	if data, err = read("pdm.lock"); err != nil {
		return err
	} else if data != nil {
		var pl struct {
			Metadata struct {
				RequiresPython string `toml:"requires_python"`
			} `toml:"metadata"`
		}
		if err := toml.Unmarshal(data, &pl); err != nil {
			return tomlError("pdm.lock", data, err)
		}
		add(pl.Metadata.RequiresPython, KindRequiresPython, "pdm.lock", lineOf(data, `(?m)^requires_python\s*=`))
	}
	return nil
}

// firstLine returns the first non-blank, non-comment line and its number.
func firstLine(data []byte) (string, int) {
	sc := bufio.NewScanner(bytes.NewReader(data))
	n := 0
	for sc.Scan() {
		n++
		l := strings.TrimSpace(sc.Text())
		if l != "" && !strings.HasPrefix(l, "#") {
			return l, n
		}
	}
	return "", 0
}

// lineOf is the 1-based line of the first match of pattern, 0 if none.
func lineOf(data []byte, pattern string) int {
	loc := regexp.MustCompile(pattern).FindIndex(data)
	if loc == nil {
		return 0
	}
	return bytes.Count(data[:loc[0]], []byte{'\n'}) + 1
}

// lineAfter is lineOf within the table that starts at header.
func lineAfter(data []byte, header, pattern string) int {
	i := bytes.Index(data, []byte(header))
	if i < 0 {
		return 0
	}
	n := lineOf(data[i:], pattern)
	if n == 0 {
		return 0
	}
	return bytes.Count(data[:i], []byte{'\n'}) + n
}

// miseVersion reads [tools] python from mise.toml: a string, a list (the
// first is the default) or a table with a version key.
func miseVersion(name string, data []byte) (string, int, error) {
	var m struct {
		Tools map[string]any `toml:"tools"`
	}
	if err := toml.Unmarshal(data, &m); err != nil {
		return "", 0, tomlError(name, data, err)
	}
	v := m.Tools["python"]
	if list, ok := v.([]any); ok && len(list) > 0 {
		v = list[0]
	}
	if t, ok := v.(map[string]any); ok {
		v = t["version"]
	}
	s, _ := v.(string)
	return s, lineOf(data, `(?m)^\s*"?python"?\s*=`), nil
}

// toolVersion reads the python line of .tool-versions: the first version
// listed is the one asdf and mise use.
func toolVersion(data []byte) (string, int) {
	n := 0
	for line := range strings.Lines(string(data)) {
		n++
		line, _, _ = strings.Cut(line, "#")
		fields := strings.Fields(line)
		if len(fields) >= 2 && fields[0] == "python" {
			return fields[1], n
		}
	}
	return "", 0
}

// setupCfgRequires reads [options] python_requires from setup.cfg, with
// the value continued on indented lines as configparser reads it.
func setupCfgRequires(data []byte) (string, int) {
	section := ""
	n, at := 0, 0
	var value []string
	for line := range strings.Lines(string(data)) {
		n++
		t := strings.TrimSpace(line)
		if at > 0 {
			if t != "" && line[0] != ' ' && line[0] != '\t' {
				break // the next key or section ends the value
			}
			if t != "" && !strings.HasPrefix(t, "#") && !strings.HasPrefix(t, ";") {
				value = append(value, t)
			}
			continue
		}
		if strings.HasPrefix(t, "[") && strings.HasSuffix(t, "]") {
			section = strings.TrimSpace(t[1 : len(t)-1])
			continue
		}
		if section != "options" {
			continue
		}
		k, v, ok := strings.Cut(t, "=")
		if !ok {
			k, v, ok = strings.Cut(t, ":")
		}
		if ok && strings.TrimSpace(k) == "python_requires" {
			at = n
			if v = strings.TrimSpace(v); v != "" {
				value = append(value, v)
			}
		}
	}
	if at == 0 {
		return "", 0
	}
	return strings.Join(value, ","), at
}

// setupPyArg matches python_requires="…" given as a string literal; a
// value computed at run time is not evidence pydock can read (setup.py is
// never executed).
var setupPyArg = regexp.MustCompile(`\bpython_requires\s*=\s*(?:'([^'\n]*)'|"([^"\n]*)")`)

func setupPyRequires(data []byte) (string, int) {
	for _, m := range setupPyArg.FindAllSubmatchIndex(data, -1) {
		start := bytes.LastIndexByte(data[:m[0]], '\n') + 1
		if bytes.IndexByte(data[start:m[0]], '#') >= 0 {
			continue // commented out
		}
		line := bytes.Count(data[:m[0]], []byte{'\n'}) + 1
		if m[2] >= 0 {
			return string(data[m[2]:m[3]]), line
		}
		return string(data[m[4]:m[5]]), line
	}
	return "", 0
}
