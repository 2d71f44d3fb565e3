package e2e

import (
	"slices"
	"testing"
)

// A pyproject-only project whose Dockerfile installs an extra (a database
// driver) and a group: the mirror gets their packages too.
func TestDockerfileSelections(t *testing.T) {
	df := `RUN python -c "import tomllib; print('\n'.join(tomllib.load(open('pyproject.toml', 'rb'))['project'].get('dependencies', []) + tomllib.load(open('pyproject.toml', 'rb'))['project'].get('optional-dependencies', {}).get('test-db', []) + [r for r in tomllib.load(open('pyproject.toml', 'rb')).get('dependency-groups', {}).get('prod', []) if isinstance(r, str)]))" > /tmp/requirements.txt
RUN python -c "... .get('optional-dependencies', {}).get('test-db', []) ..."`
	extras, groups := dockerfileSelections(df)
	if !slices.Equal(extras, []string{"test-db"}) || !slices.Equal(groups, []string{"prod"}) {
		t.Fatalf("extras %q groups %q, want [test-db] [prod]", extras, groups)
	}
	if e, g := dockerfileSelections("RUN pip install -r requirements.txt"); e != nil || g != nil {
		t.Fatalf("no selection: got %q %q", e, g)
	}
}
