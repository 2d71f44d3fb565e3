package detect

// Which server a program starts, when the code it imports holds several:
// the one nearest its entry in import order. A bot platform's own web UI
// (its controller's app.run_task) is imported by the program's core; the
// platform adapters' wrappers around the same call sit deeper, each
// serving only when its platform is configured. Their ports are not the
// program's either.

import "io/fs"

// entryServing is the server the entry's program starts: servingIn over
// the files it imports at module level, with the serving files other than
// the nearest one left out; nil when none serves.
func entryServing(fsys fs.FS, roots []string, entry string) *Serving {
	return nearestServing(fsys, roots, importClosure(fsys, roots, []string{entry}, map[string]bool{}))
}

// entryCodeServing is entryServing over every file the entry's code
// imports, inside functions too (a main that imports its core when it
// runs).
func entryCodeServing(fsys fs.FS, roots []string, entry string) *Serving {
	return nearestServing(fsys, roots, codeClosure(fsys, roots, entry))
}

// nearestServing is servingIn over files (in import order) without the
// serving files after the first.
func nearestServing(fsys fs.FS, roots []string, order []string) *Serving {
	keep := make(map[string]bool, len(order))
	for _, f := range order {
		keep[f] = true
	}
	nearest := ""
	for _, f := range order {
		if !fileServes(fsys, f) {
			continue
		}
		if nearest == "" {
			nearest = f
			continue
		}
		delete(keep, f)
	}
	return servingIn(fsys, roots, keep)
}

// codeClosure is importClosure following the imports inside functions
// too, breadth first: the modules the program's code can run.
func codeClosure(fsys fs.FS, roots []string, entry string) []string {
	var out []string
	seen := map[string]bool{}
	queue := []string{entry}
	for len(queue) > 0 && len(seen) < maxStartFiles {
		fl := queue[0]
		queue = queue[1:]
		if seen[fl] {
			continue
		}
		seen[fl] = true
		out = append(out, fl)
		data, err := readPySource(fsys, fl)
		if err != nil {
			continue
		}
		for _, im := range pyImports(pyLines(data)) {
			for _, t := range [2]string(importPair(importTargets(fsys, roots, fl, im))) {
				if t != "" {
					queue = append(queue, t)
				}
			}
		}
	}
	return out
}

// fileServes reports whether a file's code starts a server (serveSignals).
func fileServes(fsys fs.FS, file string) bool {
	data, err := readPySource(fsys, file)
	if err != nil {
		return false
	}
	for _, l := range pyLines(data) {
		for _, s := range serveSignals {
			if s.re.MatchString(l.text) && (s.imports == "" || importsModule(data, s.imports)) {
				return true
			}
		}
	}
	return false
}
