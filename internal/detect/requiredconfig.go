package detect

import (
	"io/fs"
	"path"
	"regexp"
	"slices"
	"strings"
)

// RequiredConfig is a configuration file the app cannot start without that
// the user or an install step writes outside the repository: a function of
// the app's code reads its path from a variable (APP_CONFIG) or looks in
// fixed places (~/.app.conf, /etc/app.conf), and raises when none has it.
type RequiredConfig struct {
	Env    string   `json:"env,omitempty"` // APP_CONFIG, "" when no variable moves it
	Name   string   `json:"name"`          // app.conf
	Paths  []string `json:"paths"`         // ~/.app.conf, /etc/app.conf, as the code spells them
	Source Source   `json:"source"`        // the variable's read, else the raise
}

var (
	// configPlaceRe is a fixed place of a configuration file: the home's
	// or the system's.
	configPlaceRe = regexp.MustCompile(`["']((?:~/|/etc/|/usr/local/etc/)(?:[\w.-]+/)*([\w.-]+\.(?:conf|cfg|ini|ya?ml|toml|json)))["']`)
	// CONFIG_FILENAME = "app.yml": a configuration file's name as a
	// constant of the module or a class, joined onto folders it lists.
	configNameConstRe = regexp.MustCompile(`(?m)^\s*([A-Z_]*(?:FILE|NAME)[A-Z_]*)\s*=\s*["']([\w-]+\.(?:conf|cfg|ini|ya?ml|toml|json))["']`)
	// A folder of the home or the system as a literal: "~/.config/app/".
	configDirRe = regexp.MustCompile(`["']((?:~/|/etc/)(?:[\w.-]+/)*)["']`)
	// An existence check anywhere in a line: the code looks before it
	// reads (guardedopen.go's existsCheckRe wants it as an if).
	existsCallRe = regexp.MustCompile(`\b(?:exists|isfile|is_file)\(`)
)

// findRequiredConfigs reads the app's code (tests, scripts and docs aside)
// for functions that look for a configuration file (its path from a
// variable named for it, configVarRe, or an existence check) in fixed
// places and raise when it is not there: the app needs that file before
// it can start, and the repository cannot give it.
func findRequiredConfigs(fsys fs.FS, roots []string) []RequiredConfig {
	var out []RequiredConfig
	_ = walkPython(fsys, roots, func(file, _ string, data []byte) {
		if isTestFile(file) || notAppCode(file) {
			return
		}
		hasVar := configVarRe.Match(data)
		consts := configNameConstRe.FindAllSubmatch(data, -1)
		if !hasVar && len(consts) == 0 {
			return
		}
		var dirs []string
		for _, m := range configDirRe.FindAllSubmatch(data, -1) {
			dirs = append(dirs, string(m[1]))
		}
		lines := pyLines(data)
		for i, l := range lines {
			if !defRe.MatchString(l.text) {
				continue
			}
			var env string
			var at, raisedAt Source
			var places []string
			raises, checks := false, false
			for _, b := range lines[i+1:] {
				if b.indent <= l.indent {
					break
				}
				if m := configVarRe.FindStringSubmatch(b.text); m != nil && env == "" {
					env, at = m[1], Source{File: file, Line: b.line}
				}
				for _, m := range configPlaceRe.FindAllStringSubmatch(b.text, -1) {
					if !slices.Contains(places, m[1]) {
						places = append(places, m[1])
					}
				}
				// A name constant the body uses, joined onto the file's
				// folders (cls.CONFIG_FILENAME in CONFIG_DIRS).
				for _, c := range consts {
					if regexp.MustCompile(`\b` + string(c[1]) + `\b`).MatchString(b.text) {
						for _, d := range dirs {
							if p := d + string(c[2]); !slices.Contains(places, p) {
								places = append(places, p)
							}
						}
					}
				}
				checks = checks || existsCallRe.MatchString(b.text)
				if strings.HasPrefix(b.text, "raise ") && !raises {
					raises, raisedAt = true, Source{File: file, Line: b.line}
				}
			}
			if len(places) == 0 || !raises || (env == "" && !checks) {
				continue
			}
			if env == "" {
				at = raisedAt
			}
			name := strings.TrimPrefix(path.Base(places[0]), ".")
			if slices.ContainsFunc(out, func(r RequiredConfig) bool { return r.Name == name || env != "" && r.Env == env }) {
				continue
			}
			out = append(out, RequiredConfig{Env: env, Name: name, Paths: places, Source: at})
		}
	})
	return out
}
