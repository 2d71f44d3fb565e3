package e2e

import "testing"

// TestEnvFileLines: podman's --env-file takes every value literally, while
// compose (which the generated compose.yaml and the authors use) strips
// quotes and inline comments. HackSoftware's .env.example line
// FILE_UPLOAD_STRATEGY="direct" # pass-thru reached Django as
// `"direct" # pass-thru` and its worker did not boot.
func TestEnvFileLines(t *testing.T) {
	in := "# comment\n\nFILE_UPLOAD_STRATEGY=\"direct\" # pass-thru\nexport A=1\nB='x # y'\nC=plain # note\nD=a#b\nE=\"q\\\"s\"\nF=\n"
	want := "FILE_UPLOAD_STRATEGY=direct\nA=1\nB=x # y\nC=plain\nD=a#b\nE=q\"s\nF=\n"
	if got := podmanEnv(in); got != want {
		t.Fatalf("podmanEnv:\n%q\nwant\n%q", got, want)
	}
}
