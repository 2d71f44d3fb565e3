package detect

import (
	"testing"
	"testing/fstest"
)

// The domain each loader's call reads, as catalogues.toml places it.
func TestCatalogueCallDomain(t *testing.T) {
	for _, tc := range []struct {
		name, src, want string
	}{
		{"positional literal", "import gettext\nt = gettext.translation('shop', 'i18n')\n", "shop"},
		{"keyword literal", "import gettext\nt = gettext.translation(localedir='i18n', domain=\"shop\")\n", "shop"},
		{"from-import", "from gettext import translation as tr\nt = tr('shop', 'i18n')\n", "shop"},
		{"computed", "import gettext, os\nt = gettext.translation(os.environ['D'], 'i18n')\n", ""},
		{"star args", "import gettext\nt = gettext.translation(*args)\n", ""},
		{"babel default", "from babel.support import Translations\nt = Translations.load('i18n', ['fr'])\n", "messages"},
		{"babel third", "from babel.support import Translations\nt = Translations.load('i18n', ['fr'], 'shop')\n", "shop"},
		{"flask-babel default", "from flask_babel import Babel\nb = Babel(app)\n", "messages"},
		{"flask-babel keyword", "from flask_babel import Babel\nb = Babel(app, default_domain='shop')\n", "shop"},
		{"flask-babel positional is not the domain", "from flask_babel import Babel\nb = Babel('shop')\n", "messages"},
		{"pyramid: every domain", "from pyramid.i18n import make_localizer\nl = make_localizer('fr', ['locale'])\n", ""},
	} {
		t.Run(tc.name, func(t *testing.T) {
			f := &Facts{layout: &layout{}}
			calls := catalogueCalls(fstest.MapFS{"app.py": {Data: []byte(tc.src)}}, f)
			if len(calls) != 1 {
				t.Fatalf("found %d calls, want 1", len(calls))
			}
			if calls[0].domain != tc.want {
				t.Errorf("domain %q, want %q", calls[0].domain, tc.want)
			}
			if calls[0].from != (Source{File: "app.py", Line: 2}) {
				t.Errorf("from %v, want app.py:2", calls[0].from)
			}
		})
	}
}

// A setting that replaces the default domain, named anywhere in the code,
// makes the call's domain unknown.
func TestCatalogueDomainSetting(t *testing.T) {
	fsys := fstest.MapFS{
		"app.py":    {Data: []byte("from flask_babel import Babel\nb = Babel(app)\n")},
		"config.py": {Data: []byte("BABEL_DOMAIN = 'shop'\n")},
	}
	calls := catalogueCalls(fsys, &Facts{layout: &layout{}})
	if len(calls) != 1 || calls[0].domain != "" {
		t.Fatalf("calls %+v, want one of any domain", calls)
	}
}

// Only <folder>/<language>/LC_MESSAGES/<domain>.po counts, outside tests,
// docs and hidden folders; a .mo beside a .po marks its folder committed.
func TestCatalogueDirs(t *testing.T) {
	po := &fstest.MapFile{Data: []byte("msgid \"\"\nmsgstr \"\"\n")}
	got := catalogueDirs(fstest.MapFS{
		"i18n/fr/LC_MESSAGES/app.po":              po,
		"i18n/de/LC_MESSAGES/app.po":              po,
		"web/locale/fr/LC_MESSAGES/django.po":     po,
		"web/locale/fr/LC_MESSAGES/django.mo":     po,
		"tests/i18n/fr/LC_MESSAGES/app.po":        po,
		"docs/locale/fr/LC_MESSAGES/index.po":     po,
		".venv/lib/x/fr/LC_MESSAGES/lib.po":       po,
		"sync/fixtures/translated-locale/main.po": po,
		"fr/LC_MESSAGES/root.po":                  po,
	})
	if len(got) != 2 {
		t.Fatalf("folders %v, want i18n and web/locale", keys(got))
	}
	if d := got["i18n"]; d == nil || d.files != 2 || d.mo || !d.domains["app"] {
		t.Errorf("i18n: %+v", d)
	}
	if d := got["web/locale"]; d == nil || !d.mo || !d.domains["django"] {
		t.Errorf("web/locale: %+v", d)
	}
}

func keys[V any](m map[string]V) []string {
	var out []string
	for k := range m {
		out = append(out, k)
	}
	return out
}
