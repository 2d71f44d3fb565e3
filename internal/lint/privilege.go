package lint

import (
	"path"
	"strconv"
	"strings"

	"github.com/moby/buildkit/frontend/dockerfile/instructions"
	"github.com/moby/buildkit/frontend/dockerfile/shell"
)

// ---- DF019 ----------------------------------------------------------------

// trustFlags name the proxies whose X-Forwarded-* headers a server believes
// (uvicorn and gunicorn, waitress); "*" believes every client.
var trustFlags = []string{"--forwarded-allow-ips", "--trusted-proxy"}

// trustsAnyone finds a trust flag given "*" in one command's words.
func trustsAnyone(words []string) (string, bool) {
	for i, w := range words {
		for _, f := range trustFlags {
			v, ok := strings.CutPrefix(w, f+"=")
			if w == f && i+1 < len(words) {
				v, ok = words[i+1], true
			}
			if ok && anyAddress(v) {
				return f, true
			}
		}
	}
	return "", false
}

// anyAddress reports whether a comma-separated address list holds "*".
func anyAddress(list string) bool {
	for _, a := range strings.Split(list, ",") {
		if strings.TrimSpace(a) == "*" {
			return true
		}
	}
	return false
}

func checkForwarded(c *checker) {
	const fix = "list your proxy's addresses instead (e.g. FORWARDED_ALLOW_IPS=10.0.0.5 at run time)"
	if start, at := startCommand(c.d); at > 0 {
		for _, argv := range start {
			if f, ok := trustsAnyone(argv); ok {
				c.report(at, "%s * believes X-Forwarded-For/-Proto from any client, so anyone can forge their address and scheme (rate limits, allow-lists and logs then lie); %s", f, fix)
			}
		}
	}
	final := c.d.final()
	for _, cmd := range final.commands() {
		e, ok := cmd.(*instructions.EnvCommand)
		if !ok {
			continue
		}
		for _, kv := range e.Env {
			// ENV keeps its quotes until BuildKit processes the word.
			v := kv.Value
			if r, err := c.d.lex.ProcessWordWithMatches(kv.Value, shell.EnvsFromSlice(final.env(c.d, cmd))); err == nil {
				v = r.Result
			}
			switch kv.Key {
			case "FORWARDED_ALLOW_IPS", "UVICORN_FORWARDED_ALLOW_IPS":
				if anyAddress(v) {
					c.report(line(cmd), "%s=* makes uvicorn and gunicorn believe X-Forwarded-For/-Proto from any client, so anyone can forge their address; %s", kv.Key, fix)
				}
			case "GUNICORN_CMD_ARGS":
				for _, words := range splitCommands(v) {
					if f, ok := trustsAnyone(words); ok {
						c.report(line(cmd), "GUNICORN_CMD_ARGS holds %s *: gunicorn believes X-Forwarded-* from any client, so anyone can forge their address; %s", f, fix)
					}
				}
			}
		}
	}
}

// ---- DF020 ----------------------------------------------------------------

