package lint

import (
	"os"
	"path/filepath"
	"runtime"
	"testing"
	"time"
)

// FuzzLint feeds arbitrary Dockerfile, .dockerignore and pyproject.toml
// bytes through the whole linter: it must never panic, and every finding
// must name its rule, severity and file.
func FuzzLint(f *testing.F) {
	f.Add([]byte(good), []byte(".venv/\n.env\n.git/\n"), []byte("[project]\nrequires-python='>=3.12'\n"))
	f.Add([]byte("FROM python\nRUN . /opt/venv/bin/activate && pip install -r r.txt\nCMD gunicorn app:app\n"), []byte(""), []byte(""))
	f.Add([]byte("FROM a AS b\nCOPY --from=b /x /y\nRUN <<EOF\napt-get install x\nEOF\n"), []byte("!README.md\n*.md\n"), []byte("[tool.poetry]\nreadme='README.md'\n"))
	f.Add([]byte("FROM x\nRUN echo \\\n\\\n\\\n"), []byte("[\n"), []byte("a=[[[[[1]]]]]\n"))
	if dirs, _ := filepath.Glob("../../examples/*"); len(dirs) > 0 {
		for _, dir := range dirs {
			df, _ := os.ReadFile(filepath.Join(dir, "Dockerfile"))
			ig, _ := os.ReadFile(filepath.Join(dir, ".dockerignore"))
			py, _ := os.ReadFile(filepath.Join(dir, "pyproject.toml"))
			f.Add(df, ig, py)
		}
	}
	f.Fuzz(func(t *testing.T, df, ig, py []byte) {
		// A watchdog turns a hang into a failure with every goroutine's
		// stack, so the fuzzer keeps the input.
		done := make(chan []Finding, 1)
		go func() {
			fs, _ := Lint(Input{Dockerfile: df, CheckIgnore: true, Dockerignore: ig, Pyproject: py})
			done <- fs
		}()
		var findings []Finding
		select {
		case findings = <-done:
		case <-time.After(10 * time.Second):
			buf := make([]byte, 1<<20)
			t.Fatalf("lint took over 10s:\n%s", buf[:runtime.Stack(buf, true)])
		}
		for _, fd := range findings {
			if fd.Rule == "" || fd.Severity == "" || fd.File == "" {
				t.Fatalf("incomplete finding %+v", fd)
			}
		}
	})
}
