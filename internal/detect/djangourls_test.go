package detect

import (
	"testing"
	"testing/fstest"
)

func TestDjangoURLRoutes(t *testing.T) {
	fsys := fstest.MapFS{
		"site/__init__.py": {},
		"site/urls.py": {Data: []byte(`import os.path
from django.urls import include, path, re_path
from site import api_urls
from site.views import index

BASE = os.path.join("a", "b")
urlpatterns = [
    path("", index),
    re_path(r"^v2/", include("site.v2")),
    path(route="items/<int:pk>/", view=index),
    path("api/", include(api_urls)),
    path("ns/", include(("site.ns", "ns"), namespace="ns")),
    re_path(r"^(?P<tenant>\w+)/", include("site.tenant")),
]
urlpatterns += [path("extra/", include([path("ping", index), path("deep/", include([path("livez", index)]))]))]
`)},
		"site/v2.py":       {Data: []byte("from django.urls import path\nurlpatterns = [re_path(r\"^health/?$\", v)]\n")},
		"site/api_urls.py": {Data: []byte("from django.urls import path\nurlpatterns = [path(\"healthz\", v)]\n")},
		"site/ns.py":       {Data: []byte("from django.urls import path\nurlpatterns = [path(\"status/\", v)]\n")},
		"site/tenant.py":   {Data: []byte("from django.urls import path\nurlpatterns = [path(\"health\", v)]\n")},
		"site/orphan.py":   {Data: []byte("from django.urls import path\nurlpatterns = [path(\"healthz\", v)]\n")},
	}
	routes, ok := djangoURLRoutes(fsys, []string{""}, "site.urls")
	if !ok {
		t.Fatal("root urlconf not found")
	}
	got := map[string]string{}
	for _, r := range routes {
		got[r.full] = r.why
	}
	for _, want := range []string{"/", "/v2/health/", "/api/healthz", "/ns/status/", "/extra/ping", "/extra/deep/livez"} {
		if why, ok := got[want]; !ok || why != "" {
			t.Errorf("route %s: found %v, why %q; all: %v", want, ok, why, got)
		}
	}
	if why := got["/health"]; why == "" {
		t.Errorf("the tenant's route under a regex group prefix should carry why; all: %v", got)
	}
	for p := range got {
		if p == "/items/<int:pk>/" || p == "/a/b" {
			t.Errorf("unexpected route %s", p)
		}
	}
	if len(got) != 7 {
		t.Errorf("want 7 routes (orphan.py is included nowhere), got %d: %v", len(got), got)
	}
	if _, ok := djangoURLRoutes(fsys, []string{""}, "missing.urls"); ok {
		t.Error("a root urlconf not in the source gives no chain")
	}
}
