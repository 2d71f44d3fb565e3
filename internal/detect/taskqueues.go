package detect

import (
	"bytes"
	"io/fs"
	"path"
	"regexp"
	"slices"
	"strings"
)

// TaskQueue is a Celery queue the app's code sends tasks to by name, and
// the first line that does.
type TaskQueue struct {
	Name   string `json:"name"`
	Source Source `json:"source"`
}

var (
	// queue="reports" on a task decorator or an apply_async/send_task call.
	taskQueueArgRe = regexp.MustCompile(`\bqueue\s*=\s*["']([A-Za-z0-9_.:-]+)["']`)
	// {"queue": "reports"} in a route table.
	taskQueueRouteRe = regexp.MustCompile(`["']queue["']\s*:\s*["']([A-Za-z0-9_.:-]+)["']`)
	// The default queue a worker without -Q consumes, set in the settings
	// or on the app's conf (docs.celeryq.dev/en/stable/userguide/configuration.html#task-default-queue).
	defaultQueueRe = regexp.MustCompile(`(?m)^\s*(?:CELERY_TASK_DEFAULT_QUEUE|CELERY_DEFAULT_QUEUE|(?:\w+\.)*task_default_queue)\s*=\s*["']([A-Za-z0-9_.:-]+)["']`)
	// A schedule only celery beat sends: the beat_schedule setting (in
	// Django's settings under the CELERY namespace, or the old name),
	// periodic tasks added in code, or django-celery-beat's database
	// schedule. https://docs.celeryq.dev/en/stable/userguide/periodic-tasks.html
	// Also an entry of it set by name in code (conf["beat_schedule"]["x"]
	// = …), and a task registered by a periodic_task decorator with its
	// run_every: Celery 3's own (celery.task.periodic_task,
	// https://docs.celeryq.dev/en/3.1/reference/celery.task.html), or a
	// project's Celery subclass that adds its task to beat_schedule.
	beatScheduleRe = regexp.MustCompile(`(?m)^\s*(?:(?:CELERY_BEAT_SCHEDULE|CELERYBEAT_SCHEDULE|(?:\w+\.)*beat_schedule)\s*(?:=|\.update\s*\()|.*\.add_periodic_task\s*\(|.*["']django_celery_beat["']|.*\bbeat_schedule["']?\]?\s*\[\s*["'][^"'\n]+["']\s*\]\s*=[^=]|@(?:[A-Za-z_][\w.]*\.)?periodic_task\([^)]*?\brun_every\s*=)`)
)

// findTaskQueues reads the app's code (tests and examples left out) for
// the queues Celery tasks are sent to by name, the default queue, and a
// beat schedule.
func findTaskQueues(fsys fs.FS, f *Facts) {
	if !f.IsInstalled("celery") {
		return
	}
	_ = walkPython(fsys, f.ImportRoots, func(file, _ string, data []byte) {
		// Not notAppCode: a package's tasks.py holds Celery's tasks.
		if isTestFile(file) || slices.ContainsFunc(strings.Split(path.Dir(file), "/"), func(d string) bool { return slices.Contains(celeryNotAppDirs, d) }) || !bytes.Contains(bytes.ToLower(data), []byte("queue")) && !bytes.Contains(data, []byte("beat")) && !bytes.Contains(data, []byte("periodic")) {
			return
		}
		line := func(at int) Source { return Source{File: file, Line: 1 + bytes.Count(data[:at], []byte("\n"))} }
		if m := beatScheduleRe.FindIndex(data); m != nil && f.BeatSchedule == nil {
			at := m[0] + len(data[m[0]:m[1]]) - len(bytes.TrimLeft(data[m[0]:m[1]], " \t\r\n"))
			f.BeatSchedule = &Source{File: file, Line: line(at).Line}
		}
		if m := defaultQueueRe.FindSubmatchIndex(data); m != nil && f.DefaultQueue == nil {
			f.DefaultQueue = &TaskQueue{Name: string(data[m[2]:m[3]]), Source: line(m[2])}
		}
		for _, re := range []*regexp.Regexp{taskQueueArgRe, taskQueueRouteRe} {
			for _, m := range re.FindAllSubmatchIndex(data, -1) {
				name := string(data[m[2]:m[3]])
				if !slices.ContainsFunc(f.TaskQueues, func(q TaskQueue) bool { return q.Name == name }) {
					f.TaskQueues = append(f.TaskQueues, TaskQueue{Name: name, Source: line(m[2])})
				}
			}
		}
	})
	slices.SortFunc(f.TaskQueues, func(a, b TaskQueue) int { return strings.Compare(a.Name, b.Name) })
}
