package cli

import (
	"encoding/base64"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/pydock/pydock/internal/detect"
	"github.com/pydock/pydock/internal/plan"
)

// keyProjectFiles is saleor's shape, with the project's own .env.example:
// the start imports a check that raises without an RSA private key.
var keyProjectFiles = map[string]string{
	"requirements.txt": "Django==5.1.2\ngunicorn==23.0.0\nPyJWT==2.9.0\ncryptography==43.0.1\n",
	".env.example":     "SECRET_KEY=changeme\n",
	"manage.py":        "import os\nos.environ.setdefault(\"DJANGO_SETTINGS_MODULE\", \"proj.settings\")\n",
	"proj/__init__.py": "",
	"proj/settings.py": "import os\n\nDEBUG = False\nSECRET_KEY = os.environ[\"SECRET_KEY\"]\nALLOWED_HOSTS = [\"*\"]\n" +
		"SIGNING_KEY = os.environ.get(\"SIGNING_PRIVATE_KEY\", None)\nINSTALLED_APPS = [\"shop.apps.ShopConfig\"]\nROOT_URLCONF = \"proj.urls\"\n",
	"proj/urls.py":     "urlpatterns = []\n",
	"proj/wsgi.py":     "from django.core.wsgi import get_wsgi_application\napplication = get_wsgi_application()\n",
	"shop/__init__.py": "",
	"shop/apps.py": "from cryptography.hazmat.primitives import serialization\nfrom django.apps import AppConfig\nfrom django.conf import settings\n" +
		"from django.core.exceptions import ImproperlyConfigured\n\n\nclass ShopConfig(AppConfig):\n    name = \"shop\"\n\n" +
		"    def ready(self):\n        if not settings.SIGNING_KEY:\n            raise ImproperlyConfigured(\"SIGNING_PRIVATE_KEY is required\")\n" +
		"        serialization.load_pem_private_key(settings.SIGNING_KEY.encode(), password=None)\n",
}

