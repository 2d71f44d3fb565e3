package detect

import (
	"testing"
	"testing/fstest"
)

func TestReadStaticGap(t *testing.T) {
	settings := "from pathlib import Path\nBASE_DIR = Path(__file__).resolve().parent.parent\nSTATIC_URL = 'static/'\nSTATIC_ROOT = BASE_DIR / 'collected'\n"
	tests := []struct {
		name  string
		files fstest.MapFS
		gap   bool
		debug string
	}{
		{"nothing serves", fstest.MapFS{"site/settings.py": srcFile(settings)}, true, ""},
		{"static() under DEBUG", fstest.MapFS{
			"site/settings.py": srcFile(settings),
			"site/urls.py":     srcFile("from django.conf import settings\nurlpatterns = []\nif settings.DEBUG:\n    urlpatterns += static(settings.STATIC_URL, document_root=settings.STATIC_ROOT)\n"),
		}, true, "site/urls.py:4"},
		{"WhiteNoise middleware", fstest.MapFS{
			"site/settings.py": srcFile(settings + "MIDDLEWARE = ['whitenoise.middleware.WhiteNoiseMiddleware']\n"),
		}, false, ""},
		{"dj-static wrapper", fstest.MapFS{
			"site/settings.py": srcFile(settings),
			"site/wsgi.py":     srcFile("from dj_static import Cling\napplication = Cling(get_wsgi_application())\n"),
		}, false, ""},
		{"serve view on STATIC_ROOT", fstest.MapFS{
			"site/settings.py": srcFile(settings),
			"site/urls.py":     srcFile("urlpatterns = [re_path(r'^static/(?P<path>.*)$', serve, {'document_root': settings.STATIC_ROOT})]\n"),
		}, false, ""},
		{"another host", fstest.MapFS{
			"site/settings.py": srcFile("STATIC_URL = 'https://cdn.example.com/s/'\nSTATIC_ROOT = '/srv/static'\n"),
		}, false, ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			g := readStaticGap(tt.files, &Django{StaticRoot: true}, "", "site/settings.py", tt.files, "")
			if (g != nil) != tt.gap {
				t.Fatalf("gap = %+v, want gap %v", g, tt.gap)
			}
			if g == nil {
				return
			}
			if g.URL != "/static/" || g.Root != "collected" || g.RootAt.String() != "site/settings.py:4" {
				t.Errorf("gap = %+v, want /static/ and collected at site/settings.py:4", g)
			}
			debug := ""
			if g.DebugOnly != nil {
				debug = g.DebugOnly.String()
			}
			if debug != tt.debug {
				t.Errorf("debug-only routes at %q, want %q", debug, tt.debug)
			}
		})
	}
}

// A relative STATIC_ROOT is the working directory's folder, cleaned.
func TestReadStaticGapRelativeRoot(t *testing.T) {
	files := fstest.MapFS{"site/settings.py": srcFile("STATIC_URL = '/s/'\nSTATIC_ROOT = './static/'\n")}
	g := readStaticGap(files, &Django{StaticRoot: true}, "", "site/settings.py", files, "")
	if g == nil || g.Root != "static" || g.URL != "/s/" {
		t.Fatalf("gap = %+v, want root static at /s/", g)
	}
}
