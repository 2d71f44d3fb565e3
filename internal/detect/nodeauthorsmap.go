package detect

// Where the authors' node stage output comes from and goes to, in the
// project's terms: a path of an image stands for the project folder its
// stage copied there from the build context (COPY ./web /app puts web/
// at /app, so /app/dist is web/dist).

import (
	"io/fs"
	"path"
	"regexp"
	"strconv"
	"strings"
)

// frontendPaths is what ReadAuthorsFrontends keeps of a node stage's
// output and the COPY that takes it: the output's path in the node stage,
// its destination in the receiving stage, and each stage's copies from
// the context.
type frontendPaths struct {
	out, dest              string // absolute, "" when computed
	nodeStage, destStage   int
	nodeCopies, destCopies []contextCopy
}

// contextCopy is a COPY (or ADD) from the build context: its sources and
// its destination in the image (absolute, "" when computed); intoDir when
// the destination is a folder the sources go into (a trailing slash, several
// sources, a wildcard).
type contextCopy struct {
	srcs    []string
	dst     string
	intoDir bool
}

func newContextCopy(workdir string, args []string) contextCopy {
	srcs, dst := args[:len(args)-1], args[len(args)-1]
	c := contextCopy{dst: imagePath(workdir, dst)}
	c.intoDir = strings.HasSuffix(dst, "/") || len(srcs) > 1
	for _, s := range srcs {
		s = strings.Trim(s, `"'`)
		if strings.ContainsAny(s, "*?[") {
			c.intoDir = true
		}
		c.srcs = append(c.srcs, path.Clean(strings.TrimPrefix(s, "/")))
	}
	return c
}

// imagePath is p (a Dockerfile path) resolved against the stage's
// working directory, "" when either is computed ($VAR) or unknown.
func imagePath(workdir, p string) string {
	p = strings.Trim(p, `"'`)
	if p == "" || strings.ContainsAny(p, "$`") {
		return ""
	}
	if !path.IsAbs(p) {
		if workdir == "" {
			return ""
		}
		p = path.Join(workdir, p)
	}
	return path.Clean(p)
}

// folderMaps are the image folders copies fill with a project folder's
// contents, and that folder: a folder copied (COPY web /app: web's
// contents), or files of the context's root copied into one (COPY
// pyproject.toml uv.lock ./: /app holds the root's files). A single file
// says nothing of the folder it lands in.
func folderMaps(fsys fs.FS, copies []contextCopy) map[string]string {
	out := map[string]string{}
	for _, c := range copies {
		if c.dst == "" {
			continue
		}
		for _, s := range c.srcs {
			switch {
			case s == "." || isDir(fsys, s):
				out[c.dst] = s
			case c.intoDir && path.Dir(s) == "." && (isRegularFile(fsys, s) || strings.ContainsAny(s, "*?[")):
				if _, ok := out[c.dst]; !ok {
					out[c.dst] = "."
				}
			}
		}
	}
	return out
}

// projectPath is the project path an image path stands for through the
// folder maps: the deepest folder holding it, "" when none does or the
// result leaves the project.
func projectPath(maps map[string]string, p string) string {
	if p == "" {
		return ""
	}
	best, rel := "", ""
	for img, dir := range maps {
		r, ok := strings.CutPrefix(p, img)
		if !ok || r != "" && !strings.HasPrefix(r, "/") && img != "/" || len(img) <= len(best) {
			continue
		}
		best, rel = img, path.Join(dir, strings.TrimPrefix(r, "/"))
	}
	if best == "" || rel == "." || !fs.ValidPath(rel) {
		return ""
	}
	return rel
}

// resolveFrontendPaths sets OutDir and DestDir of the authors' front ends
// whose Dockerfile's context is the project: DestDir only where the
// project could hold it (at its root, or in one of its top folders, and
// no file).
func resolveFrontendPaths(fsys fs.FS, fes []AuthorsFrontend) {
	for i := range fes {
		fe := &fes[i]
		p := fe.paths
		if p == nil || fe.Outside {
			continue
		}
		fe.OutDir = projectPath(folderMaps(fsys, p.nodeCopies), p.out)
		dest := projectPath(folderMaps(fsys, p.destCopies), p.dest)
		if top, _, _ := strings.Cut(dest, "/"); dest != "" && !isRegularFile(fsys, dest) && (top == dest || isDir(fsys, top)) {
			fe.DestDir = dest
		}
	}
}

