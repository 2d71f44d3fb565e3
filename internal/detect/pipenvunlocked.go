package detect

// A Pipfile whose lock the authors make when their image is built instead
// of committing it (.gitignore lists Pipfile.lock; their Dockerfile runs
// `pipenv lock`): refusing it leaves no image for a project that builds,
// so the builder locks it as their image does, and says loudly that the
// build is not reproducible.

import (
	"fmt"
	"io/fs"
	"regexp"
	"strings"
)

var (
	// pipenvLockRe is a command that makes Pipfile.lock: pipenv lock, or
	// pipenv install, which locks a Pipfile that has none.
	pipenvLockRe = regexp.MustCompile(`\bpipenv\s+(lock|install)\b`)
	// pipenvNoLockRe are the install options that never lock.
	pipenvNoLockRe = regexp.MustCompile(`--(deploy|ignore-pipfile)\b`)
)

// pipfileLockedAtBuild is the evidence that the authors make Pipfile.lock
// when their image is built rather than commit it: a line of their
// container files that locks, and a .gitignore line keeping the lock out
// of git. nil when there is none.
func pipfileLockedAtBuild(fsys fs.FS) []string {
	var out []string
	for _, af := range readAuthorsFiles(fsys, authorsDockerfiles(fsys)) {
		found := false
		for i, l := range strings.Split(af.text, "\n") {
			t := strings.TrimSpace(l)
			if strings.HasPrefix(t, "#") {
				continue
			}
			if m := pipenvLockRe.FindStringSubmatch(t); m != nil && (m[1] == "lock" || !pipenvNoLockRe.MatchString(t)) {
				out = append(out, fmt.Sprintf("%s:%d runs pipenv %s", af.name, i+1, m[1]))
				found = true
				break
			}
		}
		if found {
			break
		}
	}
	if data, err := readBounded(fsys, ".gitignore", maxManifestSize, "manifests"); err == nil {
		for i, l := range strings.Split(string(data), "\n") {
			switch strings.TrimSpace(l) {
			case "Pipfile.lock", "/Pipfile.lock", "**/Pipfile.lock":
				out = append(out, fmt.Sprintf(".gitignore:%d keeps Pipfile.lock out of git", i+1))
			}
		}
	}
	return out
}

// lockPipfileAtBuild makes the Pipfile's dependency step lock it in the
// builder, with the warning that says what that costs.
func lockPipfileAtBuild(f *Facts, evidence []string) {
	f.Manager, f.ManagerFrom = ManagerPipenv, Source{File: "Pipfile"}
	f.Pipenv = &PipenvFacts{LockAtBuild: true}
	f.Warnings = append(f.Warnings, fmt.Sprintf("Pipfile has no Pipfile.lock: the authors lock it when their image is built (%s), and so does the builder, with the pinned Pipenv: NOT REPRODUCIBLE, each build installs the newest releases the Pipfile allows on that day; run `pipenv lock` and commit Pipfile.lock (out of .gitignore) so every build installs the same packages, then pydock generate", strings.Join(evidence, "; ")))
}

// readPipenvUnlocked fills the facts from the Pipfile alone: its
// [packages] as asked, hash-checked unless one is a VCS or path entry (the
// export of a fresh lock carries the hashes of the others).
func readPipenvUnlocked(fsys fs.FS, f *Facts) error {
	pf, err := readPipfile(fsys, "Pipfile")
	if err != nil {
		return err
	}
	f.Warnings = append(f.Warnings, pf.warnings...)
	f.Dependencies = pf.dependencies("Pipfile")
	f.Pipenv.fromPipfile(pf)
	f.Hashes = len(f.Dependencies) > 0
	for _, d := range f.Dependencies {
		if d.VCS || d.Path != "" {
			f.Hashes = false
		}
	}
	return nil
}
