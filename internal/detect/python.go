package detect

import (
	"bufio"
	"bytes"
	"io/fs"
	"strings"
)

// readPythonConstraints gathers every place the project states its Python,
// in the precedence order plan applies: .python-version, runtime.txt,
// [project].requires-python, uv.lock, [tool.poetry.dependencies].python.
// Resolving them is plan's job; detection only reports what is written.
func readPythonConstraints(fsys fs.FS, f *Facts, py *pyproject, exists func(string) bool) error {
	for _, name := range []string{".python-version", "runtime.txt"} {
		if !exists(name) {
			continue
		}
		data, err := readBounded(fsys, name, 64<<10, "version files")
		if err != nil {
			return err
		}
		if spec, line := firstLine(data); spec != "" {
			kind := "python-version"
			if name == "runtime.txt" {
				kind = "runtime.txt"
			}
			f.Python = append(f.Python, PythonConstraint{Spec: spec, Kind: kind, Source: Source{File: name, Line: line}})
		}
	}
	if py != nil && py.Project != nil && py.Project.RequiresPython != "" {
		f.Python = append(f.Python, PythonConstraint{Spec: py.Project.RequiresPython, Kind: "requires-python", Source: Source{File: "pyproject.toml"}})
	}
	if f.lockPython != "" {
		f.Python = append(f.Python, PythonConstraint{Spec: f.lockPython, Kind: "requires-python", Source: Source{File: "uv.lock"}})
	}
	if py != nil {
		if s := py.poetryPythonSpec(); s != "" {
			f.Python = append(f.Python, PythonConstraint{Spec: s, Kind: "poetry", Source: Source{File: "pyproject.toml"}})
		}
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
