package detect

import (
	"testing"
	"testing/fstest"
)

func TestFindSchemeReads(t *testing.T) {
	files := fstest.MapFS{
		"app/settings.py": srcFile(`import os
from pydantic import BaseSettings


class Settings(BaseSettings):
    pg_uri: str = "u:p@localhost/app"
    cache_url: str = "redis://localhost"


settings = Settings()
url = os.environ["WAREHOUSE_URL"]
QUEUE = "redis://" + os.getenv("QUEUE_ADDR", "localhost:6379")
HEROKU = "postgresql://" + os.getenv("HEROKU_DB").split("://")[1]
RAW = "redis://" + os.getenv("RAW_DB")[8:]
PLAIN = os.getenv("PLAIN_URL")
MQ = "amqp://{}/".format(os.getenv("MQ_HOST"))
`),
		"app/db.py": srcFile(`from app.settings import settings, url
import os

engine = create_engine(f"postgresql://{settings.pg_uri}")
other = create_engine("postgresql://" + url)
cache = f"redis://{os.environ.get('CACHE_HOST')}:{os.environ.get('CACHE_PORT')}/0"
label = "http://{host}".format(host=os.getenv("HOST"))
creds = f"mongodb://{os.getenv('MONGO_AUTH')}@mongo/app"
`),
	}
	f := &Facts{}
	findEnvUses(files, f)
	got := map[string]EnvUse{}
	for _, u := range f.EnvUses {
		got[u.Name] = u
	}
	want := map[string][2]string{ // name → scheme, holds
		"PG_URI":        {"postgresql", "rest"},
		"WAREHOUSE_URL": {"postgresql", "rest"}, // kept under another name first
		"QUEUE_ADDR":    {"redis", "rest"},
		"CACHE_HOST":    {"redis", "host"},
		"MQ_HOST":       {"amqp", "authority"},
		"MONGO_AUTH":    {"mongodb", "credentials"},
		"HEROKU_DB":     {"", ""}, // the code strips the value's own scheme
		"RAW_DB":        {"", ""},
		"CACHE_URL":     {"", ""},
		"PLAIN_URL":     {"", ""},
		"HOST":          {"", ""}, // a keyword field of .format, not an f-string
	}
	for name, w := range want {
		u, ok := got[name]
		if !ok {
			t.Errorf("%s: not read", name)
			continue
		}
		if u.Scheme != w[0] || u.Holds != w[1] {
			t.Errorf("%s: scheme %q holds %q, want %q %q", name, u.Scheme, u.Holds, w[0], w[1])
		}
	}
}
