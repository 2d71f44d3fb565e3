package render

import (
	"bytes"
	"crypto/rand"
	"crypto/rsa"
	"crypto/x509"
	"encoding/pem"
	"path"
	"slices"
	"strings"
	"testing"
	"testing/fstest"

	composedotenv "github.com/compose-spec/compose-go/v2/dotenv"
	"github.com/compose-spec/compose-go/v2/types"

	"github.com/pydock/pydock/internal/plan"
)

// keyProject is saleor's shape: a check the start imports raises without
// an RSA private key the settings read with no default. withListing adds
// the project's own .env.example.
func keyProject(withListing bool) fstest.MapFS {
	fsys := fstest.MapFS{
		"requirements.txt": {Data: []byte("Django==5.1.2\ngunicorn==23.0.0\nPyJWT==2.9.0\ncryptography==43.0.1\n")},
		"manage.py":        {Data: []byte("import os\nos.environ.setdefault(\"DJANGO_SETTINGS_MODULE\", \"proj.settings\")\n")},
		"proj/__init__.py": {Data: []byte("")},
		"proj/settings.py": {Data: []byte("import os\n\nDEBUG = False\nSECRET_KEY = os.environ[\"SECRET_KEY\"]\nALLOWED_HOSTS = [\"*\"]\n" +
			"SIGNING_KEY = os.environ.get(\"SIGNING_PRIVATE_KEY\", None)\nINSTALLED_APPS = [\"shop.apps.ShopConfig\"]\nROOT_URLCONF = \"proj.urls\"\n")},
		"proj/urls.py":     {Data: []byte("urlpatterns = []\n")},
		"proj/wsgi.py":     {Data: []byte("from django.core.wsgi import get_wsgi_application\napplication = get_wsgi_application()\n")},
		"shop/__init__.py": {Data: []byte("")},
		"shop/apps.py": {Data: []byte("from cryptography.hazmat.primitives import serialization\nfrom django.apps import AppConfig\nfrom django.conf import settings\n" +
			"from django.core.exceptions import ImproperlyConfigured\n\n\nclass ShopConfig(AppConfig):\n    name = \"shop\"\n\n" +
			"    def ready(self):\n        if not settings.SIGNING_KEY:\n            raise ImproperlyConfigured(\"SIGNING_PRIVATE_KEY is required\")\n" +
			"        serialization.load_pem_private_key(settings.SIGNING_KEY.encode(), password=None)\n")},
	}
	if withListing {
		fsys[".env.example"] = &fstest.MapFile{Data: []byte("SECRET_KEY=changeme\n")}
	}
	return fsys
}

func testKey(t *testing.T) string {
	t.Helper()
	k, err := rsa.GenerateKey(rand.Reader, 2048)
	if err != nil {
		t.Fatal(err)
	}
	der, err := x509.MarshalPKCS8PrivateKey(k)
	if err != nil {
		t.Fatal(err)
	}
	return string(pem.EncodeToMemory(&pem.Block{Type: "PRIVATE KEY", Bytes: der}))
}

// TestDevKeysNeverCommitted: with or without the project's own listing, no
// file pydock renders for the repository holds a private key; the listing
// names the variable with the openssl command that makes one; the app's
// env_file lists the local file the key goes to, which the .dockerignore
// keeps out of the image; and that file, as compose's dotenv parser reads
// it, gives the variable the key.
func TestDevKeysNeverCommitted(t *testing.T) {
	for _, own := range []bool{false, true} {
		p, files := renderProject(t, keyProject(own))
		if got := p.DevKeys(); !slices.Equal(got, []string{"SIGNING_PRIVATE_KEY"}) {
			t.Fatalf("own listing %v: DevKeys = %v, want SIGNING_PRIVATE_KEY", own, got)
		}
		if got := p.KeysFile(); got != ".env.pydock" {
			t.Fatalf("own listing %v: KeysFile = %q, want .env.pydock", own, got)
		}
		for name, content := range files {
			if bytes.Contains(content, []byte("PRIVATE KEY-----")) || bytes.Contains(content, []byte(plan.GeneratedRSAKey)) {
				t.Errorf("own listing %v: %s holds a key or its placeholder:\n%s", own, name, content)
			}
		}
		listing := ".env.example"
		if own {
			listing = ".env.pydock.example"
		}
		ex, ok := files[listing]
		if !ok {
			t.Fatalf("own listing %v: no %s; files %v", own, listing, keysOf(files))
		}
		if !strings.Contains(string(ex), "# SIGNING_PRIVATE_KEY: ") || !strings.Contains(string(ex), "openssl genpkey -algorithm RSA -pkeyopt rsa_keygen_bits:2048") {
			t.Errorf("own listing %v: %s does not say how to make the key:\n%s", own, listing, ex)
		}
		if env, err := composedotenv.UnmarshalBytesWithLookup(ex, nil); err != nil || env["SIGNING_PRIVATE_KEY"] != "" {
			t.Errorf("own listing %v: %s assigns SIGNING_PRIVATE_KEY=%q (%v)", own, listing, env["SIGNING_PRIVATE_KEY"], err)
		}
		proj, err := loadCompose(t, files["compose.yaml"], types.Mapping{})
		if err != nil {
			t.Fatal(err)
		}
		if !slices.ContainsFunc(proj.Services["app"].EnvFiles, func(e types.EnvFile) bool { return path.Base(e.Path) == ".env.pydock" && bool(e.Required) }) {
			t.Errorf("own listing %v: the app's env_file %+v does not require .env.pydock", own, proj.Services["app"].EnvFiles)
		}
		if !excludedBy(t, contextMatcher(t, files[".dockerignore"]), ".env.pydock") {
			t.Errorf("own listing %v: .dockerignore lets .env.pydock into the build context", own)
		}
		if !slices.ContainsFunc(p.Ignore.KeepOut, func(n plan.IgnoreNeed) bool { return n.Path == ".env.pydock" }) {
			t.Errorf("own listing %v: a kept .dockerignore would not be made to keep out .env.pydock: %+v", own, p.Ignore.KeepOut)
		}

		key := testKey(t)
		local, err := LocalEnv(p, map[string]string{"SIGNING_PRIVATE_KEY": key})
		if err != nil {
			t.Fatal(err)
		}
		env, err := composedotenv.UnmarshalBytesWithLookup(local, nil)
		if err != nil {
			t.Fatalf("own listing %v: compose cannot read the local file: %v\n%s", own, err, local)
		}
		if env["SIGNING_PRIVATE_KEY"] != strings.TrimRight(key, "\n") {
			t.Errorf("own listing %v: the local file gives SIGNING_PRIVATE_KEY %q", own, env["SIGNING_PRIVATE_KEY"])
		}
		if own && env["SECRET_KEY"] != "" {
			t.Errorf("own listing %v: SECRET_KEY comes from the authors' listing, not the local file: %q", own, env["SECRET_KEY"])
		}
		if !own && len(env) != 1 {
			t.Errorf("own listing %v: the local file should hold the key alone (the rest is .env.example's): %v", own, keysOf2(env))
		}
	}
}

func keysOf2(m map[string]string) []string {
	var out []string
	for k := range m {
		out = append(out, k)
	}
	slices.Sort(out)
	return out
}
