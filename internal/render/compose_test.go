package render

import (
	"bufio"
	"bytes"
	"context"
	"strings"
	"testing"
	"testing/fstest"

	"github.com/compose-spec/compose-go/v2/loader"
	"github.com/compose-spec/compose-go/v2/types"
)

// loadCompose loads compose.yaml with compose-go, as docker compose does,
// interpolating from env (what compose reads from .env).
func loadCompose(t *testing.T, content []byte, env types.Mapping) (*types.Project, error) {
	t.Helper()
	cfg := types.ConfigDetails{
		WorkingDir:  t.TempDir(),
		ConfigFiles: []types.ConfigFile{{Filename: "compose.yaml", Content: content}},
		Environment: env,
	}
	return loader.LoadWithContext(context.Background(), cfg, func(o *loader.Options) {
		o.SetProjectName("example", true)
		o.SkipResolveEnvironment = true
	})
}

// dotenv reads KEY=VALUE lines, skipping comments.
func dotenv(data []byte) types.Mapping {
	m := types.Mapping{}
	sc := bufio.NewScanner(bytes.NewReader(data))
	for sc.Scan() {
		l := strings.TrimSpace(sc.Text())
		if l == "" || strings.HasPrefix(l, "#") {
			continue
		}
		if k, v, ok := strings.Cut(l, "="); ok {
			m[k] = v
		}
	}
	return m
}

// TestComposeCredentialsFromEnvFile: compose.yaml holds no password; it
// interpolates them from .env (git-ignored), refuses to start without
// them, and a generated .env.example lists them. The celery worker starts
// after migrations, as the app does.
func TestComposeCredentialsFromEnvFile(t *testing.T) {
	_, files := renderProject(t, fstest.MapFS{
		"requirements.txt": {Data: []byte("django>=5.1\ngunicorn\ncelery[redis]>=5.4\npsycopg[binary]>=3.2\n")},
		"manage.py":        {Data: []byte("import os\nos.environ.setdefault(\"DJANGO_SETTINGS_MODULE\", \"proj.settings\")\n")},
		"proj/__init__.py": {Data: []byte("")},
		"proj/settings.py": {Data: []byte("import os\nSECRET_KEY = \"dev\"\nROOT_URLCONF = \"proj.urls\"\nDATABASE_URL = os.environ.get(\"DATABASE_URL\", \"postgresql://localhost/proj\")\n")},
		"proj/wsgi.py":     {Data: []byte("from django.core.wsgi import get_wsgi_application\napplication = get_wsgi_application()\n")},
		"proj/urls.py":     {Data: []byte("urlpatterns = []\n")},
	})
	compose := files["compose.yaml"]
	example, ok := files[".env.example"]
	if !ok {
		t.Fatalf("no .env.example rendered; files: %v", keysOf(files))
	}
	env := dotenv(example)
	if env["POSTGRES_PASSWORD"] == "" {
		t.Fatalf(".env.example does not list POSTGRES_PASSWORD:\n%s", example)
	}
	if strings.Contains(string(compose), ":-app}") || strings.Contains(string(compose), "app:app@") {
		t.Errorf("compose.yaml carries a default password:\n%s", compose)
	}
	if _, err := loadCompose(t, compose, types.Mapping{}); err == nil || !strings.Contains(err.Error(), "POSTGRES_PASSWORD") {
		t.Errorf("without .env compose should refuse to start, naming POSTGRES_PASSWORD; got %v", err)
	}
	env["POSTGRES_PASSWORD"] = "from-the-env-file"
	proj, err := loadCompose(t, compose, env)
	if err != nil {
		t.Fatalf("compose-go cannot load compose.yaml with .env.example's values: %v", err)
	}
	if v := proj.Services["db"].Environment["POSTGRES_PASSWORD"]; v == nil || *v != "from-the-env-file" {
		t.Errorf("db POSTGRES_PASSWORD = %v, want the .env value", v)
	}
	if v := proj.Services["app"].Environment["DATABASE_URL"]; v == nil || !strings.Contains(*v, ":from-the-env-file@") {
		t.Errorf("app DATABASE_URL = %v, want the .env password interpolated", v)
	}
	worker, ok := proj.Services["worker"]
	if !ok {
		t.Fatal("no worker service")
	}
	if d, ok := worker.DependsOn["migrate"]; !ok || d.Condition != types.ServiceConditionCompletedSuccessfully {
		t.Errorf("worker depends_on = %+v, want migrate: service_completed_successfully", worker.DependsOn)
	}
	if d, ok := worker.DependsOn["db"]; !ok || d.Condition != types.ServiceConditionHealthy {
		t.Errorf("worker depends_on = %+v, want db: service_healthy too", worker.DependsOn)
	}
}

func keysOf(m map[string][]byte) []string {
	var out []string
	for k := range m {
		out = append(out, k)
	}
	return out
}

// TestEnvFileGitIgnored: the .env compose reads holds real passwords; a
// .gitignore that would let it be committed is warned about.
func TestEnvFileGitIgnored(t *testing.T) {
	project := func(gitignore string) fstest.MapFS {
		fsys := fstest.MapFS{
			"requirements.txt": {Data: []byte("flask>=3\ngunicorn\npsycopg[binary]>=3.2\n")},
			"app.py":           {Data: []byte("import os\nfrom flask import Flask\napp = Flask(__name__)\nDATABASE_URL = os.environ[\"DATABASE_URL\"]\n")},
		}
		if gitignore != "" {
			fsys[".gitignore"] = &fstest.MapFile{Data: []byte(gitignore)}
		}
		return fsys
	}
	for gi, want := range map[string]bool{
		"__pycache__/\n.venv/\n":        true,
		"__pycache__/\n.env\n":          false,
		"*.pyc\n.env*\n!.env.example\n": false,
		"/.env\n":                       false,
		"**/.env\n":                     false,
		"# .env\nbuild/\n":              true,
		"":                              false, // no .gitignore: maybe no git
	} {
		p, _ := renderProject(t, project(gi))
		got := false
		for _, w := range p.Warnings {
			got = got || strings.Contains(w, ".gitignore")
		}
		if got != want {
			t.Errorf(".gitignore %q: warned = %v, want %v (%q)", gi, got, want, p.Warnings)
		}
	}
}
