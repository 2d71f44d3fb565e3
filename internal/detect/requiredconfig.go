package detect

import (
	"io/fs"
	"path"
	"regexp"
	"slices"
	"strings"
)

// RequiredConfig is a configuration file the app cannot start without that
// an install step writes outside the repository: a function of the app's
// code reads its path from a variable (APP_CONFIG), else looks in fixed
// places (~/.app.conf, /etc/app.conf), and raises when none has it.
type RequiredConfig struct {
	Env    string   `json:"env"`    // APP_CONFIG
	Name   string   `json:"name"`   // app.conf
	Paths  []string `json:"paths"`  // ~/.app.conf, /etc/app.conf, as the code spells them
	Source Source   `json:"source"` // the variable's read
}

// configPlaceRe is a fixed place of a configuration file: the home's or
// the system's.
var configPlaceRe = regexp.MustCompile(`["']((?:~/|/etc/|/usr/local/etc/)(?:[\w.-]+/)*([\w.-]+\.(?:conf|cfg|ini|ya?ml|toml|json)))["']`)

// findRequiredConfigs reads the app's code (tests, scripts and docs aside)
// for functions that read a configuration file's path from a variable
// named for it (configVarRe), name the fixed places they look in when it
// is unset, and raise: the app needs that file before it can start, and
// the repository cannot give it.
func findRequiredConfigs(fsys fs.FS, roots []string) []RequiredConfig {
	var out []RequiredConfig
	_ = walkPython(fsys, roots, func(file, _ string, data []byte) {
		if isTestFile(file) || notAppCode(file) || !configVarRe.Match(data) {
			return
		}
		lines := pyLines(data)
		for i, l := range lines {
			if !defRe.MatchString(l.text) {
				continue
			}
			var env string
			var at Source
			var places []string
			raises := false
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
				if strings.HasPrefix(b.text, "raise ") {
					raises = true
				}
			}
			if env == "" || len(places) == 0 || !raises || slices.ContainsFunc(out, func(r RequiredConfig) bool { return r.Env == env }) {
				continue
			}
			out = append(out, RequiredConfig{Env: env, Name: strings.TrimPrefix(path.Base(places[0]), "."), Paths: places, Source: at})
		}
	})
	return out
}
