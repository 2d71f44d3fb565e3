package detect

import (
	"io/fs"
	"strconv"
	"strings"
	"testing"
	"testing/fstest"
)

// srcFile is a MapFS file with the given text.
func srcFile(s string) *fstest.MapFile { return &fstest.MapFile{Data: []byte(s)} }

func TestFindApp(t *testing.T) {
	tests := []struct {
		name    string
		fw      Framework
		roots   []string
		files   fstest.MapFS
		want    string // module:attr, "" for none
		factory bool
		dir     string
		src     string
	}{
		{
			name:  "fastapi in main.py",
			fw:    FrameworkFastAPI,
			files: fstest.MapFS{"main.py": srcFile("from fastapi import FastAPI\n\napp = FastAPI(title='x')\n")},
			want:  "main:app", src: "main.py:3",
		},
		{
			name:  "qualified and annotated",
			fw:    FrameworkFastAPI,
			files: fstest.MapFS{"api.py": srcFile("import fastapi\napi: fastapi.FastAPI = fastapi.FastAPI(\n    title='x',\n)\n")},
			want:  "api:api", src: "api.py:2",
		},
		{
			name:  "aliased import",
			fw:    FrameworkFastAPI,
			files: fstest.MapFS{"app.py": srcFile("from fastapi import FastAPI as F\nserver = F()\n")},
			want:  "app:server",
		},
		{
			name:  "inside a function is not module level",
			fw:    FrameworkFastAPI,
			files: fstest.MapFS{"main.py": srcFile("from fastapi import FastAPI\n\ndef build():\n    app = FastAPI()\n    print(app)\n")},
			want:  "",
		},
		{
			name:  "a method of a class without bases is not a factory",
			fw:    FrameworkFlask,
			files: fstest.MapFS{"web/app.py": srcFile("import flask\n\nclass App:\n    def __new__(cls, api):\n        app = flask.Flask(__name__)\n        return app\n")},
			want:  "",
		},
		{
			name:  "mention in a comment is not an app",
			fw:    FrameworkFlask,
			files: fstest.MapFS{"app.py": srcFile("# from flask import Flask\n# app = Flask(__name__)\nprint('Flask')\n")},
			want:  "",
		},
		{
			name:  "docstring is not code",
			fw:    FrameworkFlask,
			files: fstest.MapFS{"app.py": srcFile("'''\nfrom flask import Flask\napp = Flask(__name__)\n'''\n")},
			want:  "",
		},
		{
			name:  "no import of the framework",
			fw:    FrameworkFlask,
			files: fstest.MapFS{"app.py": srcFile("from mylib import make\napp = Flask(__name__)\n")},
			want:  "",
		},
		{
			name:  "flask",
			fw:    FrameworkFlask,
			files: fstest.MapFS{"hello.py": srcFile("from flask import Flask, jsonify\napp = Flask(__name__)\n")},
			want:  "hello:app",
		},
		{
			name:  "src layout module name",
			fw:    FrameworkFastAPI,
			roots: []string{"src", ""},
			files: fstest.MapFS{
				"src/shop/__init__.py":     srcFile(""),
				"src/shop/api/__init__.py": srcFile(""),
				"src/shop/api/main.py":     srcFile("from fastapi import FastAPI\napp = FastAPI()\n"),
			},
			want: "shop.api.main:app", dir: "src/shop/api", src: "src/shop/api/main.py:2",
		},
		{
			name:  "package __init__",
			fw:    FrameworkStarlette,
			files: fstest.MapFS{"app/__init__.py": srcFile("from starlette.applications import Starlette\napp = Starlette(routes=[])\n")},
			want:  "app:app", dir: "app",
		},
		{
			name:  "litestar",
			fw:    FrameworkLitestar,
			files: fstest.MapFS{"service.py": srcFile("from litestar import Litestar, get\napp = Litestar(route_handlers=[])\n")},
			want:  "service:app",
		},
		{
			name:  "aiohttp web.Application",
			fw:    FrameworkAiohttp,
			files: fstest.MapFS{"server.py": srcFile("from aiohttp import web\napp = web.Application()\n")},
			want:  "server:app",
		},
		{
			name:  "aiohttp fully qualified",
			fw:    FrameworkAiohttp,
			files: fstest.MapFS{"server.py": srcFile("import aiohttp.web\napp = aiohttp.web.Application()\n")},
			want:  "server:app",
		},
		{
			name: "factory",
			fw:   FrameworkFlask,
			files: fstest.MapFS{"app/__init__.py": srcFile(`from flask import Flask

def create_app(config=None):
    app = Flask(__name__)
    app.config.from_object(config)
    return app
`)},
			want: "app:create_app", factory: true, dir: "app", src: "app/__init__.py:3",
		},
		{
			name:  "factory returning the call",
			fw:    FrameworkFastAPI,
			files: fstest.MapFS{"main.py": srcFile("import fastapi\n\nasync def make_app():\n    return fastapi.FastAPI()\n")},
			want:  "main:make_app", factory: true,
		},
		{
			name:  "function that builds but does not return is no factory",
			fw:    FrameworkFastAPI,
			files: fstest.MapFS{"main.py": srcFile("from fastapi import FastAPI\n\ndef f():\n    app = FastAPI()\n    return None\n")},
			want:  "",
		},
		{
			name: "wsgi.py calling a factory beats the factory",
			fw:   FrameworkFlask,
			files: fstest.MapFS{
				"shop/__init__.py": srcFile("from flask import Flask\n\ndef create_app():\n    app = Flask(__name__)\n    return app\n"),
				"wsgi.py":          srcFile("from shop import create_app\n\napp = create_app()\n"),
			},
			want: "wsgi:app", src: "wsgi.py:3",
		},
		{
			name: "relative import of a factory",
			fw:   FrameworkFlask,
			files: fstest.MapFS{
				"shop/factory.py": srcFile("from flask import Flask\n\ndef create_app():\n    return Flask(__name__)\n"),
				"shop/wsgi.py":    srcFile("from .factory import create_app\napplication = create_app()\n"),
			},
			want: "shop.wsgi:application", dir: "shop",
		},
		{
			name: "object in the same file beats its factory",
			fw:   FrameworkFlask,
			files: fstest.MapFS{
				"app.py": srcFile("from flask import Flask\n\ndef create_app():\n    a = Flask(__name__)\n    return a\n\napp = create_app()\n"),
			},
			want: "app:app", src: "app.py:7",
		},
		{
			name: "preferred file name beats shorter path",
			fw:   FrameworkFastAPI,
			files: fstest.MapFS{
				"x.py":         srcFile("from fastapi import FastAPI\napp = FastAPI()\n"),
				"svc/main.py":  srcFile("from fastapi import FastAPI\napp = FastAPI()\n"),
				"svc2/main.py": srcFile("from fastapi import FastAPI\napp = FastAPI()\n"),
			},
			want: "svc.main:app", dir: "svc",
		},
		{
			name: "app preferred over other names in a file",
			fw:   FrameworkFastAPI,
			files: fstest.MapFS{
				"main.py": srcFile("from fastapi import FastAPI\napi = FastAPI()\napp = FastAPI()\napp.mount('/api', api)\n"),
			},
			want: "main:app", src: "main.py:3",
		},
		{
			name: "skipped directories",
			fw:   FrameworkFastAPI,
			files: fstest.MapFS{
				".venv/lib/main.py":      srcFile("from fastapi import FastAPI\napp = FastAPI()\n"),
				"tests/main.py":          srcFile("from fastapi import FastAPI\napp = FastAPI()\n"),
				"node_modules/x/main.py": srcFile("from fastapi import FastAPI\napp = FastAPI()\n"),
				"myenv/pyvenv.cfg":       srcFile("home = /usr\n"),
				"myenv/main.py":          srcFile("from fastapi import FastAPI\napp = FastAPI()\n"),
			},
			want: "",
		},
		{
			name: "generated by pydock",
			fw:   FrameworkFastAPI,
			files: fstest.MapFS{
				"main.py": srcFile("# Generated by pydock. Edit freely.\nfrom fastapi import FastAPI\napp = FastAPI()\n"),
			},
			want: "",
		},
		{
			name: "symlinked file is not followed",
			fw:   FrameworkFastAPI,
			files: fstest.MapFS{
				"real/x.txt": srcFile("from fastapi import FastAPI\napp = FastAPI()\n"),
				"main.py":    &fstest.MapFile{Data: []byte("real/x.txt"), Mode: fs.ModeSymlink},
			},
			want: "",
		},
		{
			name:  "oversized file skipped",
			fw:    FrameworkFastAPI,
			files: fstest.MapFS{"main.py": srcFile("from fastapi import FastAPI\napp = FastAPI()\n" + strings.Repeat("#", maxPyFileSize))},
			want:  "",
		},
		{
			name:  "non-importable directory",
			fw:    FrameworkFastAPI,
			files: fstest.MapFS{"my-app/main.py": srcFile("from fastapi import FastAPI\napp = FastAPI()\n")},
			want:  "",
		},
		{
			name:  "non-UTF-8 bytes",
			fw:    FrameworkFastAPI,
			files: fstest.MapFS{"main.py": srcFile("# \xff\xfe caf\xe9\nfrom fastapi import FastAPI\napp = FastAPI(title='\xe9')\n")},
			want:  "main:app", src: "main.py:3",
		},
		{
			name:  "django is not handled here",
			fw:    FrameworkDjango,
			files: fstest.MapFS{"manage.py": srcFile("import os\n")},
			want:  "",
		},
		{
			name:  "no framework",
			fw:    FrameworkNone,
			files: fstest.MapFS{"main.py": srcFile("from fastapi import FastAPI\napp = FastAPI()\n")},
			want:  "",
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			roots := tt.roots
			if roots == nil {
				roots = []string{""}
			}
			app, dir, err := findApp(tt.files, tt.fw, roots)
			if err != nil {
				t.Fatal(err)
			}
			got := ""
			if app != nil {
				got = app.String()
			}
			if got != tt.want {
				t.Fatalf("app = %q, want %q", got, tt.want)
			}
			if app == nil {
				return
			}
			if app.Factory != tt.factory {
				t.Errorf("factory = %v, want %v", app.Factory, tt.factory)
			}
			if dir != tt.dir {
				t.Errorf("dir = %q, want %q", dir, tt.dir)
			}
			if tt.src != "" && app.Source.String() != tt.src {
				t.Errorf("source = %s, want %s", app.Source, tt.src)
			}
		})
	}
}

