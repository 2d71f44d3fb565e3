package detect

import (
	"testing"
	"testing/fstest"
)

// A variable whose value becomes a Fernet key (directly, through the
// settings, or through a local assigned a line or two before) has kind
// fernet: a development value must be 32 url-safe base64-encoded bytes.
func TestMarkFernetKeys(t *testing.T) {
	fsys := fstest.MapFS{
		"proj/settings.py": srcFile("import os\nENCRYPTION_KEY = os.environ[\"ENCRYPTION_KEY\"]\nOTHER_KEY = os.environ[\"OTHER_KEY\"]\n"),
		"adapters/models.py": srcFile(`from cryptography.fernet import Fernet
from django.conf import settings


def create():
    secret: str = settings.ENCRYPTION_KEY
    f: Fernet = Fernet(secret.encode("utf-8"))
    return f
`),
		"tokens.py": srcFile("import os\nfrom cryptography.fernet import Fernet\n\nbox = Fernet(os.environ[\"TOKEN_KEY\"])\n"),
	}
	f := &Facts{}
	findEnvUses(fsys, f)
	f.Django = &Django{RequiredEnv: []EnvRead{{Name: "ENCRYPTION_KEY", Kind: "str"}, {Name: "OTHER_KEY", Kind: "str"}}}
	markFernetKeys(fsys, f)
	kinds := map[string]string{}
	for _, u := range f.EnvUses {
		kinds[u.Name] = u.Kind
	}
	for name, want := range map[string]string{"ENCRYPTION_KEY": "fernet", "TOKEN_KEY": "fernet", "OTHER_KEY": "str"} {
		if kinds[name] != want {
			t.Errorf("%s: kind %q, want %q (all %v)", name, kinds[name], want, f.EnvUses)
		}
	}
	if k := f.Django.RequiredEnv[0].Kind; k != "fernet" {
		t.Errorf("Django's ENCRYPTION_KEY kind %q, want fernet", k)
	}
	if k := f.Django.RequiredEnv[1].Kind; k != "str" {
		t.Errorf("Django's OTHER_KEY kind %q, want str", k)
	}
}
