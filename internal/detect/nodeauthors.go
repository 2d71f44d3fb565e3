package detect

// The front ends the authors' own Dockerfiles build in a node stage: the
// evidence that the project has pages beyond what its Python code serves,
// and where the authors put them (a web server's root, the app's folder,
// an image of their own).

import (
	"io/fs"
	"maps"
	"path"
	"regexp"
	"slices"
	"strconv"
	"strings"
)

// AuthorsFrontend is a node stage of one of the authors' Dockerfiles that
// builds a front end: the folder it copies in, its build command, and
// what becomes of its output.
type AuthorsFrontend struct {
	File  string `json:"file"` // the Dockerfile, project-relative ("../Dockerfile" above it)
	Line  int    `json:"line"` // its FROM
	Image string `json:"image"`
	// Dir is the front end's folder, project-relative ("../web" when it
	// lies outside the project; "" at the project's root).
	Dir       string `json:"dir"`
	Outside   bool   `json:"outside,omitempty"`
	Build     string `json:"build"`
	BuildLine int    `json:"build_line"`
	// Dest is where a later stage copies the output, DestLine its COPY;
	// Serves is the stage's own CMD when it is the image's last stage.
	Dest     string `json:"dest,omitempty"`
	DestLine int    `json:"dest_line,omitempty"`
	Serves   string `json:"serves,omitempty"`
	// DestEnv is the variable the receiving stage sets (ENV) and Dest
	// names alone (COPY --from=web /dist ${STATIC_FILES}): the authors'
	// app finds the output through it.
	DestEnv string `json:"dest_env,omitempty"`
	// OutDir is the project folder the stage's copied output stands for
	// (the build's output), DestDir the project folder Dest stands for in
	// the image that receives it: both read through the stages' COPY
	// lines from the build context (nodeauthorsmap.go), "" when they do
	// not say.
	OutDir  string `json:"out_dir,omitempty"`
	DestDir string `json:"dest_dir,omitempty"`
	// paths is what the stages copy from the context, for OutDir and
	// DestDir.
	paths *frontendPaths
}

var (
	// nodeImageRe is a node or bun base image, from any registry.
	nodeImageRe = regexp.MustCompile(`^(?:[\w.:-]+/)*(?:node|bun)(?:[:@].*)?$`)
	// fromRe is a FROM line: its flags, image and stage name.
	fromRe = regexp.MustCompile(`(?i)^FROM\s+(?:--\S+\s+)*(\S+)(?:\s+AS\s+(\S+))?\s*$`)
	// nodeBuildCmdRe is a command that builds rather than installs: a
	// package script, make, or a binary of the install run with npx.
	nodeBuildCmdRe = regexp.MustCompile(`^(?:(?:npm|pnpm|bun)\s+run(?:-script)?\s+[\w:.-]+|(?:yarn|pnpm|bun)\s+(?:run\s+)?[A-Za-z][\w:.-]*|make\b.*|npx\s+\S+.*|(?:\./)?node_modules/\.bin/\S+.*)`)
	// nodeInstallWords are the words after yarn/pnpm/bun that install or
	// configure rather than build.
	nodeInstallWords = map[string]bool{"install": true, "add": true, "global": true, "config": true, "set": true, "cache": true, "policies": true, "import": true, "fetch": true, "dlx": true, "x": true, "create": true, "init": true, "link": true, "remove": true, "upgrade": true, "why": true, "info": true, "audit": true, "prune": true}
)

