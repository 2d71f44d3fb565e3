package detect

// Which of the project's requirements files an authors' container file
// installs: the path a `pip install -r` names is a path in the image, so
// it is followed back through the COPY/ADD and bind mounts that put it
// there (COPY docker/app/requirements.txt /requirements.txt).

import (
	"encoding/json"
	"io/fs"
	"maps"
	"path"
	"regexp"
	"slices"
	"strings"
)

// containerReqInstall is a requirements file of the project that one line
// of a container file installs.
type containerReqInstall struct {
	file string // the project's path
	via  Source // the line naming it
	flag string // the flag as written: -r /requirements.txt
	cond bool   // inside a shell `if` (a build argument's variant)
}

// dockerPart is one physical line of an instruction (its continuations
// apart, so a flag is reported on its own line).
type dockerPart struct {
	text string
	line int
}

// mountRe is a RUN's --mount=… option.
var mountRe = regexp.MustCompile(`--mount=(\S+)`)

// authorsDockerfiles are the authors' container files: where
// authorsContainerFiles looks, and one folder down in docker/, deploy/…
// (docker/main/Dockerfile beside its own requirements files).
func authorsDockerfiles(fsys fs.FS) []string {
	out := authorsContainerFiles(fsys)
	for _, dir := range []string{"docker", "container", "containers", "deploy"} {
		entries, _ := fs.ReadDir(fsys, dir)
		for _, e := range entries {
			if !e.IsDir() {
				continue
			}
			for _, n := range authorsContainerFiles(subFS{fsys, path.Join(dir, e.Name())}) {
				if path.Dir(n) == "." {
					out = append(out, path.Join(dir, e.Name(), n))
				}
			}
		}
	}
	return out
}

// subFS roots fsys at dir for listing (fs.Sub without its error).
type subFS struct {
	fsys fs.FS
	dir  string
}

func (s subFS) Open(name string) (fs.File, error) { return s.fsys.Open(path.Join(s.dir, name)) }

// containerReqInstalls lists the requirements files af installs (-r FILE),
// as the project's paths that exist, each once.
func containerReqInstalls(fsys fs.FS, af authorsFile) []containerReqInstall {
	var out []containerReqInstall
	workdir, copies := "/", map[string]string{}
	for _, ins := range dockerInstructions(af.text) {
		fields := strings.Fields(ins[0].text)
		if len(fields) == 0 {
			continue
		}
		joined := joinDockerLines(ins)
		rest := strings.TrimSpace(joined[len(fields[0]):])
		switch strings.ToUpper(fields[0]) {
		case "FROM":
			workdir, copies = "/", map[string]string{}
		case "WORKDIR":
			workdir = inImage(workdir, strings.Trim(rest, `"'`))
		case "COPY", "ADD":
			readCopy(fsys, rest, workdir, copies)
		case "RUN":
			local := maps.Clone(copies)
			for _, m := range mountRe.FindAllStringSubmatch(rest, -1) {
				readMount(m[1], workdir, local)
			}
			before := ""
			for _, l := range ins {
				for _, m := range reqFlagRe.FindAllStringSubmatchIndex(l.text, -1) {
					name := l.text[m[2]:m[3]]
					cond := shellDepth(before+" "+l.text[:m[0]]) > 0
					file := resolveInImage(fsys, path.Dir(af.name), inImage(workdir, name), name, local)
					if file == "" || slices.ContainsFunc(out, func(o containerReqInstall) bool { return o.file == file }) {
						continue
					}
					out = append(out, containerReqInstall{file: file, via: Source{File: af.name, Line: l.line}, flag: strings.TrimSpace(l.text[m[0]:m[1]]), cond: cond})
				}
				before += " " + l.text
			}
		}
	}
	return out
}

// dockerInstructions splits a Dockerfile into its instructions, each the
// physical lines it spans (continuations joined by the caller; comment
// lines inside one are dropped, as BuildKit drops them).
func dockerInstructions(text string) [][]dockerPart {
	var out [][]dockerPart
	var cur []dockerPart
	for i, l := range strings.Split(text, "\n") {
		t := strings.TrimSpace(l)
		if strings.HasPrefix(t, "#") || (t == "" && cur == nil) {
			continue
		}
		cont := strings.HasSuffix(t, "\\")
		cur = append(cur, dockerPart{text: strings.TrimSuffix(t, "\\"), line: i + 1})
		if !cont {
			out, cur = append(out, cur), nil
		}
	}
	if cur != nil {
		out = append(out, cur)
	}
	return out
}

