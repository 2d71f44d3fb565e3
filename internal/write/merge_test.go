package write

import (
	"bytes"
	"errors"
	"fmt"
	"math/rand/v2"
	"os"
	"os/exec"
	"path/filepath"
	"reflect"
	"strings"
	"testing"
)

// dockerfileV1 is a trimmed pydock Dockerfile as Merge sees it: marker
// already stripped.
const dockerfileV1 = `# syntax=docker/dockerfile:1
# check=error=true

# builder stage
FROM python:3.12-slim AS builder

ARG PIP_INDEX_URL
ENV PIP_DISABLE_PIP_VERSION_CHECK=1

WORKDIR /app
RUN python -m venv /app/.venv

RUN --mount=type=cache,target=/root/.cache/pip \
    --mount=type=bind,source=requirements.txt,target=requirements.txt \
    /app/.venv/bin/pip install -r requirements.txt

# runtime stage
FROM python:3.12-slim AS runtime

RUN groupadd --system --gid 1001 app \
 && useradd --system --uid 1001 --gid app app

WORKDIR /app
COPY --from=builder /app/.venv /app/.venv
COPY --chown=app:app . .
ENV PATH="/app/.venv/bin:$PATH"
USER app
EXPOSE 8000
CMD ["gunicorn", "--bind", "0.0.0.0:8000", "app:app"]
`

// replaceLine swaps one whole line (without its newline) for another.
func replaceLine(s, old, new string) string {
	if !strings.Contains(s, old+"\n") {
		panic("no line " + old)
	}
	return strings.Replace(s, old+"\n", new+"\n", 1)
}

// insertAfter adds lines after the line old.
func insertAfter(s, old string, lines ...string) string {
	return replaceLine(s, old, strings.Join(append([]string{old}, lines...), "\n"))
}

// userEdited is what a user typically does to a generated Dockerfile: a
// note at the top and a system package in the runtime stage. Neither
// touches a line pydock changes, nor sits right next to one.
func userEdited(s string) string {
	s = insertAfter(s, "# check=error=true", "# Owned by the platform team; ask in #infra before changing.")
	return insertAfter(s, " && useradd --system --uid 1001 --gid app app", "",
		"RUN apt-get update && apt-get install -y --no-install-recommends libpq5 \\",
		" && rm -rf /var/lib/apt/lists/*")
}

// pydockV2 is the next render: a Python bump and a new requirements file.
func pydockV2(s string) string {
	s = strings.ReplaceAll(s, "FROM python:3.12-slim", "FROM python:3.13-slim")
	return insertAfter(s, "    --mount=type=bind,source=requirements.txt,target=requirements.txt \\",
		"    --mount=type=bind,source=requirements/base.txt,target=requirements/base.txt \\")
}

func conflictText(ours, base, theirs string) string {
	return "<<<<<<< yours\n" + ours + "||||||| pydock (last generated)\n" + base + "=======\n" + theirs + ">>>>>>> pydock (new)\n"
}

type mergeCase struct {
	name               string
	base, ours, theirs string
	want               string
	conflicts          []Conflict
}

