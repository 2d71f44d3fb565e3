package plan

import (
	"fmt"

	"github.com/pydock/pydock/internal/detect"
)

// websocketLibs are the libraries uvicorn speaks websockets with; without
// one it refuses every websocket upgrade.
// https://www.uvicorn.org/#quickstart (uvicorn[standard] installs
// websockets; the --ws option chooses websockets or wsproto).
var websocketLibs = []string{"websockets", "wsproto"}

// channelsASGI serves a Channels site's ASGI module: its protocol router
// routes websockets, which the WSGI module drops. daphne, Channels'
// reference server, is preferred when installed and nothing of the
// authors' says otherwise; uvicorn needs a websocket library for them.
func (p *Plan) channelsASGI(f *detect.Facts, t detect.AppTarget, prefer string) (detect.AppTarget, detect.Interface, string) {
	dj := f.Django
	if dj.Channels == nil || dj.ASGIModule == "" {
		return t, detect.InterfaceWSGI, prefer
	}
	t.Module = dj.ASGIModule
	if prefer == "" && installed(f, "daphne") {
		prefer = "daphne"
	}
	why := "the ASGI application routes websockets with Channels (" + dj.Channels.String() + "): a WSGI server would drop them"
	if prefer == "" {
		if s, _, _ := pickServer(f, detect.InterfaceASGI, false, ""); (s.Name == "uvicorn" || s.Needs == "uvicorn") && !anyInstalled(f, websocketLibs) {
			p.Warnings = append(p.Warnings, fmt.Sprintf("%s routes websockets with Channels, but uvicorn serves them only with websockets or wsproto installed: add uvicorn[standard] (or daphne) to your dependencies", dj.Channels))
		}
	}
	p.decide("app module", t.Module, why)
	return t, detect.InterfaceASGI, prefer
}

func anyInstalled(f *detect.Facts, dists []string) bool {
	for _, d := range dists {
		if installed(f, d) {
			return true
		}
	}
	return false
}
