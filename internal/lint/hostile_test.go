package lint

import (
	"bytes"
	"os"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"testing"
)

func TestSuppression(t *testing.T) {
	tests := []struct {
		name, df string
		want     []string
	}{
		{"pydock-ignore above", user("# pydock-ignore: DF013\nRUN apt-get update && apt-get install -y tree"), nil},
		{"pydock-ignore list, one missing", user("# pydock-ignore: DF005, DF013\nRUN pip install django==5.0 && apt-get update && apt-get install -y tree"), nil},
		{"other rule not suppressed", user("# pydock-ignore: DF005\nRUN apt-get update && apt-get install -y --no-install-recommends tree"), []string{"5 DF013"}},
		{"hadolint form maps", user("# hadolint ignore=DL3008,DL3009\nRUN apt-get update && apt-get install -y tree"), nil},
		{"hadolint unrelated id", user("# hadolint ignore=DL3025\nRUN apt-get update && apt-get install -y --no-install-recommends tree"), []string{"5 DF013"}},
		{"BuildKit rule by name", user("# pydock-ignore: LegacyKeyValueFormat\nENV A b"), nil},
		{"suppressing DF010 also drops BuildKit's twin", user("HEALTHCHECK NONE\n# pydock-ignore: DF010\nCMD python main.py"), nil},
		{"above FROM is no stage description", "# pydock-ignore: DF008\nFROM python:3.13-slim AS app\nENV PYTHONUNBUFFERED=1 PYTHONDONTWRITEBYTECODE=1\nLABEL org.opencontainers.image.source=x\n", nil},
		{"blank line breaks the block", user("# pydock-ignore: DF014\n\nADD . /app"), []string{"6 DF014"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := lintIDs(t, Input{Dockerfile: []byte(tt.df)})
			if !slices.Equal(got, tt.want) {
				t.Errorf("got %q, want %q", got, tt.want)
			}
		})
	}
}

func TestIgnoreRules(t *testing.T) {
	const df = "FROM python:3.13-slim\nUSER 1\nENV PYTHONUNBUFFERED=1 PYTHONDONTWRITEBYTECODE=1\nLABEL org.opencontainers.image.source=x\nCOPY requirements.txt README.md ./\n"
	const py = "[project]\nname='a'\nreadme='README.md'\nlicense={file='LICENSE'}\n[build-system]\nbuild-backend='hatchling.build'\n"
	const secrets = "**/.env\n**/.env.*\n!**/.env.example\n**/*.key\n**/*.pem\n**/id_rsa*\n"
	const full = ".venv/\n__pycache__/\n*.py[cod]\n" + secrets + ".git/\n"
	tests := []struct {
		name   string
		ignore *string
		py     string
		want   []string
	}{
		{"clean", ptr(full), py, nil},
		{"missing file", nil, "", []string{".dockerignore:0 DI001", ".dockerignore:0 DI002", ".dockerignore:0 DI003"}},
		{"DI001", ptr(secrets + ".git\n"), "", []string{".dockerignore:0 DI001"}},
		{"DI002", ptr(".venv\n__pycache__\n*.pyc\n.git\n"), "", []string{".dockerignore:0 DI002"}},
		{"DI002 negated back in", ptr(full + "!.env\n"), "", []string{".dockerignore:0 DI002"}},
		{"DI002 root only", ptr(".venv/\n__pycache__/\n*.py[cod]\n.env\n.env.*\n*.key\n*.pem\nid_rsa*\n.git/\n"), "", []string{".dockerignore:0 DI002"}},
		{"DI002 keys missing", ptr(".venv/\n__pycache__/\n*.py[cod]\n**/.env\n**/.env.*\n.git/\n"), "", []string{".dockerignore:0 DI002"}},
		{"DI002 nested dir pattern", ptr(".venv/\n__pycache__/\n*.py[cod]\n**/.env*\n**/*.key\n**/*.pem\n**/id_rsa*\n.git/\n"), "", nil},
		{"DI003", ptr(".venv/\n__pycache__/\n*.py[cod]\n" + secrets), "", []string{".dockerignore:0 DI003"}},
		{"DI004 readme and license", ptr(full + "*.md\nLICENSE\n"), py, []string{".dockerignore:11 DI004", ".dockerignore:12 DI004"}},
		{"DI004 re-included", ptr(full + "*.md\n!README.md\n"), py, nil},
		{"DI004 copied file", ptr(full + "requirements*.txt\n"), "", []string{".dockerignore:11 DI004"}},
		{"DI004 not packaged", ptr(full + "LICENSE\n"), "[project]\nlicense={file='LICENSE'}\n", nil},
		{"suppressed file-level", ptr("# pydock-ignore: DI003\n" + ".venv/\n__pycache__/\n*.py[cod]\n" + secrets), "", nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			in := Input{Dockerfile: []byte(df), CheckIgnore: true, Pyproject: []byte(tt.py)}
			if tt.ignore != nil {
				in.Dockerignore = []byte(*tt.ignore)
			}
			findings, err := Lint(in)
			if err != nil {
				t.Fatal(err)
			}
			var got []string
			for _, f := range findings {
				if f.File == ".dockerignore" {
					got = append(got, f.File+":"+itoa(f.Line)+" "+f.Rule)
				}
			}
			if !slices.Equal(got, tt.want) {
				t.Errorf("got %q, want %q", got, tt.want)
			}
		})
	}
}

