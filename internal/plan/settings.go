package plan

// Settings are the values a person can give instead of detection: flags,
// wizard answers and pydock.toml all produce one. The zero value of a field
// means "not given".
type Settings struct {
	PackageManager string
	Python         string
	App            string // module:attr, or a whole command line
	Port           int
	Workers        int
	Kind           string // web or worker
	Package        string // the workspace member a virtual root builds
	// Extras and Groups add optional dependency sets (--extra, --group).
	Extras, Groups []string
	HealthPath     string
	BaseImage      string
	Compose        *bool
	HealthSnippet  *bool
	// Services replaces the detected compose backing services (kinds:
	// postgres, mysql, redis); an empty list means none.
	Services *[]string
	// Writable lists directories the app writes at run time, besides the
	// ones detection finds (pydock.toml's writable).
	Writable *[]string
	// Platforms are the target architectures (nil: amd64 and arm64).
	Platforms *[]string
	// SystemBuild and SystemRuntime are Debian packages added to the
	// builder and the runtime stage (pydock.toml [system]).
	SystemBuild   *[]string
	SystemRuntime *[]string
	// PlaywrightBrowser is the browser Playwright installs ("" chromium).
	PlaywrightBrowser string
	// Pins are image references pinned to a digest ("python:3.13-slim-trixie@sha256:…"),
	// written by `pydock pin`: an image the plan uses with that tag gets the digest.
	Pins *[]string
	// Sources say where values came from when not a flag, by pydock.toml
	// key: "port" → "pydock.toml:3", for messages that name them.
	Sources map[string]string
}

// Merge applies the precedence flag > wizard answer > pydock.toml: pass the
// layers in that order and the first one that sets a field wins. Detection
// and defaults come after all of them, in Build.
func Merge(layers ...Settings) Settings {
	var out Settings
	for i := len(layers) - 1; i >= 0; i-- {
		l := layers[i]
		set(&out.PackageManager, l.PackageManager)
		set(&out.Python, l.Python)
		set(&out.App, l.App)
		set(&out.Port, l.Port)
		set(&out.Workers, l.Workers)
		set(&out.Kind, l.Kind)
		set(&out.Package, l.Package)
		if l.Extras != nil {
			out.Extras = l.Extras
		}
		if l.Groups != nil {
			out.Groups = l.Groups
		}
		set(&out.HealthPath, l.HealthPath)
		set(&out.BaseImage, l.BaseImage)
		if l.Compose != nil {
			out.Compose = l.Compose
		}
		if l.HealthSnippet != nil {
			out.HealthSnippet = l.HealthSnippet
		}
		if l.Services != nil {
			out.Services = l.Services
		}
		if l.Writable != nil {
			out.Writable = l.Writable
		}
		if l.Platforms != nil {
			out.Platforms = l.Platforms
		}
		if l.Pins != nil {
			out.Pins = l.Pins
		}
		if l.SystemBuild != nil {
			out.SystemBuild = l.SystemBuild
		}
		if l.SystemRuntime != nil {
			out.SystemRuntime = l.SystemRuntime
		}
		set(&out.PlaywrightBrowser, l.PlaywrightBrowser)
	}
	out.Sources = mergeSources(layers)
	return out
}

func set[T comparable](dst *T, v T) {
	var zero T
	if v != zero {
		*dst = v
	}
}