// authorsNodeLine is the node major of an authors' node image
// (node:22-alpine, node:20.11.1-slim), "" for any other (bun, lts, a
// computed tag).
func authorsNodeLine(image string) string {
	name, tag, ok := strings.Cut(image, ":")
	if !ok || path.Base(name) != "node" {
		return ""
	}
	tag, _, _ = strings.Cut(tag, "@")
	major := tag
	if i := strings.IndexAny(tag, ".-"); i >= 0 {
		major = tag[:i]
	}
	if n, err := strconv.Atoi(major); err != nil || n <= 0 {
		return ""
	}
	return major
}

// authorsScript is the package script an authors' node stage runs in
// dir (a package.json's folder, "." at the root) to build it: yarn
// bundle:release, npm run build:docker, pnpm run generate. "" when none.
func authorsScript(fes []AuthorsFrontend, dir string) string {
	if dir == "." {
		dir = ""
	}
	for _, fe := range fes {
		if fe.Outside || fe.Dir != dir {
			continue
		}
		w := strings.Fields(fe.Build)
		if len(w) < 2 {
			continue
		}
		switch {
		case len(w) > 2 && (w[1] == "run" || w[1] == "run-script") && (w[0] == "npm" || w[0] == "pnpm" || w[0] == "yarn" || w[0] == "bun"):
			return w[2]
		case w[0] == "yarn" || w[0] == "pnpm":
			return w[1]
		}
	}
	return ""
}

// dockerVarRe is a variable reference of a Dockerfile: $NAME or ${NAME}
// (a ${NAME:-default} form is left alone).
var dockerVarRe = regexp.MustCompile(`\$\{([A-Za-z_][A-Za-z0-9_]*)\}|\$([A-Za-z_][A-Za-z0-9_]*)`)

// expandDockerVars replaces the references to variables the stage set;
// others stay, so the path reads as computed.
func expandDockerVars(s string, env map[string]string) string {
	return dockerVarRe.ReplaceAllStringFunc(s, func(ref string) string {
		m := dockerVarRe.FindStringSubmatch(ref)
		if v, ok := env[m[1]+m[2]]; ok && v != "" {
			return v
		}
		return ref
	})
}

// dockerAssignments are the variables an ENV or ARG line sets: ENV K=V
// K2="V 2", the older ENV K V, ARG K=default (an ARG without a default
// sets nothing pydock can read).
func dockerAssignments(word, rest string) map[string]string {
	out := map[string]string{}
	words, err := shlexSplit(rest)
	if err != nil || len(words) == 0 {
		return out
	}
	if word == "ENV" && !strings.Contains(words[0], "=") {
		if len(words) > 1 {
			out[words[0]] = strings.Join(words[1:], " ")
		}
		return out
	}
	for _, w := range words {
		if k, v, ok := strings.Cut(w, "="); ok && k != "" {
			out[k] = v
		}
	}
	return out
}

// authorsNodeLines builds a front end that names no node line on the one
// the authors' own node stage builds it on (FROM node:22-alpine), rather
// than the table's default: the line their build is known to work on.
func authorsNodeLines(f *Facts) {
	for i := range f.NodeBuilds {
		b := &f.NodeBuilds[i]
		if b.Node == "" || b.NodeFrom != (Source{}) {
			continue
		}
		for _, fe := range f.AuthorsFrontends {
			major := authorsNodeLine(fe.Image)
			if major == "" || fe.Outside || fe.OutDir != b.Out && fe.Dir != b.Dir {
				continue
			}
			b.Node, b.NodeFrom = major, Source{File: fe.File, Line: fe.Line}
			b.NodeWhy = "the authors' node stage (" + fe.Image + ", " + b.NodeFrom.String() + ")"
			b.Image = "node:" + nodeImageTag(major)
			eolNodePrograms(b)
			break
		}
	}
}
