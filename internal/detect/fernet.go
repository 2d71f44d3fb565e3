package detect

import (
	"io/fs"
	"regexp"
	"strings"
)

var (
	// Fernet(<arg>…): the key argument's first name, as written.
	fernetCallRe = regexp.MustCompile(`\bFernet\s*\(\s*([^),]+)`)
	// An upper-case name read straight from the settings or the
	// environment: settings.X, os.environ["X"], os.getenv("X").
	fernetNameRe = regexp.MustCompile(`(?:\bsettings\s*\.\s*|\benviron\s*\[\s*["']|\bgetenv\s*\(\s*["']|\benviron\s*\.\s*get\s*\(\s*["'])([A-Z][A-Z0-9_]*)`)
	// name: type = value, on a line before the call.
	localAssignRe = regexp.MustCompile(`^([A-Za-z_]\w*)\s*(?::[^=]*)?=\s*(.+)$`)
)

// fernetLookback bounds how far above a Fernet() call a local's assignment
// is looked for (the same function, in practice).
const fernetLookback = 6

// markFernetKeys gives kind "fernet" to the variables whose value becomes a
// Fernet key, so the development value is one Fernet accepts (32 url-safe
// base64-encoded bytes, cryptography.io/en/latest/fernet/) instead of a
// word that fails the first encryption.
func markFernetKeys(fsys fs.FS, f *Facts) {
	names := map[string]bool{}
	_ = walkPython(fsys, f.ImportRoots, func(file, _ string, data []byte) {
		if isTestFile(file) || !strings.Contains(string(data), "Fernet") {
			return
		}
		lines := pyLines(data)
		for i, l := range lines {
			for _, m := range fernetCallRe.FindAllStringSubmatch(l.text, -1) {
				arg := strings.TrimSpace(m[1])
				if n := fernetNameRe.FindStringSubmatch(arg); n != nil {
					names[n[1]] = true
					continue
				}
				local, _, _ := strings.Cut(arg, ".")
				for j := i - 1; j >= 0 && j >= i-fernetLookback; j-- {
					a := localAssignRe.FindStringSubmatch(strings.TrimSpace(lines[j].text))
					if a == nil || a[1] != local {
						continue
					}
					if n := fernetNameRe.FindStringSubmatch(a[2]); n != nil {
						names[n[1]] = true
					}
					break
				}
			}
		}
	})
	for i := range f.EnvUses {
		if names[f.EnvUses[i].Name] {
			f.EnvUses[i].Kind = "fernet"
		}
	}
	if f.Django != nil {
		for i := range f.Django.RequiredEnv {
			if names[f.Django.RequiredEnv[i].Name] {
				f.Django.RequiredEnv[i].Kind = "fernet"
			}
		}
	}
}
