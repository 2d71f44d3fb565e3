package detect

import (
	"bytes"
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"io/fs"
	"regexp"
	"strings"

	"github.com/pelletier/go-toml/v2"
)

// checkPoetryLock compares poetry.lock's [metadata] content-hash with the
// hash Poetry computes of pyproject.toml, which poetry install checks
// before installing (a lock whose manifest "changed significantly" is
// refused). Only a lock of lock-version 2.x is judged.
func checkPoetryLock(fsys fs.FS) *LockCheck {
	data, err := readLockFile(fsys, "poetry.lock")
	if err != nil {
		return nil
	}
	// The [metadata] table ends the file: only it is decoded.
	i := bytes.LastIndex(data, []byte("\n[metadata]")) + 1
	if i == 0 && !bytes.HasPrefix(data, []byte("[metadata]")) {
		return nil
	}
	var lock struct {
		Metadata struct {
			LockVersion string `toml:"lock-version"`
			ContentHash string `toml:"content-hash"`
		} `toml:"metadata"`
	}
	if toml.Unmarshal(data[i:], &lock) != nil || !strings.HasPrefix(lock.Metadata.LockVersion, "2.") || !sha256Hex.MatchString(lock.Metadata.ContentHash) {
		return nil // Poetry writes a sha256: anything else it did not write
	}
	want, withGroups, ok := poetryContentHash(fsys)
	if !ok {
		return nil
	}
	lc := &LockCheck{File: "poetry.lock", Fix: "poetry lock"}
	// Poetry 2.3 also hashes [dependency-groups] (and still accepts a lock
	// an older Poetry wrote without them): either hash is a lock Poetry
	// made from this manifest.
	if want != lock.Metadata.ContentHash && withGroups != lock.Metadata.ContentHash {
		lc.Stale = true
		lc.Why = fmt.Sprintf("its [metadata] content-hash is %s…, but pyproject.toml now hashes to %s…", short(lock.Metadata.ContentHash), short(want))
	}
	return lc
}

// poetryContentHash is the content-hash Poetry writes for this
// pyproject.toml: the sha256 of json.dumps(content, sort_keys=True), where
// content is [project]'s requires-python, dependencies and
// optional-dependencies with [tool.poetry]'s dependencies, source, extras,
// dev-dependencies and group under tool.poetry, or, with none of those
// [project] keys, the [tool.poetry] keys alone (the four older ones
// present even when absent, as null). Source: poetry's
// src/poetry/packages/locker.py, Locker._get_content_hash (Poetry 2.2).
// withGroups is Poetry 2.3's hash, which adds a non-empty
// [dependency-groups] beside project (and then leaves the absent older
// keys out too); without that table the two are the same.
func poetryContentHash(fsys fs.FS) (hash, withGroups string, ok bool) {
	data, err := readBounded(fsys, "pyproject.toml", maxManifestSize, "manifests")
	if err != nil {
		return "", "", false
	}
	var raw map[string]any
	if toml.Unmarshal(data, &raw) != nil {
		return "", "", false
	}
	if hash, ok = poetryHashOf(raw, nil); !ok {
		return "", "", false
	}
	withGroups = hash
	if groups := table(raw, "dependency-groups"); len(groups) > 0 {
		if withGroups, ok = poetryHashOf(raw, groups); !ok {
			return "", "", false
		}
	}
	return hash, withGroups, true
}

// poetryHashOf is Locker._get_content_hash of the parsed pyproject.toml,
// with groups as its [dependency-groups] (nil before Poetry 2.3).
func poetryHashOf(raw, groups map[string]any) (string, bool) {
	project := table(raw, "project")
	poetry := table(table(raw, "tool"), "poetry")
	legacy := map[string]bool{"dependencies": true, "source": true, "extras": true, "dev-dependencies": true}
	rp := map[string]any{}
	for _, k := range []string{"requires-python", "dependencies", "optional-dependencies"} {
		if v, ok := project[k]; ok && v != nil {
			rp[k] = v
		}
	}
	rt := map[string]any{}
	for _, k := range []string{"dependencies", "source", "extras", "dev-dependencies", "group"} {
		v, ok := poetry[k]
		if !ok && (!legacy[k] || len(rp) > 0 || len(groups) > 0) {
			continue
		}
		rt[k] = v
	}
	var content any = rt
	if len(rp) > 0 || len(groups) > 0 {
		c := map[string]any{"tool": map[string]any{"poetry": rt}}
		if len(rp) > 0 {
			c["project"] = rp
		}
		if len(groups) > 0 {
			c["dependency-groups"] = groups
		}
		content = c
	}
	dump, err := pyJSON(content, ", ", ": ")
	if err != nil {
		return "", false
	}
	sum := sha256.Sum256(dump)
	return hex.EncodeToString(sum[:]), true
}

// sha256Hex is a sha256 as Poetry writes it.
var sha256Hex = regexp.MustCompile(`^[0-9a-f]{64}$`)
