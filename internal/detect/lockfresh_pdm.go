package detect

// pdm.lock freshness, judged as `pdm install --check` judges it.

import (
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"io/fs"
	"slices"
	"strings"

	"github.com/pelletier/go-toml/v2"
)

// --- pdm --------------------------------------------------------------------

// checkPDMLock compares pdm.lock's [metadata] content_hash with pdm's
// content hash of pyproject.toml: SHA-256 of json.dumps(sort_keys=True) of
// the sources, dependencies, dependency groups (PEP 735 and
// [tool.pdm.dev-dependencies], names normalised), optional dependencies,
// requires-python and [tool.pdm.resolution]. A lock that records
// lock_inputs (pdm's newer check) or a pdm workspace is not judged.
func checkPDMLock(fsys fs.FS) *LockCheck {
	data, err := readBounded(fsys, "pyproject.toml", maxManifestSize, "manifests")
	if err != nil {
		return nil
	}
	var raw map[string]any
	if toml.Unmarshal(data, &raw) != nil {
		return nil
	}
	lockData, err := readLockFile(fsys, "pdm.lock")
	if err != nil {
		return nil
	}
	var lock struct {
		Metadata map[string]any `toml:"metadata"`
	}
	if toml.Unmarshal(lockData, &lock) != nil {
		return nil
	}
	if _, ok := lock.Metadata["lock_inputs"]; ok {
		return nil
	}
	project := table(raw, "project")
	pdm := table(table(raw, "tool"), "pdm")
	if pdm["workspace"] != nil {
		return nil
	}
	lc := &LockCheck{File: "pdm.lock", Fix: "pdm lock"}
	if r := table(pdm, "resolution"); r["lock_inputs"] == true {
		lc.Stale, lc.Why = true, "[tool.pdm.resolution] lock_inputs = true, but the lock records no lock inputs"
		return lc
	}
	groups := map[string]any{}
	for _, k := range sortedKeys(table(raw, "dependency-groups")) {
		groups[NormalizeName(k)] = table(raw, "dependency-groups")[k]
	}
	for _, k := range sortedKeys(table(pdm, "dev-dependencies")) {
		deps, _ := table(pdm, "dev-dependencies")[k].([]any)
		prev, _ := groups[NormalizeName(k)].([]any)
		groups[NormalizeName(k)] = append(slices.Clone(prev), deps...)
	}
	dump := map[string]any{
		"sources":               orDefault(pdm["source"], []any{}),
		"dependencies":          orDefault(project["dependencies"], []any{}),
		"dev-dependencies":      groups,
		"optional-dependencies": orDefault(project["optional-dependencies"], map[string]any{}),
		"requires-python":       orDefault(project["requires-python"], ""),
		"resolution":            orDefault(pdm["resolution"], map[string]any{}),
	}
	js, err := pyJSON(dump, ", ", ": ")
	if err != nil {
		return nil
	}
	sum := sha256.Sum256(js)
	current := hex.EncodeToString(sum[:])
	recorded, _ := lock.Metadata["content_hash"].(string)
	algo, value, found := strings.Cut(recorded, ":")
	switch {
	case found && algo == "sha256" && value == current:
		return lc
	case found && algo != "sha256":
		return nil // another algorithm: not judged
	case !found:
		lc.Why = "it records no content_hash of pyproject.toml in [metadata]"
	default:
		lc.Why = fmt.Sprintf("its [metadata] content_hash is %s…, but pyproject.toml now hashes to %s… (dependencies, groups, sources, requires-python or resolution changed since `pdm lock`)", short(value), short(current))
	}
	lc.Stale = true
	return lc
}

func table(m map[string]any, key string) map[string]any {
	t, _ := m[key].(map[string]any)
	if t == nil {
		return map[string]any{}
	}
	return t
}

func orDefault(v, def any) any {
	if v == nil {
		return def
	}
	return v
}
