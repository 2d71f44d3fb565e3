package write

import (
	"strings"
	"testing"
)

// TestBlock: pydock's block goes last, in the file's own line endings;
// splitting it off gives the user's lines back byte for byte, wherever the
// user moved it; a block left open is refused with its line.
func TestBlock(t *testing.T) {
	const head = BlockBegin + ": kept"
	for _, tt := range []struct {
		name, users string
		lines       []string
		want        string
	}{
		{"lf", "*\n!app\n", []string{"!uv.lock"}, "*\n!app\n" + head + "\n!uv.lock\n# <<< pydock\n"},
		{"crlf", "*\r\n!app\r\n", []string{"!a", "!b"}, "*\r\n!app\r\n" + head + "\r\n!a\r\n!b\r\n# <<< pydock\r\n"},
		{"no final newline", "*\n!app", []string{"!uv.lock"}, "*\n!app\n" + head + "\n!uv.lock\n# <<< pydock\n"},
		{"nothing to keep", "*\n!app", nil, "*\n!app"},
		{"empty file", "", []string{"!uv.lock"}, head + "\n!uv.lock\n# <<< pydock\n"},
	} {
		t.Run(tt.name, func(t *testing.T) {
			got := string(WithBlock([]byte(tt.users), head, tt.lines))
			if got != tt.want {
				t.Fatalf("WithBlock = %q, want %q", got, tt.want)
			}
			users, found, err := SplitBlock("f", []byte(got))
			if err != nil || found != (len(tt.lines) > 0) {
				t.Fatalf("SplitBlock: found %v, err %v", found, err)
			}
			want := tt.users
			if found && !strings.HasSuffix(want, "\n") && want != "" {
				want += "\n" // the newline the block needed stays
			}
			if string(users) != want {
				t.Fatalf("SplitBlock gave %q, want %q", users, want)
			}
		})
	}
	// The user wrote below the block: their lines join up, in order.
	users, found, err := SplitBlock("f", []byte("a\n"+head+"\n!x\n# <<< pydock\nb\n"))
	if err != nil || !found || string(users) != "a\nb\n" {
		t.Fatalf("SplitBlock = %q, %v, %v; want the lines around the block", users, found, err)
	}
	// Opened, never closed: pydock cannot tell where the user resumes.
	if _, _, err := SplitBlock(".dockerignore", []byte("a\nb\n"+head+"\n!x\n")); err == nil || !strings.HasPrefix(err.Error(), ".dockerignore:3: ") {
		t.Fatalf("SplitBlock on an open block: %v, want an error at .dockerignore:3", err)
	}
}
