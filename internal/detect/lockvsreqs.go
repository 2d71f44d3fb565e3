package detect

// A lock beside a requirements file that is not its export: the lock wins
// (it pins every package), unless the project shows the lock was left
// behind. A lock that lacks packages the start imports while the
// requirements file lists them gives an image whose app fails on import; a
// lock its own tool refuses (stale) beside the requirements file the
// authors' image installs fails a build the authors' does not. Then the
// requirements file is the evidence of what runs.

import (
	"fmt"
	"io/fs"
	"slices"
	"strings"
)

// lockLeftBehind says why the requirements file beside f's lock, rather
// than the lock, is what the image installs, and names that file; "" when
// the lock stays. It judges from what the start imports at module level
// (f.start), so it runs once detection is done.
func lockLeftBehind(fsys fs.FS, f *Facts) (why, reqFile string) {
	switch f.Manager {
	case ManagerPoetry, ManagerUV, ManagerPDM, ManagerPipenv:
	default:
		return "", ""
	}
	if f.workspace != nil || f.ClaimedBy != "" {
		return "", ""
	}
	lock := f.ManagerFrom.File
	if reqFile = requirementsEntry(fsys); reqFile == "" {
		return "", ""
	}
	req, err := readRequirements(fsys, reqFile)
	if err != nil || req.ExportOf != "" || req.SelfInstall || len(req.Deps) == 0 {
		return "", ""
	}
	listed := map[string]bool{}
	for _, d := range req.Deps {
		listed[d.Name] = true
	}
	var lacks, at []string
	if f.start != nil {
		for _, im := range f.start.foreign {
			dist := importDist(im.top)
			switch {
			case f.IsInstalled(dist):
				if d := f.Dep(dist); d != nil && !listed[dist] {
					return "", "" // the lock has a package the file lacks: neither covers the other
				}
			case listed[dist] && !slices.Contains(lacks, dist):
				lacks = append(lacks, dist)
				if len(at) < 4 {
					at = append(at, im.src.String())
				}
			}
		}
	}
	lc := f.LockCheck
	stale := lc != nil && lc.Stale && !lc.Harmless
	via := authorsInstalls(fsys, reqFile)
	switch {
	case len(lacks) > 0:
		why = fmt.Sprintf("%s lacks %s, which the start imports at module level (%s) and %s lists", lock, strings.Join(lacks, ", "), strings.Join(at, ", "), reqFile)
	case stale && via != nil:
		why = fmt.Sprintf("%s is stale (%s), so %s would refuse it", lock, lc.Why, refusedBy[f.Manager])
	default:
		return "", ""
	}
	if via != nil {
		why += fmt.Sprintf("; the authors' %s installs %s", via, reqFile)
	}
	return fmt.Sprintf("%s: the image installs %s with pip, not %s; bring %s up to date and pass --package-manager %s to install it instead", why, reqFile, lock, lock, managerOf(lock)), reqFile
}

// authorsInstalls is the line of the authors' container files that
// installs file unconditionally, or nil.
func authorsInstalls(fsys fs.FS, file string) *Source {
	for _, af := range readAuthorsFiles(fsys, authorsDockerfiles(fsys)) {
		for _, in := range containerReqInstalls(fsys, af) {
			if in.file == file && !in.cond {
				return &in.via
			}
		}
	}
	return nil
}
