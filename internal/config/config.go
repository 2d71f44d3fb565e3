// Package config reads and writes pydock.toml (and reads [tool.pydock] in
// pyproject.toml): the user's choices that differ from detection. Detected
// values are never frozen here, so they can follow the project as it changes.
package config

import (
	"bufio"
	"bytes"
	"errors"
	"fmt"
	"io/fs"
	"strings"

	"github.com/BurntSushi/toml"
	"github.com/pydock/pydock/internal/detect"
	"github.com/pydock/pydock/internal/plan"
)

// FileName is the config file at the project root.
const FileName = "pydock.toml"

// SchemaVersion is the version this pydock writes and reads.
const SchemaVersion = 1

// Config mirrors pydock.toml. Pointers tell "not set" from a zero value.
type Config struct {
	Schema         int       `toml:"schema"`
	PackageManager string    `toml:"package_manager,omitempty"`
	Python         string    `toml:"python,omitempty"`
	App            string    `toml:"app,omitempty"`
	Port           int       `toml:"port,omitzero"`
	Workers        int       `toml:"workers,omitzero"`
	Kind           string    `toml:"kind,omitempty"`    // web or worker
	Package        string    `toml:"package,omitempty"` // workspace member a virtual root builds
	Extras         []string  `toml:"extras,omitempty"`
	Groups         []string  `toml:"groups,omitempty"`
	HealthPath     string    `toml:"health_path,omitempty"`
	BaseImage      string    `toml:"base_image,omitempty"`
	Compose        *bool     `toml:"compose,omitempty"`
	HealthSnippet  *bool     `toml:"health_snippet,omitempty"`
	Services       *[]string `toml:"services,omitempty"`
	Writable       *[]string `toml:"writable,omitempty"`
	// Platforms are the target architectures (amd64, arm64): a package
	// compiles when any of them lacks a wheel.
	Platforms *[]string `toml:"platforms,omitempty"`
	// Pins are image references with the digest `pydock pin` resolved.
	Pins *[]string `toml:"pins,omitempty"`
	// System adds Debian packages detection cannot know about.
	System *System `toml:"system,omitempty"`

	// sources are the file and line of each key set ("port" →
	// "pydock.toml:3"), so messages name the line, not a flag.
	sources map[string]string
}

// System is [system]: Debian packages for the builder and the runtime.
type System struct {
	Build   []string `toml:"build,omitempty"`
	Runtime []string `toml:"runtime,omitempty"`
	// Playwright is the browser a Playwright project installs (chromium).
	Playwright string `toml:"playwright,omitempty"`
}

const knownKeys = "schema, package_manager, python, app, port, workers, kind, health_path, base_image, compose, health_snippet, services, writable, package, extras, groups, platforms, pins, system.build, system.runtime, system.playwright"

// Load reads [tool.pydock] from pyproject.toml and pydock.toml from the
// project; pydock.toml wins where both set a key. Missing files are an
// empty config.
func Load(fsys fs.FS) (*Config, error) {
	var c Config
	// Only a pyproject.toml that has the table is decoded here: detection
	// reads the file anyway, and reports its syntax errors with context.
	if data, err := fs.ReadFile(fsys, "pyproject.toml"); err == nil && bytes.Contains(data, []byte("tool.pydock")) {
		tool, err := parseTool(data)
		if err != nil {
			return nil, err
		}
		c = *tool
	}
	data, err := fs.ReadFile(fsys, FileName)
	if errors.Is(err, fs.ErrNotExist) {
		return &c, nil
	}
	if err != nil {
		return nil, err
	}
	own, err := Parse(data)
	if err != nil {
		return nil, err
	}
	c.merge(own)
	return &c, nil
}

// Parse decodes pydock.toml. BurntSushi/toml's MetaData names every key the
// struct does not know, so a typo is an error, not a silently ignored line.
func Parse(data []byte) (*Config, error) {
	if len(data) > 1<<20 {
		return nil, fmt.Errorf("%s: file is %d bytes; a pydock.toml is a few lines", FileName, len(data))
	}
	if err := detect.CheckText(FileName, data, false); err != nil {
		return nil, err
	}
	var c Config
	md, err := toml.Decode(string(data), &c)
	if err != nil {
		return nil, decodeError(FileName, err)
	}
	if u := md.Undecoded(); len(u) > 0 {
		return nil, fmt.Errorf("%s:%d: unknown key %q; known keys: %s", FileName, keyLine(data, u[0]), u[0].String(), knownKeys)
	}
	if err := c.validate(FileName); err != nil {
		return nil, err
	}
	c.sources = keySources(md, data, FileName)
	return &c, c.checkValues(data, FileName)
}

