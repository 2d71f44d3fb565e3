package cli

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/pydock/pydock/internal/write"
	"github.com/rogpeppe/go-internal/testscript"
)

// TestMain lets the txtar scripts in testdata/script run pydock as a
// command of the test binary itself: no build step, same coverage.
func TestMain(m *testing.M) {
	// Pin the clock so end-of-life warnings do not change with the date.
	now = func() time.Time { return time.Date(2026, 11, 23, 0, 0, 0, 0, time.UTC) }
	testscript.Main(m, map[string]func(){
		"pydock": func() {
			os.Exit(Run(context.Background(), os.Args[1:], IO{In: os.Stdin, Out: os.Stdout, Err: os.Stderr}))
		},
	})
}

// TestScripts runs the end-to-end CLI scenarios in testdata/script.
func TestScripts(t *testing.T) {
	testscript.Run(t, testscript.Params{
		Dir:   "../../testdata/script",
		Setup: lintGeneratedAfter,
		Cmds: map[string]func(ts *testscript.TestScript, neg bool, args []string){
			// savemtime FILE: remember FILE's modification time.
			"savemtime": func(ts *testscript.TestScript, neg bool, args []string) {
				st, err := os.Stat(ts.MkAbs(args[0]))
				ts.Check(err)
				ts.Setenv("MTIME_"+args[0], strconv.FormatInt(st.ModTime().UnixNano(), 10))
			},
			// samemtime FILE: FILE was not rewritten since savemtime.
			"samemtime": func(ts *testscript.TestScript, neg bool, args []string) {
				st, err := os.Stat(ts.MkAbs(args[0]))
				ts.Check(err)
				same := ts.Getenv("MTIME_"+args[0]) == strconv.FormatInt(st.ModTime().UnixNano(), 10)
				if same == neg {
					ts.Fatalf("%s: mtime unchanged = %v", args[0], same)
				}
			},
			// oldmtime FILE: set FILE's mtime an hour back, so a rewrite shows.
			"oldmtime": func(ts *testscript.TestScript, neg bool, args []string) {
				old := time.Now().Add(-time.Hour)
				ts.Check(os.Chtimes(ts.MkAbs(args[0]), old, old))
			},
			// bigfile FILE MIB: write a file of that many MiB of text.
			"bigfile": func(ts *testscript.TestScript, neg bool, args []string) {
				n, err := strconv.Atoi(args[1])
				ts.Check(err)
				f, err := os.Create(ts.MkAbs(args[0]))
				ts.Check(err)
				line := []byte(fmt.Sprintf("# %0126d\n", 0))
				for i := 0; i < n<<20/len(line)+1; i++ {
					_, err = f.Write(line)
					ts.Check(err)
				}
				ts.Check(f.Close())
			},
			// validate FILE...: parse each generated file with the field's own
			// parser (BuildKit for Dockerfile, compose-go, py_compile).
			"validate": func(ts *testscript.TestScript, neg bool, args []string) {
				for _, name := range args {
					data, err := os.ReadFile(ts.MkAbs(name))
					ts.Check(err)
					switch {
					case filepath.Base(name) == "Dockerfile":
						err = validateDockerfile(data)
					case strings.HasSuffix(name, "compose.yaml"):
						err = validateCompose(filepath.Dir(ts.MkAbs(name)), data)
					case strings.HasSuffix(name, ".py"):
						err = validatePython(name, data)
					default:
						ts.Fatalf("validate: no validator for %s", name)
					}
					if err != nil {
						ts.Fatalf("%s: %v", name, err)
					}
				}
			},
			// composeconfig FILE: load the compose file as `docker compose
			// config` would in its folder (.env interpolation, env_file read)
			// and print each service's resolved environment, "service K=V".
			"composeconfig": func(ts *testscript.TestScript, neg bool, args []string) {
				out, err := composeConfig(ts.MkAbs(args[0]))
				if neg {
					if err == nil {
						ts.Fatalf("compose loaded %s", args[0])
					}
					fmt.Fprintln(ts.Stderr(), err)
					return
				}
				if err != nil {
					ts.Fatalf("compose cannot load %s: %v", args[0], err)
				}
				fmt.Fprint(ts.Stdout(), out)
			},
			// pemkey FILE SERVICE NAME: the value compose gives SERVICE in
			// NAME (loaded as composeconfig does) parses as an RSA private key.
			"pemkey": func(ts *testscript.TestScript, neg bool, args []string) {
				if len(args) != 3 {
					ts.Fatalf("usage: pemkey FILE SERVICE NAME")
				}
				err := composeRSAKey(ts.MkAbs(args[0]), args[1], args[2])
				if neg != (err != nil) {
					ts.Fatalf("pemkey %v: %v", args, err)
				}
			},
			// nokeys [EXCEPT...]: no file under $WORK but the ones named
			// holds a PEM private key, as a secret scanner (gitleaks, GitHub
			// push protection) reads a commit.
			"nokeys": func(ts *testscript.TestScript, neg bool, args []string) {
				hits, err := filesWithKeys(ts.Getenv("WORK"), args)
				ts.Check(err)
				if neg != (len(hits) > 0) {
					ts.Fatalf("private keys in %v", hits)
				}
			},
			// fmode FILE MODE: FILE's permission bits are MODE (octal).
			"fmode": func(ts *testscript.TestScript, neg bool, args []string) {
				if len(args) != 2 {
					ts.Fatalf("usage: fmode FILE MODE")
				}
				want, err := strconv.ParseUint(args[1], 8, 32)
				ts.Check(err)
				info, err := os.Stat(ts.MkAbs(args[0]))
				ts.Check(err)
				if got := uint64(info.Mode().Perm()); neg == (got == want) {
					ts.Fatalf("%s has mode %o, want %o", args[0], got, want)
				}
			},
			// stampas VERSION FILE...: stamp each file as that pydock release
			// would have, over its current content (an older render).
			"stampas": func(ts *testscript.TestScript, neg bool, args []string) {
				for _, name := range args[1:] {
					data, err := os.ReadFile(ts.MkAbs(name))
					ts.Check(err)
					ts.Check(os.WriteFile(ts.MkAbs(name), write.StampVersion(write.StripMarker(data), args[0]), 0o644))
				}
			},
			// exitcode N CMD...: run pydock and require exit code N.
			"exitcode": func(ts *testscript.TestScript, neg bool, args []string) {
				want, err := strconv.Atoi(args[0])
				ts.Check(err)
				code := Run(context.Background(), args[1:], IO{In: nil, Out: ts.Stdout(), Err: ts.Stderr()})
				if code != want {
					ts.Fatalf("pydock %v: exit code %d, want %d", args[1:], code, want)
				}
			},
		},
	})
}

// filesWithKeys are the files under dir, but the slash paths in except,
// that hold a PEM private key.
func filesWithKeys(dir string, except []string) ([]string, error) {
	var hits []string
	err := filepath.WalkDir(dir, func(path string, d os.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		rel, err := filepath.Rel(dir, path)
		if err != nil {
			return err
		}
		rel = filepath.ToSlash(rel)
		if slices.Contains(except, rel) || !d.Type().IsRegular() {
			return nil
		}
		data, err := os.ReadFile(path)
		if err != nil {
			return err
		}
		if privateKeyRe.Match(data) {
			hits = append(hits, rel)
		}
		return nil
	})
	return hits, err
}

var privateKeyRe = regexp.MustCompile(`-----BEGIN [A-Z ]*PRIVATE KEY-----`)
