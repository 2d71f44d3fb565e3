package detect

import (
	"io/fs"
	"path"
	"regexp"
	"slices"
	"strings"
)

// AuthorsRequirement is a pinned requirement of a file beside the main
// requirements that the authors' own container file installs
// (requirements-server.txt): what their image runs with, such as its server.
type AuthorsRequirement struct {
	Name    string   `json:"name"` // PEP 503 normalised
	Extras  []string `json:"extras,omitempty"`
	Version string   `json:"version"`
	Source  Source   `json:"source"` // the requirement's line
	Via     Source   `json:"via"`    // the container file's line that installs it
}

// Spec is the requirement as pip takes it: name[extras]==version.
func (r AuthorsRequirement) Spec() string {
	s := r.Name
	if len(r.Extras) > 0 {
		s += "[" + strings.Join(r.Extras, ",") + "]"
	}
	return s + "==" + r.Version
}

var (
	// -r F, --requirement F, --requirements F (uv pip), --requirement=F.
	reqFlagRe = regexp.MustCompile(`(?:^|\s)(?:-r|--requirements?)(?:\s+|=)["']?([\w./-]+\.txt)\b`)
	// name==version or name[extra,…]==version, nothing else on the line.
	pinnedReqRe = regexp.MustCompile(`^([A-Za-z0-9][A-Za-z0-9._-]*)(?:\[([A-Za-z0-9._,\s-]+)\])?\s*==\s*([A-Za-z0-9.+!_-]+)$`)
)

// readAuthorsRequirements reads the requirements files the authors'
// container files install besides the ones pydock already installs
// (installed: the entry and its includes): only exact pins, the same
// package's lines merged (granian and granian[pname]).
func readAuthorsRequirements(fsys fs.FS, installed []string) []AuthorsRequirement {
	var out []AuthorsRequirement
	seenFile := map[string]bool{}
	for _, af := range readAuthorsFiles(fsys, authorsContainerFiles(fsys)) {
		file := af.name
		for i, l := range strings.Split(af.text, "\n") {
			if strings.HasPrefix(strings.TrimSpace(l), "#") {
				continue
			}
			for _, m := range reqFlagRe.FindAllStringSubmatch(l, -1) {
				name := path.Clean(strings.TrimPrefix(m[1], "/"))
				if seenFile[name] || slices.Contains(installed, name) || !strings.HasPrefix(path.Base(name), "requirements") || !isRegularFile(fsys, name) {
					continue
				}
				seenFile[name] = true
				out = mergeRequirements(out, readPinned(fsys, name, Source{File: file, Line: i + 1}))
			}
		}
	}
	return out
}

func readPinned(fsys fs.FS, file string, via Source) []AuthorsRequirement {
	data, err := readBounded(fsys, file, maxManifestSize, "requirements files")
	if err != nil {
		return nil
	}
	var out []AuthorsRequirement
	for i, l := range strings.Split(string(data), "\n") {
		l, _, _ = strings.Cut(l, "#")
		m := pinnedReqRe.FindStringSubmatch(strings.TrimSpace(l))
		if m == nil {
			continue
		}
		var extras []string
		for _, e := range strings.Split(m[2], ",") {
			if e = strings.TrimSpace(e); e != "" {
				extras = append(extras, NormalizeName(e))
			}
		}
		out = mergeRequirements(out, []AuthorsRequirement{{Name: NormalizeName(m[1]), Extras: extras, Version: m[3], Source: Source{File: file, Line: i + 1}, Via: via}})
	}
	return out
}

// mergeRequirements adds rs to out, one entry per package: extras joined;
// a line pinning another version of a package already there is dropped.
func mergeRequirements(out, rs []AuthorsRequirement) []AuthorsRequirement {
	for _, r := range rs {
		i := slices.IndexFunc(out, func(o AuthorsRequirement) bool { return o.Name == r.Name })
		if i < 0 {
			out = append(out, r)
			continue
		}
		if out[i].Version != r.Version {
			continue
		}
		for _, e := range r.Extras {
			if !slices.Contains(out[i].Extras, e) {
				out[i].Extras = append(out[i].Extras, e)
				out[i].Source = r.Source // the line that names the extra
			}
		}
	}
	return out
}