// parseTool decodes the [tool.pydock] table of pyproject.toml, ignoring
// everything else in the file (other tools own it).
func parseTool(data []byte) (*Config, error) {
	var doc struct {
		Tool struct {
			Pydock Config `toml:"pydock"`
		} `toml:"tool"`
	}
	if err := detect.CheckText("pyproject.toml", data, false); err != nil {
		return nil, err
	}
	md, err := toml.Decode(string(data), &doc)
	if err != nil {
		return nil, decodeError("pyproject.toml", err)
	}
	for _, k := range md.Undecoded() {
		if len(k) >= 3 && k[0] == "tool" && k[1] == "pydock" {
			return nil, fmt.Errorf("pyproject.toml:%d: unknown key %q in [tool.pydock]; known keys: %s", keyLine(data, k), strings.Join(k[2:], "."), knownKeys)
		}
	}
	if err := doc.Tool.Pydock.validate("pyproject.toml [tool.pydock]"); err != nil {
		return nil, err
	}
	doc.Tool.Pydock.sources = keySources(md, data, "pyproject.toml", "tool", "pydock")
	return &doc.Tool.Pydock, doc.Tool.Pydock.checkValues(data, "pyproject.toml", "tool", "pydock")
}

func (c *Config) validate(where string) error {
	if c.Schema > SchemaVersion {
		return fmt.Errorf("%s: schema %d is newer than this pydock understands (%d); upgrade pydock", where, c.Schema, SchemaVersion)
	}
	return nil
}

// checkValues refuses values that cannot be data where they land, naming
// the file and line of the key: the same checks as the flags get in plan.
func (c *Config) checkValues(data []byte, file string, table ...string) error {
	for _, v := range []struct {
		key, value string
		check      func(string) error
	}{
		{"health_path", c.HealthPath, plan.CheckHealthPath},
		{"base_image", c.BaseImage, plan.CheckImageRef},
	} {
		if v.value == "" {
			continue
		}
		if err := v.check(v.value); err != nil {
			key := append(append(toml.Key{}, table...), v.key)
			return fmt.Errorf("%s:%d: %s %q: %w", file, keyLine(data, key), v.key, v.value, err)
		}
	}
	if c.Writable != nil {
		// A writable path reaches a RUN line and compose: it must stay a path.
		for _, w := range *c.Writable {
			if _, err := plan.CheckWritable(w); err != nil {
				return fmt.Errorf("%s:%d: writable %q: %w", file, keyLine(data, append(append(toml.Key{}, table...), "writable")), w, err)
			}
		}
	}
	if c.Platforms != nil {
		for _, p := range *c.Platforms {
			if err := plan.CheckPlatform(p); err != nil {
				return fmt.Errorf("%s:%d: platforms %q: %w", file, keyLine(data, append(append(toml.Key{}, table...), "platforms")), p, err)
			}
		}
	}
	if c.Pins != nil {
		for _, pin := range *c.Pins {
			if err := plan.CheckPin(pin); err != nil {
				return fmt.Errorf("%s:%d: pins %q: %w", file, keyLine(data, append(append(toml.Key{}, table...), "pins")), pin, err)
			}
		}
	}
	if c.System != nil {
		for _, k := range []struct {
			key   string
			names []string
		}{{"build", c.System.Build}, {"runtime", c.System.Runtime}} {
			for _, n := range k.names {
				if err := plan.CheckDebianPackage(n); err != nil {
					return fmt.Errorf("%s:%d: [system] %s %q: %w", file, keyLine(data, append(append(toml.Key{}, table...), "system", k.key)), k.key, n, err)
				}
			}
		}
		if b := c.System.Playwright; b != "" {
			if err := plan.CheckPlaywrightBrowser(b); err != nil {
				return fmt.Errorf("%s:%d: [system] playwright %q: %w", file, keyLine(data, append(append(toml.Key{}, table...), "system", "playwright")), b, err)
			}
		}
	}
	return nil
}

// merge lays o over c: every key o sets wins.
func (c *Config) merge(o *Config) {
	s := plan.Merge(o.Sourced(), c.Sourced())
	schema := max(c.Schema, o.Schema)
	*c = *FromSettings(s)
	c.Schema = schema
	c.sources = s.Sources
}

// Sourced is Settings with the file and line of each value set, for
// messages that name where a value came from.
func (c *Config) Sourced() plan.Settings {
	s := c.Settings()
	s.Sources = c.sources
	return s
}

