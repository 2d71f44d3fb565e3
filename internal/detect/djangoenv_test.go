package detect

import (
	"strings"
	"testing"
	"testing/fstest"
)

// Required variables are the ones read with no default, through whatever
// name the settings bind a reader to.
func TestEnvReadersRequired(t *testing.T) {
	cases := []struct{ name, settings, want string }{
		{"decouple alias", "from decouple import config as cfg\nA = cfg('A')\nB = cfg('B', default='x')\n", "A:str"},
		{"Env under another name", "import environ\nE = environ.Env()\nA = E.int('A')\nB = E('B', default=1)\n", "A:int"},
		{"alias of an alias", "import environs\nenv = environs.Env()\ns = env\nget = s\nA = get('A')\n", "A:str"},
		{"int around environ", "import os\nA = int(os.environ['A'])\nB = os.environ.get('B')\n", "A:int"},
		{"method of another object", "A = settings.config('A')\nB = self.env('B')\n", ""},
		{"helper that raises", "import os\ndef need(k):\n    v = os.getenv(k)\n    if v is None:\n        raise KeyError(k)\n    return v\nA = need('A')\n", "A:str"},
		{"helper with a default only", "import os\ndef opt(k):\n    return os.environ.get(k, '')\nA = opt('A')\n", ""},
		{"helper recording for no raise", "import os\nmissing = []\ndef rec(k):\n    v = os.environ.get(k)\n    if not v:\n        missing.append(k)\n    return v\nA = rec('A')\n", ""},
	}
	for _, c := range cases {
		fsys := fstest.MapFS{"site/__init__.py": {}, "site/settings.py": {Data: []byte(c.settings)}}
		r := findEnvReaders(fsys, "", "site/settings.py")
		var req []EnvRead
		for _, l := range pyLines([]byte(c.settings)) {
			if l.indent == 0 {
				req = r.required(req, l.text)
			}
		}
		var got []string
		for _, e := range req {
			got = append(got, e.Name+":"+e.Kind)
		}
		if g := strings.Join(got, ","); g != c.want {
			t.Errorf("%s: got %q, want %q", c.name, g, c.want)
		}
	}
}
