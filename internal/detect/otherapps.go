package detect

// A second app a module of the project builds and serves by itself
// (middleware's sync_app.py beside app.py: each builds its Flask app from
// its blueprints and runs it under __main__ on a port of its own, and the
// authors start each with its own gunicorn). The image serves one; the
// other is a second web service of the same image.

import (
	"fmt"
	"io/fs"
	"path"
	"regexp"
	"strings"
)

// OtherApp is such a second app: its target, named as the image's server
// imports it, and the line that serves it under __main__.
type OtherApp struct {
	Target AppTarget `json:"target"`
	Run    Source    `json:"run"`
	// Bound: a module of the project's WSGI package binds it for a WSGI
	// server (Run is that binding), rather than serving it itself.
	Bound bool `json:"bound,omitempty"`
}

// findOtherApps lists the modules, other than the served app's, that build
// an app of the same framework at module level and serve it themselves
// under their __main__ guard (tests, examples and CLI modules left out). A
// module that only builds one is no service: something else imports it.
func findOtherApps(fsys fs.FS, f *Facts, roots []string) []OtherApp {
	spec := frameworkOf(f.Framework)
	if f.App == nil || f.App.Factory || spec == nil || len(spec.Classes) == 0 {
		return nil
	}
	classes := spec.classPaths()
	var out []OtherApp
	_ = walkPython(fsys, roots, func(file, module string, data []byte) {
		if file == f.App.Source.File || module == "" || strings.HasSuffix(module, "__main__") || notAppCode(file) || inCLIModule(file) || !strings.Contains(string(data), "__main__") {
			return
		}
		lines := pyLines(data)
		names := ctorNames(pyImports(lines), classes)
		var target *AppTarget
		top := ""
		for _, l := range lines {
			if l.indent == 0 {
				top = l.text
				if m := assignCallRe.FindStringSubmatch(l.text); m != nil && target == nil {
					if full, ok := names[m[2]]; ok {
						target = &AppTarget{Module: module, Attr: m[1], Interface: spec.interfaceOf(full), Source: Source{File: file, Line: l.line}}
					}
				}
				continue
			}
			if target == nil || !mainGuardRe.MatchString(top) {
				continue
			}
			run := regexp.MustCompile(fmt.Sprintf(ownRunRe, regexp.QuoteMeta(target.Attr)))
			if run.MatchString(strings.TrimSpace(l.text)) {
				if f.App.ImportDir != "" && path.Dir(file) == f.App.ImportDir {
					// Imported by its bare name from the folder the
					// served app's is, as the image's server imports it.
					target.Module, target.ImportDir = strings.TrimSuffix(path.Base(file), ".py"), f.App.ImportDir
				}
				out = append(out, OtherApp{Target: *target, Run: Source{File: file, Line: l.line}})
				return
			}
		}
	})
	return out
}
