package shellcmd

import (
	"reflect"
	"testing"
)

func TestUntakenBranches(t *testing.T) {
	for _, tc := range []struct {
		name, src string
		want      []Untaken
	}{
		{"else is the default", "if [ \"$DEMO\" = \"true\" ]; then\n  a\nelif [[ $SSO == true ]]; then\n  b\nelse\n  c\nfi\n",
			[]Untaken{{2, 2, `[ "$DEMO" = "true" ]`}, {4, 4, `[[ $SSO == true ]]`}}},
		{"a test true when unset takes the then", "if [ -z \"$FULL\" ]; then\n  a\nelse\n  b\nfi\n",
			[]Untaken{{3, 5, `not [ -z "$FULL" ]`}}},
		{"a default value counts", "if [ \"${MODE:-web}\" = web ]; then\n  a\nelse\n  b\nfi\n",
			[]Untaken{{3, 5, `not [ "${MODE:-web}" = web ]`}}},
		{"nested in the taken branch", "if [ -n \"$X\" ]; then\n  a\nelse\n  if test \"$Y\"; then\n    b\n  fi\n  c\nfi\n",
			[]Untaken{{2, 2, `[ -n "$X" ]`}, {5, 5, `test "$Y"`}}},
		{"an argument test is not decided", "if [ \"$1\" = worker ]; then\n  a\nelse\n  b\nfi\n", nil},
		{"a variable the script sets is not decided", "MODE=web\nif [ \"$MODE\" = api ]; then\n  a\nelse\n  b\nfi\n", nil},
		{"a command's own variable is not the script's", "if [ \"$SSO\" = true ]; then\n  SSO=true a\nelse\n  b\nfi\n",
			[]Untaken{{2, 2, `[ "$SSO" = true ]`}}},
		{"a file test is not decided", "if [ -f /x ]; then\n  a\nelse\n  b\nfi\n", nil},
		{"a sourced file may set anything", ". ./env\nif [ \"$A\" = 1 ]; then\n  a\nfi\n", nil},
		{"and of an unknown and a false", "if [ -f /x ] && [ \"$A\" = 1 ]; then\n  a\nfi\n",
			[]Untaken{{2, 2, `[ -f /x ] && [ "$A" = 1 ]`}}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			got, err := UntakenBranches(tc.src)
			if err != nil {
				t.Fatal(err)
			}
			if !reflect.DeepEqual(got, tc.want) {
				t.Errorf("got %+v, want %+v", got, tc.want)
			}
		})
	}
}