func mergeCases() []mergeCase {
	fromUser := replaceLine(dockerfileV1, "FROM python:3.12-slim AS builder", "FROM python:3.12-slim-bookworm AS builder")
	return []mergeCase{
		{
			name: "user note and package, pydock bumps FROM and adds a mount",
			base: dockerfileV1, ours: userEdited(dockerfileV1), theirs: pydockV2(dockerfileV1),
			want: pydockV2(userEdited(dockerfileV1)),
		},
		{
			name:   "user adds an apt-get line under WORKDIR, pydock bumps FROM",
			base:   dockerfileV1,
			ours:   insertAfter(dockerfileV1, "RUN python -m venv /app/.venv", "RUN apt-get update && apt-get install -y build-essential"),
			theirs: pydockV2(dockerfileV1),
			want: insertAfter(pydockV2(dockerfileV1), "RUN python -m venv /app/.venv",
				"RUN apt-get update && apt-get install -y build-essential"),
		},
		{
			name: "user edited the FROM line pydock bumps",
			base: dockerfileV1, ours: fromUser, theirs: pydockV2(dockerfileV1),
			want: strings.Replace(pydockV2(dockerfileV1), "FROM python:3.13-slim AS builder\n", conflictText(
				"FROM python:3.12-slim-bookworm AS builder\n",
				"FROM python:3.12-slim AS builder\n",
				"FROM python:3.13-slim AS builder\n"), 1),
			conflicts: []Conflict{{
				BaseStart: 5, BaseEnd: 5,
				Ours:   []string{"FROM python:3.12-slim-bookworm AS builder"},
				Theirs: []string{"FROM python:3.13-slim AS builder"},
			}},
		},
		{
			name: "same change both sides",
			base: "a\nb\nc\n", ours: "a\nB\nc\n", theirs: "a\nB\nc\n",
			want: "a\nB\nc\n",
		},
		{
			name: "same change plus one-sided changes",
			base: "1\n2\n3\n4\n5\n6\n", ours: "1\nB\n3\n4\n5\nF\n", theirs: "1\nB\n3\nD\n5\n6\n",
			want: "1\nB\n3\nD\n5\nF\n",
		},
		{
			name: "ours deletes, theirs edits elsewhere",
			base: "a\nb\nc\nd\ne\n", ours: "a\nc\nd\ne\n", theirs: "a\nb\nc\nD\ne\n",
			want: "a\nc\nD\ne\n",
		},
		{
			name: "theirs deletes a block, ours edits elsewhere",
			base: "a\nb\nc\nd\ne\nf\n", ours: "A\nb\nc\nd\ne\nf\n", theirs: "a\nb\nc\nf\n",
			want: "A\nb\nc\nf\n",
		},
		{
			name: "both delete the same line",
			base: "a\nb\nc\n", ours: "a\nc\n", theirs: "a\nc\n",
			want: "a\nc\n",
		},
		{
			name: "ours deletes the line theirs edits",
			base: "a\nb\nc\n", ours: "a\nc\n", theirs: "a\nB\nc\n",
			want:      "a\n" + conflictText("", "b\n", "B\n") + "c\n",
			conflicts: []Conflict{{BaseStart: 2, BaseEnd: 2, Ours: []string{}, Theirs: []string{"B"}}},
		},
		{
			name: "ours inserts at start, theirs at end",
			base: "a\nb\nc\n", ours: "Z\na\nb\nc\n", theirs: "a\nb\nc\nY\n",
			want: "Z\na\nb\nc\nY\n",
		},
		{
			name: "ours appends, theirs prepends",
			base: "a\nb\nc\n", ours: "a\nb\nc\nY\n", theirs: "Z\na\nb\nc\n",
			want: "Z\na\nb\nc\nY\n",
		},
		{
			name: "both append the same",
			base: "a\n", ours: "a\nb\n", theirs: "a\nb\n",
			want: "a\nb\n",
		},
		{
			name: "both append differently",
			base: "a\nb\nc\n", ours: "a\nb\nc\nX\n", theirs: "a\nb\nc\nY\n",
			want:      "a\nb\nc\n" + conflictText("X\n", "", "Y\n"),
			conflicts: []Conflict{{BaseStart: 4, BaseEnd: 3, Ours: []string{"X"}, Theirs: []string{"Y"}}},
		},
		{
			name: "adjacent changes conflict, as in git",
			base: "a\nb\nc\nd\n", ours: "a\nB\nc\nd\n", theirs: "a\nb\nC\nd\n",
			want:      "a\n" + conflictText("B\nc\n", "b\nc\n", "b\nC\n") + "d\n",
			conflicts: []Conflict{{BaseStart: 2, BaseEnd: 3, Ours: []string{"B", "c"}, Theirs: []string{"b", "C"}}},
		},
		{name: "all empty", want: ""},
		{name: "theirs creates content", theirs: "a\n", want: "a\n"},
		{name: "ours creates content", ours: "a\n", want: "a\n"},
		{name: "theirs empties the file", base: "a\nb\n", ours: "a\nb\n", want: ""},
		{
			name: "both create different content",
			ours: "x\n", theirs: "y\n",
			want:      conflictText("x\n", "", "y\n"),
			conflicts: []Conflict{{BaseStart: 1, BaseEnd: 0, Ours: []string{"x"}, Theirs: []string{"y"}}},
		},
		{
			name: "no final newline anywhere, disjoint edits",
			base: "a\nb\nc", ours: "A\nb\nc", theirs: "a\nb\nC",
			want: "A\nb\nC",
		},
		{
			name: "theirs appends after a last line without newline",
			base: "a\nb\nc", ours: "A\nb\nc", theirs: "a\nb\nc\nd",
			want: "A\nb\nc\nd",
		},
		{
			name: "ours drops the final newline, theirs edits the top",
			base: "a\nb\nc\n", ours: "a\nb\nc", theirs: "A\nb\nc\n",
			want: "A\nb\nc",
		},
		{
			name: "ours adds the final newline, theirs edits the top",
			base: "a\nb\nc", ours: "a\nb\nc\n", theirs: "A\nb\nc",
			want: "A\nb\nc\n",
		},
		{
			name: "conflict on a last line without newline",
			base: "a\nb", ours: "a\nB", theirs: "a\nC",
			want:      "a\n" + conflictText("B\n", "b\n", "C\n"),
			conflicts: []Conflict{{BaseStart: 2, BaseEnd: 2, Ours: []string{"B"}, Theirs: []string{"C"}}},
		},
		{
			name: "CRLF on all sides is kept",
			base: "a\r\nb\r\nc\r\nd\r\n", ours: "A\r\nb\r\nc\r\nd\r\n", theirs: "a\r\nb\r\nc\r\nD\r\n",
			want: "A\r\nb\r\nc\r\nD\r\n",
		},
		{
			name: "CRLF conflict markers when all sides are CRLF",
			base: "a\r\nb\r\n", ours: "a\r\nB\r\n", theirs: "a\r\nC\r\n",
			want:      "a\r\n<<<<<<< yours\r\nB\r\n||||||| pydock (last generated)\r\nb\r\n=======\r\nC\r\n>>>>>>> pydock (new)\r\n",
			conflicts: []Conflict{{BaseStart: 2, BaseEnd: 2, Ours: []string{"B\r"}, Theirs: []string{"C\r"}}},
		},
		{
			// Not normalised: converting every line is an edit of every line.
			name: "ours converted to CRLF conflicts with any change",
			base: "a\nb\n", ours: "a\r\nb\r\n", theirs: "a\nB\n",
			want:      conflictText("a\r\nb\r\n", "a\nb\n", "a\nB\n"),
			conflicts: []Conflict{{BaseStart: 1, BaseEnd: 2, Ours: []string{"a\r", "b\r"}, Theirs: []string{"a", "B"}}},
		},
	}
}

