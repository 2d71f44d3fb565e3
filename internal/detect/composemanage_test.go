package detect

import (
	"slices"
	"testing"
)

func TestComposeCommands(t *testing.T) {
	data := `x-app: &app
  build: .
  command: ["python", "manage.py", "anchored"]

services:
  flow:
    <<: *app
    command: ["manage.py", "tick", "--every=5"]
  plain:
    command: python3 manage.py relayd --port 7700
  folded:
    command: >
      sh -c "cd site; python3 manage.py sweep
      jobs.py"
  literal:
    command: |
      sh -c "cd site
             python3 manage.py migrate"
  listed:
    command:
      - /bin/bash
      - -c
      - ffun workers --loader
    restart: always
volumes:
  data:
`
	got := map[string][]string{}
	for _, c := range composeCommands(data) {
		got[c.service] = c.words
	}
	want := map[string][]string{
		"flow":    {"manage.py", "tick", "--every=5"},
		"plain":   {"python3", "manage.py", "relayd", "--port", "7700"},
		"folded":  {"sh", "-c", "cd site; python3 manage.py sweep jobs.py"},
		"literal": {"sh", "-c", "cd site\npython3 manage.py migrate"},
		"listed":  {"/bin/bash", "-c", "ffun workers --loader"},
	}
	for s, w := range want {
		if !slices.Equal(got[s], w) {
			t.Errorf("%s: words %q, want %q", s, got[s], w)
		}
	}
	if _, ok := got["x-app"]; ok || len(got) != len(want) {
		t.Errorf("services %v: an anchor's command belongs to no service", got)
	}
}

func TestManageCall(t *testing.T) {
	for _, c := range []struct {
		words  []string
		manage string
		dir    string
		args   []string
		ok     bool
	}{
		{[]string{"manage.py", "tick"}, "manage.py", "", []string{"tick"}, true},
		{[]string{"python3", "src/manage.py", "relayd", "--port", "1"}, "src/manage.py", "", []string{"relayd", "--port", "1"}, true},
		{[]string{"sh", "-c", "cd site; python3 manage.py sweep jobs.py"}, "manage.py", "site", []string{"sweep", "jobs.py"}, true},
		// Several commands: a script, not one process.
		{[]string{"sh", "-c", "cd site\npython3 manage.py migrate\npython3 manage.py runserver"}, "", "", nil, false},
		{[]string{"python", "manage.py", "--help"}, "", "", nil, false},
		{[]string{"gunicorn", "app.wsgi"}, "", "", nil, false},
	} {
		manage, dir, args, ok := manageCall(c.words)
		if ok != c.ok || manage != c.manage || dir != c.dir || !slices.Equal(args, c.args) {
			t.Errorf("manageCall(%q) = %q %q %q %v, want %q %q %q %v", c.words, manage, dir, args, ok, c.manage, c.dir, c.args, c.ok)
		}
	}
}
