package plan

import (
	"slices"
	"strings"

	"github.com/pydock/pydock/internal/detect"
)

// warnUnconsumedQueues names the queues the code sends Celery tasks to that
// compose's worker does not consume: its -Q list, else the default queue
// (celery, unless the code sets another). Such tasks wait forever.
func (p *Plan) warnUnconsumedQueues(f *detect.Facts) {
	consumed := []string{"celery"}
	if f.DefaultQueue != nil {
		consumed = []string{f.DefaultQueue.Name}
	}
	if i := slices.Index(p.Worker.Command, "-Q"); i >= 0 && i+1 < len(p.Worker.Command) {
		consumed = strings.Split(p.Worker.Command[i+1], ",")
	}
	var missing []string
	for _, q := range f.TaskQueues {
		if !slices.Contains(consumed, q.Name) {
			missing = append(missing, q.Name+" ("+q.Source.String()+")")
		}
	}
	if len(missing) > 0 {
		p.Warnings = append(p.Warnings, "Celery tasks go to queues compose's worker does not consume (it consumes "+strings.Join(consumed, ",")+"): "+strings.Join(missing, ", ")+"; tasks sent there wait until a worker consumes them: add them to the worker's -Q in compose.yaml, or run a worker for each as the authors do")
	}
}

// sameCeleryApp reports whether two `celery -A` values load the same app:
// Celery finds "pkg" as pkg's app or celery attribute, or as the one of
// its celery module (celery/app/utils.py find_app), so the authors' -A
// pkg is pydock's pkg.celery:app or pkg:app.
// https://docs.celeryq.dev/en/stable/reference/cli.html#cmdoption-celery-A
func sameCeleryApp(authors, ours string) bool {
	if authors == ours {
		return true
	}
	mod, attr, ok := strings.Cut(ours, ":")
	if !ok || (attr != "app" && attr != "celery") {
		return false
	}
	return authors == mod || authors+".celery" == mod
}
