package detect

// Files of the project that the authors' image makes from another
// committed file: a settings module copied from its template at build
// (COPY conf_templates/docker.py.template site_conf.py) or by the start
// script (cp deploy/docker/local_settings.py cms/local_settings.py). The
// checkout lacks them, so code that imports them fails unless the image
// makes them the same way.

import (
	"encoding/json"
	"io/fs"
	"path"
	"strings"

	"github.com/pydock/pydock/internal/shellcmd"
)

// madeFile is one such file: File and From are repository paths.
type madeFile struct {
	File, From string
	At         Source // the COPY or cp that makes it
}

// authorsImage is what one of the authors' Dockerfiles says about where
// the repository sits in their image.
type authorsImage struct {
	roots   []string // the absolute folders the repository is copied to (COPY . /srv)
	scripts []string // repository paths of the shell scripts it runs
}

// authorsMadeFiles lists the files the authors' Dockerfiles and the start
// scripts they run make by copying a committed file to a path the
// repository does not have; the first maker of a path wins.
func authorsMadeFiles(fsys fs.FS) []madeFile {
	var out []madeFile
	seen := map[string]bool{}
	add := func(m madeFile) {
		if m.File == "" || m.From == "" || seen[m.File] || !isRegularFile(fsys, m.From) || fileOrDirExists(fsys, m.File) {
			return
		}
		seen[m.File] = true
		out = append(out, m)
	}
	var roots, scripts []string
	for _, af := range readAuthorsFiles(fsys, authorsContainerFiles(fsys)) {
		img, made := dockerfileMade(af)
		for _, m := range made {
			add(m)
		}
		roots = append(roots, img.roots...)
		scripts = append(scripts, img.scripts...)
	}
	for _, s := range append(scripts, shellScripts(fsys, "")...) {
		data, err := readBounded(fsys, s, maxScriptSize, "shell scripts")
		if err != nil {
			continue
		}
		for _, c := range scriptCommands(data) {
			// A script runs in the image's working directory, which is where
			// the authors copy the repository.
			if from, to, ok := fileCopyArgs(c.argv); ok {
				add(madeFile{File: inRepo(to, roots, ""), From: inRepo(from, roots, ""), At: Source{File: s, Line: c.line}})
			}
		}
	}
	return out
}

