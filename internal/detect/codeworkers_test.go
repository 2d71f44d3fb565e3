package detect

import (
	"testing"
	"testing/fstest"
)

// TestFindCodeWorkers checks each evidence kind of codeworkers.toml: a
// settings class (arq), an instance (huey) and decorated actors across
// modules (dramatiq), and that a tool not installed, a test file, or a
// method's own assignment finds nothing.
func TestFindCodeWorkers(t *testing.T) {
	fsys := fstest.MapFS{
		"svc/__init__.py":    {},
		"svc/jobs.py":        {Data: []byte("from arq.connections import RedisSettings\n\nclass NotSettings:\n    def setup(self):\n        functions = []\n\n\nclass WorkerSettings:\n    '''the arq worker'''\n    functions = [run]\n")},
		"svc/queue.py":       {Data: []byte("from huey import RedisHuey\n\nhuey = RedisHuey('svc', host='redis')\n")},
		"svc/mail.py":        {Data: []byte("import dramatiq\n\n\n@dramatiq.actor(queue_name='mail')\ndef send(to):\n    pass\n")},
		"svc/report.py":      {Data: []byte("from dramatiq import actor\n\n\n@actor\ndef build():\n    pass\n")},
		"tests/test_jobs.py": {Data: []byte("from huey import MemoryHuey\nimport dramatiq\n\n@dramatiq.actor\ndef t():\n    pass\n")},
	}
	f := &Facts{Dependencies: []Dependency{{Name: "arq"}, {Name: "huey"}, {Name: "dramatiq"}}}
	got := map[string]string{}
	for _, p := range findCodeWorkers(fsys, f, []string{""}, nil) {
		got[p.Process] = p.Command + " @ " + p.Source.String()
	}
	want := map[string]string{
		"worker":          "arq svc.jobs.WorkerSettings @ svc/jobs.py:8",
		"huey-worker":     "huey_consumer svc.queue.huey @ svc/queue.py:3",
		"dramatiq-worker": "dramatiq svc.mail svc.report @ svc/mail.py:4",
	}
	for k, v := range want {
		if got[k] != v {
			t.Errorf("%s: got %q, want %q", k, got[k], v)
		}
	}
	if len(got) != len(want) {
		t.Errorf("got %v, want %v", got, want)
	}
	f = &Facts{Dependencies: []Dependency{{Name: "fastapi"}}}
	if ps := findCodeWorkers(fsys, f, []string{""}, nil); len(ps) != 0 {
		t.Errorf("no worker tool installed: got %v", ps)
	}
}
