package plan

import "testing"

func TestProgramLocation(t *testing.T) {
	for _, c := range []struct{ name, def, prog, want string }{
		{"XIAOMUSIC_FFMPEG_LOCATION", "./ffmpeg/bin", "ffmpeg", "/usr/bin"},
		{"FFMPEG_PATH", "/opt/ffmpeg/bin/ffmpeg", "ffmpeg", "/usr/bin/ffmpeg"},
		{"FFMPEG_PATH", "ffmpeg", "ffmpeg", ""},          // on PATH
		{"FFMPEG_DIR", "/usr/bin", "ffmpeg", ""},         // already there
		{"FFMPEG_BIN", "/usr/bin/ffmpeg", "ffmpeg", ""},  // already there
		{"FFPROBE_PATH", "./ffmpeg/bin", "ffmpeg", ""},   // another program's variable
		{"MYFFMPEGX_PATH", "./ffmpeg/bin", "ffmpeg", ""}, // not a word of the name
		{"GIT_PYTHON_GIT_EXECUTABLE", "vendor/git", "git", "/usr/bin/git"},
	} {
		if got := programLocation(c.name, c.def, c.prog); got != c.want {
			t.Errorf("programLocation(%q, %q, %q) = %q, want %q", c.name, c.def, c.prog, got, c.want)
		}
	}
}
