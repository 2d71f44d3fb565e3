package plan

import (
	"path"
	"regexp"
	"strings"

	"github.com/pydock/pydock/internal/detect"
)

// staticRouteRe is a STATIC_URL pydock writes into the server's
// environment: a plain path.
var staticRouteRe = regexp.MustCompile(`^/[A-Za-z0-9._~/-]*$`)

// granianStatic is granian's static-files mount, set through its
// environment (every option reads GRANIAN_<OPTION>).
const granianStaticSource = "https://github.com/emmett-framework/granian#options (--static-path-route, --static-path-mount)"

// chooseStaticServing serves the files collectstatic gathers when nothing
// of the project does (detect's StaticGap): with the server's own static
// mount when it has one (granian), otherwise a warning naming the gap,
// since Django serves STATIC_URL only under DEBUG.
func (p *Plan) chooseStaticServing(f *detect.Facts) {
	g := f.Django.StaticGap
	if g == nil || p.Django == nil || !p.Django.CollectStatic {
		return
	}
	server := ""
	if argv := serverArgv(p.Command); len(argv) > 0 {
		server = path.Base(argv[0])
	}
	root := ""
	if g.Root != "" && CheckPath(path.Join(f.Django.Dir, g.Root)) == nil {
		root = path.Join(AppDir, f.Django.Dir, g.Root)
	}
	url := g.URL
	if url == "" {
		url = "STATIC_URL"
	}
	debug := ""
	if g.DebugOnly != nil {
		debug = ", and the static routes the urls add (" + g.DebugOnly.String() + ") exist only under DEBUG, which is off in production"
	}
	if server == "granian" && root != "" && staticRouteRe.MatchString(g.URL) {
		route := strings.TrimSuffix(g.URL, "/")
		if route == "" {
			route = "/"
		}
		p.ServerEnv = append(p.ServerEnv, EnvVar{"GRANIAN_STATIC_PATH_ROUTE", route}, EnvVar{"GRANIAN_STATIC_PATH_MOUNT", root})
		p.ServerNotes = append(p.ServerNotes, "GRANIAN_STATIC_PATH_*: granian serves the files collectstatic gathered; nothing in the project does (Django serves them only under DEBUG).")
		p.decide("static files", "granian serves "+root+" at "+route,
			"collectstatic gathers them into STATIC_ROOT ("+g.RootAt.String()+") at build, and nothing of the project serves them (no static-files middleware or wrapper"+debug+"); "+granianStaticSource)
		return
	}
	where := "STATIC_ROOT"
	if root != "" {
		where = root
	}
	name := server
	if name == "" {
		name = "the server"
	}
	p.Warnings = append(p.Warnings, "the image collects the static files into "+where+" ("+g.RootAt.String()+") at build, but nothing serves them at "+url+": "+name+
		" serves no files, and the project has no static-files middleware or wrapper (WhiteNoise)"+debug+
		"; pages load without their CSS and JavaScript: add whitenoise to the dependencies and its middleware to MIDDLEWARE (https://whitenoise.readthedocs.io/en/stable/django.html), or serve "+where+" at "+url+" from a web server in front of the app")
}