func writeTree(t *testing.T, files map[string]string) string {
	t.Helper()
	dir := t.TempDir()
	for name, body := range files {
		p := filepath.Join(dir, filepath.FromSlash(name))
		if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(p, []byte(body), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	return dir
}

// legacyKey is an env file as an earlier pydock wrote it: the development
// key inline, as a double-quoted multi-line value.
func legacyKey(t *testing.T, name string) (file, key string) {
	t.Helper()
	key, err := newDevKey(plan.GeneratedRSAKey)
	if err != nil {
		t.Fatal(err)
	}
	return "SITE_HOST=localhost\n" + name + "=\"" + strings.TrimRight(key, "\n") + "\"\n", key
}

// TestKeysFileCreateOnly: the local file is created only where none is, with
// a fresh key of its own, mode 0600, never over a file of the user's.
func TestKeysFileCreateOnly(t *testing.T) {
	dir := writeTree(t, keyProjectFiles)
	p, err := load(dir, plan.Settings{})
	if err != nil {
		t.Fatal(err)
	}
	f, msgs, err := p.keysFile()
	if err != nil {
		t.Fatal(err)
	}
	if f == nil {
		t.Fatalf("no local file to create (messages %q)", msgs)
	}
	if f.Path != ".env.pydock" || !f.Plain || f.Replaces != nil || f.Mode.Perm() != 0o600 {
		t.Errorf("local file %s: plain %v, replaces %q, mode %o; want .env.pydock, create-only, 0600", f.Path, f.Plain, f.Replaces, f.Mode.Perm())
	}
	key := keptKey(string(f.Content), "SIGNING_PRIVATE_KEY")
	if key == "" {
		t.Fatalf("the local file holds no RSA key for SIGNING_PRIVATE_KEY:\n%s", f.Content)
	}
	second, _, err := p.keysFile()
	if err != nil {
		t.Fatal(err)
	}
	if keptKey(string(second.Content), "SIGNING_PRIVATE_KEY") == key {
		t.Error("two projects would share a key: each local file needs a fresh one")
	}

	// The user's own file: never rewritten, whatever it holds.
	msgs = keysFileOverUsers(t, p, dir, "SITE_HOST=example.org\n")
	if !strings.Contains(strings.Join(msgs, "\n"), ".env.pydock lacks SIGNING_PRIVATE_KEY") {
		t.Errorf("messages %q do not name the missing key", msgs)
	}
}

// keysFileOverUsers writes content as the user's own .env.pydock in dir
// and checks that the keys file is then never written over it; the
// messages are what keysFile says of that file.
func keysFileOverUsers(t *testing.T, p *project, dir, content string) []string {
	t.Helper()
	if err := os.WriteFile(filepath.Join(dir, ".env.pydock"), []byte(content), 0o600); err != nil {
		t.Fatal(err)
	}
	f, msgs, err := p.keysFile()
	if err != nil {
		t.Fatal(err)
	}
	if f != nil {
		t.Errorf("would write %s over the user's file", f.Path)
	}
	return msgs
}

// TestKeysFileLegacyKey: a key an earlier pydock wrote into the committed
// example is public once pushed: the new local file never reuses it, and a
// copy of the user's that still holds it is named.
func TestKeysFileLegacyKey(t *testing.T) {
	dir := writeTree(t, keyProjectFiles)
	old, oldKey := legacyKey(t, "SIGNING_PRIVATE_KEY")
	if err := os.WriteFile(filepath.Join(dir, ".env.pydock.example"), []byte(old), 0o644); err != nil {
		t.Fatal(err)
	}
	p, err := load(dir, plan.Settings{})
	if err != nil {
		t.Fatal(err)
	}
	f, msgs, err := p.keysFile()
	if err != nil {
		t.Fatal(err)
	}
	if f == nil {
		t.Fatal("no local file to create")
	}
	if got := keptKey(string(f.Content), "SIGNING_PRIVATE_KEY"); got == "" || got == oldKey {
		t.Errorf("the local file reuses the key the committed example held (or none): %q", got)
	}
	if !strings.Contains(strings.Join(msgs, "\n"), ".env.pydock.example holds a private key") {
		t.Errorf("messages %q do not name the key in the committed example", msgs)
	}

	msgs = keysFileOverUsers(t, p, dir, old)
	if !strings.Contains(strings.Join(msgs, "\n"), ".env.pydock holds the key") {
		t.Errorf("messages %q do not say the local copy holds the committed key", msgs)
	}
}

// TestDevKeyKinds: each kind of generated key is fresh per call, valid for
// what reads it (an RSA key PKCS#8 PEM, a Fernet key 32 url-safe base64
// bytes), and read back from an env file line as the keys file writes it.
func TestDevKeyKinds(t *testing.T) {
	valid := map[string]func(string) bool{
		plan.GeneratedRSAKey: func(v string) bool { return keptKey("K=\""+strings.TrimRight(v, "\n")+"\"\n", "K") != "" },
		plan.GeneratedFernetKey: func(v string) bool {
			b, err := base64.URLEncoding.DecodeString(v)
			return err == nil && len(b) == 32
		},
	}
	for placeholder, ok := range valid {
		a, err := newDevKey(placeholder)
		if err != nil {
			t.Fatal(err)
		}
		b, err := newDevKey(placeholder)
		if err != nil {
			t.Fatal(err)
		}
		if a == b {
			t.Errorf("%s: two calls gave the same key", placeholder)
		}
		if !ok(a) {
			t.Errorf("%s: %q is not a valid key of its kind", placeholder, a)
		}
		line := "K=" + strings.TrimRight(a, "\n")
		if strings.Contains(a, "\n") {
			line = "K=\"" + strings.TrimRight(a, "\n") + "\""
		}
		if got := keptValue("A=1\n"+line+"\nB=2\n", "K", placeholder); got == "" || got != keptValue(line+"\n", "K", placeholder) {
			t.Errorf("%s: read back %q from %q", placeholder, got, line)
		}
		if got := keptValue("K=change-me\n", "K", placeholder); got != "" {
			t.Errorf("%s: a placeholder word reads as a key: %q", placeholder, got)
		}
	}
}

// TestFindIgnoresAbove: an app in a folder of its repository is kept out of
// git by a .gitignore above it too (unstract's backend/), never one past the
// repository's root.
func TestFindIgnoresAbove(t *testing.T) {
	for _, c := range []struct {
		root, outside string
		want          *bool
	}{
		{".env.*\n", "", ptr(true)},
		{"backend/.env.pydock\n", "", ptr(true)},
		{"*.env\n!sample.env\n", "", ptr(false)},
		{"/.env.pydock\n", "", ptr(false)}, // anchored at the root: not backend's
		{"", ".env.*\n", nil},              // past .git: not this repository's
	} {
		top := t.TempDir()
		root := filepath.Join(top, "repo")
		app := filepath.Join(root, "backend")
		if err := os.MkdirAll(filepath.Join(root, ".git"), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.MkdirAll(app, 0o755); err != nil {
			t.Fatal(err)
		}
		if c.root != "" {
			if err := os.WriteFile(filepath.Join(root, ".gitignore"), []byte(c.root), 0o644); err != nil {
				t.Fatal(err)
			}
		}
		if c.outside != "" {
			if err := os.WriteFile(filepath.Join(top, ".gitignore"), []byte(c.outside), 0o644); err != nil {
				t.Fatal(err)
			}
		}
		f := &detect.Facts{}
		findIgnoresAbove(app, f)
		got := f.GitIgnoresCredentials
		if (got == nil) != (c.want == nil) || got != nil && *got != *c.want {
			t.Errorf("root .gitignore %q, outside %q: ignored = %v, want %v", c.root, c.outside, deref(got), deref(c.want))
		}
	}
}

func ptr(b bool) *bool { return &b }

func deref(b *bool) string {
	if b == nil {
		return "nil"
	}
	return fmt.Sprint(*b)
}