// ReadAuthorsFrontends reads a Dockerfile of the authors' for node stages
// that build a front end, with the context-relative folder of each
// (project paths are the caller's to make).
func ReadAuthorsFrontends(file string, data []byte) []AuthorsFrontend {
	if strings.Contains(string(data), generatedMarker) {
		return nil // pydock's own, not the authors'
	}
	type stage struct {
		name    string
		fe      *AuthorsFrontend
		sources []string
		workdir string // "" when computed
		copies  []contextCopy
		env     map[string]string // ENV and ARG defaults, for paths
		arg     map[string]bool   // which of env are ARGs (gone at run time)
	}
	var stages []stage
	var out []*AuthorsFrontend
	lastCmd := ""
	for _, l := range dockerfileLines(string(data)) {
		word, rest, _ := strings.Cut(l.text, " ")
		rest = strings.TrimSpace(rest)
		switch strings.ToUpper(word) {
		case "FROM":
			m := fromRe.FindStringSubmatch(l.text)
			if m == nil {
				stages = append(stages, stage{})
				continue
			}
			s := stage{name: m[2], workdir: "/", env: map[string]string{}}
			// A stage built on an earlier one (FROM build-node AS bundle)
			// has its image and what it copied.
			base := slices.IndexFunc(stages, func(p stage) bool { return p.name != "" && strings.EqualFold(p.name, m[1]) })
			if base >= 0 {
				s.workdir, s.copies, s.env = stages[base].workdir, slices.Clone(stages[base].copies), maps.Clone(stages[base].env)
				s.arg = maps.Clone(stages[base].arg)
			}
			switch {
			case base >= 0 && stages[base].fe != nil:
				s.fe = &AuthorsFrontend{File: file, Line: stages[base].fe.Line, Image: stages[base].fe.Image}
				s.sources = slices.Clone(stages[base].sources)
			case base < 0 && nodeImageRe.MatchString(m[1]):
				s.fe = &AuthorsFrontend{File: file, Line: l.line, Image: m[1]}
			}
			stages = append(stages, s)
			lastCmd = ""
		case "COPY", "ADD":
			if len(stages) == 0 {
				continue
			}
			args := strings.Fields(rest)
			from := ""
			for len(args) > 0 && strings.HasPrefix(args[0], "--") {
				if v, ok := strings.CutPrefix(args[0], "--from="); ok {
					from = v
				}
				args = args[1:]
			}
			if len(args) < 2 || strings.HasPrefix(args[0], "[") {
				continue
			}
			cur := &stages[len(stages)-1]
			raw := args[len(args)-1]
			args = slices.Clone(args)
			args[len(args)-1] = expandDockerVars(raw, cur.env)
			if from == "" {
				cur.sources = append(cur.sources, args[:len(args)-1]...)
				cur.copies = append(cur.copies, newContextCopy(cur.workdir, args))
				continue
			}
			for i := range stages[:len(stages)-1] {
				if src := stages[i]; src.fe != nil && src.fe.Build != "" && (src.name != "" && strings.EqualFold(src.name, from) || from == strconv.Itoa(i)) && src.fe.Dest == "" {
					src.fe.Dest, src.fe.DestLine = raw, l.line
					if m := dockerVarRe.FindStringSubmatch(strings.TrimSuffix(raw, "/")); m != nil && m[0] == strings.TrimSuffix(raw, "/") && cur.env[m[1]+m[2]] != "" && !cur.arg[m[1]+m[2]] {
						src.fe.DestEnv = m[1] + m[2]
					}
					src.fe.paths = &frontendPaths{out: imagePath("/", args[0]), dest: imagePath(cur.workdir, args[len(args)-1]),
						nodeStage: i, destStage: len(stages) - 1}
				}
			}
		case "WORKDIR":
			if len(stages) > 0 {
				cur := &stages[len(stages)-1]
				cur.workdir = imagePath(cur.workdir, expandDockerVars(strings.Trim(rest, `"'`), cur.env))
			}
		case "ENV", "ARG":
			if len(stages) > 0 {
				cur := &stages[len(stages)-1]
				if cur.env == nil {
					cur.env = map[string]string{}
				}
				for k, v := range dockerAssignments(strings.ToUpper(word), rest) {
					cur.env[k] = expandDockerVars(v, cur.env)
					if cur.arg == nil {
						cur.arg = map[string]bool{}
					}
					cur.arg[k] = strings.ToUpper(word) == "ARG"
				}
			}
		case "RUN":
			s := stages[len(stages)-1:]
			if len(s) == 0 || s[0].fe == nil || s[0].fe.Build != "" {
				continue
			}
			if cmd := nodeBuildCommand(rest); cmd != "" {
				s[0].fe.Build, s[0].fe.BuildLine = cmd, l.line
				if s[0].fe.Dir = frontendFolder(s[0].sources); s[0].fe.Dir == "." {
					s[0].fe.Dir = ""
				}
				out = append(out, s[0].fe)
			}
		case "CMD", "ENTRYPOINT":
			lastCmd = strings.ToUpper(word) + " " + rest
		}
	}
	var res []AuthorsFrontend
	for _, fe := range out {
		if p := fe.paths; p != nil {
			// The stages' copies from the context, all of them: a COPY
			// after the output's still places the context in that image.
			p.nodeCopies, p.destCopies = stages[p.nodeStage].copies, stages[p.destStage].copies
		}
		if fe.Dest == "" && len(stages) > 0 && stages[len(stages)-1].fe == fe {
			fe.Serves = lastCmd
		}
		if fe.Dest != "" || fe.Serves != "" {
			res = append(res, *fe)
		}
	}
	return res
}

