package plan

import (
	"path"
	"slices"
	"strconv"
	"strings"

	"github.com/pydock/pydock/internal/detect"
)

// otherApps runs each second app the project serves by itself (detect's
// OtherApps) as a web service of compose: the image's server command with
// that app in place of the one CMD serves, on the same port in its own
// container, published on the host's loopback on the next free port.
func (p *Plan) otherApps(f *detect.Facts) {
	if f.App == nil || len(f.OtherApps) == 0 {
		return
	}
	served := f.App.String()
	at := slices.Index(p.Command, served)
	if at < 0 || slices.Index(p.Command[at+1:], served) >= 0 {
		for _, o := range f.OtherApps {
			p.Notes = append(p.Notes, o.Target.Source.String()+" builds another app, "+o.Target.String()+", and serves it itself ("+o.Run.String()+"): the image's command names no app pydock can swap for it, so compose does not run it; run it as a service of its own")
		}
		return
	}
	taken := map[string]bool{"app": true, "migrate": true, "release": true, "worker": true}
	for _, s := range p.Services {
		taken[s.Name] = true
	}
	for _, x := range p.Processes {
		taken[x.Name] = true
	}
	host := p.Port
	for _, o := range f.OtherApps {
		name := strings.ReplaceAll(path.Base(strings.ReplaceAll(o.Target.Module, ".", "/")), "_", "-")
		if taken[name] {
			continue
		}
		taken[name] = true
		argv := slices.Clone(p.Command)
		argv[at] = o.Target.String()
		host++
		from, why := "a second app, served by itself at "+o.Run.String(), o.Target.Source.String()+" builds a second "+f.Framework.String()+" app and serves it itself under __main__ ("+o.Run.String()+")"
		if o.Bound {
			from, why = "a second WSGI application, bound at "+o.Run.String(), o.Run.String()+" binds another WSGI application for a WSGI server, beside the one the image serves (the project's WSGI package)"
		}
		p.Processes = append(p.Processes, Process{
			Name: name, Command: argv, From: from,
			Port: p.Port, HostPort: host,
			HealthTest: []string{"CMD", "python", "-c", "import socket; socket.create_connection(('127.0.0.1', " + strconv.Itoa(p.Port) + "), timeout=4).close()"},
		})
		p.decide("compose service", name+": "+strings.Join(argv, " "), why+": a web service of its own, the same server on that app, published on 127.0.0.1:"+strconv.Itoa(host))
	}
}
