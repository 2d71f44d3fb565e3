package detect

// An app object that is complete only after an init function the authors'
// console script calls (xiaomusic: HttpInit(xiaomusic) sets the app's state
// and includes every router, then the script runs uvicorn.Server on that
// same app). A server importing the module serves it without its routes,
// so the script is what runs.

import (
	"fmt"
	"io/fs"
	"regexp"
	"strings"
)

var (
	// The app handed to a server the script runs itself: the first
	// argument of uvicorn.Config/uvicorn.run, Granian's, hypercorn's serve.
	scriptServesAppRe = regexp.MustCompile(`\b(?:uvicorn\.(?:Config|run)|hypercorn\.asyncio\.serve|web\.run_app)\s*\(\s*(?:app\s*=\s*)?([A-Za-z_]\w*)\s*[,)]`)
	// What completes an app: routers, mounts, routes, blueprints.
	appCompletesRe = `\b%s\.(?:include_router|mount|add_route|add_api_route|add_url_rule|register_blueprint|add_websocket_route)\s*\(`
)

// findInitLauncher finds the console script that completes the app with an
// init function of the app's module and then serves the app itself.
func findInitLauncher(fsys fs.FS, f *Facts, roots []string) *Launcher {
	if f.App == nil || f.App.Factory {
		return nil
	}
	r := &scriptReader{fsys: fsys, roots: roots, files: map[string][]pyLine{}}
	completes := regexp.MustCompile(fmt.Sprintf(appCompletesRe, regexp.QuoteMeta(f.App.Attr)))
	for _, sc := range f.Scripts {
		mod, fn, _ := strings.Cut(sc.Target, ":")
		file := r.moduleFile(strings.TrimSpace(mod))
		fn, _, _ = strings.Cut(strings.TrimSpace(fn), ".")
		body := r.body(file, fn)
		if file == "" || body == nil {
			continue
		}
		// Names the script binds to the app and to the functions of its
		// module (or a package re-exporting them).
		apps, inits := map[string]bool{}, map[string]string{}
		for _, im := range pyImports(append(r.lines(file), body...)) {
			if im.from == "" || im.name == "*" || (im.from != f.App.Module && !strings.HasPrefix(f.App.Module, im.from+".")) {
				continue
			}
			as := im.alias
			if as == "" {
				as = im.name
			}
			if im.name == f.App.Attr {
				apps[as] = true
			} else {
				inits[as] = im.name
			}
		}
		if len(apps) == 0 || len(inits) == 0 {
			continue
		}
		var called, completed *Source
		var init string
		for _, l := range body {
			if called == nil {
				for as, name := range inits {
					if !regexp.MustCompile(`(?:^|[^\w.])` + regexp.QuoteMeta(as) + `\s*\(`).MatchString(l.text) {
						continue
					}
					for _, b := range r.body(f.App.Source.File, name) {
						if completes.MatchString(b.text) {
							called, completed, init = &Source{File: file, Line: l.line}, &Source{File: f.App.Source.File, Line: b.line}, name
							break
						}
					}
				}
				continue
			}
			if m := scriptServesAppRe.FindStringSubmatch(l.text); m != nil && apps[m[1]] {
				return &Launcher{Argv: []string{sc.Name}, Source: sc.Source, Required: true,
					Why: fmt.Sprintf("the console script %s calls %s (%s), which completes the app %s (%s adds its routes), then serves that app itself (%s): a server importing the module alone would serve it without them",
						sc.Name, init, called, f.App, completed, Source{File: file, Line: l.line})}
			}
		}
	}
	return nil
}
