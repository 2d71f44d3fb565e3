package detect

import (
	"slices"
	"strings"
	"testing"
	"testing/fstest"
)

func TestFindEnvUses(t *testing.T) {
	files := fstest.MapFS{
		"app/settings.py": srcFile(`import os
import dj_database_url
from decouple import config
from starlette.config import Config

conf = Config(".env")
KEY = os.environ["SECRET_KEY"]
HOST = os.getenv("DB_HOST", "127.0.0.1")
BROKER = config("CELERY_BROKER_URL", cast=str, default="amqp://guest@localhost//")
MONGO = conf("MONGO_URL", default="mongodb://localhost")
DATABASES = {"default": dj_database_url.config(conn_max_age=600)}
CACHE = dj_database_url.config(env="REPLICA_URL")
RQ = get_bool_from_env("RQ_ENABLED", True)
CACHE_URL = os.environ.get("APP_CACHE_URL", os.environ.get("CACHE_URL", "redis://localhost:6379/2"))
`),
		"app/constants.py": srcFile("ENV_PREFIX = \"SVC_\"\n"),
		"app/conf.py": srcFile(`from pydantic_settings import BaseSettings
from app.constants import ENV_PREFIX


class Settings(BaseSettings):
    db_host: str = "localhost"
    REDIS_URL: str = "redis://localhost:6379/1"
    broker: str = Field("x", alias="RABBITMQ_URL")

    class Config:
        env_prefix = ENV_PREFIX
`),
		"app/tests/test_x.py": srcFile("import os\nos.environ.get('TEST_ONLY')\n"),
	}
	f := &Facts{}
	findEnvUses(files, f)
	got := map[string]EnvUse{}
	for _, u := range f.EnvUses {
		got[u.Name] = u
	}
	want := map[string]string{ // name → default
		"SECRET_KEY":        "",
		"DB_HOST":           "127.0.0.1",
		"CELERY_BROKER_URL": "amqp://guest@localhost//",
		"MONGO_URL":         "mongodb://localhost",
		"DATABASE_URL":      "",
		"REPLICA_URL":       "",
		"RQ_ENABLED":        "",
		"APP_CACHE_URL":     "", // its default is a read
		"CACHE_URL":         "redis://localhost:6379/2",
		"SVC_DB_HOST":       "localhost",
		"SVC_REDIS_URL":     "redis://localhost:6379/1",
		"RABBITMQ_URL":      "x", // Field("x", …): pydantic's first argument is the default
	}
	for name, def := range want {
		u, ok := got[name]
		if !ok {
			t.Errorf("%s not found; got %v", name, f.EnvUses)
			continue
		}
		if u.Default != def {
			t.Errorf("%s default = %q, want %q", name, u.Default, def)
		}
		if u.Source.File == "" || u.Source.Line == 0 {
			t.Errorf("%s has no source: %+v", name, u.Source)
		}
	}
	if u := got["SVC_DB_HOST"]; u.Field != "DB_HOST" {
		t.Errorf("SVC_DB_HOST field = %q, want DB_HOST", u.Field)
	}
	if _, ok := got["TEST_ONLY"]; ok {
		t.Error("a test file's read counted as the app's")
	}
	if _, ok := got["DB_HOST"]; ok && got["DB_HOST"].Source.File != "app/settings.py" {
		t.Errorf("DB_HOST from %s", got["DB_HOST"].Source)
	}
}

func TestFindEnvUsesOddPrefix(t *testing.T) {
	files := fstest.MapFS{"conf.py": srcFile("from pydantic_settings import BaseSettings\n\n\nclass S(BaseSettings):\n    model_config = SettingsConfigDict(env_prefix='x: ${A}-')\n    db_host: str = 'h'\n")}
	f := &Facts{}
	findEnvUses(files, f)
	if len(f.EnvUses) != 0 {
		t.Errorf("a prefix that makes no variable name gave %v", f.EnvUses)
	}
}

// A model_config dict's env_prefix applies; an enum of another module or
// a Literal gives the field its choices; a class name that is no enum of
// the project gives none.
func TestFindEnvUsesPrefixDictAndChoices(t *testing.T) {
	files := fstest.MapFS{
		"app/kinds.py": srcFile("from enum import Enum\n\n\nclass Backend(str, Enum):\n    SQLITE = \"sqlite\"\n    POSTGRES = \"postgres\"\n"),
		"app/conf.py": srcFile(`from pydantic_settings import BaseSettings
from app.kinds import Backend


class Settings(BaseSettings):
    backend: Backend = Backend.SQLITE
    cache: Literal["memory", "redis"] = "memory"
    other: Path = Path("/x")

    model_config = {"env_prefix": "APP_"}
`),
	}
	f := &Facts{}
	findEnvUses(files, f)
	got := map[string][]string{}
	for _, u := range f.EnvUses {
		got[u.Name] = u.Choices
	}
	want := map[string][]string{"APP_BACKEND": {"sqlite", "postgres"}, "APP_CACHE": {"memory", "redis"}, "APP_OTHER": nil}
	for name, choices := range want {
		c, ok := got[name]
		if !ok || !slices.Equal(c, choices) {
			t.Errorf("%s: choices %q (found %v), want %q; all %v", name, c, ok, choices, f.EnvUses)
		}
	}
}

