package render

import (
	"fmt"
	"regexp"
	"strings"
	"unicode/utf8"

	"github.com/pydock/pydock/internal/plan"
)

// Escaping for the exact place a value lands. plan validates values first;
// these make sure that even a value that slipped through stays data.

// pyString is s as a Python string literal in double quotes.
func pyString(s string) string { return pyQuote(s, '"') }

// pyQuote writes s as a Python string literal between quote characters:
// backslash, the quote and every control character escaped, so the literal
// ends where it should whatever s holds.
func pyQuote(s string, quote byte) string {
	var b strings.Builder
	b.WriteByte(quote)
	for i, r := range s {
		switch {
		case r == utf8.RuneError && !strings.HasPrefix(s[i:], "\uFFFD"):
			b.WriteString(`\ufffd`) // invalid UTF-8: never raw bytes in source
		case r == '\\' || r == rune(quote):
			b.WriteByte('\\')
			b.WriteRune(r)
		case r == '\n':
			b.WriteString(`\n`)
		case r == '\r':
			b.WriteString(`\r`)
		case r == '\t':
			b.WriteString(`\t`)
		case r < 0x20 || r == 0x7f || r == 0x2028 || r == 0x2029 || r == 0x85:
			fmt.Fprintf(&b, `\u%04x`, r)
		default:
			b.WriteRune(r)
		}
	}
	b.WriteByte(quote)
	return b.String()
}

// composeLiteral keeps compose from interpolating a value: "$" is written
// "$$", which compose reads back as one "$".
func composeLiteral(s string) string { return strings.ReplaceAll(s, "$", "$$") }

// plainWord is what every place a path lands reads as itself, unquoted.
var plainWord = regexp.MustCompile(`^[A-Za-z0-9_./@+:=-]+$`)

// bindMount is the RUN flag that mounts a project path at the same place.
// BuildKit reads the flag as a Dockerfile word (quotes, backslash) and then
// its value as CSV, so a path with a space or comma is one CSV field inside
// one quoted word (plan.CheckPath keeps quotes, backslash and $ out).
func bindMount(p string) string { return bindMountOpts(p, "") }

// bindMountRW mounts a path dependency writable: setuptools, run in the
// folder itself, writes build/ and *.egg-info there; BuildKit discards the
// writes with the step.
func bindMountRW(p string) string { return bindMountOpts(p, ",rw") }

func bindMountOpts(p, opts string) string {
	if plainWord.MatchString(p) {
		return "--mount=type=bind,source=" + p + ",target=" + p + opts
	}
	csv := func(f string) string { return `\"` + strings.ReplaceAll(f, `"`, `\"\"`) + `\"` }
	return `--mount="type=bind,` + csv("source="+p) + "," + csv("target="+p) + opts + `"`
}

// copyArgs are COPY's source and destination for a project path: the JSON
// form when the path holds a space, which the plain form would split.
func copyArgs(p string) (string, error) {
	if plainWord.MatchString(p) {
		return p + " " + p, nil
	}
	return jsonArray([]string{p, p})
}

// copyTo is COPY's sources and destination: the JSON form when one of them
// is not a plain word, which the plain form would split or expand.
func copyTo(srcs []string, dst string) (string, error) {
	all := append(append([]string(nil), srcs...), dst)
	for _, s := range all {
		if !plainWord.MatchString(s) {
			return jsonArray(all)
		}
	}
	return strings.Join(all, " "), nil
}

// shellWord quotes s for sh when it is not a plain word.
func shellWord(s string) string {
	if plainWord.MatchString(s) {
		return s
	}
	return "'" + strings.ReplaceAll(s, "'", `'\''`) + "'"
}

// yamlScalar writes s as a compose value that stays s: plain when it is a
// plain word, else a double-quoted YAML string; "$" doubled either way so
// compose does not interpolate it.
func yamlScalar(s string) string {
	if plainWord.MatchString(s) {
		return s
	}
	return composeLiteral(yamlString(s))
}

// dockerfileString is s between double quotes for LABEL and ENV values:
// backslash, quote and $ escaped, so the value ends where it should and
// BuildKit expands no variable in it.
func dockerfileString(s string) string {
	r := strings.NewReplacer(`\`, `\\`, `"`, `\"`, `$`, `\$`, "\n", `\n`, "\r", `\r`)
	return `"` + r.Replace(s) + `"`
}

// dockerfileWord is s as one word of an ENV value: as it is when plain,
// else a Dockerfile string.
func dockerfileWord(s string) string {
	if plainWord.MatchString(s) {
		return s
	}
	return dockerfileString(s)
}

// dotenvValue writes a value into an env file: as it is, or, spanning
// lines (a PEM key), between double quotes, which compose's env_file
// parser (compose-go's dotenv) and python-dotenv read as one multi-line
// value. pydock's multi-line values hold no quote, backslash or $.
func dotenvValue(s string) string {
	if !strings.Contains(s, "\n") {
		return s
	}
	return `"` + s + `"`
}

// rsaKeyScript prints a new 2048-bit RSA private key as PKCS#8 PEM, with
// the cryptography package the app loads its key with.
const rsaKeyScript = `from cryptography.hazmat.primitives import serialization as s; from cryptography.hazmat.primitives.asymmetric import rsa; print(rsa.generate_private_key(public_exponent=65537, key_size=2048).private_bytes(s.Encoding.PEM, s.PrivateFormat.PKCS8, s.NoEncryption()).decode())`

// fernetKeyScript prints a new Fernet key (32 url-safe base64-encoded
// random bytes) with the standard library alone.
const fernetKeyScript = `import base64, os; print(base64.urlsafe_b64encode(os.urandom(32)).decode())`

// buildValue writes a throwaway value for collectstatic's step: a shell
// word, or for a key the step generates its own, so no key is written
// into the Dockerfile.
func buildValue(s string) string {
	switch s {
	case plan.GeneratedRSAKey:
		return `"$(python -c ` + shellWord(rsaKeyScript) + `)"`
	case plan.GeneratedFernetKey:
		return `"$(python -c ` + shellWord(fernetKeyScript) + `)"`
	}
	return shellWord(s)
}
