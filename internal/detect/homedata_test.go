package detect

import (
	"testing"
	"testing/fstest"
)

// Where code keeps data under the home, and what does not count.
func TestFindHomeData(t *testing.T) {
	tests := []struct {
		name string
		fsys fstest.MapFS
		want string
	}{
		{"Path.home", fstest.MapFS{"svc/paths.py": {Data: []byte("from pathlib import Path\n\nROOT = Path.home() / \".svc\"\n")}}, "svc/paths.py:3"},
		{"expanduser", fstest.MapFS{"svc/cfg.py": {Data: []byte("import os\nD = os.path.expanduser(\"~/.svc/db\")\n")}}, "svc/cfg.py:2"},
		{"keys a deploy script reads", fstest.MapFS{"svc/deploy.py": {Data: []byte("from pathlib import Path\nK = Path.home() / \".ssh/known_hosts\"\n")}}, ""},
		{"a test", fstest.MapFS{"tests/test_x.py": {Data: []byte("from pathlib import Path\nP = Path.home() / \".svc\"\n")}}, ""},
		{"a script no import names", fstest.MapFS{"install-tool.py": {Data: []byte("import os\nP = os.path.expanduser(\"~/.local/share\")\n")}}, ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := ""
			if s := findHomeData(tt.fsys, []string{""}); s != nil {
				got = s.String()
			}
			if got != tt.want {
				t.Errorf("got %q, want %q", got, tt.want)
			}
		})
	}
}
