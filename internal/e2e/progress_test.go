//go:build e2e

package e2e

import "testing"

// BuildKit pads a stage's step number to the width of its count: a stage
// of ten steps or more prints "[builder  8/10]". The dependency install
// there (cached after a source change) is the stage's first install; the
// project's own install after COPY . . ("[builder 10/10]") follows the
// source (autogen's workspace: IM006 was reported on the second uv sync,
// the first never parsed).
func TestDepInstallStepsPaddedIndex(t *testing.T) {
	progress := `#14 [builder  8/10] RUN --mount=type=cache,target=/root/.cache/uv     uv sync --frozen --no-install-workspace --no-dev --no-editable --package studio
#14 CACHED
#15 [builder  9/10] COPY . .
#15 DONE 0.4s
#16 [builder 10/10] RUN --mount=type=cache,target=/root/.cache/uv     uv sync --locked --no-dev --no-editable --package studio
#16 DONE 3.1s
`
	steps := parseProgress(progress)
	if len(steps) != 3 {
		t.Fatalf("parsed %d steps, want 3: %+v", len(steps), steps)
	}
	deps := depInstallSteps(steps)
	if len(deps) != 1 || deps[0].ID != 14 || !deps[0].Cached {
		t.Fatalf("dependency installs %+v, want the cached step #14 only", deps)
	}
}
