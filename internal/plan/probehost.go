package plan

import (
	"regexp"
	"strings"

	"github.com/pydock/pydock/internal/detect"
	"slices"
	"strconv"
)

// probeHostRe is a Host header value pydock sends as it is: a host name or
// address, with an optional port.
var probeHostRe = regexp.MustCompile(`^[A-Za-z0-9](?:[A-Za-z0-9.-]*[A-Za-z0-9])?(?::[0-9]{1,5})?$`)

// chooseProbeHost reads the server names the loaded server config restricts
// the server to (hypercorn's server_names: a 404 for any other Host header,
// compared as sent, port included): the probe sends the first it can, and a
// warning says when the published port is not among them. With none it can
// send, an HTTP probe would fail on every image: the port probe.
func (p *Plan) chooseProbeHost(f *detect.Facts) {
	if !p.HasWeb() {
		return
	}
	if dj := f.Django; dj != nil && dj.ProbeHost != "" && p.HealthPath != "" {
		p.ProbeHost = dj.ProbeHost
		p.decide("probe host", dj.ProbeHost, "ALLOWED_HOSTS ("+dj.ProbeHostFrom.String()+") is a fixed list without 127.0.0.1: Django answers 400 to a Host it does not list")
	}
	if l := launcherOf(p.Command); l != nil && l.ProbeHost != "" && p.HealthPath != "" && p.ProbeHost == "" {
		p.ProbeHost = l.ProbeHost
		p.decide("probe host", l.ProbeHost, l.Name+" routes requests by their Host header and redirects others; its authors' HEALTHCHECK sends this one ("+l.ProbeHostSource+")")
	}
	if p.serverConf == nil {
		return
	}
	set := p.serverConf.Setting("server_names")
	if set == nil {
		return
	}
	names, ok := set.Strings()
	if ok && len(names) == 0 {
		return // empty: every Host is served
	}
	at := p.serverConf.File + ":" + strconv.Itoa(set.Line)
	host := ""
	for _, n := range names {
		if probeHostRe.MatchString(n) {
			host = n
			break
		}
	}
	port := strconv.Itoa(p.Port)
	published := "localhost:" + port
	warn := at + " sets server_names = " + set.Value + ": " + p.serverConf.Server + " answers 404 to every request whose Host header is not one of them"
	refused := !slices.Contains(names, published) && !slices.Contains(names, "127.0.0.1:"+port)
	if refused {
		warn += ", so requests through the published port (Host: " + published + ") get 404"
	}
	switch {
	case host == "" && p.HealthPath != "":
		p.decide("health probe", "port "+port+" accepts connections", at+" lists no Host name pydock can send as it is, so an HTTP probe would get 404")
		p.HealthPath = ""
		warn += "; pydock cannot send one of them as it is, so the HEALTHCHECK checks the port"
	case host == "":
		warn += "; pydock cannot send one of them as it is"
	case p.HealthPath != "":
		p.ProbeHost = host
		p.decide("probe host", host, at+" sets server_names, and "+p.serverConf.Server+" answers 404 to any other Host header")
		warn += "; the HEALTHCHECK sends Host: " + host
	}
	if refused || host == "" {
		p.Warnings = append(p.Warnings, warn)
	}
}

// warnPortRefused says when Django's settings, as written, refuse every
// request through compose's published port (Host localhost:PORT over plain
// http): the HEALTHCHECK passes (it checks the port, or sends a Host the
// settings admit) while a browser gets 400 or a redirect to an https://
// nobody serves. It names each setting's line, the branch that admits
// localhost only under a condition, and what to set for local use.
func (p *Plan) warnPortRefused(f *detect.Facts) {
	dj := f.Django
	if !p.HasWeb() || dj == nil || len(dj.PortRefused) == 0 {
		return
	}
	published := "localhost:" + strconv.Itoa(p.Port)
	var says, fix []string
	for _, r := range dj.PortRefused {
		switch r.Setting {
		case "ALLOWED_HOSTS":
			says = append(says, "ALLOWED_HOSTS ("+r.Source.String()+") "+r.Why+", so every request through the published port (Host: "+published+") gets 400 from Django")
			fix = append(fix, `add "localhost" and "127.0.0.1" to ALLOWED_HOSTS`)
		default:
			says = append(says, r.Setting+" ("+r.Source.String()+") "+r.Why+" (http://"+published+" to https://"+published+"), which nothing in compose serves")
			fix = append(fix, "set SECURE_SSL_REDIRECT = False")
		}
	}
	w := strings.Join(says, "; ")
	if lb := dj.LocalUnder; lb != nil {
		w += "; the settings admit localhost only under `" + lb.Cond + "` (" + lb.Source.String() + ")"
	}
	w += ". The HEALTHCHECK passes regardless; to use the site through compose, " + strings.Join(fix, " and ") + " in settings for local use, and keep production's as they are"
	p.Warnings = append(p.Warnings, w)
}
