package plan

import (
	"fmt"
	"math"
	"path"
	"slices"
	"strconv"
	"strings"

	"github.com/pydock/pydock/internal/detect"
)

// loadedConfig is the project's config file the server CMD starts reads:
// the one its config flag names, or the file the server reads by itself
// (gunicorn.conf.py); nil when it reads none pydock has looked into.
func loadedConfig(f *detect.Facts, argv []string) *detect.ServerConfig {
	row := rowAt(argv)
	if row == nil {
		return nil
	}
	named := ""
	for _, fl := range row.ConfigFlags {
		if v, ok := flagValue(argv, fl); ok {
			named = path.Clean(strings.TrimPrefix(v, "file:"))
		}
	}
	for i := range f.ServerConfigs {
		c := &f.ServerConfigs[i]
		if c.Server != row.Name {
			continue
		}
		if (named != "" && c.File == named) || (named == "" && c.Default) {
			return c
		}
	}
	return nil
}

// fromConfig is a server setting the loaded config file sets itself: the
// image sets the variable the file reads it from, if any, and says so; a
// value fixed in the file is left to it. It returns the comment line.
func (p *Plan) fromConfig(row *server, st setting, set *detect.ConfigSetting, add func(name, value string)) (note string) {
	conf := p.serverConf
	at := conf.File + ":" + strconv.Itoa(set.Line)
	over := st.Env
	if st.Arg != "" {
		over = st.Env + " " + st.Arg
	}
	if set.Env != "" && (strings.Contains(st.Value, "{workers}") || strings.Contains(st.Value, "{grace}")) {
		v := strings.NewReplacer("{workers}", strconv.Itoa(p.Workers), "{grace}", strconv.Itoa(GracefulTimeout)).Replace(st.Value)
		if strings.Contains(st.Value, "{grace}") {
			p.GracefulTimeout = GracefulTimeout
		}
		add(set.Env, v)
		p.decide("server config "+set.Key, set.Env+"="+v, at+" reads "+set.Key+" from "+set.Env+" (default "+set.Default+"), and the file wins over "+over)
		if what, ok := strings.CutPrefix(st.Note, "%s: "); ok {
			head, tail, _ := strings.Cut(what, "; ")
			return set.Env + ": " + head + ", read by " + at + " (the file's " + set.Key + " wins over " + over + "); " + tail
		}
		return set.Env + ": read by " + at + " for " + set.Key + " (the file's setting wins over " + over + "); " + st.Note
	}
	p.decide("server config "+set.Key, set.Value, "set in "+at+", which wins over "+over)
	p.fixedWorkers(set, at)
	if strings.Contains(st.Value, "{grace}") && set.IsNum {
		what := fmt.Sprintf("graceful_timeout = %s s (%s)", set.Value, at)
		p.fitGrace(row, int(math.Ceil(set.Number)), what)
		return p.graceLine(row.Name, what)
	}
	return at + " sets " + set.Key + " = " + set.Value + ": the file decides, not " + over + "."
}

// configNotes say what the loaded config file sets that no setting of the
// row covered (hypercorn reads no environment), and fit compose's stop
// timeout to the file's graceful timeout.
func (p *Plan) configNotes(row *server, covered []string) []string {
	conf := p.serverConf
	var notes []string
	for _, key := range []string{"workers", "processes"} { // uwsgi says processes
		if w := conf.Setting(key); w != nil && !slices.Contains(covered, key) {
			notes = append(notes, fmt.Sprintf("%s:%d sets %s = %s: the file decides how many processes run, not pydock.", conf.File, w.Line, key, w.Value))
			p.fixedWorkers(w, fmt.Sprintf("%s:%d", conf.File, w.Line))
		}
	}
	g := conf.Setting("graceful_timeout")
	switch {
	case g != nil && !slices.Contains(covered, "graceful_timeout") && g.IsNum:
		p.fitGrace(row, int(math.Ceil(g.Number)), fmt.Sprintf("graceful_timeout = %s (%s:%d)", g.Value, conf.File, g.Line))
		notes = append(notes, p.graceLine(row.Name, fmt.Sprintf("graceful_timeout = %s s (%s:%d)", g.Value, conf.File, g.Line)))
	case g == nil && !slices.Contains(covered, "graceful_timeout") && row.DefaultGrace > 0:
		p.fitGrace(row, row.DefaultGrace, fmt.Sprintf("%s's default, as %s sets none", row.Name, conf.File))
		notes = append(notes, p.graceLine(row.Name, fmt.Sprintf("its graceful timeout (%d s by default, %s sets none)", row.DefaultGrace, conf.File)))
	}
	return notes
}

