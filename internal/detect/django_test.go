package detect

import (
	"reflect"
	"strings"
	"testing"
	"testing/fstest"
)

const manageTmpl = `#!/usr/bin/env python
"""Django's command-line utility for administrative tasks."""
import os
import sys


def main():
    os.environ.setdefault('DJANGO_SETTINGS_MODULE', '{{MOD}}')
    from django.core.management import execute_from_command_line
    execute_from_command_line(sys.argv)


if __name__ == '__main__':
    main()
`

func manage(module string) *fstest.MapFile {
	return srcFile(strings.Replace(manageTmpl, "{{MOD}}", module, 1))
}

func TestReadDjango(t *testing.T) {
	tests := []struct {
		name  string
		files fstest.MapFS
		want  *Django // nil: no Django
	}{
		{
			name:  "no manage.py",
			files: fstest.MapFS{"mysite/settings.py": srcFile("# Django settings\nSTATIC_ROOT = 'static'\n"), "mysite/wsgi.py": srcFile("")},
			want:  nil,
		},
		{
			name: "classic layout",
			files: fstest.MapFS{
				"manage.py":          manage("mysite.settings"),
				"mysite/__init__.py": srcFile(""),
				"mysite/settings.py": srcFile("import os\nSECRET_KEY = os.environ[\"DJANGO_SECRET_KEY\"]\nSTATIC_ROOT = BASE_DIR / 'staticfiles'\n"),
				"mysite/wsgi.py":     srcFile(""),
				"mysite/asgi.py":     srcFile(""),
			},
			want: &Django{SettingsModule: "mysite.settings", SettingsFile: "mysite/settings.py", WSGIModule: "mysite.wsgi", ASGIModule: "mysite.asgi",
				StaticRoot: true, SecretEnv: "DJANGO_SECRET_KEY", RequiredEnv: []EnvRead{{Name: "DJANGO_SECRET_KEY", Kind: "str"}}, Source: Source{File: "manage.py", Line: 8}},
		},
		{
			name: "settings package naming production, star import of base",
			files: fstest.MapFS{
				"manage.py":                         srcFile("import os\nos.environ.setdefault(\"DJANGO_SETTINGS_MODULE\", \"config.settings.production\")\n"),
				"config/settings/__init__.py":       srcFile(""),
				"config/settings/base.py":           srcFile("from environ import Env\nenv = Env()\nSECRET_KEY = env.str(\"SECRET\", default='x')\nSTATIC_ROOT = str(BASE_DIR / 'static')\n"),
				"config/settings/production.py":     srcFile("from .base import *  # noqa\nDEBUG = False\n"),
				"config/wsgi.py":                    srcFile(""),
				"config/settings/unrelated_asgi.py": srcFile(""),
			},
			want: &Django{SettingsModule: "config.settings.production", SettingsFile: "config/settings/production.py", WSGIModule: "config.wsgi",
				StaticRoot: true, SecretEnv: "SECRET", Source: Source{File: "manage.py", Line: 2}},
		},
		{
			name: "settings package __init__ under src",
			files: fstest.MapFS{
				"manage.py":                     manage("shop.settings"),
				"src/shop/settings/__init__.py": srcFile("from decouple import config\nSECRET_KEY = config('SHOP_SECRET')\n"),
				"src/shop/asgi.py":              srcFile(""),
			},
			want: &Django{SettingsModule: "shop.settings", SettingsFile: "src/shop/settings/__init__.py", ASGIModule: "shop.asgi", SecretEnv: "SHOP_SECRET", RequiredEnv: []EnvRead{{Name: "SHOP_SECRET", Kind: "str"}},
				Source: Source{File: "manage.py", Line: 8}},
		},
		{
			name: "WSGI_APPLICATION honoured",
			files: fstest.MapFS{
				"manage.py":          manage("mysite.settings"),
				"mysite/settings.py": srcFile("SECRET_KEY = os.getenv('KEY', 'dev')\nWSGI_APPLICATION = \"deploy.wsgi.application\"\n"),
				"mysite/wsgi.py":     srcFile(""),
				"deploy/wsgi.py":     srcFile(""),
			},
			want: &Django{SettingsModule: "mysite.settings", SettingsFile: "mysite/settings.py", WSGIModule: "deploy.wsgi", SecretEnv: "KEY",
				Source: Source{File: "manage.py", Line: 8}},
		},
		{
			name: "STATIC_ROOT not at module level, None, or commented out",
			files: fstest.MapFS{
				"manage.py":          manage("mysite.settings"),
				"mysite/settings.py": srcFile("SECRET_KEY = 'literal'\n# STATIC_ROOT = 'x'\nif DEBUG:\n    STATIC_ROOT = 'y'\nSTATIC_ROOT = None\n"),
			},
			want: &Django{SettingsModule: "mysite.settings", SettingsFile: "mysite/settings.py", CommittedSecret: &Source{File: "mysite/settings.py", Line: 1}, Source: Source{File: "manage.py", Line: 8}},
		},
		{
			name: "environ.get and env()",
			files: fstest.MapFS{
				"manage.py":        srcFile("import os\nos.environ[\"DJANGO_SETTINGS_MODULE\"] = \"site.settings\"\n"),
				"site/settings.py": srcFile("SECRET_KEY = os.environ.get(\n    \"APP_SECRET\",\n    'insecure',\n)\n"),
			},
			want: &Django{SettingsModule: "site.settings", SettingsFile: "site/settings.py", SecretEnv: "APP_SECRET", Source: Source{File: "manage.py", Line: 2}},
		},
		{
			name: "env() call",
			files: fstest.MapFS{
				"manage.py":        manage("site.settings"),
				"site/settings.py": srcFile("SECRET_KEY = env(\"DJ_SECRET\")\n"),
			},
			want: &Django{SettingsModule: "site.settings", SettingsFile: "site/settings.py", SecretEnv: "DJ_SECRET", RequiredEnv: []EnvRead{{Name: "DJ_SECRET", Kind: "str"}}, Source: Source{File: "manage.py", Line: 8}},
		},
		{
			name: "manage.py without a settings module: one settings package guessed",
			files: fstest.MapFS{
				"manage.py":          srcFile("import sys\n"),
				"mysite/settings.py": srcFile("STATIC_ROOT = 'static'\n"),
				"mysite/wsgi.py":     srcFile(""),
			},
			want: &Django{SettingsModule: "mysite.settings", SettingsFile: "mysite/settings.py", WSGIModule: "mysite.wsgi", StaticRoot: true,
				SettingsEnv: true, SettingsWhy: "the one settings module of the project (manage.py names none)",
				Source: Source{File: "mysite/settings.py"}},
		},
		{
			name: "non-UTF-8 settings",
			files: fstest.MapFS{
				"manage.py":          manage("mysite.settings"),
				"mysite/settings.py": srcFile("# caf\xe9\nSTATIC_ROOT = '\xff'\n"),
			},
			want: &Django{SettingsModule: "mysite.settings", SettingsFile: "mysite/settings.py", StaticRoot: true, Source: Source{File: "manage.py", Line: 8}},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := readDjango(tt.files)
			if err != nil {
				t.Fatal(err)
			}
			if (got == nil) != (tt.want == nil) {
				t.Fatalf("got %+v, want %+v", got, tt.want)
			}
			if got != nil {
				got.StaticGap = nil // TestReadStaticGap and django_static_unserved check it
			}
			if got != nil && !reflect.DeepEqual(*got, *tt.want) {
				t.Errorf("got  %+v\nwant %+v", *got, *tt.want)
			}
		})
	}
}

func TestReadDjangoOversizedManage(t *testing.T) {
	fsys := fstest.MapFS{"manage.py": srcFile(strings.Repeat("#", maxPyFileSize+1))}
	if _, err := readDjango(fsys); err == nil || !strings.Contains(err.Error(), "manage.py") {
		t.Fatalf("err = %v, want an error naming manage.py", err)
	}
}
