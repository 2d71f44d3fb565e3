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
