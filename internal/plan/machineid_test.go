package plan

import (
	"strings"
	"testing"

	"github.com/pydock/pydock/internal/detect"
)

func TestMachineIDTable(t *testing.T) {
	if _, ok := machineIDTable["py-machineid"]; !ok {
		t.Fatal("machineid.toml lost py-machineid")
	}
	for _, c := range []struct{ row, want string }{
		{`name = "Py_MachineID"` + "\nreads = [\"/etc/machine-id\"]\nsource = \"x\"", "not a PEP 503 name"},
		{`name = "idlib"` + "\nreads = [\"/var/lib/dbus/machine-id\"]\nsource = \"x\"", "reads no /etc/machine-id"},
		{`name = "idlib"` + "\nreads = [\"/etc/machine-id\"]", "no source"},
	} {
		_, err := parseMachineIDTable("[[package]]\n" + c.row + "\n")
		if err == nil || !strings.Contains(err.Error(), c.want) {
			t.Errorf("%s: got %v, want %q", c.row, err, c.want)
		}
	}
	_, err := parseMachineIDTable(strings.Repeat("[[package]]\nname = \"idlib\"\nreads = [\"/etc/machine-id\"]\nsource = \"x\"\n", 2))
	if err == nil || !strings.Contains(err.Error(), "twice") {
		t.Errorf("a row twice: got %v", err)
	}
}

func TestChooseMachineIDTransitive(t *testing.T) {
	// A package only the lock names still reads the id when the app runs.
	f := &detect.Facts{Dependencies: []detect.Dependency{
		{Name: "flask"},
		{Name: "py-machineid", Transitive: true, Source: detect.Source{File: "uv.lock", Line: 40}},
	}}
	p := &Plan{}
	p.chooseMachineID(f)
	if p.MachineID != "py-machineid" {
		t.Fatalf("MachineID = %q", p.MachineID)
	}
	if len(p.Decisions) != 1 || !strings.Contains(p.Decisions[0].Why, "uv.lock:40") {
		t.Errorf("decision = %+v", p.Decisions)
	}
}
