package detect

// Pipfile.lock freshness, judged as `pipenv verify` judges it.

import (
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"io/fs"

	"github.com/pelletier/go-toml/v2"
)

// --- Pipenv ---------------------------------------------------------------

// pipfileSectionsHashed are the Pipfile tables Pipenv leaves out of the
// hash's package categories (pipenv/utils/pipfile.py, calculate_hash).
var pipfileNotCategories = map[string]bool{
	"source": true, "packages": true, "dev-packages": true, "requires": true,
	"scripts": true, "pipfile": true, "pipenv": true, "default": true, "develop": true,
}

// checkPipfileLock compares Pipfile.lock's _meta.hash.sha256 with the hash
// Pipenv computes of the Pipfile: SHA-256 of a compact, key-sorted JSON
// dump of {_meta: {sources, requires}, default, develop, <categories>},
// where the sources default to PyPI when the Pipfile names none and, since
// Pipenv 2026.4, package names are in PEP 503 form.
func checkPipfileLock(fsys fs.FS) *LockCheck {
	data, err := readBounded(fsys, "Pipfile", maxManifestSize, "manifests")
	if err != nil {
		return nil
	}
	var raw map[string]any
	if toml.Unmarshal(data, &raw) != nil {
		return nil
	}
	lockData, err := readLockFile(fsys, "Pipfile.lock")
	if err != nil {
		return nil
	}
	var lock pipfileLock
	if json.Unmarshal(lockData, &lock) != nil {
		return nil
	}
	current, ok := pipfileHash(raw, true)
	if !ok {
		return nil
	}
	lc := &LockCheck{File: "Pipfile.lock", Fix: "pipenv lock"}
	recorded := lock.Meta.Hash.SHA256
	switch {
	case recorded == current:
		return lc
	case recorded == "":
		lc.Why = "it records no hash of the Pipfile (_meta.hash.sha256)"
	default:
		lc.Why = fmt.Sprintf("it records the Pipfile's hash as %s…, but the Pipfile now hashes to %s… (packages, sources or requires changed since `pipenv lock`)", short(recorded), short(current))
		if old, ok := pipfileHash(raw, false); ok && old == recorded {
			lc.Why = "it was locked by a Pipenv older than 2026.4, which hashed the Pipfile's package names as written; current Pipenv hashes them in PEP 503 form, so the same Pipfile no longer matches"
			lc.Harmless = true // the Pipfile is the one locked
		}
	}
	lc.Stale = true
	return lc
}

func short(h string) string {
	if len(h) > 12 {
		return h[:12]
	}
	return h
}

// pipfileHash is Pipenv's hash of a Pipfile decoded into raw; canonical
// says whether package names are put in PEP 503 form first. ok is false
// when the Pipfile holds a value Pipenv itself could not dump.
func pipfileHash(raw map[string]any, canonical bool) (string, bool) {
	section := func(v any) (map[string]any, bool) {
		m, ok := v.(map[string]any)
		if v == nil {
			return map[string]any{}, true
		}
		if !ok {
			return nil, false
		}
		if !canonical {
			return m, true
		}
		out := make(map[string]any, len(m))
		for _, k := range sortedKeys(m) {
			out[NormalizeName(k)] = m[k]
		}
		return out, true
	}
	sources, ok := raw["source"]
	if !ok {
		// Pipenv loads a Pipfile without [[source]] with PyPI prepended.
		sources = []any{map[string]any{"name": "pypi", "url": "https://pypi.org/simple", "verify_ssl": true}}
	}
	requires, ok := raw["requires"]
	if !ok {
		requires = map[string]any{}
	}
	data := map[string]any{"_meta": map[string]any{"sources": sources, "requires": requires}}
	for _, s := range []struct{ from, to string }{{"packages", "default"}, {"dev-packages", "develop"}} {
		m, ok := section(raw[s.from])
		if !ok {
			return "", false
		}
		data[s.to] = m
	}
	for k, v := range raw {
		if pipfileNotCategories[k] {
			continue
		}
		m, ok := section(v)
		if !ok {
			return "", false
		}
		data[k] = m
	}
	dump, err := pyJSON(data, ",", ":")
	if err != nil {
		return "", false
	}
	sum := sha256.Sum256(dump)
	return hex.EncodeToString(sum[:]), true
}
