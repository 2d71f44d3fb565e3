package detect

// A second requirements file the authors' image installs beside the main
// one (pip install -r requirements.txt -r requirements-app.txt): when the
// start imports a package only it lists, the image needs it as much as
// the main file.

import (
	"fmt"
	"io/fs"
	"path"
	"slices"
	"strings"
)

// authorsReqFile is a requirements file an authors' container file
// installs, with where.
type authorsReqFile struct {
	file string
	via  Source
}

// chooseAuthorsRequirementFiles adds to the install the requirements files
// that every authors' container file installing the main file installs
// too, when the start imports a package one of them lists and the main
// file does not. Files only some of those images install (a cpu and a gpu
// variant) are alternatives: detect names them and chooses none.
func chooseAuthorsRequirementFiles(fsys fs.FS, f *Facts) {
	if f.Manager != ManagerPip || f.RequirementsFile == "" || f.Hashes || f.ExportOf != "" || len(f.SelfLines) > 0 || f.workspace != nil || f.start == nil {
		return
	}
	var common []authorsReqFile // installed by every image that installs the main file
	var some []authorsReqFile   // installed by some of them only
	images := 0
	for _, af := range readAuthorsFiles(fsys, authorsDockerfiles(fsys)) {
		files := authorsReqFlags(fsys, af)
		if !slices.ContainsFunc(files, func(r authorsReqFile) bool { return slices.Contains(f.RequirementsFiles, r.file) }) {
			continue
		}
		files = slices.DeleteFunc(files, func(r authorsReqFile) bool {
			return slices.Contains(f.RequirementsFiles, r.file) || devRequirementName(path.Base(r.file))
		})
		if images++; images == 1 {
			common = files
			continue
		}
		var kept []authorsReqFile
		for _, c := range common {
			if slices.ContainsFunc(files, func(r authorsReqFile) bool { return r.file == c.file }) {
				kept = append(kept, c)
			} else {
				some = append(some, c)
			}
		}
		for _, r := range files {
			if !slices.ContainsFunc(common, func(c authorsReqFile) bool { return c.file == r.file }) {
				some = append(some, r)
			}
		}
		common = kept
	}
	main := map[string]bool{}
	for _, d := range f.Dependencies {
		main[d.Name] = true
	}
	// needs is the first module-level import of the start that the file
	// lists and the main file does not.
	needs := func(req *requirements) (foreignImport, bool) {
		for _, im := range f.start.foreign {
			dist := importDist(im.top)
			if !main[dist] && slices.ContainsFunc(req.Deps, func(d Dependency) bool { return d.Name == dist }) {
				return im, true
			}
		}
		return foreignImport{}, false
	}
	for _, c := range common {
		req, err := readRequirements(fsys, c.file)
		if err != nil || req.Hashes || req.SelfInstall || req.ExportOf != "" {
			continue
		}
		im, ok := needs(req)
		if !ok {
			continue
		}
		f.Notes = append(f.Notes, fmt.Sprintf("%s: the authors' %s installs it with %s, and the start imports %s (%s), which only it lists: the image installs it too", c.file, c.via, f.RequirementsFile, im.shown, im.src))
		f.AlsoRequirements = append(f.AlsoRequirements, c.file)
		for _, file := range req.Files {
			if !slices.Contains(f.RequirementsFiles, file) {
				f.RequirementsFiles = append(f.RequirementsFiles, file)
			}
		}
		for _, d := range req.Deps {
			if !main[d.Name] {
				main[d.Name] = true
				f.Dependencies = append(f.Dependencies, d)
			}
			if f.Installed != nil {
				f.Installed[d.Name] = true
			}
		}
	}
	// Alternatives: say which the start needs, choose none.
	byImport := map[string][]string{}
	var order []string
	first := map[string]foreignImport{}
	for i, s := range some {
		if slices.ContainsFunc(some[:i], func(o authorsReqFile) bool { return o.file == s.file }) {
			continue
		}
		req, err := readRequirements(fsys, s.file)
		if err != nil {
			continue
		}
		im, ok := needs(req)
		if !ok {
			continue
		}
		if _, seen := byImport[im.shown]; !seen {
			order = append(order, im.shown)
			first[im.shown] = im
		}
		byImport[im.shown] = append(byImport[im.shown], s.file+" ("+s.via.String()+")")
	}
	for _, name := range order {
		im := first[name]
		f.Warnings = append(f.Warnings, fmt.Sprintf("the start imports %s (%s), which %s does not list; the authors' container files install it from %s, one per image: pydock cannot tell which of them this image is, so it installs none and the start fails; add the lines the app needs to %s", im.shown, im.src, f.RequirementsFile, strings.Join(byImport[name], ", "), f.RequirementsFile))
	}
}

// authorsReqFlags are the requirements files one container file installs
// (-r FILE), as paths in the project that exist, each once: the path in
// the image followed back through its COPY or mount.
func authorsReqFlags(fsys fs.FS, af authorsFile) []authorsReqFile {
	var out []authorsReqFile
	for _, in := range containerReqInstalls(fsys, af) {
		out = append(out, authorsReqFile{file: in.file, via: in.via})
	}
	return out
}
