package plan

import (
	_ "embed"
	"strings"

	"github.com/BurntSushi/toml"

	"github.com/pydock/pydock/internal/detect"
)

//go:embed dbimages.toml
var dbImagesTOML string

// dbImageRow is one row of dbimages.toml: the image whose server has the
// extension one of the packages needs.
type dbImageRow struct {
	Service   string   `toml:"service"`
	Packages  []string `toml:"packages"`
	Extension string   `toml:"extension"`
	// DjangoGIS: the row applies to GeoDjango settings too.
	DjangoGIS bool   `toml:"django_gis"`
	Image     string `toml:"image"`
	Source    string `toml:"source"`
}

var dbImageRows = func() []dbImageRow {
	var t struct{ Row []dbImageRow }
	if _, err := toml.Decode(dbImagesTOML, &t); err != nil {
		panic("dbimages.toml: " + err.Error())
	}
	return t.Row
}()

// extensionImages gives a database service the image whose server has the
// extension an installed package needs (dbimages.toml), saying why.
func extensionImages(f *detect.Facts, svcs []Service) {
	for i := range svcs {
		s := &svcs[i]
	rows:
		for _, r := range dbImageRows {
			if r.Service != s.Kind {
				continue
			}
			var by []string
			for _, p := range r.Packages {
				if f.IsInstalled(p) {
					by = append(by, p+" is installed")
				}
			}
			if r.DjangoGIS && f.Django != nil && f.Django.GIS != nil {
				by = append(by, "the settings use GeoDjango ("+f.Django.GIS.String()+")")
			}
			if len(by) > 0 {
				s.Image = r.Image
				s.Because += "; " + strings.Join(by, ", ") + ": its " + r.Extension + " needs the extension in the server, which this image has (dbimages.toml)"
				break rows
			}
		}
	}
}