// keySources maps each key set directly in the table to "file:line".
func keySources(md toml.MetaData, data []byte, file string, table ...string) map[string]string {
	out := map[string]string{}
	for _, k := range md.Keys() {
		if len(k) == len(table)+1 && strings.Join(k[:len(table)], ".") == strings.Join(table, ".") {
			out[k[len(table)]] = fmt.Sprintf("%s:%d", file, keyLine(data, k))
		}
	}
	return out
}

func decodeError(file string, err error) error {
	var pe toml.ParseError
	if errors.As(err, &pe) {
		return fmt.Errorf("%s:%d:%d: %s", file, pe.Position.Line, pe.Position.Col, lowerFirst(pe.Message))
	}
	return fmt.Errorf("%s: %s", file, lowerFirst(err.Error()))
}

// Settings turns the file into the plan's settings layer.
func (c *Config) Settings() plan.Settings {
	return plan.Settings{
		PackageManager: c.PackageManager,
		Python:         c.Python,
		App:            c.App,
		Port:           c.Port,
		Workers:        c.Workers,
		Kind:           c.Kind,
		Package:        c.Package,
		Extras:         c.Extras,
		Groups:         c.Groups,
		HealthPath:     c.HealthPath,
		BaseImage:      c.BaseImage,
		Compose:        c.Compose,
		HealthSnippet:  c.HealthSnippet,
		Services:       c.Services,
		Writable:       c.Writable,
		Platforms:      c.Platforms,
		Pins:           c.Pins,
		SystemBuild:    c.systemField(func(s *System) []string { return s.Build }),
		SystemRuntime:  c.systemField(func(s *System) []string { return s.Runtime }),
		PlaywrightBrowser: func() string {
			if c.System == nil {
				return ""
			}
			return c.System.Playwright
		}(),
	}
}

func (c *Config) systemField(get func(*System) []string) *[]string {
	if c.System == nil || get(c.System) == nil {
		return nil
	}
	v := get(c.System)
	return &v
}

// FromSettings is the config that records s.
func FromSettings(s plan.Settings) *Config {
	return &Config{
		Schema:         SchemaVersion,
		PackageManager: s.PackageManager,
		Python:         s.Python,
		App:            s.App,
		Port:           s.Port,
		Workers:        s.Workers,
		Kind:           s.Kind,
		Package:        s.Package,
		Extras:         s.Extras,
		Groups:         s.Groups,
		HealthPath:     s.HealthPath,
		BaseImage:      s.BaseImage,
		Compose:        s.Compose,
		HealthSnippet:  s.HealthSnippet,
		Services:       s.Services,
		Writable:       s.Writable,
		Platforms:      s.Platforms,
		Pins:           s.Pins,
		System:         systemOf(s),
	}
}

func systemOf(s plan.Settings) *System {
	if s.SystemBuild == nil && s.SystemRuntime == nil && s.PlaywrightBrowser == "" {
		return nil
	}
	out := &System{Playwright: s.PlaywrightBrowser}
	if s.SystemBuild != nil {
		out.Build = *s.SystemBuild
	}
	if s.SystemRuntime != nil {
		out.Runtime = *s.SystemRuntime
	}
	return out
}

// Encode renders pydock.toml with a comment saying what it is for.
func (c *Config) Encode() ([]byte, error) {
	var b bytes.Buffer
	b.WriteString(`# pydock.toml: the choices that differ from what pydock detects.
# Detected values are not written here, so they keep following the project
# (its lock file, requires-python, the app it finds). Keys: ` + knownKeys + `.
# Precedence: command-line flag > this file > detection > default.
`)
	out := *c
	out.Schema = SchemaVersion
	if err := toml.NewEncoder(&b).Encode(out); err != nil {
		return nil, err
	}
	return b.Bytes(), nil
}

// keyLine finds the line a key is written on: its last component at the
// start of a line, inside the table its other components name.
func keyLine(data []byte, key toml.Key) int {
	table := strings.Join(key[:len(key)-1], ".")
	last := key[len(key)-1]
	cur := ""
	sc := bufio.NewScanner(bytes.NewReader(data))
	for n := 1; sc.Scan(); n++ {
		l := strings.TrimSpace(sc.Text())
		if strings.HasPrefix(l, "[") {
			cur = strings.Trim(l, "[] ")
			if cur == strings.Join(key, ".") {
				return n
			}
			continue
		}
		k, _, ok := strings.Cut(l, "=")
		if ok && cur == table && strings.Trim(strings.TrimSpace(k), `"'`) == last {
			return n
		}
	}
	return 0
}

func lowerFirst(s string) string {
	if s == "" {
		return s
	}
	return strings.ToLower(s[:1]) + s[1:]
}