func TestMerge(t *testing.T) {
	for _, c := range mergeCases() {
		t.Run(c.name, func(t *testing.T) {
			got, conflicts, err := Merge([]byte(c.base), []byte(c.ours), []byte(c.theirs))
			if err != nil {
				t.Fatal(err)
			}
			if string(got) != c.want {
				t.Errorf("merged:\n%s\nwant:\n%s\n%s", got, c.want, UnifiedDiff("want", "got", []byte(c.want), got, 2))
			}
			if !reflect.DeepEqual(conflicts, c.conflicts) {
				t.Errorf("conflicts = %#v\nwant %#v", conflicts, c.conflicts)
			}
		})
	}
}

// TestMergeMatchesGit checks the table against git merge-file --diff3,
// the reference for the semantics (when git is installed).
func TestMergeMatchesGit(t *testing.T) {
	if _, err := exec.LookPath("git"); err != nil {
		t.Skip("git not on PATH")
	}
	for _, c := range mergeCases() {
		t.Run(c.name, func(t *testing.T) {
			dir := t.TempDir()
			for name, s := range map[string]string{"ours": c.ours, "base": c.base, "theirs": c.theirs} {
				if err := os.WriteFile(filepath.Join(dir, name), []byte(s), 0o644); err != nil {
					t.Fatal(err)
				}
			}
			cmd := exec.Command("git", "merge-file", "-p", "--diff3",
				"-L", "yours", "-L", "pydock (last generated)", "-L", "pydock (new)", "ours", "base", "theirs")
			cmd.Dir = dir
			cmd.Env = append(os.Environ(), "GIT_CONFIG_NOSYSTEM=1", "HOME="+dir)
			out, err := cmd.Output()
			var exit *exec.ExitError
			n := 0
			if errors.As(err, &exit) {
				n = exit.ExitCode() // git exits with the number of conflicts
			} else if err != nil {
				t.Fatal(err)
			}
			if n != len(c.conflicts) {
				t.Errorf("git finds %d conflicts, we expect %d", n, len(c.conflicts))
			}
			if string(out) != c.want {
				t.Errorf("git merge-file gives:\n%q\nwe expect:\n%q", out, c.want)
			}
		})
	}
}

