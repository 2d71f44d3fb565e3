package e2e

import "testing"

// An authors' build that fetches from the internet (an installer piped from
// curl, a download with wget, a git clone) cannot run here: the table must
// say so, naming the host, whichever later step the missing tool broke.
func TestInternetCause(t *testing.T) {
	for _, c := range []struct {
		name, log, want string
	}{
		{"curl in the failing step",
			"#9 [sdist 2/7] RUN curl -LsSf https://astral.sh/uv/0.4.17/install.sh | sh\n" +
				"#9 0.081 curl: (6) Could not resolve host: astral.sh\n#9 ERROR: process did not complete successfully: exit code: 6\n",
			"astral.sh"},
		{"curl piped into python, a later step fails",
			"#7 [4/6] RUN curl -sSL https://install.python-poetry.org | python3 -\n" +
				"#7 0.113 curl: (6) Could not resolve host: install.python-poetry.org\n#7 DONE 0.9s\n" +
				"#8 [5/6] RUN poetry config virtualenvs.create false\n#8 0.101 /bin/sh: 1: poetry: not found\n",
			"install.python-poetry.org"},
		{"wget", "#6 0.5 wget: unable to resolve host address 'download.java.net'\n", "download.java.net"},
		{"git", "#5 1.2 fatal: unable to access 'https://github.com/a/b.git/': Could not resolve host: github.com\n", "github.com"},
		{"urllib3 2", "#5 3.0 NameResolutionError(\"<urllib3.connection.HTTPSConnection object at 0x7f>: Failed to resolve 'objects.githubusercontent.com' ([Errno -2] Name or service not known)\")\n", "objects.githubusercontent.com"},
		{"the mirror's own failure is not the internet's",
			"#11 2.0 ERROR: No matching distribution found for uv==0.11.29\n", ""},
		{"pip's retries of an unreachable extra index name no host",
			"#11 5.0 WARNING: Retrying (Retry(total=0)) after connection broken by 'NewConnectionError(...: [Errno -2] Name or service not known')': /simple/openai/\n", ""},
	} {
		if got := internetHost(c.log); got != c.want {
			t.Errorf("%s: internetHost = %q, want %q", c.name, got, c.want)
		}
	}
}

// python:X and python:X-<suite> are the full images (buildpack-deps: gcc,
// headers); only -slim tags are the slim stand-in's.
func TestFullPythonTag(t *testing.T) {
	for ref, want := range map[string]bool{
		"python:3.12":                   true,
		"python:3.12.10":                true,
		"python:3.11-bookworm":          true,
		"docker.io/library/python:3.13": true,
		"python:3.12-slim":              false,
		"python:3.11.13-slim-bullseye":  false,
		"python:3.13-slim-trixie@sha256:0000000000000000000000000000000000000000000000000000000000000000": false,
	} {
		if got := fullPythonTag(ref); got != want {
			t.Errorf("fullPythonTag(%q) = %v, want %v", ref, got, want)
		}
	}
}

// The table's summary counts the comparable projects (both images built)
// and those where pydock's image is no larger, as the table shows sizes: to
// the MB.
func TestSideBySideLine(t *testing.T) {
	got := sideBySideLine([]sideBySide{
		{"a__one", 292.86, 292.70},
		{"b__two", 941.2, 1020.4},
		{"c__three", 700.6, 650.1},
	})
	want := "Side by side (the authors' file built beside pydock's): 3 projects; pydock's image no larger on 2 (a__one 292.9 vs 292.7 MB, b__two 941.2 vs 1020.4 MB), larger on 1 (c__three 700.6 vs 650.1 MB).\n"
	if got != want {
		t.Errorf("sideBySideLine =\n%q\nwant\n%q", got, want)
	}
	if got := sideBySideLine(nil); got != "Side by side (the authors' file built beside pydock's): no project.\n" {
		t.Errorf("sideBySideLine(nil) = %q", got)
	}
}