func joinDockerLines(ls []dockerPart) string {
	var b strings.Builder
	for _, l := range ls {
		b.WriteString(l.text)
		b.WriteByte(' ')
	}
	return b.String()
}

// inImage is p in the image, relative to the working directory wd.
func inImage(wd, p string) string {
	if !strings.HasPrefix(p, "/") {
		p = path.Join(wd, p)
	}
	return path.Clean(p)
}

// readCopy records where a COPY or ADD from the build context puts its
// sources: dest → source (a folder's contents land in dest itself).
func readCopy(fsys fs.FS, rest, workdir string, copies map[string]string) {
	var args []string
	if strings.HasPrefix(rest, "[") {
		if json.Unmarshal([]byte(strings.TrimSpace(rest)), &args) != nil {
			return
		}
	} else {
		for _, a := range strings.Fields(rest) {
			if strings.HasPrefix(a, "--from") {
				return // another stage or image, not the context
			}
			if !strings.HasPrefix(a, "--") {
				args = append(args, strings.Trim(a, `"'`))
			}
		}
	}
	if len(args) < 2 {
		return
	}
	dest, srcs := args[len(args)-1], args[:len(args)-1]
	toDir := strings.HasSuffix(dest, "/") || len(srcs) > 1
	destAbs := inImage(workdir, dest)
	for _, src := range srcs {
		src = path.Clean(strings.TrimPrefix(src, "/"))
		if toDir && !isDir(fsys, src) {
			copies[path.Join(destAbs, path.Base(src))] = src
		} else {
			copies[destAbs] = src
		}
	}
}

// readMount records a RUN's bind mount of the build context: target →
// source. A mount from another stage or image is not the context.
func readMount(opts, workdir string, copies map[string]string) {
	kind, src, target, from := "bind", ".", "", false
	for _, kv := range strings.Split(opts, ",") {
		k, v, _ := strings.Cut(kv, "=")
		switch k {
		case "type":
			kind = v
		case "source", "src":
			src = v
		case "target", "dst", "destination":
			target = v
		case "from":
			from = true
		}
	}
	if kind == "bind" && !from && target != "" {
		copies[inImage(workdir, target)] = path.Clean(strings.TrimPrefix(src, "/"))
	}
}

// resolveInImage is the project's file at image path p: through the
// nearest COPY or mount that put it there, its source taken from the
// repository root, else from the container file's folder (a build
// context of its own); with none, the path as written from the root (an
// image that copied the whole context to / or /app). "" when no file
// exists.
func resolveInImage(fsys fs.FS, dockerDir, p, written string, copies map[string]string) string {
	best, src := "", ""
	for dest, s := range copies {
		if (p == dest || dest == "/" || strings.HasPrefix(p, dest+"/")) && len(dest) >= len(best) {
			best, src = dest, s
		}
	}
	var tries []string
	if best != "" {
		rel := strings.TrimPrefix(strings.TrimPrefix(p, best), "/")
		tries = append(tries, path.Join(src, rel), path.Join(dockerDir, src, rel))
	}
	tries = append(tries, strings.TrimPrefix(strings.TrimPrefix(written, "/app/"), "/"))
	for _, t := range tries {
		if t = path.Clean(t); !strings.HasPrefix(t, "../") && isRegularFile(fsys, t) {
			return t
		}
	}
	return ""
}

// shellDepth is how many shell `if`s are open at the end of s.
func shellDepth(s string) int {
	depth := 0
	for _, w := range strings.FieldsFunc(s, func(r rune) bool {
		return r == ' ' || r == '\t' || r == ';' || r == '&' || r == '|' || r == '(' || r == ')'
	}) {
		switch w {
		case "then":
			depth++
		case "fi":
			depth--
		}
	}
	return depth
}