// TestMergeProperties: with one side unchanged, or both sides equal, the
// merge is that side exactly and never conflicts; and swapping ours and
// theirs finds the same conflicts.
func TestMergeProperties(t *testing.T) {
	r := rand.New(rand.NewPCG(7, 8))
	for n := range 5000 {
		base := []byte(randLines(r, r.IntN(15)))
		x := []byte(randLines(r, r.IntN(15)))
		y := []byte(randLines(r, r.IntN(15)))
		checkMergeProperties(t, fmt.Sprint("case ", n), base, x, y)
	}
}

func checkMergeProperties(t *testing.T, name string, base, x, y []byte) {
	t.Helper()
	for _, p := range []struct {
		what               string
		base, ours, theirs []byte
		want               []byte
	}{
		{"(base, base, x) != x", base, base, x, x},
		{"(base, x, base) != x", base, x, base, x},
		{"(base, x, x) != x", base, x, x, x},
	} {
		got, conflicts, err := Merge(p.base, p.ours, p.theirs)
		if err != nil || len(conflicts) != 0 || !bytes.Equal(got, p.want) {
			t.Fatalf("%s: %s\nbase=%q\nx=%q\ngot=%q conflicts=%v err=%v", name, p.what, base, x, got, conflicts, err)
		}
	}
	m1, c1, err1 := Merge(base, x, y)
	m2, c2, err2 := Merge(base, y, x)
	if err1 != nil || err2 != nil {
		t.Fatalf("%s: %v %v", name, err1, err2)
	}
	if len(c1) != len(c2) || (len(c1) == 0 && !bytes.Equal(m1, m2)) {
		t.Fatalf("%s: not symmetric\nbase=%q\nx=%q\ny=%q\n%q %v\n%q %v", name, base, x, y, m1, c1, m2, c2)
	}
	for i := range c1 {
		if c1[i].BaseStart != c2[i].BaseStart || c1[i].BaseEnd != c2[i].BaseEnd ||
			!reflect.DeepEqual(c1[i].Ours, c2[i].Theirs) || !reflect.DeepEqual(c1[i].Theirs, c2[i].Ours) {
			t.Fatalf("%s: conflict %d not mirrored: %+v vs %+v", name, i, c1[i], c2[i])
		}
	}
}

func FuzzMerge(f *testing.F) {
	for _, c := range mergeCases() {
		f.Add([]byte(c.base), []byte(c.ours), []byte(c.theirs))
	}
	f.Fuzz(func(t *testing.T, base, x, y []byte) {
		checkMergeProperties(t, "fuzz", base, x, y)
	})
}

func TestMergeTooManyLines(t *testing.T) {
	big := bytes.Repeat([]byte("x\n"), MaxLines+1)
	for i, in := range [][3][]byte{{big, nil, nil}, {nil, big, nil}, {nil, nil, big}} {
		if _, _, err := Merge(in[0], in[1], in[2]); !errors.Is(err, ErrTooManyLines) {
			t.Errorf("input %d: err = %v, want ErrTooManyLines", i, err)
		}
	}
	ok := bytes.Repeat([]byte("x\n"), MaxLines)
	if _, _, err := Merge(ok, ok, ok); err != nil {
		t.Errorf("exactly MaxLines: %v", err)
	}
}

