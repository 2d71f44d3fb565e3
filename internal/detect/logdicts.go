package detect

import (
	"regexp"
	"strings"
)

var (
	// dictConfig(x): the argument, up to its closing bracket.
	dictConfigCallRe = regexp.MustCompile(`\bdictConfig\s*\(\s*([^()]*(?:\([^()]*\))?[^()]*)\)`)
	// config["LOG_CONF"], config.get("LOG_CONF"): the key a config mapping
	// holds the dict under.
	dictConfigKeyRe = regexp.MustCompile(`config\s*(?:\[\s*["'](\w+)["']\s*\]|\.get\s*\(\s*["'](\w+)["'])`)
)

// dictConfigNames are the names whose dict the project's code hands to
// logging's dictConfig: a name (dictConfig(LOG_SETTINGS),
// settings.LOG_SETTINGS) or a config key (app.config["LOG_DEFAULT_CONF"],
// which Flask fills from a config class's attribute of that name). Such a
// dict's handlers open their files when it is handed over. Read once.
func (s *startScanner) dictConfigNames() map[string]bool {
	if s.dictNames != nil {
		return s.dictNames
	}
	s.dictNames = map[string]bool{}
	_ = walkPython(s.fsys, s.roots, func(file, _ string, data []byte) {
		if isTestFile(file) || !strings.Contains(string(data), "dictConfig(") {
			return
		}
		for _, m := range dictConfigCallRe.FindAllStringSubmatch(string(data), -1) {
			arg := strings.TrimSpace(m[1])
			if k := dictConfigKeyRe.FindStringSubmatch(arg); k != nil {
				s.dictNames[k[1]+k[2]] = true
			} else if identRe.MatchString(arg) && identRe.FindString(arg) == arg {
				s.dictNames[arg[strings.LastIndex(arg, ".")+1:]] = true
			}
		}
	})
	return s.dictNames
}

// handedToDictConfig reports whether a line assigns a dict the code hands
// to dictConfig by its name.
func (s *startScanner) handedToDictConfig(text string) bool {
	m := startAssignRe.FindStringSubmatch(text)
	return m != nil && strings.HasPrefix(strings.TrimSpace(m[2]), "{") && filenameKeyRe.MatchString(text) && s.dictConfigNames()[m[1]]
}

// logDictFiles are the files a logging dict's handlers open ("filename":
// path), each at its physical line.
func logDictFiles(l pyLine, raw []string, file string, vars map[string]startPath) []StartWrite {
	var out []StartWrite
	for k, loc := range filenameKeyRe.FindAllStringIndex(l.text, -1) {
		p, ok := resolveStartPath(pyExpr(l.text[loc[1]:]), file, vars)
		if !ok {
			continue
		}
		at := Source{File: file, Line: nthLine(raw, l.line, filenameKeyRe, k)}
		out = append(out, StartWrite{What: "log file", Path: p.path, Beside: p.beside, Source: at})
	}
	return out
}
