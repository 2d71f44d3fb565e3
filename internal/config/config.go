// Package config reads pydock.toml, the user's choices that differ from
// detection. Detected values are never frozen here, so they can follow the
// project as it changes.
package config

import (
	"bufio"
	"bytes"
	"errors"
	"fmt"
	"io/fs"
	"strings"

	"github.com/BurntSushi/toml"
	"github.com/pydock/pydock/internal/plan"
)

// FileName is the config file at the project root.
const FileName = "pydock.toml"

// SchemaVersion is the version this pydock writes and reads.
const SchemaVersion = 1

// Config mirrors pydock.toml. Pointers tell "not set" from a zero value.
type Config struct {
	Schema         int    `toml:"schema"`
	PackageManager string `toml:"package_manager"`
	Python         string `toml:"python"`
	App            string `toml:"app"`
	Port           int    `toml:"port"`
	Workers        int    `toml:"workers"`
	HealthPath     string `toml:"health_path"`
	BaseImage      string `toml:"base_image"`
	Compose        *bool  `toml:"compose"`
	HealthSnippet  *bool  `toml:"health_snippet"`
}

// Load reads pydock.toml from the project; a missing file is an empty config.
func Load(fsys fs.FS) (*Config, error) {
	data, err := fs.ReadFile(fsys, FileName)
	if errors.Is(err, fs.ErrNotExist) {
		return &Config{}, nil
	}
	if err != nil {
		return nil, err
	}
	return Parse(data)
}

// Parse decodes pydock.toml. BurntSushi/toml's MetaData names every key the
// struct does not know, so a typo is an error, not a silently ignored line.
func Parse(data []byte) (*Config, error) {
	if len(data) > 1<<20 {
		return nil, fmt.Errorf("%s: file is %d bytes; a pydock.toml is a few lines", FileName, len(data))
	}
	var c Config
	md, err := toml.Decode(string(data), &c)
	if err != nil {
		var pe toml.ParseError
		if errors.As(err, &pe) {
			return nil, fmt.Errorf("%s:%d:%d: %s", FileName, pe.Position.Line, pe.Position.Col, lowerFirst(pe.Message))
		}
		return nil, fmt.Errorf("%s: %s", FileName, lowerFirst(err.Error()))
	}
	if u := md.Undecoded(); len(u) > 0 {
		key := u[0].String()
		return nil, fmt.Errorf("%s:%d: unknown key %q; known keys: schema, package_manager, python, app, port, workers, health_path, base_image, compose, health_snippet",
			FileName, keyLine(data, u[0]), key)
	}
	if c.Schema > SchemaVersion {
		return nil, fmt.Errorf("%s: schema %d is newer than this pydock understands (%d); upgrade pydock", FileName, c.Schema, SchemaVersion)
	}
	return &c, nil
}

// Settings turns the file into the plan's settings layer.
func (c *Config) Settings() plan.Settings {
	return plan.Settings{
		PackageManager: c.PackageManager,
		Python:         c.Python,
		App:            c.App,
		Port:           c.Port,
		Workers:        c.Workers,
		HealthPath:     c.HealthPath,
		BaseImage:      c.BaseImage,
		Compose:        c.Compose,
		HealthSnippet:  c.HealthSnippet,
	}
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