// fitGrace records the server's graceful timeout and, when it outlasts
// docker stop's, makes compose wait for it (and warns: docker stop and
// Kubernetes are told on their own command lines).
func (p *Plan) fitGrace(row *server, secs int, why string) {
	p.GracefulTimeout = secs
	if secs <= GracefulTimeout {
		return
	}
	p.StopGrace = secs + 2
	k8s := ""
	if p.StopGrace > 30 {
		k8s = fmt.Sprintf(", and Kubernetes terminationGracePeriodSeconds: %d", p.StopGrace)
	}
	p.decide("stop grace period", strconv.Itoa(p.StopGrace)+" s", row.Name+" drains requests for "+why)
	p.Warnings = append(p.Warnings, fmt.Sprintf("%s waits %s for requests in flight, longer than docker stop's %d s before SIGKILL: compose's stop_grace_period is %ds; stop the container with docker stop -t %d%s", row.Name, why, StopGracePeriod, p.StopGrace, p.StopGrace, k8s))
}

// graceLine is the comment on the server's graceful stop.
func (p *Plan) graceLine(server, what string) string {
	if p.StopGrace > 0 {
		return fmt.Sprintf("%s waits %s for requests in flight on SIGTERM: compose waits %d s before SIGKILL; give docker stop -t %d.", server, what, p.StopGrace, p.StopGrace)
	}
	return fmt.Sprintf("%s waits %s for requests in flight on SIGTERM, inside docker stop's %d s and Kubernetes' 30 s.", server, what, StopGracePeriod)
}

// fixedWorkers records a worker count the config file fixes, for the
// comment on compose's limits.
func (p *Plan) fixedWorkers(set *detect.ConfigSetting, at string) {
	if (set.Key == "workers" || set.Key == "processes") && set.Env == "" && set.IsNum && set.Number > 1 {
		p.ConfigWorkers, p.ConfigWorkersAt = int(set.Number), at
	}
}

// configBind decides where the server of the loaded config file listens,
// and whether CMD says so (BindArgv after the file). The file's bind is the
// image's port unless the user gave one; another port, a loopback bind or
// none pydock could read gets the flag, which the server takes over its
// file (or adds to it: uwsgi), and a warning says which.
func (p *Plan) configBind(srv choice, cfg *detect.ServerConfig) bool {
	if cfg.Port == 0 {
		return true // no bind pydock read: the flag says where
	}
	at := cfg.Source.String()
	addr := cfg.BindHost + ":" + strconv.Itoa(cfg.Port)
	if !p.portGiven {
		p.Port, p.portWhy = cfg.Port, "the bind in "+at
	}
	port := strconv.Itoa(p.Port)
	flag := strings.ReplaceAll(strings.Join(srv.BindArgv, " "), "{port}", port)
	how := srv.Name + " takes over the file's bind"
	if srv.BindAdds {
		how = srv.Name + " adds it to the file's, so it listens on both"
	}
	switch {
	case !cfg.Loopback && cfg.Port == p.Port:
		return false
	case !cfg.Loopback:
		p.Warnings = append(p.Warnings, fmt.Sprintf("%s binds %s, but the image listens on %d (%s): CMD passes %s, which %s", at, addr, p.Port, p.portWhy, flag, how))
		p.decide("bind", "0.0.0.0:"+port, at+" binds "+addr+"; the image's port is "+port+" ("+p.portWhy+")")
		return true
	case srv.BindAdds && cfg.Port == p.Port:
		// 0.0.0.0 cannot join a port a loopback socket holds (address in use).
		p.ProbeOwnAddress = true
		p.decide("listens on", addr, at+": loopback only, which a published port cannot reach")
		p.decide("health probe address", "the container's own", srv.Name+" adds sockets rather than replacing the file's, and 0.0.0.0:"+port+" would collide with "+addr+": a probe of 127.0.0.1 would pass while the published port is dead")
		p.Warnings = append(p.Warnings, fmt.Sprintf("%s binds %s, loopback only, so the published port is dead; %s adds a socket given on its command line to the file's, and 0.0.0.0:%s would collide with it, so CMD cannot fix it: the HEALTHCHECK asks the container's own address, and the image stays unhealthy until the file binds 0.0.0.0:%s (or pass another --port)", at, addr, srv.Name, port, port))
		return false
	default:
		p.Warnings = append(p.Warnings, fmt.Sprintf("%s binds %s, loopback only, which a published port cannot reach: CMD passes %s, which %s", at, addr, flag, how))
		p.decide("bind", "0.0.0.0:"+port, at+" binds "+addr+", loopback only: the image listens on all interfaces")
		return true
	}
}
