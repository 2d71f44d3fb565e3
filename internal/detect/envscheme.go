package detect

import (
	"io/fs"
	"regexp"
	"strings"
)

// A URL the code builds around a variable it reads
// (f"postgresql://{settings.pg_uri}", "redis://" + os.getenv("REDIS_ADDR"))
// says the variable holds what follows the scheme, not a URL: a whole URL
// there gives the app postgresql://postgresql://… .
var (
	// scheme://{expr}: an f-string field right after the scheme, then the
	// character that follows the field.
	schemeFieldRe = quick(`\b([A-Za-z][A-Za-z0-9]*(?:\+[A-Za-z0-9]+)?)://\{([^{}]+)\}(.?)`)
	// "scheme://" + expr, and + "x… after it when the URL goes on.
	// A method or an item after it (.split("://")[1]) makes it another
	// value: the last group then ends in "." or "[".
	schemeConcatRe = quick(`\b([A-Za-z][A-Za-z0-9]*(?:\+[A-Za-z0-9]+)?)://["']\s*\+\s*((?:str\s*\(\s*)?[A-Za-z_][\w.]*(?:\s*\([^()]*\)|\s*\[[^\[\]]*\])?\)?)(\s*\+\s*[rRuU]?["'].|\s*[.\[])?`)
	// "scheme://%s…" % expr and "scheme://{}…".format(expr).
	schemePercentRe = quick(`\b([A-Za-z][A-Za-z0-9]*(?:\+[A-Za-z0-9]+)?)://%s(.?)[^"']*["']\s*%\s*\(?\s*([A-Za-z_][\w.]*(?:\s*\([^()]*\)|\s*\[[^\[\]]*\])?)`)
	schemeFormatRe  = quick(`\b([A-Za-z][A-Za-z0-9]*(?:\+[A-Za-z0-9]+)?)://\{0?\}(.?)[^"']*["']\s*\.\s*format\s*\(\s*([A-Za-z_][\w.]*(?:\s*\([^()]*\)|\s*\[[^\[\]]*\])?)`)
	// env("X"), config("X"), env.str("X"): a reader object's read.
	schemeReaderRe = regexp.MustCompile(`^(?:env|config)(?:\s*\.\s*\w+)?\s*\(\s*["']([A-Za-z_]\w*)["']`)
	// name = <a read>: the module or object name the value is kept under.
	schemeAliasRe = regexp.MustCompile(`^(?:self\s*\.\s*)?([A-Za-z_]\w*)\s*(?::[^=]*)?=\s*([^=].*)$`)
)

// schemeHolds is what a value holds, told by the character after it in the
// URL the code builds: the end (or a query) leaves it all that follows the
// scheme; "/" what comes before the path (credentials, host and port);
// ":" a host; "@" the credentials.
func schemeHolds(next string) string {
	switch next {
	case "", `"`, "'", "?":
		return "rest"
	case "/":
		return "authority"
	case ":":
		return "host"
	case "@":
		return "credentials"
	}
	return ""
}

// schemeReadName is the variable an expression stands for: a read written
// in place (os.getenv("X"), env("X")) or a name (settings.x, X); "" else.
func schemeReadName(expr string) (name string, read bool) {
	expr = strings.TrimSpace(expr)
	for strings.HasSuffix(expr, ")") && strings.Count(expr, ")") > strings.Count(expr, "(") {
		expr = strings.TrimSpace(expr[:len(expr)-1]) // the enclosing call's
	}
	if inner, ok := strings.CutPrefix(expr, "str("); ok && strings.HasSuffix(inner, ")") {
		expr = strings.TrimSpace(inner[:len(inner)-1]) // str(os.environ.get("X"))
	}
	// A read then a method or an item (os.getenv("X").split("://")[1]):
	// the URL holds what the code makes of the value, not the value.
	if strings.Contains(expr, ").") || strings.Contains(expr, "].") || strings.Contains(expr, ")[") || strings.Contains(expr, "][") {
		return "", false
	}
	if m := osReadRe.FindStringSubmatchIndex(expr); m != nil && m[0] <= len("os.") {
		s := submatches(expr, m)
		if s[1] != "" {
			return s[1], true
		}
		return s[3], true
	}
	if m := schemeReaderRe.FindStringSubmatch(expr); m != nil {
		return m[1], true
	}
	if dottedNameRe.MatchString(expr) {
		return expr[strings.LastIndex(expr, ".")+1:], false
	}
	return "", false
}

// inFString reports whether the string literal around text[at] is an
// f-string: the quote nearest before it has an f prefix.
func inFString(text string, at int) bool {
	q := strings.LastIndexAny(text[:at], `"'`)
	for i := q - 1; i >= 0 && i >= q-2; i-- {
		switch text[i] {
		case 'f', 'F':
			return true
		case 'r', 'R':
			continue
		}
		return false
	}
	return false
}

// schemeShape is one URL the code builds around a name.
type schemeShape struct {
	name, scheme, holds string
	at                  Source
}

// findSchemeReads marks each read the code writes a scheme before (Scheme,
// Holds), looking at the app's own modules as findEnvUses does.
func findSchemeReads(fsys fs.FS, f *Facts) {
	var shapes []schemeShape
	alias := map[string]string{} // a name a read is kept under, upper-cased
	_ = walkPython(fsys, f.ImportRoots, func(file, _ string, data []byte) {
		if isTestFile(file) {
			return
		}
		for _, l := range pyLines(data) {
			at := Source{File: file, Line: l.line}
			if m := schemeAliasRe.FindStringSubmatch(l.text); m != nil {
				if n, read := schemeReadName(m[2]); read && !strings.EqualFold(n, m[1]) {
					alias[strings.ToUpper(m[1])] = n
				}
			}
			if !strings.Contains(l.text, "://") {
				continue
			}
			if schemeFieldRe.may(l.text) {
				for _, ix := range schemeFieldRe.FindAllStringSubmatchIndex(l.text, -1) {
					if !inFString(l.text, ix[0]) {
						continue
					}
					m := submatches(l.text, ix)
					expr := m[2]
					if i := strings.IndexAny(expr, "!:"); i >= 0 && !strings.ContainsAny(expr, "([") {
						expr = expr[:i] // a conversion or a format spec
					}
					shapes = append(shapes, schemeShape{expr, m[1], schemeHolds(m[3]), at})
				}
			}
			for _, m := range schemeConcatRe.FindAllStringSubmatch(l.text, -1) {
				next := ""
				if m[3] != "" {
					next = m[3][len(m[3])-1:]
				}
				if next == "." || next == "[" {
					continue // the URL holds what a method makes of it
				}
				shapes = append(shapes, schemeShape{m[2], m[1], schemeHolds(next), at})
			}
			for _, re := range []quickRe{schemePercentRe, schemeFormatRe} {
				for _, m := range re.FindAllStringSubmatch(l.text, -1) {
					shapes = append(shapes, schemeShape{m[3], m[1], schemeHolds(m[2]), at})
				}
			}
		}
	})
	for _, s := range shapes {
		name, _ := schemeReadName(s.name)
		if name == "" || s.holds == "" {
			continue
		}
		for i := range f.EnvUses {
			u := &f.EnvUses[i]
			if u.Scheme != "" {
				continue // the first URL built around it decides
			}
			if strings.EqualFold(name, u.Name) || u.Field != "" && strings.EqualFold(name, u.Field) || alias[strings.ToUpper(name)] == u.Name {
				u.Scheme, u.Holds, u.SchemeFrom = strings.ToLower(s.scheme), s.holds, s.at
			}
		}
	}
}
