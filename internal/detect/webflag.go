package detect

// A program that serves only in the mode its own option turns on (glances
// draws a terminal UI unless -w/--webserver): the option is a store_true
// flag, off by default, whose help says it runs the web server. Started
// without it in a container, the terminal UI exits at once.

import (
	"fmt"
	"io/fs"
	"regexp"
	"strings"
)

var (
	// add_argument("-w", "--webserver", …) or click's option(…): the
	// long names that mean the web server mode.
	webModeOptionRe = regexp.MustCompile(`\b(?:add_argument|option)\s*\(\s*(?:["'](-[A-Za-z])["']\s*,\s*)?["'](--(?:webserver|web-server|web|webui|web-ui|http-server|serve-web))["'](.*)$`)
	offFlagRe       = regexp.MustCompile(`\baction\s*=\s*["']store_true["']|\bis_flag\s*=\s*True`)
	webHelpRe       = regexp.MustCompile(`(?i)\bhelp\s*=\s*f?["'][^"']*\bweb\b[^"']*\bserv`)
	// web_server_port = 61208, a class's or module's default for it.
	webPortRe = regexp.MustCompile(`^(?:self\.)?_*\w*web\w*_port\s*(?::[^=]*)?=\s*(\d{2,5})$`)
)

// WebModeFlag is the option that turns a program's web server on.
type WebModeFlag struct {
	Flag     string `json:"flag"`
	Source   Source `json:"source"`
	Port     int    `json:"port,omitempty"`
	PortFrom Source `json:"port_source,omitzero"`
}

// findWebModeFlag finds the one such option under the roots (nil for none
// or several), with the web port its file defaults to.
func findWebModeFlag(fsys fs.FS, roots []string) *WebModeFlag {
	var found []*WebModeFlag
	_ = walkPython(fsys, roots, func(file, _ string, data []byte) {
		if !strings.Contains(string(data), "--web") && !strings.Contains(string(data), "--http-server") && !strings.Contains(string(data), "--serve-web") {
			return
		}
		lines := pyLines(data)
		for _, l := range lines {
			m := webModeOptionRe.FindStringSubmatch(l.text)
			if m == nil || !offFlagRe.MatchString(m[3]) || !webHelpRe.MatchString(m[3]) {
				continue
			}
			flag := m[1]
			if flag == "" {
				flag = m[2]
			}
			w := &WebModeFlag{Flag: flag, Source: Source{File: file, Line: l.line}}
			for _, p := range lines {
				if pm := webPortRe.FindStringSubmatch(p.text); pm != nil {
					fmt.Sscan(pm[1], &w.Port)
					w.PortFrom = Source{File: file, Line: p.line}
					break
				}
			}
			found = append(found, w)
		}
	})
	if len(found) != 1 {
		return nil
	}
	return found[0]
}

// Why says what the option is, for detect's output.
func (w *WebModeFlag) Why() string {
	return fmt.Sprintf("it serves only in the mode its option %s turns on (%s: a flag, off by default, that runs the web server)", w.Flag, w.Source)
}
