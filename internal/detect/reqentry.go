package detect

import (
	"fmt"
	"io/fs"
	"slices"
	"strings"
)

// requirementsEntry picks the requirements file pip should install: the
// conventional root file (or the production file beside it that covers
// it), else the production file of a requirements/ folder.
func requirementsEntry(fsys fs.FS) string {
	if prod, _, _ := productionRequirements(fsys); prod != "" {
		return prod
	}
	for _, name := range []string{
		"requirements.txt",
		"requirements/production.txt", "requirements/prod.txt", "requirements/base.txt", "requirements/main.txt",
		"requirements/default.txt", // celery's family: what setup.py's install_requires reads
		"requirements-prod.txt",
	} {
		if st, err := fs.Stat(fsys, name); err == nil && st.Mode().IsRegular() {
			return name
		}
	}
	return ""
}

// productionSiblings are the names a production requirements file takes
// beside a root requirements.txt.
var productionSiblings = []string{
	"requirements-production.txt", "requirements_production.txt", "requirements.production.txt",
	"requirements-prod.txt", "requirements_prod.txt", "requirements.prod.txt",
	"production-requirements.txt", "prod-requirements.txt",
}

// productionRequirements finds the production file beside requirements.txt
// that the authors install in production: one that includes
// requirements.txt (-r) or names every package it names (pip-compile run
// on both inputs, as requirements-production.in + requirements.in). It
// adds what production needs (the database driver, the server), so the
// image installs it rather than the development subset. A production file
// that leaves some out is returned as partial with the names it lacks.
func productionRequirements(fsys fs.FS) (name, partial string, missing []string) {
	if !isRegularFile(fsys, "requirements.txt") {
		return "", "", nil
	}
	base, err := readRequirements(fsys, "requirements.txt")
	if err != nil {
		return "", "", nil
	}
	for _, cand := range productionSiblings {
		if !isRegularFile(fsys, cand) {
			continue
		}
		prod, err := readRequirements(fsys, cand)
		if err != nil || len(prod.Deps) == 0 {
			continue
		}
		if slices.Contains(prod.Files, "requirements.txt") {
			return cand, "", nil
		}
		names := map[string]bool{}
		for _, d := range prod.Deps {
			names[NormalizeName(d.Name)] = true
		}
		var lacks []string
		for _, d := range base.Deps {
			if !names[NormalizeName(d.Name)] {
				lacks = append(lacks, d.Name)
			}
		}
		if len(lacks) == 0 {
			return cand, "", nil
		}
		if partial == "" {
			partial, missing = cand, lacks
		}
	}
	return "", partial, missing
}

// noteProductionRequirements says which of requirements.txt and the
// production file beside it the image installs, and why.
func noteProductionRequirements(fsys fs.FS, f *Facts, reqFile string) {
	_, partial, missing := productionRequirements(fsys)
	switch {
	case reqFile != "requirements.txt" && slices.Contains(productionSiblings, reqFile):
		f.Notes = append(f.Notes, fmt.Sprintf("%s covers requirements.txt and adds what production needs: the image installs it, as the authors do in production", reqFile))
	case partial != "":
		f.Warnings = append(f.Warnings, fmt.Sprintf("%s leaves out %s, which requirements.txt names: it is not the whole production set, so the image installs requirements.txt without it; include requirements.txt in it (-r requirements.txt) or compile it from both inputs", partial, strings.Join(missing, ", ")))
	}
}
