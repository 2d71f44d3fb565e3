package plan

import "testing"

// TestProgramTableAgainstDebian checks every package programs.toml names
// exists in every suite pydock builds on.
func TestProgramTableAgainstDebian(t *testing.T) {
	for _, suite := range []string{"bullseye", "bookworm", "trixie"} {
		names := debianNames(t, suite)
		for prog, r := range programTable {
			if !names[r.Package] {
				t.Errorf("%s: no Debian package %q on %s", prog, r.Package, suite)
			}
		}
	}
}

func TestProgramTableRows(t *testing.T) {
	if programTable["ffprobe"].Package != "ffmpeg" {
		t.Errorf("ffprobe comes with ffmpeg, got %q", programTable["ffprobe"].Package)
	}
	if _, err := parseProgramTable("[[program]]\nnames = [\"x\"]\npackage = \"x\"\n"); err == nil {
		t.Error("a row without a source was accepted")
	}
	if _, err := parseProgramTable("[[program]]\nnames = [\"x\"]\npackage = \"x\"\nsource = \"s\"\n[[program]]\nnames = [\"x\"]\npackage = \"y\"\nsource = \"s\"\n"); err == nil {
		t.Error("a program listed twice was accepted")
	}
}