func TestFindAppDeterministic(t *testing.T) {
	fsys := fstest.MapFS{
		"b/app.py": srcFile("from flask import Flask\napp = Flask(__name__)\n"),
		"a/app.py": srcFile("from flask import Flask\napp = Flask(__name__)\n"),
	}
	for range 20 {
		app, _, _ := findApp(fsys, FrameworkFlask, []string{""})
		if app == nil || app.Module != "a.app" {
			t.Fatalf("got %v, want a.app:app", app)
		}
	}
}

func TestModuleName(t *testing.T) {
	tests := []struct{ root, file, want string }{
		{"src", "src/shop/api/main.py", "shop.api.main"},
		{"", "app/__init__.py", "app"},
		{"", "main.py", "main"},
		{"", "__init__.py", ""},
		{"", "my-app/main.py", ""},
		{"src", "other/main.py", ""},
	}
	for _, tt := range tests {
		if got := moduleName(tt.root, tt.file); got != tt.want {
			t.Errorf("moduleName(%q, %q) = %q, want %q", tt.root, tt.file, got, tt.want)
		}
	}
}

func TestPyLines(t *testing.T) {
	src := "a = f(1,\n      2)  # c\n\"\"\"doc\nx = 1\n\"\"\"\nif x:\n    y = 'q#'\nz = 1 + \\\n    2\n"
	var got []string
	for _, l := range pyLines([]byte(src)) {
		got = append(got, strings.Join([]string{l.text, strconv.Itoa(l.line), strconv.Itoa(l.indent)}, "|"))
	}
	want := []string{
		"a = f(1,       2)|1|0",
		`""|3|0`,
		"if x:|6|0",
		"y = 'q#'|7|4",
		"z = 1 +      2|8|0",
	}
	if strings.Join(got, "\n") != strings.Join(want, "\n") {
		t.Errorf("got\n%s\nwant\n%s", strings.Join(got, "\n"), strings.Join(want, "\n"))
	}
}