func TestFindEnvUsesRequired(t *testing.T) {
	files := fstest.MapFS{
		"bot/constants.py": srcFile(`import os
from pydantic import SecretStr
from pydantic_settings import BaseSettings

os.environ["PYTHONUNBUFFERED"] = "1"
TOKEN_AT_IMPORT = os.environ["BOT_TOKEN"]


class EnvConfig(
    BaseSettings,
    env_file=".env",
    extra="ignore",
):
    """Shared configuration."""


class _Client(EnvConfig, env_prefix="client_"):
    name: str = "bot"
    token: SecretStr
    guild: int
    month_override: int | None
    admins: list[int]
    retries: int = Field(...)
    timeout: int = Field(default=3)


def later():
    return os.environ["CALLED_LATER"]
`),
	}
	f := &Facts{}
	findEnvUses(files, f)
	got := map[string]EnvUse{}
	for _, u := range f.EnvUses {
		got[u.Name] = u
	}
	want := map[string]string{ // required name → kind
		"BOT_TOKEN": "str", "CLIENT_TOKEN": "str", "CLIENT_GUILD": "int", "CLIENT_ADMINS": "list", "CLIENT_RETRIES": "int",
	}
	for name, kind := range want {
		if u, ok := got[name]; !ok || !u.Required || u.Kind != kind {
			t.Errorf("%s: got %+v, want required %s", name, u, kind)
		}
	}
	for _, name := range []string{"PYTHONUNBUFFERED", "CALLED_LATER", "CLIENT_NAME", "CLIENT_MONTH_OVERRIDE", "CLIENT_TIMEOUT"} {
		if got[name].Required {
			t.Errorf("%s is not required: %+v", name, got[name])
		}
	}
}

// A variable the code itself gives a value with os.environ.setdefault at
// import is not the operator's to set, wherever it is read afterwards; and
// int(os.environ["X"]) reads a number, so its development value must be one.
func TestFindEnvUsesSetdefaultAndCast(t *testing.T) {
	files := fstest.MapFS{
		"app/perms.py": srcFile(`import os

os.environ.setdefault("PUID", str(os.geteuid() or 911))
USER_ID = int(os.environ["PUID"])
WORKERS = int(os.environ["WORKERS"])
RATIO = float(os.environ["RATIO"])
NAME = os.environ["SITE_NAME"]
`),
		"app/other.py": srcFile("import os\nGID = int(os.environ['PGID'])\n"),
		"app/boot.py":  srcFile("import os\nos.environ.setdefault('PGID', '100')\n"),
	}
	f := &Facts{}
	findEnvUses(files, f)
	got := map[string]EnvUse{}
	for _, u := range f.EnvUses {
		got[u.Name] = u
	}
	for name, want := range map[string]struct {
		required bool
		kind     string
	}{
		"PUID":      {false, "int"},
		"PGID":      {false, "int"},
		"WORKERS":   {true, "int"},
		"RATIO":     {true, "float"},
		"SITE_NAME": {true, "str"},
	} {
		u, ok := got[name]
		if !ok {
			t.Errorf("%s not found in %v", name, f.EnvUses)
			continue
		}
		if u.Required != want.required || u.Kind != want.kind {
			t.Errorf("%s: required %v kind %q, want %v %q", name, u.Required, u.Kind, want.required, want.kind)
		}
	}
}

// A read that falls back to asking on the terminal (input, getpass) is
// required in a container: it has no terminal, and the prompt fails or
// blocks wherever the code reaches it, at import or later in the start.
func TestFindEnvUsesPromptFallback(t *testing.T) {
	files := fstest.MapFS{
		"app/init.py": srcFile(`import os
import getpass


def create_admin():
    email = os.getenv("ADMIN_EMAIL") or input("Email: ")
    password = os.environ.get("ADMIN_PASSWORD") or getpass.getpass("Password: ")
    name = os.getenv("ADMIN_NAME") or "admin"
    return email, password, name
`),
	}
	f := &Facts{}
	findEnvUses(files, f)
	got := map[string]bool{}
	for _, u := range f.EnvUses {
		got[u.Name] = u.Required
	}
	for name, want := range map[string]bool{"ADMIN_EMAIL": true, "ADMIN_PASSWORD": true, "ADMIN_NAME": false} {
		if req, ok := got[name]; !ok || req != want {
			t.Errorf("%s: required %v (found %v), want %v; all %v", name, req, ok, want, f.EnvUses)
		}
	}
}

