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

// codeQueues has compose's worker, when the authors' own compose names no
// queues for it, consume the default queue and every queue the code sends
// tasks to: a worker without -Q consumes the default alone. One worker
// for all of them, where the authors may run one per queue to keep long
// tasks from holding up short ones. It returns the decision's reason.
func (p *Plan) codeQueues(f *detect.Facts) string {
	if len(f.TaskQueues) == 0 || slices.Contains(p.Worker.Command, "-Q") {
		return ""
	}
	queues := []string{"celery"}
	if f.DefaultQueue != nil {
		queues = []string{f.DefaultQueue.Name}
	}
	var from []string
	for _, q := range f.TaskQueues {
		if !slices.Contains(queues, q.Name) {
			queues = append(queues, q.Name)
			from = append(from, q.Name+" ("+q.Source.String()+")")
		}
	}
	if len(from) == 0 {
		return ""
	}
	p.Worker.Command = append(p.Worker.Command, "-Q", strings.Join(queues, ","))
	return "; on the default queue " + queues[0] + " and the queues the code sends tasks to: " + strings.Join(from, ", ") + "; https://docs.celeryq.dev/en/stable/userguide/workers.html#queues (-Q: a worker consumes only the queues it is given, the default one without -Q)"
}

// beatSchedule is where celery beat keeps its schedule's state: the
// working directory by default, which is the image's code, read-only to
// the app user.
const beatSchedule = "/tmp/celerybeat-schedule"

// celeryBeat adds compose's beat service when the code holds a schedule
// that only celery beat sends: without it no scheduled task ever runs. One
// beat for the stack (two would send each task twice), beside the worker
// that consumes what it sends.
func (p *Plan) celeryBeat(f *detect.Facts) {
	b := f.BeatSchedule
	if b == nil || p.Worker == nil || slices.ContainsFunc(p.Processes, func(x Process) bool { return slices.Contains(x.Command, "beat") }) {
		return
	}
	argv := append(p.celeryProgram(f), "beat", "--loglevel=INFO", "--schedule", beatSchedule)
	p.Processes = append(p.Processes, Process{Name: "beat", Command: argv, From: "Celery beat: sends the scheduled tasks at " + b.String()})
	p.decide("compose beat", strings.Join(argv, " "), "the code holds a schedule only celery beat sends ("+b.String()+"); its state in "+beatSchedule+", since the code folder is read-only to the app user; https://docs.celeryq.dev/en/stable/userguide/periodic-tasks.html#starting-the-scheduler (celery -A proj beat, -s for the schedule file)")
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

// celeryProgram is how compose starts Celery for the worker's app: the
// project's own subcommand that hands Celery its arguments after setting
// the app up, when it has one, else celery -A with the app.
func (p *Plan) celeryProgram(f *detect.Facts) []string {
	if c := f.CeleryCLI; c != nil {
		if _, ok := p.missingProgram(f, c.Argv); ok { // the image installs the script
			return slices.Clone(c.Argv)
		}
	}
	return []string{"celery", "-A", p.Worker.App}
}