// dockerfileMade reads one Dockerfile: its single-file COPYs and RUN cps
// into the copied repository, the folders it copies the repository to,
// and the shell scripts its RUN, ENTRYPOINT and CMD lines run.
func dockerfileMade(af authorsFile) (authorsImage, []madeFile) {
	var img authorsImage
	type pending struct {
		from, to, workdir string
		at                Source
		repoFrom          bool // from is a repository path (COPY), not one in the image (cp)
	}
	var copies []pending
	var runs []struct {
		argv    []string
		workdir string
	}
	workdir := "/"
	lines := strings.Split(af.text, "\n")
	for i := 0; i < len(lines); i++ {
		start, l := i, strings.TrimRight(lines[i], "\r")
		for strings.HasSuffix(strings.TrimSpace(l), `\`) && i+1 < len(lines) {
			i++
			l = strings.TrimSuffix(strings.TrimSpace(l), `\`) + " " + strings.TrimRight(lines[i], "\r")
		}
		instr, rest, _ := strings.Cut(strings.TrimSpace(l), " ")
		rest = strings.TrimSpace(rest)
		at := Source{File: af.name, Line: start + 1}
		switch strings.ToUpper(instr) {
		case "FROM":
			workdir = "/"
		case "WORKDIR":
			if !strings.Contains(rest, "$") {
				workdir = path.Join(workdir, rest)
				if strings.HasPrefix(rest, "/") {
					workdir = path.Clean(rest)
				}
			}
		case "COPY", "ADD":
			words := instructionWords(rest)
			if len(words) == 0 || strings.HasPrefix(words[0], "--from") {
				continue
			}
			for len(words) > 0 && strings.HasPrefix(words[0], "--") {
				words = words[1:]
			}
			if len(words) != 2 || strings.Contains(words[0]+words[1], "$") {
				continue
			}
			if c := path.Clean(words[0]); c == "." {
				img.roots = append(img.roots, absIn(workdir, words[1]))
				continue
			}
			copies = append(copies, pending{words[0], words[1], workdir, at, true})
		case "RUN", "ENTRYPOINT", "CMD":
			var argvs [][]string
			if words := instructionWords(rest); strings.HasPrefix(rest, "[") {
				argvs = [][]string{words}
			} else if line, err := shellcmd.Parse(rest); err == nil {
				for _, c := range line.Commands() {
					argvs = append(argvs, c.Values())
				}
			}
			for _, argv := range argvs {
				runs = append(runs, struct {
					argv    []string
					workdir string
				}{argv, workdir})
				if from, to, ok := fileCopyArgs(argv); ok && strings.EqualFold(instr, "RUN") {
					copies = append(copies, pending{from, to, workdir, at, false})
				}
			}
		}
	}
	var made []madeFile
	for _, c := range copies {
		from := path.Clean(c.from)
		if !c.repoFrom {
			from = inRepo(c.from, img.roots, c.workdir)
		}
		to := c.to
		if strings.HasSuffix(to, "/") || to == "." {
			to = path.Join(to, path.Base(c.from))
		}
		made = append(made, madeFile{File: inRepo(to, img.roots, c.workdir), From: from, At: c.at})
	}
	for _, r := range runs {
		for _, w := range r.argv {
			if strings.HasSuffix(w, ".sh") {
				if s := inRepo(w, img.roots, r.workdir); s != "" {
					img.scripts = append(img.scripts, s)
				}
			}
		}
	}
	return img, made
}

// instructionWords are a Dockerfile instruction's arguments, in exec form
// (a JSON array) or as words.
func instructionWords(rest string) []string {
	if strings.HasPrefix(rest, "[") {
		var words []string
		if json.Unmarshal([]byte(rest), &words) == nil {
			return words
		}
		return nil
	}
	return dockerWords(rest)
}

// fileCopyArgs reads cp [-f|-p…] FROM TO: one file copied, no variable.
func fileCopyArgs(argv []string) (from, to string, ok bool) {
	if len(argv) == 0 || argv[0] != "cp" {
		return "", "", false
	}
	var args []string
	for _, a := range argv[1:] {
		if strings.HasPrefix(a, "-") {
			if strings.ContainsAny(a, "rRa") {
				return "", "", false // a folder copied: not one file
			}
			continue
		}
		args = append(args, a)
	}
	if len(args) != 2 || strings.Contains(args[0]+args[1], "$") {
		return "", "", false
	}
	return args[0], args[1], true
}

// absIn is p as an absolute path of the image, relative to workdir.
func absIn(workdir, p string) string {
	if strings.HasPrefix(p, "/") {
		return path.Clean(p)
	}
	return path.Join(workdir, p)
}

// inRepo is the repository path of p, a path in the authors' image: under
// one of the folders the repository is copied to, else (with no such
// folder) relative to the working directory, which holds the repository.
// "" when p is elsewhere.
func inRepo(p string, roots []string, workdir string) string {
	abs := p
	if !strings.HasPrefix(p, "/") {
		if workdir == "" {
			return repoRel(p)
		}
		abs = path.Join(workdir, p)
	}
	if len(roots) == 0 && workdir != "" {
		roots = []string{workdir}
	}
	for _, r := range roots {
		if r == "/" {
			return repoRel(strings.TrimPrefix(abs, "/"))
		}
		if rel, ok := strings.CutPrefix(abs, r+"/"); ok {
			return repoRel(rel)
		}
	}
	return ""
}

// repoRel is a relative path cleaned, "" when it leaves the repository.
func repoRel(p string) string {
	c := path.Clean(p)
	if c == "." || c == ".." || strings.HasPrefix(c, "../") || strings.HasPrefix(c, "/") {
		return ""
	}
	return c
}

// fileOrDirExists reports whether name is in the checkout.
func fileOrDirExists(fsys fs.FS, name string) bool {
	_, err := fs.Lstat(fsys, name)
	return err == nil
}