func checkOwnership(c *checker) {
	final := c.d.final()
	cmds := final.commands()
	var runtime string
	for _, cmd := range cmds {
		if u, ok := cmd.(*instructions.UserCommand); ok {
			runtime, _ = c.d.expand(u.User, final.env(c.d, cmd))
			runtime, _, _ = strings.Cut(runtime, ":")
		}
	}
	if runtime == "" || runtime == "root" || runtime == "0" {
		return // DF008's finding: root can write everything anyway
	}
	// Names and UIDs are the same user: useradd --uid 1001 app.
	uid := map[string]string{}
	for _, cmd := range cmds {
		if r, ok := cmd.(*instructions.RunCommand); ok {
			for _, argv := range argvs(r.ShellDependantCmdLine) {
				if b := path.Base(argv[0]); b == "useradd" || b == "adduser" {
					id, name := "", argv[len(argv)-1]
					for i, a := range argv[:len(argv)-1] {
						if (a == "-u" || a == "--uid") && i+1 < len(argv) {
							id = argv[i+1]
						} else if v, ok := strings.CutPrefix(a, "--uid="); ok {
							id = v
						}
					}
					if id != "" {
						uid[name] = id
					}
				}
			}
		}
	}
	isRuntime := func(owner string) bool {
		o, _, _ := strings.Cut(owner, ":")
		return o != "" && (o == runtime || uid[o] == runtime || uid[runtime] == o)
	}
	for _, cmd := range cmds {
		switch cmd := cmd.(type) {
		case *instructions.CopyCommand:
			if isRuntime(cmd.Chown) {
				c.reportOwned(cmd, cmd.Chown, cmd.From, cmd.SourcePaths)
			}
		case *instructions.AddCommand:
			if isRuntime(cmd.Chown) {
				c.reportOwned(cmd, cmd.Chown, "", cmd.SourcePaths)
			}
		case *instructions.RunCommand:
			wd := final.workdir(c.d, cmd)
			for _, argv := range argvs(cmd.ShellDependantCmdLine) {
				tool := path.Base(argv[0])
				if tool != "chown" && tool != "chmod" {
					continue
				}
				var operands, flags []string
				for _, a := range argv[1:] {
					if !strings.HasPrefix(a, "-") || (tool == "chmod" && len(operands) == 0 && strings.ContainsAny(a, "+=")) {
						operands = append(operands, a)
					} else {
						flags = append(flags, a)
					}
				}
				if len(operands) < 2 {
					continue
				}
				if tool == "chown" && !isRuntime(operands[0]) || tool == "chmod" && !othersWrite(operands[0]) {
					continue
				}
				for _, t := range operands[1:] {
					if codePath(t, wd) {
						c.report(line(cmd), "%s %s %s makes the code writable by the user the app runs as: a flaw in the app (or a dependency) can then rewrite it and persist; keep it root's and make only the folders the app writes to its own (mkdir -p /app/media && chown %s /app/media)", strings.Join(append([]string{tool}, flags...), " "), operands[0], t, runtime)
						break
					}
				}
			}
		}
	}
}

// reportOwned reports a COPY or ADD that gives the runtime user the files.
func (c *checker) reportOwned(cmd instructions.Command, chown, from string, srcs []string) {
	what := "the source"
	for _, s := range srcs {
		if strings.Contains(s, "venv") || strings.Contains(s, "site-packages") {
			what = "the venv"
		}
	}
	if from != "" && what == "the source" {
		what = "these files"
	}
	c.report(line(cmd), "--chown=%s gives %s to the user the app runs as, so a flaw in the app (or a dependency) can rewrite its own code and persist; copy without --chown (root's, read-only to the app) and make only the folders the app writes to its own", chown, what)
}

// codePath reports whether a chown/chmod target is the working directory,
// one of its parents, or a venv: the code, not a data folder inside it.
func codePath(t, wd string) bool {
	if !path.IsAbs(t) {
		t = path.Join(wd, t)
	}
	t = path.Clean(t)
	if t == wd || t == "/" || strings.HasPrefix(wd, t+"/") {
		return true
	}
	for _, part := range strings.Split(t, "/") {
		if part == ".venv" || part == "venv" || part == "site-packages" {
			return true
		}
	}
	return false
}

// othersWrite reports whether a chmod mode lets any user write: octal with
// the others' write bit, or a+w / o+w.
func othersWrite(mode string) bool {
	if n, err := strconv.ParseUint(mode, 8, 32); err == nil {
		return n&0o002 != 0
	}
	for _, clause := range strings.Split(mode, ",") {
		who, perm, ok := strings.Cut(clause, "+")
		if !ok {
			who, perm, ok = strings.Cut(clause, "=")
		}
		if ok && strings.Contains(perm, "w") && strings.ContainsAny(who, "ao") {
			return true
		}
	}
	return false
}