func TestFindHealthRoute(t *testing.T) {
	tests := []struct {
		name  string
		roots []string
		files fstest.MapFS
		want  string // path@file:line
	}{
		{
			name:  "fastapi get",
			files: fstest.MapFS{"main.py": srcFile("from fastapi import FastAPI\napp = FastAPI()\n\n@app.get(\"/health\")\ndef h():\n    return {}\n")},
			want:  "/health@main.py:4",
		},
		{
			name:  "prefers healthz",
			files: fstest.MapFS{"main.py": srcFile("@app.get('/ping')\ndef p(): ...\n@router.get(\"/healthz\", include_in_schema=False)\ndef h(): ...\n@app.get('/health')\ndef g(): ...\n")},
			want:  "/healthz@main.py:3",
		},
		{
			name:  "flask blueprint with methods",
			files: fstest.MapFS{"app/views.py": srcFile("@bp.route('/healthz', methods=['GET'])\ndef h():\n    return 'ok'\n")},
			want:  "/healthz@app/views.py:1",
		},
		{
			name:  "decorator split over lines",
			files: fstest.MapFS{"main.py": srcFile("@app.get(\n    path=\"/livez\",\n)\ndef h(): ...\n")},
			want:  "/livez@main.py:1",
		},
		{
			name:  "litestar bare get",
			files: fstest.MapFS{"app.py": srcFile("from litestar import get\n@get(\"/health\")\nasync def h() -> str: ...\n")},
			want:  "/health@app.py:2",
		},
		{
			name:  "starlette Route",
			files: fstest.MapFS{"app.py": srcFile("routes = [\n    Route(\"/readyz\", ready),\n    Route('/x', x),\n]\n")},
			want:  "/readyz@app.py:1",
		},
		{
			name:  "aiohttp",
			files: fstest.MapFS{"server.py": srcFile("app.add_routes([web.get('/ping', ping)])\napp.router.add_get(\"/health\", health)\n")},
			want:  "/health@server.py:2",
		},
		{
			name:  "django path",
			files: fstest.MapFS{"mysite/urls.py": srcFile("from django.urls import path, re_path\nurlpatterns = [\n    path(\"admin/\", admin.site.urls),\n    path(\"healthz/\", views.health),\n]\n")},
			want:  "/healthz/@mysite/urls.py:2",
		},
		{
			name:  "django re_path",
			files: fstest.MapFS{"mysite/urls.py": srcFile("from django.urls import re_path\nurlpatterns = [re_path(r\"^healthz/?$\", views.health)]\n")},
			want:  "/healthz/@mysite/urls.py:2",
		},
		{
			name:  "path() without django import is not a route",
			files: fstest.MapFS{"x.py": srcFile("p = path(\"health\")\n")},
			want:  "",
		},
		{
			name:  "commented-out route",
			files: fstest.MapFS{"main.py": srcFile("# @app.get(\"/health\")\ndef h(): ...\n")},
			want:  "",
		},
		{
			name:  "router with a prefix",
			files: fstest.MapFS{"api.py": srcFile("router = APIRouter(prefix=\"/api\")\n@router.get(\"/health\")\ndef h(): ...\n"), "main.py": srcFile("from api import router\napp.include_router(router)\n")},
			want:  "/api/health@api.py:2",
		},
		{
			name:  "router attached nowhere pydock sees",
			files: fstest.MapFS{"api.py": srcFile("router = APIRouter(prefix=\"/api\")\n@router.get(\"/health\")\ndef h(): ...\n")},
			want:  "",
		},
		{
			name:  "post is not a probe",
			files: fstest.MapFS{"main.py": srcFile("@app.post(\"/health\")\ndef h(): ...\n")},
			want:  "",
		},
		{
			name:  "other paths",
			files: fstest.MapFS{"main.py": srcFile("@app.get(\"/status/health\")\ndef h(): ...\n@app.get(\"/healthcheck\")\ndef g(): ...\n")},
			want:  "/status/health@main.py:1",
		},
		{
			name:  "healthcheck under a versioned prefix",
			files: fstest.MapFS{"main.py": srcFile("@app.get(\"/api/v1/healthcheck\")\ndef g(): ...\n@app.get(\"/api/v1/users\")\ndef u(): ...\n")},
			want:  "/api/v1/healthcheck@main.py:1",
		},
		{
			name:  "pydock-generated health.py ignored",
			files: fstest.MapFS{"health.py": srcFile("# Generated by pydock\nfrom fastapi import APIRouter\nrouter = APIRouter()\n@router.get(\"/healthz\")\ndef h(): ...\n")},
			want:  "",
		},
		{
			name:  "tests are ignored",
			files: fstest.MapFS{"tests/test_api.py": srcFile("@app.get(\"/health\")\ndef h(): ...\n")},
			want:  "",
		},
		{
			name:  "src root",
			roots: []string{"src", ""},
			files: fstest.MapFS{"src/pkg/main.py": srcFile("@app.get(\"/ping\")\ndef h(): ...\n")},
			want:  "/ping@src/pkg/main.py:1",
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			roots := tt.roots
			if roots == nil {
				roots = []string{""}
			}
			got := ""
			if h := findHealthRoute(tt.files, roots); h != nil {
				got = h.Path + "@" + h.Source.String()
			}
			if got != tt.want {
				t.Errorf("got %q, want %q", got, tt.want)
			}
		})
	}
}