func TestCheckedAtLoad(t *testing.T) {
	tests := []struct {
		src  string
		want bool
	}{
		{"import os\nK = os.environ.get('K')\nif K is None:\n    raise Exception('set K')\n", true},
		{"import os\nK = os.getenv('K')\nX = 1\nif not K:\n    sys.exit('set K')\n", true},
		{"import os\nif not os.environ.get('K'):\n    raise SystemExit(1)\n", true},
		{"import os\nK = os.environ.get('K')\nif K == '':\n    exit(1)\n", true},
		{"import os\nK = os.environ.get('K')\nif K is None:\n    K = 'dev'\n", false},
		{"import os\nK = os.environ.get('K')\nif OTHER is None:\n    raise Exception()\n", false},
		{"import os\nK = os.environ.get('K')\ndef f():\n    if K is None:\n        raise Exception()\n", false},
		{"import os\nK = os.environ.get('K')\n", false},
	}
	for _, tt := range tests {
		lines := pyLines([]byte(tt.src))
		at := loadTime(lines)
		i := slices.IndexFunc(lines, func(l pyLine) bool {
			return strings.Contains(l.text, "environ.get") || strings.Contains(l.text, "getenv")
		})
		if got := checkedAtLoad(lines, at, i); got != tt.want {
			t.Errorf("checkedAtLoad(%q) = %v, want %v", tt.src, got, tt.want)
		}
	}
}

// TestFindEnvUsesPath: a read with a default that is the first argument of
// a path function is a path; its default is kept as a literal (Default) or,
// when it is a dotted name, as written (Fallback). A read with no default,
// or outside a path call, is not one.
func TestFindEnvUsesPath(t *testing.T) {
	fsys := fstest.MapFS{
		"conf.py": srcFile(`import os
from pathlib import Path

from flask import current_app

UPLOADS = os.path.join(
    os.getenv("UPLOAD_FOLDER", current_app.root_path), "uploads"
)
CACHE = os.path.join(os.environ.get("DATA_DIR", "var/data"), "cache")
STATE = Path(os.getenv("STATE_DIR", "/srv/state")) / "x"
URL = os.getenv("UI_URL", "http://localhost:3000")
LOGS = os.path.join(os.getenv("LOG_DIR"), "app.log")
SUB = os.path.join(BASE, os.getenv("SUB_DIR", "sub"))
`),
	}
	f := &Facts{}
	findEnvUses(fsys, f)
	type want struct {
		path          bool
		def, fallback string
	}
	for name, w := range map[string]want{
		"UPLOAD_FOLDER": {true, "", "current_app.root_path"},
		"DATA_DIR":      {true, "var/data", ""},
		"STATE_DIR":     {true, "/srv/state", ""},
		"UI_URL":        {false, "http://localhost:3000", ""},
		"LOG_DIR":       {false, "", ""},
		"SUB_DIR":       {false, "sub", ""},
	} {
		i := slices.IndexFunc(f.EnvUses, func(u EnvUse) bool { return u.Name == name })
		if i < 0 {
			t.Errorf("%s not read; uses %+v", name, f.EnvUses)
			continue
		}
		u := f.EnvUses[i]
		if u.Path != w.path || u.Default != w.def || u.Fallback != w.fallback {
			t.Errorf("%s: path %v, default %q, fallback %q; want %v, %q, %q", name, u.Path, u.Default, u.Fallback, w.path, w.def, w.fallback)
		}
	}
}

// A .get with no default whose value is used at once (a method, an item)
// stops the code wherever it runs unset, in a function too; one guarded on
// the same line does not.
func TestFindEnvUsesFailsUnset(t *testing.T) {
	files := fstest.MapFS{
		"svc/backend.py": srcFile(`import os

MODE = os.environ.get("RUN_MODE").lower()


class Picker:
    def pick(self):
        return os.getenv("PICK_BACKEND", None).replace("-", "_")

    def first(self):
        return os.environ.get("HOSTS_LIST")[0]

    def guarded(self):
        tags = os.environ.get("TAGS").split(",") if os.environ.get("TAGS") else []
        flag = os.environ.get("FLAG") and os.environ.get("FLAG").lower() == "on"
        plain = os.environ.get("PLAIN")
        return tags, flag, plain
`),
	}
	f := &Facts{}
	findEnvUses(files, f)
	got := map[string]EnvUse{}
	for _, u := range f.EnvUses {
		got[u.Name] = u
	}
	for _, name := range []string{"RUN_MODE", "PICK_BACKEND", "HOSTS_LIST"} {
		if !got[name].FailsUnset {
			t.Errorf("%s fails when unset: %+v", name, got[name])
		}
	}
	if !got["RUN_MODE"].Required || got["PICK_BACKEND"].Required {
		t.Errorf("only the read at import is required: %+v, %+v", got["RUN_MODE"], got["PICK_BACKEND"])
	}
	for _, name := range []string{"TAGS", "FLAG", "PLAIN"} {
		if got[name].FailsUnset {
			t.Errorf("%s is guarded or unused: %+v", name, got[name])
		}
	}
}
