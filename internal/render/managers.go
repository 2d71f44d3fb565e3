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
