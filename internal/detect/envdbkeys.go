package detect

import (
	"regexp"
	"strings"
)

var (
	// A key of a dict literal: "HOST":, 'ENGINE':.
	dictKeyRe = regexp.MustCompile(`["']([A-Z_]+)["']\s*:`)
	// The variable an expression reads: os.getenv("X"…), a helper's
	// get_secret("X"…), os.environ["X"].
	exprVarRe = regexp.MustCompile(`\(\s*["']([A-Z_][A-Z0-9_]*)["']|\benviron\s*\[\s*["']([A-Za-z_]\w*)["']`)
	// The default alias of a DATABASES literal: the database the app uses.
	defaultAliasRe = regexp.MustCompile(`["']default["']\s*:\s*\{`)
)

// dbConnKeys are the keys of a Django database dict that say how to reach
// the server, and the part of compose's db service each is.
// https://docs.djangoproject.com/en/stable/ref/settings/#databases
var dbConnKeys = map[string]string{"HOST": "host", "PORT": "port", "NAME": "name", "USER": "user", "PASSWORD": "password"}

// dbKeyReads finds, in a logical line holding a Django database dict (it
// has an ENGINE key), the variables read into its connection keys, and
// the part each is: "HOST": os.getenv("LEDGER_DBHOST") makes LEDGER_DBHOST
// the host, whatever its name.
func dbKeyReads(text string) map[string]string {
	if !strings.Contains(text, "ENGINE") {
		return nil
	}
	if m := defaultAliasRe.FindStringIndex(text); m != nil {
		// DATABASES with several aliases: only the default one's; the
		// others (a second database of their own) are not compose's db.
		text = text[m[1]:]
		if end := matchingBrace(text); end >= 0 {
			text = text[:end]
		}
	}
	keys := dictKeyRe.FindAllStringSubmatchIndex(text, -1)
	var out map[string]string
	for i, k := range keys {
		end := len(text)
		if i+1 < len(keys) {
			end = keys[i+1][0]
		}
		value := text[k[1]:end]
		if j := strings.IndexAny(value, "{}"); j >= 0 {
			value = value[:j] // the dict ends; what follows is not its value
		}
		key := text[k[2]:k[3]]
		if key == "ENGINE" {
			// SQLite's has no server; a search engine's (haystack) is no
			// database's.
			lit := stringLiteral(value)
			if db := databaseNamed(lit); db == "sqlite" || db == "" && lit != "" && !strings.Contains(lit, "db") {
				return nil
			}
			continue
		}
		part, ok := dbConnKeys[key]
		if !ok {
			continue
		}
		if m := exprVarRe.FindStringSubmatch(value); m != nil {
			if out == nil {
				out = map[string]string{}
			}
			out[m[1]+m[2]] = part
		}
	}
	return out
}

// matchingBrace is the index of the } closing a dict whose { precedes
// text, -1 when it does not close.
func matchingBrace(text string) int {
	depth := 0
	for i, c := range text {
		switch c {
		case '{':
			depth++
		case '}':
			if depth == 0 {
				return i
			}
			depth--
		}
	}
	return -1
}
