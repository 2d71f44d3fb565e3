package detect

import (
	_ "embed"
	"strings"

	"github.com/pelletier/go-toml/v2"
)

//go:embed backends.toml
var backendsTOML []byte

// backendRow is a row of backends.toml: a backend module (a prefix) and
// the family whose configuration it reads.
type backendRow struct{ Module, Family, Source string }

var backendRows = func() []backendRow {
	var t struct{ Backend []backendRow }
	if err := toml.Unmarshal(backendsTOML, &t); err != nil {
		panic("backends.toml: " + err.Error())
	}
	for _, r := range t.Backend {
		if r.Module == "" || r.Family == "" || r.Source == "" {
			panic("backends.toml: bad row " + r.Module)
		}
	}
	return t.Backend
}()

// backendFamily names the family of a [build-system].build-backend
// ("poetry", "hatch", "pdm", "setuptools"), "" for one pydock does not know.
func backendFamily(backend string) string {
	for _, r := range backendRows {
		if strings.HasPrefix(backend, r.Module) {
			return r.Family
		}
	}
	return ""
}
