package plan

import (
	_ "embed"
	"fmt"
	"slices"

	"github.com/BurntSushi/toml"

	"github.com/pydock/pydock/internal/detect"
)

//go:embed machineid.toml
var machineIDData string

// machineIDRow is one package of machineid.toml: a reader of the host's
// machine id.
type machineIDRow struct {
	Name   string   `toml:"name"`
	Reads  []string `toml:"reads"`
	Source string   `toml:"source"`
}

// machineIDFile is the file the image provides, and what it links to.
const (
	machineIDFile = "/etc/machine-id"
	machineIDLink = "/etc/hostname"
)

var machineIDTable = func() map[string]machineIDRow {
	t, err := parseMachineIDTable(machineIDData)
	if err != nil {
		panic("machineid.toml: " + err.Error())
	}
	return t
}()

func parseMachineIDTable(data string) (map[string]machineIDRow, error) {
	var t struct{ Package []machineIDRow }
	if _, err := toml.Decode(data, &t); err != nil {
		return nil, err
	}
	out := map[string]machineIDRow{}
	for _, r := range t.Package {
		switch {
		case r.Name == "" || detect.NormalizeName(r.Name) != r.Name:
			return nil, fmt.Errorf("%q: not a PEP 503 name", r.Name)
		case !slices.Contains(r.Reads, machineIDFile):
			return nil, fmt.Errorf("%s: reads no %s, which is what the image provides", r.Name, machineIDFile)
		case r.Source == "":
			return nil, fmt.Errorf("%s: no source", r.Name)
		}
		if _, dup := out[r.Name]; dup {
			return nil, fmt.Errorf("%s: twice", r.Name)
		}
		out[r.Name] = r
	}
	return out, nil
}

// chooseMachineID gives the image a machine id when a dependency reads
// one. Linked to the hostname the runtime writes per container, rather
// than a random id written at build, which every container of the image,
// on every host, would share (and which would change the image at each
// build); nor written at start, which needs a script in front of the
// server, PID 1, and a file the app user may write outside its volumes.
func (p *Plan) chooseMachineID(f *detect.Facts) {
	for _, d := range f.Dependencies {
		if _, ok := machineIDTable[d.Name]; !ok {
			continue
		}
		p.MachineID = d.Name
		p.decide("machine id", machineIDFile+" → "+machineIDLink,
			fmt.Sprintf("%s reads the host's id from %s (%s), which the slim image lacks: each container's hostname stands in", d.Name, machineIDFile, d.Source))
		return
	}
}
