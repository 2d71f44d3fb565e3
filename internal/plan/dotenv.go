package plan

import (
	"fmt"
	"slices"
	"strings"

	"github.com/pydock/pydock/internal/detect"
)

// chooseDotenv handles settings that load a committed dotenv file at
// import: .dockerignore keeps the file out of the image (DI002), so the
// app would start without its settings. pydock says so and lists the keys
// in .env.example, which compose passes to the app through .env (names
// only: the values are the user's secrets).
func (p *Plan) chooseDotenv(f *detect.Facts) {
	for _, d := range f.Dotenv {
		if excludingPattern(ignoreSecrets.Patterns, d.File) == "" {
			continue // it ships with the source: nothing is missing
		}
		for _, k := range d.Keys {
			if !slices.Contains(p.DotenvKeys, k) {
				p.DotenvKeys = append(p.DotenvKeys, k)
			}
		}
		p.Warnings = append(p.Warnings, fmt.Sprintf("%s loads %s at import, but .dockerignore keeps it out of the image (secrets): the container must get its settings from the environment; .env.example lists the keys (%s), and compose passes .env to the app", d.Source, d.File, strings.Join(d.Keys, ", ")))
	}
}
