package detect

import (
	"reflect"
	"slices"
	"testing"
)

func TestReadAuthorsWebServer(t *testing.T) {
	tests := []struct {
		name, file, data string
		want             *AuthorsWebServer
	}{
		{"caddy spa", "Caddyfile", "site {\n  reverse_proxy /api/* app:8000\n  root * /srv/www\n  file_server\n}\n",
			&AuthorsWebServer{File: "Caddyfile", Line: 3, Root: "/srv/www", Proxy: "/api/* to app:8000", ProxyLine: 2, Proxies: 1}},
		{"caddy static route", "Caddyfile", "site {\n  file_server /static/* {\n    root /var/www/site\n  }\n  reverse_proxy 127.0.0.1:5000\n}\n",
			&AuthorsWebServer{File: "Caddyfile", Line: 3, Root: "/var/www/site", Proxy: "127.0.0.1:5000", ProxyLine: 5, Proxies: 1}},
		{"caddy proxy only", "Caddyfile", "site {\n  reverse_proxy app:8000\n}\n", nil},
		{"caddy files only", "Caddyfile", "site {\n  root * /srv\n  file_server\n}\n", nil},
		{"nginx", "nginx/site.conf", "server {\n  location /static/ { alias /app/static/; }\n  location / {\n    proxy_pass http://app:8000;\n  }\n}\n", nil},
		{"nginx root", "nginx/site.conf", "server {\n  root /usr/share/nginx/html;\n  location /api/ {\n    proxy_pass http://app:8000;\n  }\n}\n",
			&AuthorsWebServer{File: "nginx/site.conf", Line: 2, Root: "/usr/share/nginx/html", Proxy: "app:8000", ProxyLine: 4, Proxies: 1}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := ReadAuthorsWebServer(tt.file, []byte(tt.data))
			if got != nil {
				got.Folders = nil // TestAuthorsWebServerFolders
			}
			if (got == nil) != (tt.want == nil) || got != nil && !reflect.DeepEqual(*got, *tt.want) {
				t.Errorf("got %+v, want %+v", got, tt.want)
			}
		})
	}
}

func TestAuthorsWebServerFolders(t *testing.T) {
	conf := "server {\n  root /srv/www;\n  location / {\n    proxy_pass http://web:8000;\n  }\n  location /static/ {\n    alias /srv/collected/;\n  }\n  location ^~ /media/ {\n    if ($x) {\n      return 404;\n    }\n    alias /srv/uploads/;\n  }\n}\n"
	got := ReadAuthorsWebServer("nginx/site.conf", []byte(conf))
	want := []ServedFolder{{"", "/srv/www", 2}, {"/static/", "/srv/collected/", 7}, {"/media/", "/srv/uploads/", 13}}
	if got == nil || !slices.Equal(got.Folders, want) {
		t.Errorf("got %+v, want folders %+v", got, want)
	}
}
