package detect

// A project that lists its dependencies nowhere pydock looks (no
// requirements file at the root, no [project], no setup) may keep them
// beside the authors' own Dockerfile (docker/main/requirements.txt): what
// their image installs is what the app needs, not "the standard library".

import (
	"fmt"
	"io/fs"
	"path"
	"slices"
	"strings"
)

// authorsEntryCandidate is a requirements file the authors' image
// installs, with how many of the packages the code imports it lists.
type authorsEntryCandidate struct {
	containerReqInstall
	covers []string
}

// authorsEntryRequirements is the requirements file the authors'
// container files install that lists most of the packages the project's
// code imports, with the note saying why; "" when they install none.
// Development files and files installed only under a shell `if` (a build
// argument's variant) are not the image's; of the others, a file a stage
// uses for its own tools (scikit-build) lists fewer of the imports.
func authorsEntryRequirements(fsys fs.FS) (string, string) {
	var cands []authorsEntryCandidate
	for _, af := range readAuthorsFiles(fsys, authorsDockerfiles(fsys)) {
		for _, in := range containerReqInstalls(fsys, af) {
			if in.cond || devRequirementName(path.Base(in.file)) || slices.ContainsFunc(cands, func(c authorsEntryCandidate) bool { return c.file == in.file }) {
				continue
			}
			if req, err := readRequirements(fsys, in.file); err != nil || len(req.Deps) == 0 || req.SelfInstall {
				continue
			}
			cands = append(cands, authorsEntryCandidate{containerReqInstall: in})
		}
	}
	if len(cands) == 0 {
		return "", ""
	}
	imports := projectImportDists(fsys)
	for i, c := range cands {
		req, _ := readRequirements(fsys, c.file)
		for _, d := range req.Deps {
			if imports[d.Name] && !slices.Contains(cands[i].covers, d.Name) {
				cands[i].covers = append(cands[i].covers, d.Name)
			}
		}
		slices.Sort(cands[i].covers)
	}
	// The most imports listed wins; a tie keeps the container files' order
	// (the root's Dockerfile first).
	slices.SortStableFunc(cands, func(a, b authorsEntryCandidate) int { return len(b.covers) - len(a.covers) })
	pick := cands[0]
	note := fmt.Sprintf("%s: no requirements file at the root; the authors' %s installs it (%s)", pick.file, pick.via, pick.flag)
	if len(cands) > 1 {
		shown := pick.covers
		if len(shown) > 8 {
			shown = append(slices.Clip(shown[:8]), "…")
		}
		note += fmt.Sprintf(", and it lists %d of the packages the code imports (%s): the image installs it", len(pick.covers), strings.Join(shown, ", "))
		var others []string
		for _, c := range cands[1:] {
			others = append(others, fmt.Sprintf("%s (%s, %d)", c.file, c.via, len(c.covers)))
		}
		note += "; the other files their container files install list fewer: " + strings.Join(others, ", ")
	} else {
		note += ": the image installs it"
	}
	return pick.file, note
}

// projectImportDists are the distributions the project's own code imports
// (its own modules and relative imports aside), tests left out.
func projectImportDists(fsys fs.FS) map[string]bool {
	out := map[string]bool{}
	own := func(top string) bool {
		return isDir(fsys, top) || isRegularFile(fsys, top+".py")
	}
	_ = walkPython(fsys, nil, func(file, module string, data []byte) {
		for _, im := range pyImports(pyLines(data)) {
			name := im.module
			if im.from != "" {
				name = im.from
			}
			top, _, _ := strings.Cut(name, ".")
			if top == "" || own(top) {
				continue
			}
			out[importDist(top)] = true
		}
	})
	return out
}

// hasRootPackage reports a package folder at the root (an __init__.py or
// __main__.py in it): code to run even with no Python file beside it.
func hasRootPackage(fsys fs.FS) bool {
	entries, _ := fs.ReadDir(fsys, ".")
	for _, e := range entries {
		if e.IsDir() && !pySkipDirs[e.Name()] && (isRegularFile(fsys, path.Join(e.Name(), "__init__.py")) || isRegularFile(fsys, path.Join(e.Name(), "__main__.py"))) {
			return true
		}
	}
	return false
}
