package detect

// compilerOmitted are the packages requirement compilers leave out of the
// files they write unless told otherwise. A hashed file then lacks them even
// where a listed package requires one, and pip in hash-checking mode refuses
// the whole install for that one unpinned dependency.
var compilerOmitted = []struct{ Name, Source string }{
	// pip-tools' default unsafe set is distribute, pip and setuptools
	// (pip-compile --help, --unsafe-package). distribute merged back into
	// setuptools in 2013, and applications do not require pip at run time,
	// so only setuptools is missed in practice.
	{"setuptools", "pip-compile without --allow-unsafe; uv pip compile --no-emit-package setuptools, which projects pass to match pip-compile (mozilla/pontoon, docker/compile_requirements.sh)"},
}

// hashOmits names the compiler-omitted packages a hashed requirement set
// does not list: the ones pip may be asked for with no pin or hash.
func hashOmits(deps []Dependency) []string {
	listed := make(map[string]bool, len(deps))
	for _, d := range deps {
		listed[d.Name] = true
	}
	var out []string
	for _, o := range compilerOmitted {
		if !listed[o.Name] {
			out = append(out, o.Name)
		}
	}
	return out
}
