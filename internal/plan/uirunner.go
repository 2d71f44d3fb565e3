package plan

import (
	"strconv"
	"strings"

	"github.com/pydock/pydock/internal/detect"
)

// launchedRunner configures a UI framework's server that the program
// starts itself (a console script spawning `streamlit run`): the runner's
// port unless one is given, and the environment that binds it there on
// every interface, since the image's command cannot pass it options.
func (p *Plan) launchedRunner(f *detect.Facts) {
	if f.Serves == nil || f.Serves.Runner == "" || f.ScriptRun == nil || f.ScriptRun.Runner == "" {
		return
	}
	r := detect.UIRunner(f.Serves.Runner)
	if r == nil {
		return
	}
	if p.portWhy == "default" {
		p.Port, p.portWhy = r.Port, r.Name+"'s default port ("+r.Source+")"
	}
	rep := strings.NewReplacer("{port}", strconv.Itoa(p.Port))
	for _, e := range r.LaunchEnv {
		p.ServerEnv = append(p.ServerEnv, EnvVar{e[0], rep.Replace(e[1])})
	}
}

// launchedRunnerHealth is the liveness route of the UI runner the chosen
// console script starts, "" when there is none.
func launchedRunnerHealth(f *detect.Facts) string {
	if f.UIApp != nil || f.App != nil || f.Serves == nil || f.Serves.Runner == "" || f.ScriptRun == nil || f.ScriptRun.Runner == "" {
		return ""
	}
	if r := detect.UIRunner(f.Serves.Runner); r != nil {
		return r.Health
	}
	return ""
}
