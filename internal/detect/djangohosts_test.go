package detect

import (
	"testing"
	"testing/fstest"
)

// The probe's Host is 127.0.0.1: only patterns Django would match against
// it admit it, and only literal settings can refuse it. A fixed list names
// a host the probe sends instead, unless an https redirect refuses anyway.
func TestReadProbeHosts(t *testing.T) {
	cases := []struct {
		name, settings string
		refused        int
		host           string
	}{
		{"fixed list", "ALLOWED_HOSTS = ['example.com', 'localhost']\n", 0, "example.com"},
		{"fixed list, a suffix pattern first", "ALLOWED_HOSTS = ['.example.com']\n", 0, "example.com"},
		{"fixed list under an https redirect", "ALLOWED_HOSTS = ['example.com']\nSECURE_SSL_REDIRECT = True\n", 2, ""},
		{"fixed list, an https redirect in a branch", "import os\nALLOWED_HOSTS = ['example.com']\nSECURE_SSL_REDIRECT = True\nif os.environ.get('DEV'):\n    SECURE_SSL_REDIRECT = False\n", 1, ""},
		{"fixed list of names no probe sends", "ALLOWED_HOSTS = ['exa mple']\n", 1, ""},
		{"star", "ALLOWED_HOSTS = ['example.com', '*']\n", 0, ""},
		{"loopback", "ALLOWED_HOSTS = ('127.0.0.1',)\n", 0, ""},
		{"suffix pattern", "ALLOWED_HOSTS = ['.0.0.1']\n", 0, ""},
		{"from env", "import os\nALLOWED_HOSTS = os.environ['HOSTS'].split(',')\n", 0, ""},
		{"empty", "ALLOWED_HOSTS = []\n", 0, ""},
		{"appended in a branch", "import os\nALLOWED_HOSTS = ['example.com']\nif os.environ.get('LOCAL'):\n    ALLOWED_HOSTS.append('127.0.0.1')\n", 0, ""},
		{"appended for tests only", "import sys\nTESTING = 'test' in sys.argv\nALLOWED_HOSTS = ['example.com']\nif TESTING:\n    ALLOWED_HOSTS += ['127.0.0.1']\n", 0, "example.com"},
		{"extended from env", "import os\nALLOWED_HOSTS = ['example.com']\nALLOWED_HOSTS += os.environ['MORE'].split()\n", 0, ""},
		{"cidr covers it", "ALLOWED_HOSTS = ['example.com']\nALLOWED_CIDR_NETS = ['127.0.0.0/8']\n", 0, ""},
		{"ssl redirect", "ALLOWED_HOSTS = ['*']\nSECURE_SSL_REDIRECT = True\n", 1, ""},
		{"ssl redirect in a branch", "import os\nSECURE_SSL_REDIRECT = True\nif os.environ.get('DEV'):\n    SECURE_SSL_REDIRECT = False\n", 0, ""},
	}
	for _, c := range cases {
		fsys := fstest.MapFS{"site/__init__.py": {}, "site/settings.py": {Data: []byte(c.settings)}}
		got := readProbeHosts(fsys, "", "site/settings.py")
		if len(got.refused) != c.refused || got.host != c.host {
			t.Errorf("%s: refused %v, host %q; want %d, %q", c.name, got.refused, got.host, c.refused, c.host)
		}
	}
}
