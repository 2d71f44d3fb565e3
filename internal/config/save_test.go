package config

import (
	"testing"

	"github.com/pydock/pydock/internal/plan"
)

func TestEditInPlace(t *testing.T) {
	port, services := 8080, []string{"redis"}
	off := false
	cases := []struct {
		name, table, in, want string
		from, to              plan.Settings
	}{{
		name:  "add after last key, comments and other tables kept",
		table: ToolTable,
		in:    "[project]\nname = \"x\"\n\n[tool.pydock]\n# why\nworkers = 2\n\n[tool.ruff]\nline-length = 1\n",
		from:  plan.Settings{Workers: 2},
		to:    plan.Settings{Workers: 2, Port: port},
		want:  "[project]\nname = \"x\"\n\n[tool.pydock]\n# why\nworkers = 2\nport = 8080\n\n[tool.ruff]\nline-length = 1\n",
	}, {
		name:  "replace a multi-line array, remove a key, CRLF kept",
		table: "",
		in:    "schema = 1\r\nport = 9000 # mine\r\nservices = [\r\n  \"postgres\",\r\n]\r\n",
		from:  plan.Settings{Port: 9000, Services: &[]string{"postgres"}},
		to:    plan.Settings{Services: &services, Compose: &off},
		want:  "schema = 1\r\nservices = [\"redis\"]\r\ncompose = false\r\n",
	}, {
		name:  "table at the end without a final newline",
		table: ToolTable,
		in:    "[tool.pydock]\nport = 1",
		from:  plan.Settings{Port: 1},
		to:    plan.Settings{Port: 1, Workers: 3},
		want:  "[tool.pydock]\nport = 1\nworkers = 3\n",
	}}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			got, err := Edit([]byte(c.in), c.table, c.from, c.to)
			if err != nil {
				t.Fatal(err)
			}
			if string(got) != c.want {
				t.Errorf("got\n%q\nwant\n%q", got, c.want)
			}
		})
	}
	if _, err := Edit([]byte("[tool.other]\n"), ToolTable, plan.Settings{}, plan.Settings{Port: 1}); err == nil {
		t.Error("no [tool.pydock] table: want an error")
	}
}