func TestStripMarker(t *testing.T) {
	inputs := []string{
		"FROM python:3.12-slim\nRUN true\n",
		"",
		"FROM python:3.12-slim",
		"# syntax=docker/dockerfile:1\nFROM python:3.12-slim\n",
		"#Syntax = docker/dockerfile:1.7\n# escape=`\n# CHECK=skip=all\nFROM scratch\n",
		"# syntax=docker/dockerfile:1",
		"#!/usr/bin/env python3\n# -*- coding: utf-8 -*-\nimport os\n",
		"#!/usr/bin/env python3",
		"\ufeffimport os\n",
		"# syntax=docker/dockerfile:1\r\nFROM python:3.12\r\n",
		"services:\n  app:\n    build: .\n",
		dockerfileV1,
	}
	for _, in := range inputs {
		x := Stamp([]byte(in))
		s := StripMarker(x)
		if bytes.Contains(s, []byte("Generated by pydock")) {
			t.Errorf("marker left in %q", s)
		}
		if got := Stamp(s); !bytes.Equal(got, x) {
			t.Errorf("Stamp(StripMarker(x)) != x\n got %q\nwant %q", got, x)
		}
		// Only the marker line goes: with a final newline in the header,
		// stripping gives back exactly what was stamped.
		if strings.HasSuffix(in, "\n") && string(s) != in {
			t.Errorf("StripMarker(Stamp(%q)) = %q", in, s)
		}
	}

	// Unstamped content, and a marker-like line below where Stamp puts
	// one, are left alone.
	for _, in := range []string{
		"FROM scratch\n",
		"1\n2\n3\n4\n5\n" + string(Stamp([]byte("x\n"))),
	} {
		if got := StripMarker([]byte(in)); string(got) != in {
			t.Errorf("StripMarker(%q) = %q", in, got)
		}
	}
	// An edited file keeps the user's edits, loses only the marker.
	edited := bytes.Replace(Stamp([]byte(dockerfileV1)), []byte("3.12"), []byte("3.11"), 1)
	if got, want := string(StripMarker(edited)), strings.Replace(dockerfileV1, "3.12", "3.11", 1); got != want {
		t.Errorf("edited: got\n%s\nwant\n%s", got, want)
	}
}

// TestMergeStampedFlow is the caller's regenerate path: strip markers,
// merge, re-stamp; the user's edits and pydock's changes both land.
func TestMergeStampedFlow(t *testing.T) {
	lastGen := Stamp([]byte(dockerfileV1))
	onDisk := Stamp([]byte(userEdited(dockerfileV1)))
	onDisk = bytes.Replace(onDisk, []byte(hashOf([]byte(userEdited(dockerfileV1)))), []byte(hashOf([]byte(dockerfileV1))), 1)
	if Inspect(onDisk) != Edited {
		t.Fatal("setup: disk file should read as edited")
	}
	newRender := Stamp([]byte(pydockV2(dockerfileV1)))

	merged, conflicts, err := Merge(StripMarker(lastGen), StripMarker(onDisk), StripMarker(newRender))
	if err != nil || len(conflicts) != 0 {
		t.Fatalf("err=%v conflicts=%v", err, conflicts)
	}
	out := Stamp(merged)
	if Inspect(out) != Pristine {
		t.Error("re-stamped merge is not pristine")
	}
	for _, want := range []string{"# Owned by the platform team", "libpq5", "FROM python:3.13-slim AS builder", "FROM python:3.13-slim AS runtime", "requirements/base.txt"} {
		if !bytes.Contains(out, []byte(want)) {
			t.Errorf("merged file lacks %q:\n%s", want, out)
		}
	}
	if bytes.Contains(out, []byte("3.12")) {
		t.Errorf("old Python version survived:\n%s", out)
	}
}

// BenchmarkMerge200 merges a 200-line Dockerfile edited on both sides.
func BenchmarkMerge200(b *testing.B) {
	// The template, then renamed copies of it, cut to 200 lines.
	sb := strings.Builder{}
	sb.WriteString(dockerfileV1)
	for i := 1; strings.Count(sb.String(), "\n") < 200; i++ {
		sb.WriteString(strings.ReplaceAll(dockerfileV1, "app", fmt.Sprintf("app%d", i)))
	}
	base := strings.Join(strings.SplitAfter(sb.String(), "\n")[:200], "")
	ours := userEdited(base)
	theirs := pydockV2(base)
	theirs = strings.ReplaceAll(theirs, "EXPOSE 8000", "EXPOSE 8080")
	b.ReportAllocs()
	for b.Loop() {
		if _, c, err := Merge([]byte(base), []byte(ours), []byte(theirs)); err != nil || len(c) != 0 {
			b.Fatal(err, c)
		}
	}
}
