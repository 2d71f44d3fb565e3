package plan

import (
	"fmt"
	"slices"
	"strings"

	"github.com/pydock/pydock/internal/detect"
)

// modeFlags are boolean variables named for the mode the app runs in, with
// the value an image that serves needs. A required one with no other
// evidence gets it in .env.example: "false" by habit would start a
// production image in development mode (mealie's PRODUCTION=false serves
// no frontend and keeps its data in site-packages, mealie/app.py:140,
// mealie/core/config.py:30). Sources: Django's DEBUG ("never deploy a site
// into production with DEBUG turned on",
// https://docs.djangoproject.com/en/stable/ref/settings/#debug); Flask's
// TESTING and DEBUG (https://flask.palletsprojects.com/en/stable/config/);
// the production switches as their names say, on in the image.
var modeFlags = []struct{ Name, Value string }{
	{"PRODUCTION", "true"},
	{"IS_PRODUCTION", "true"},
	{"PRODUCTION_MODE", "true"},
	{"PROD", "true"},
	{"IS_PROD", "true"},
	{"DEBUG", "false"},
	{"TESTING", "false"},
	{"DEVELOPMENT", "false"},
	{"DEV_MODE", "false"},
}

// boolValue reads a Python or shell spelling of a boolean.
func boolValue(s string) (string, bool) {
	switch strings.ToLower(strings.Trim(strings.TrimSpace(s), `"'`)) {
	case "true", "1", "yes", "on":
		return "true", true
	case "false", "0", "no", "off":
		return "false", true
	}
	return "", false
}

// modeSwitchValue is the value a required boolean gets in .env.example
// when the project says which one its image runs with: the authors' own
// image's ENV, else (for a mode flag, over a development dotenv's value)
// the default another read of it in the code falls
// back to, else a mode flag's production side. why says which; "" when
// none applies (the habitual "false" stands).
func modeSwitchValue(u detect.EnvUse, committed string, authors []detect.AuthorsEnv) (value, why string) {
	for _, a := range authors {
		if a.Name == u.Name {
			if v, ok := boolValue(a.Value); ok {
				return v, fmt.Sprintf("%s=%s: the authors' image sets it (%s)", u.Name, v, a.Source)
			}
		}
	}
	flag := slices.ContainsFunc(modeFlags, func(m struct{ Name, Value string }) bool {
		return m.Name == u.Name || strings.HasSuffix(u.Name, "_"+m.Name)
	})
	if _, ok := boolValue(committed); ok && !flag {
		return "", "" // the authors' committed dotenv value stands
	}
	if v, ok := boolValue(u.Default); ok {
		return v, fmt.Sprintf("%s=%s: the default %s falls back to", u.Name, v, u.DefaultFrom)
	}
	for _, m := range modeFlags {
		if m.Name == u.Name || strings.HasSuffix(u.Name, "_"+m.Name) {
			return m.Value, fmt.Sprintf("%s=%s: the image runs in production mode", u.Name, m.Value)
		}
	}
	return "", ""
}
