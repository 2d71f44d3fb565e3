package cli

import (
	"crypto/rand"
	"crypto/rsa"
	"crypto/x509"
	"encoding/base64"
	"encoding/pem"
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"strings"

	"github.com/pydock/pydock/internal/plan"
	"github.com/pydock/pydock/internal/render"
	"github.com/pydock/pydock/internal/write"
)

// devKeyBits is the size of a development RSA key: what saleor's own
// debug key and `openssl genpkey` use by default.
const devKeyBits = 2048

// newDevKey makes a development value of the kind placeholder stands for.
// A key is never a constant of pydock's source: everyone would share it.
func newDevKey(placeholder string) (string, error) {
	switch placeholder {
	case plan.GeneratedRSAKey:
		k, err := rsa.GenerateKey(rand.Reader, devKeyBits)
		if err != nil {
			return "", err
		}
		der, err := x509.MarshalPKCS8PrivateKey(k)
		if err != nil {
			return "", err
		}
		return string(pem.EncodeToMemory(&pem.Block{Type: "PRIVATE KEY", Bytes: der})), nil
	case plan.GeneratedFernetKey:
		b := make([]byte, 32)
		if _, err := rand.Read(b); err != nil {
			return "", err
		}
		return base64.URLEncoding.EncodeToString(b), nil
	}
	return "", fmt.Errorf("no generator for %q", placeholder)
}

// keysJudgement is what the disk says about the plan's keys file.
type keysJudgement struct {
	file   string   // the keys file; "" when the plan generates no key
	names  []string // the variables whose keys it holds
	exists bool     // a file is there (the user's: never rewritten)
	msgs   []string // warnings and notes, prefixed
}

// judgeKeys reads the keys file, if any, and the committed listing: a key
// an earlier pydock wrote into the listing (or its record) is public once
// pushed; a copy that lacks a key, or still holds that one, is named with
// the command that makes a new one. Names only, never values.
func (p *project) judgeKeys() keysJudgement {
	j := keysJudgement{file: p.plan.KeysFile(), names: p.plan.DevKeys()}
	if j.file == "" {
		return j
	}
	committed := map[string]string{}
	var files, held []string
	listing := p.plan.DevEnvFile()
	for _, f := range []string{listing, write.BasePath(listing)} {
		data, ok := readListing(filepath.Join(p.dir, filepath.FromSlash(f)))
		if !ok {
			continue
		}
		for _, name := range j.names {
			if k := keptValue(string(data), name, p.plan.DevKeyValue(name)); k != "" {
				if committed[name] == "" {
					committed[name] = k
					held = append(held, name)
				}
				if !slices.Contains(files, f) {
					files = append(files, f)
				}
			}
		}
	}
	if len(files) > 0 {
		noun := plan.DevKeyKindOf(p.plan.DevKeyValue(held[0])).Noun
		verb := "holds"
		if len(files) > 1 {
			verb = "hold"
		}
		j.msgs = append(j.msgs, fmt.Sprintf("warning: %s %s %s an earlier pydock wrote for %s; generate now leaves it out, since the file is meant to be committed: a key that was ever committed or pushed is public, so never use it outside this machine, and remove it from the history if your policy asks", strings.Join(files, " and "), verb, noun, strings.Join(held, ", ")))
	}
	path := filepath.Join(p.dir, j.file)
	if _, err := os.Lstat(path); err != nil {
		return j
	}
	j.exists = true
	data, ok := readListing(path)
	if !ok {
		return j
	}
	var missing []string
	for _, name := range j.names {
		k := keptValue(string(data), name, p.plan.DevKeyValue(name))
		switch {
		case k == "":
			missing = append(missing, name)
		case k == committed[name]:
			j.msgs = append(j.msgs, fmt.Sprintf("warning: %s holds the key for %s that the committed listing held: replace it (delete its lines, then %s)", j.file, name, p.plan.KeyMake(name)))
		}
	}
	for _, name := range missing {
		j.msgs = append(j.msgs, fmt.Sprintf("warning: %s lacks %s, which the app loads at start (compose checks no env_file's keys); pydock never rewrites your file: add one with %s", j.file, name, p.plan.KeyMake(name)))
	}
	return j
}

// keysFile is the keys file this run creates, with a fresh key per
// variable (nil when the plan needs none or a file is there already), and
// what judgeKeys says. The file is plain (no marker, no record in
// .pydock/generated, which is committed), created only where none is, and
// readable by its owner alone.
func (p *project) keysFile() (*write.File, []string, error) {
	j := p.judgeKeys()
	if j.file == "" || j.exists {
		return nil, j.msgs, nil
	}
	keys := map[string]string{}
	for _, name := range j.names {
		k, err := newDevKey(p.plan.DevKeyValue(name))
		if err != nil {
			return nil, nil, fmt.Errorf("generating a development key for %s: %w", name, err)
		}
		keys[name] = k
	}
	content, err := render.LocalEnv(p.plan, keys)
	if err != nil {
		return nil, nil, err
	}
	return &write.File{Path: j.file, Content: content, Plain: true, Mode: 0o600}, j.msgs, nil
}

// keysLine is the report line for the keys file (never its content).
func keysLine(action, file string, names []string) string {
	return fmt.Sprintf("%-9s %s (local: %s; never commit it)", action, file, keysWhat(names))
}

func keysWhat(names []string) string {
	if len(names) > 1 {
		return "development keys for " + strings.Join(names, ", ")
	}
	return "a development key for " + strings.Join(names, ", ")
}

// composeKept reports whether this run writes pydock's compose.yaml, the
// only one that reads the keys file.
func composeKept(states []fileState) bool {
	return slices.ContainsFunc(states, func(st fileState) bool { return st.path == "compose.yaml" })
}

// keptValue is the key of placeholder's kind an env file's content gives
// name; "" when it gives none that is valid.
func keptValue(content, name, placeholder string) string {
	if placeholder == plan.GeneratedRSAKey {
		return keptKey(content, name)
	}
	v := ""
	for line := range strings.Lines(content) {
		if envName(line) == name {
			_, v, _ = strings.Cut(line, "=")
			v = strings.Trim(strings.TrimSpace(v), `"'`)
		}
	}
	switch placeholder {
	case plan.GeneratedFernetKey:
		if b, err := base64.URLEncoding.DecodeString(v); err == nil && len(b) == 32 {
			return v
		}
	}
	return ""
}

// keptKey is the RSA private key an env file's content gives name as a
// double-quoted multi-line value, re-encoded; "" when it gives none that
// parses.
func keptKey(content, name string) string {
	_, rest, ok := strings.Cut("\n"+content, "\n"+name+`="`)
	if !ok {
		return ""
	}
	value, _, ok := strings.Cut(rest, `"`)
	if !ok {
		return ""
	}
	block, tail := pem.Decode([]byte(value))
	if block == nil || strings.TrimSpace(string(tail)) != "" || !isRSAKey(block) {
		return ""
	}
	return string(pem.EncodeToMemory(block))
}

func isRSAKey(b *pem.Block) bool {
	switch b.Type {
	case "PRIVATE KEY":
		k, err := x509.ParsePKCS8PrivateKey(b.Bytes)
		_, rsaKey := k.(*rsa.PrivateKey)
		return err == nil && rsaKey
	case "RSA PRIVATE KEY":
		_, err := x509.ParsePKCS1PrivateKey(b.Bytes)
		return err == nil
	}
	return false
}
