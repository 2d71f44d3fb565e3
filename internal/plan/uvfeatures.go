package plan

import (
	"fmt"

	"github.com/pydock/pydock/internal/detect"
)

// uvFeatures: the first uv release that reads each setting detect reports
// in Facts.UVFeatures. An older uv misreads the setting and then finds the
// lock stale, so `uv sync --locked` fails the build.
var uvFeatures = []struct {
	name, since, source string
}{
	// uv 0.9.17 changelog: exclude-newer accepts "friendly" and ISO 8601
	// durations, recorded in uv.lock as exclude-newer-span; uv 0.9.7 fails
	// with "Failed to parse pyproject.toml … exclude-newer" (verified on two
	// real projects, 2026-11-29).
	{"relative exclude-newer", "0.9.17", "https://github.com/astral-sh/uv/blob/main/CHANGELOG.md (0.9.17)"},
}

// uvFloor is the oldest uv that reads every feature the project uses, and
// the feature that sets it ("" when none does).
func uvFloor(fs []detect.ToolFeature) (string, string) {
	floor, why := "", ""
	for _, f := range fs {
		for _, row := range uvFeatures {
			if row.name == f.Name && (floor == "" || compareRelease(row.since, floor) > 0) {
				floor, why = row.since, fmt.Sprintf("%s (%s) needs uv %s or newer", f.Name, f.Source, row.since)
			}
		}
	}
	return floor, why
}

// raiseUV moves the chosen uv up to floor when the project's settings need
// it and required-version (if any) allows it; otherwise it warns.
func (p *Plan) raiseUV(f *detect.Facts, chosen string) string {
	floor, why := uvFloor(f.UVFeatures)
	if floor == "" || compareRelease(chosen, floor) >= 0 {
		if floor != "" {
			p.decide("uv version", chosen, "pydock's pinned uv reads the project's settings: "+why)
		}
		return chosen
	}
	if f.UVRequired != nil {
		if spec, err := parseSpecifiers(f.UVRequired.Spec); err != nil || !spec.allows(floor) {
			p.Warnings = append(p.Warnings, fmt.Sprintf("%s, but required-version %q (%s) picks uv %s: `uv sync --locked` will likely fail; widen required-version", why, f.UVRequired.Spec, f.UVRequired.Source, chosen))
			return chosen
		}
	}
	p.decide("uv version", floor, why+"; the lowest such release allowed")
	return floor
}
