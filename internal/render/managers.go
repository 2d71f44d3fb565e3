package render

import "strings"

// PDMGroups selects the optional groups the production set needs
// (" -G name" each); the default group is always installed.
func (v *view) PDMGroups() string {
	var b strings.Builder
	for _, g := range v.Groups {
		b.WriteString(" -G " + g)
	}
	return b.String()
}

// PipenvExport is the options of `pipenv requirements`: hashes when every
// entry has them, the selected categories, and no index line when every
// source is PyPI (a -i in the file would override PIP_INDEX_URL).
func (v *view) PipenvExport() string {
	var b strings.Builder
	if v.Hashes {
		b.WriteString(" --hash")
	}
	if len(v.Groups) > 0 {
		b.WriteString(" --categories \"" + strings.Join(append([]string{"packages"}, v.Groups...), " ") + "\"")
	}
	if v.Pipenv != nil && v.Pipenv.PublicIndex {
		b.WriteString(" --exclude-index")
	}
	return b.String()
}
