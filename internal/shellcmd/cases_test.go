package shellcmd

import (
	"slices"
	"testing"
)

func TestCaseBranches(t *testing.T) {
	src := `#!/bin/bash
run() {
  echo starting
  exec ./manage.py rq scheduler
}
case "$1" in
  scheduler)
    shift
    run
    ;;
  worker|w)
    exec rq worker
    ;;
esac
case "$2" in
  other) exec nope ;;
esac
`
	bs, err := CaseBranches(src)
	if err != nil {
		t.Fatal(err)
	}
	if len(bs) != 2 {
		t.Fatalf("want the two arms of the case on $1, got %d", len(bs))
	}
	if !slices.Equal(bs[0].Patterns, []string{"scheduler"}) || bs[0].Line != 7 {
		t.Errorf("first arm: %v at %d", bs[0].Patterns, bs[0].Line)
	}
	var last []string
	for _, c := range bs[0].Commands {
		last = c.Values()
	}
	if !slices.Equal(last, []string{"exec", "./manage.py", "rq", "scheduler"}) {
		t.Errorf("the function's body replaces its call: last command %q", last)
	}
	if !slices.Equal(bs[1].Patterns, []string{"worker", "w"}) || bs[1].Commands[0].Line() != 12 {
		t.Errorf("second arm: %v, command at %d", bs[1].Patterns, bs[1].Commands[0].Line())
	}
}