func ptr(s string) *string { return &s }

func itoa(n int) string { return strconv.Itoa(n) }

func TestHostileInput(t *testing.T) {
	// Hostile input must end with findings or an error: a hang is go
	// test's timeout; how fast is a benchmark's business, never a timed
	// assertion here (a 20 s bound failed on a loaded machine).
	bounded := func(t *testing.T, in Input) ([]Finding, error) {
		t.Helper()
		return Lint(in)
	}
	t.Run("too large", func(t *testing.T) {
		_, err := bounded(t, Input{Dockerfile: bytes.Repeat([]byte("# x\n"), MaxFileSize/4+1)})
		if err == nil || !strings.Contains(err.Error(), "larger than 4 MiB") {
			t.Fatalf("got %v", err)
		}
	})
	t.Run("100 MB file on disk", func(t *testing.T) {
		name := filepath.Join(t.TempDir(), "Dockerfile")
		f, err := os.Create(name)
		if err != nil {
			t.Fatal(err)
		}
		if err := f.Truncate(100 << 20); err != nil {
			t.Fatal(err)
		}
		f.Close()
		if _, err := ReadFile(name); err == nil || !strings.Contains(err.Error(), "larger than 4 MiB") {
			t.Fatalf("got %v", err)
		}
	})
	t.Run("non-UTF-8", func(t *testing.T) {
		fs, err := bounded(t, Input{Dockerfile: []byte("FROM python:3.13-slim\nENV A=\xff\xfe\nRUN apt-get install \xc3\x28\nCMD \xff\n")})
		if err != nil {
			t.Fatal(err)
		}
		for _, f := range fs {
			if !utf8Valid(f.Message) {
				t.Errorf("invalid UTF-8 in %q", f.Message)
			}
		}
	})
	t.Run("deep continuation", func(t *testing.T) {
		df := "FROM python:3.13-slim\nRUN echo " + strings.Repeat("a \\\n", 200_000) + "b\n"
		if _, err := bounded(t, Input{Dockerfile: []byte(df)}); err != nil {
			t.Fatal(err)
		}
	})
	t.Run("too many instructions", func(t *testing.T) {
		df := "FROM python:3.13-slim\n" + strings.Repeat("ENV A=$A\n", MaxFileSize/10)
		_, err := bounded(t, Input{Dockerfile: []byte(df)})
		if err == nil || !strings.Contains(err.Error(), "pydock lint checks at most 5000") {
			t.Fatalf("got %v", err)
		}
	})
	t.Run("many instructions under the limit", func(t *testing.T) {
		var b strings.Builder
		b.WriteString("FROM python:3.13-slim AS s\nFROM python:3.13-slim\nWORKDIR /app\n")
		for range maxInstructions/3 - 2 {
			b.WriteString("ENV A=$A\nRUN pip install x\nCOPY --from=s /a /b\n")
		}
		if _, err := bounded(t, Input{Dockerfile: []byte(b.String())}); err != nil {
			t.Fatal(err)
		}
	})
	t.Run("check comment above a later instruction", func(t *testing.T) {
		// BuildKit's instructions.Parse with a nil linter panics on this.
		fs, err := bounded(t, Input{Dockerfile: []byte("FROM python:3.13-slim\n# check=skip=all\nRUN true\n")})
		if err != nil || len(fs) == 0 {
			t.Fatalf("got %v, %v", fs, err)
		}
	})
}

func utf8Valid(s string) bool { return strings.ToValidUTF8(s, "") == s }