// nodeBuildCommand is the first command of a RUN line that builds a front
// end ("" when it only installs).
func nodeBuildCommand(line string) string {
	for _, cmd := range strings.FieldsFunc(line, func(r rune) bool { return r == ';' || r == '&' || r == '|' || r == '\n' }) {
		cmd = strings.TrimSpace(cmd)
		for {
			m := inlineAssignRe.FindStringSubmatch(cmd)
			if m == nil {
				break
			}
			cmd = cmd[len(m[0]):]
		}
		if !nodeBuildCmdRe.MatchString(cmd) {
			continue
		}
		if w := strings.Fields(cmd); len(w) > 1 && (w[0] == "yarn" || w[0] == "pnpm" || w[0] == "bun") && nodeInstallWords[w[1]] {
			continue
		}
		return cmd
	}
	return ""
}

// frontendFolder is the folder a node stage's copies come from: the one
// holding the package.json it copies, else the first folder it copies.
func frontendFolder(sources []string) string {
	for _, s := range sources {
		s = path.Clean(strings.TrimPrefix(s, "/"))
		if ok, _ := path.Match(path.Base(s), "package.json"); ok || strings.HasPrefix(path.Base(s), "package") && strings.HasSuffix(s, ".json") {
			return path.Dir(s)
		}
	}
	for _, s := range sources {
		if s = path.Clean(strings.TrimPrefix(s, "/")); !strings.ContainsAny(s, "*?[") {
			return s
		}
	}
	return "."
}

// heredocRe is a heredoc's start in an instruction (<<EOF, <<-EOF,
// <<"EOF"): whether it strips tabs, and its terminator
// (https://docs.docker.com/reference/dockerfile/#here-documents).
var heredocRe = regexp.MustCompile(`(?:^|[^<])<<(-?)["']?([A-Za-z_][A-Za-z0-9_]*)["']?`)

// dockerLine is a Dockerfile instruction, its continuations joined, and
// the line it starts on.
type dockerLine struct {
	text string
	line int
}

func dockerfileLines(text string) []dockerLine {
	var out []dockerLine
	lines := strings.Split(text, "\n")
	for i := 0; i < len(lines); i++ {
		start, l := i, strings.TrimSpace(lines[i])
		if l == "" || strings.HasPrefix(l, "#") {
			continue
		}
		for strings.HasSuffix(l, "\\") && i+1 < len(lines) {
			i++
			next := strings.TrimSpace(lines[i])
			if strings.HasPrefix(next, "#") {
				next = "\\"
			}
			l = strings.TrimSpace(strings.TrimSuffix(l, "\\")) + " " + next
		}
		l = strings.TrimSpace(strings.TrimSuffix(l, "\\"))
		// A heredoc (RUN <<EOF … EOF, Dockerfile 1.4+) is the instruction's
		// script: its lines join the instruction, one command a line.
		for _, m := range heredocRe.FindAllStringSubmatch(l, -1) {
			for i+1 < len(lines) {
				i++
				body := lines[i]
				if m[1] == "-" {
					body = strings.TrimLeft(body, "\t")
				}
				if strings.TrimRight(body, " \t\r") == m[2] {
					break
				}
				l += "\n" + body
			}
		}
		out = append(out, dockerLine{l, start + 1})
	}
	return out
}

// readAuthorsFrontends reads the authors' Dockerfiles in the project (and
// in a folder of Dockerfiles named by role, Dockerfiles/front), whose
// context is the project's root.
func readAuthorsFrontends(fsys fs.FS, f *Facts) {
	files := authorsContainerFiles(fsys)
	for _, dir := range []string{"Dockerfiles", "dockerfiles"} {
		entries, _ := fs.ReadDir(fsys, dir)
		for _, e := range entries {
			if n := e.Name(); !e.IsDir() && !strings.HasPrefix(n, ".") && (path.Ext(n) == "" || strings.EqualFold(path.Ext(n), ".dockerfile")) {
				files = append(files, path.Join(dir, n))
			}
		}
	}
	for _, af := range readAuthorsFiles(fsys, files) {
		fes := ReadAuthorsFrontends(af.name, []byte(af.text))
		resolveFrontendPaths(fsys, fes)
		f.AuthorsFrontends = append(f.AuthorsFrontends, fes...)
	}
}

// AuthorsFrontendsAbove places the front ends of a Dockerfile of a folder
// above the project (up is the project's path to it, down the project's
// path from it) in the project's terms: a folder inside the project
// becomes project-relative, one outside it is marked so.
func AuthorsFrontendsAbove(fes []AuthorsFrontend, up, down string) []AuthorsFrontend {
	for i := range fes {
		fe := &fes[i]
		if rel, ok := strings.CutPrefix(fe.Dir+"/", down+"/"); ok {
			fe.Dir = strings.TrimSuffix(rel, "/")
		} else {
			fe.Dir, fe.Outside = path.Join(up, fe.Dir), true
		}
	}
	return fes
}