func TestFindEntryFile(t *testing.T) {
	tests := []struct {
		name  string
		files fstest.MapFS
		want  string
	}{
		{"main.py", fstest.MapFS{"main.py": srcFile("print(1)\n"), "bot.py": srcFile("")}, "main.py"},
		{"bot before run", fstest.MapFS{"run.py": srcFile(""), "bot.py": srcFile("")}, "bot.py"},
		{"__main__.py", fstest.MapFS{"__main__.py": srcFile("")}, "__main__.py"},
		{"manage.py is not an entry", fstest.MapFS{"manage.py": srcFile("if __name__ == \"__main__\":\n    main()\n")}, ""},
		{"one main guard", fstest.MapFS{"tool.py": srcFile("def m(): ...\n\nif __name__ == '__main__':\n    m()\n"), "lib.py": srcFile("x = 1\n")}, "tool.py:3"},
		{"two main guards", fstest.MapFS{"a.py": srcFile("if __name__ == \"__main__\":\n    pass\n"), "b.py": srcFile("if __name__ == \"__main__\":\n    pass\n")}, ""},
		{"a shim imports the program", fstest.MapFS{"a.py": srcFile("if __name__ == \"__main__\":\n    pass\n"), "b.py": srcFile("from a import main\nif __name__ == \"__main__\":\n    main()\n")}, "a.py:1"},
		{"a unit runs one", fstest.MapFS{"a.py": srcFile("if __name__ == \"__main__\":\n    pass\n"), "b.py": srcFile("if __name__ == \"__main__\":\n    pass\n"),
			"init/b.service": srcFile("[Service]\nExecStart=/usr/bin/python3 -u /opt/b/b.py --quiet\n")}, "b.py:1"},
		{"named like its package", fstest.MapFS{"a.py": srcFile("if __name__ == \"__main__\":\n    pass\n"), "b.py": srcFile("if __name__ == \"__main__\":\n    pass\n"), "b/__init__.py": srcFile("")}, "b.py:1"},
		{"an installer is not the program", fstest.MapFS{"install.py": srcFile("if __name__ == \"__main__\":\n    pass\n"), "b.py": srcFile("if __name__ == \"__main__\":\n    pass\n")}, "b.py:1"},
		{"guard in a comment", fstest.MapFS{"a.py": srcFile("# if __name__ == \"__main__\":\n")}, ""},
		{"symlink", fstest.MapFS{"main.py": &fstest.MapFile{Data: []byte("x.py"), Mode: fs.ModeSymlink}, "x.txt": srcFile("")}, ""},
		{"generated", fstest.MapFS{"main.py": srcFile("# Generated by pydock\n")}, ""},
		{"nothing", fstest.MapFS{"lib/main.py": srcFile("")}, ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			name, src, _ := findEntryFile(tt.files, "")
			got := src.String()
			if name == "" {
				got = ""
			} else if name != src.File {
				t.Errorf("name %q != source file %q", name, src.File)
			}
			if got != tt.want {
				t.Errorf("got %q, want %q", got, tt.want)
			}
		})
	}
}

func FuzzFindApp(f *testing.F) {
	f.Add([]byte("from fastapi import FastAPI\napp = FastAPI()\n@app.get('/health')\ndef h(): ...\n"))
	f.Add([]byte("from flask import Flask\ndef create_app():\n    a = Flask(__name__)\n    return a\n"))
	f.Add([]byte("'''\nunterminated\n(((\\\n\"x"))
	f.Add([]byte("\xff\xfe\x00from . import create_app\napp = create_app()\n"))
	f.Fuzz(func(t *testing.T, data []byte) {
		fsys := fstest.MapFS{
			"main.py":         &fstest.MapFile{Data: data},
			"pkg/__init__.py": &fstest.MapFile{Data: data},
			"manage.py":       &fstest.MapFile{Data: data},
			"pkg/settings.py": &fstest.MapFile{Data: data},
		}
		for _, spec := range frameworks {
			_, _, _ = findApp(fsys, spec.Name, []string{""})
		}
		_ = findLauncherTarget(fsys, []string{""})
		_ = findServing(fsys, []string{""})
		_ = findHealthRoute(fsys, []string{""})
		_, _, _ = findEntryFile(fsys, "")
		_, _ = readDjango(fsys)
	})
}
