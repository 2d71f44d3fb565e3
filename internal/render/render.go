// Package render turns a Plan into file contents. It is pure: same plan,
// same bytes; no clock, no environment, no tool version in the output.
package render

import (
	"bytes"
	"encoding/json"
	"fmt"
	"path"
	"slices"
	"strconv"
	"strings"
	"text/template"

	"github.com/pydock/pydock/internal/detect"
	"github.com/pydock/pydock/internal/plan"
	"github.com/pydock/pydock/templates"
)

// File is one rendered file, its path relative to the project root.
type File struct {
	Path    string
	Content []byte
}

var tmpl = template.Must(template.New("pydock").Option("missingkey=error").Funcs(template.FuncMap{
	"json":      jsonArray,
	"yaml":      yamlString,
	"trimSlash": func(s string) string { return strings.Trim(s, "/") },
	"join":      strings.Join,
	"py":        pyString,
	"mount":     bindMount,
	"mountrw":   bindMountRW,
	"copy":      copyArgs,
	"copyto":    copyTo,
	"list":      func(s ...string) []string { return s },
	"sh":        shellWord,
	"yamlPath":  yamlScalar,
	"dfq":       dockerfileString,
	"dfw":       dockerfileWord,
	"env":       envValue,
	"dotenv":    dotenvValue,
	"buildval":  buildValue,
}).ParseFS(templates.FS, "dockerfile/*.tmpl", "health/*.tmpl", "dockerignore.tmpl", "compose.tmpl", "envexample.tmpl", "credentials.tmpl"))

// Render produces the Dockerfile, .dockerignore, compose.yaml (unless
// turned off) and the health snippet (when the plan has one).
func Render(p *plan.Plan) ([]File, error) {
	v := &view{Plan: p}
	var files []File
	add := func(name, tmplName string, data any) error {
		var b bytes.Buffer
		if err := tmpl.ExecuteTemplate(&b, tmplName, data); err != nil {
			return fmt.Errorf("rendering %s: %w", name, err)
		}
		files = append(files, File{Path: name, Content: tidy(b.Bytes())})
		return nil
	}
	df := string(p.Manager)
	if df == "" {
		df = "none"
	}
	if err := add("Dockerfile", df+".tmpl", v); err != nil {
		return nil, err
	}
	// With the context elsewhere (a workspace root), BuildKit reads the
	// ignore file named after the Dockerfile beside it.
	ignore := ".dockerignore"
	if p.ContextDir != "" {
		ignore = "Dockerfile.dockerignore"
	}
	if err := add(ignore, "dockerignore.tmpl", v); err != nil {
		return nil, err
	}
	if p.Compose {
		if err := add("compose.yaml", "compose.tmpl", v); err != nil {
			return nil, err
		}
		// The project's own .env.example stays; compose's passwords then go
		// to pydock's credentials file.
		if v.WritesEnvExample() && p.UsersEnv == "" {
			if err := add(".env.example", "envexample.tmpl", v); err != nil {
				return nil, err
			}
		}
		if p.CredentialsFile != "" {
			if err := add(p.CredentialsFile+".example", "credentials.tmpl", v); err != nil {
				return nil, err
			}
		}
	}
	if p.Snippet != nil {
		if err := add(p.Snippet.Path, string(p.Snippet.Framework)+".tmpl", p.Snippet); err != nil {
			return nil, err
		}
	}
	return files, nil
}

// tidy collapses runs of blank lines and ends the file with one newline,
// so template conditionals cannot leave ragged spacing behind.
func tidy(b []byte) []byte {
	lines := strings.Split(strings.TrimRight(string(b), "\n \t"), "\n")
	out := make([]string, 0, len(lines))
	for i, l := range lines {
		l = strings.TrimRight(l, " \t")
		if l == "" && (i == 0 || out[len(out)-1] == "") {
			continue
		}
		out = append(out, l)
	}
	return []byte(strings.Join(out, "\n") + "\n")
}

func jsonArray(v []string) (string, error) {
	var b bytes.Buffer
	enc := json.NewEncoder(&b)
	enc.SetEscapeHTML(false)
	if err := enc.Encode(v); err != nil {
		return "", err
	}
	return strings.ReplaceAll(strings.TrimSpace(b.String()), `","`, `", "`), nil
}

// envValue spells a value for a Dockerfile ENV: bare when it is one plain
// word, else double-quoted with the characters ENV would interpret escaped.
func envValue(s string) string {
	plain := s != ""
	for _, r := range s {
		if !(r >= 'a' && r <= 'z' || r >= 'A' && r <= 'Z' || r >= '0' && r <= '9' || strings.ContainsRune("._,:/=+-@%", r)) {
			plain = false
			break
		}
	}
	if plain {
		return s
	}
	return `"` + strings.NewReplacer(`\`, `\\`, `"`, `\"`, "$", `\$`, "\n", " ").Replace(s) + `"`
}

// yamlString quotes a scalar so YAML reads it as a string, whatever it holds.
func yamlString(s string) string {
	b, _ := json.Marshal(s)
	return string(b)
}

// view adds what the templates need to derive from the plan.
type view struct{ *plan.Plan }

func (v *view) Title() string {
	if v.Name != "" {
		return v.Name
	}
	return "app"
}

// SyntaxVersion pins the Dockerfile frontend to the oldest release that has
// every feature the file uses: # check= needs 1.8, a secret mount's env=
// 1.10, COPY --exclude 1.19 (Dockerfile reference, "since" notes).
func (v *view) SyntaxVersion() string {
	if len(v.ExcludeFromRuntime) > 0 && v.CopySource {
		return "1.19"
	}
	return "1.10"
}

// WheelDir is where the builder leaves the project's own wheel for the
// runtime stage to install ("" when the venv already holds the project).
// A uv workspace member syncs its member packages into the venv instead.
func (v *view) WheelDir() string {
	if !v.Packaged {
		return ""
	}
	switch v.Manager {
	case detect.ManagerPip:
		if v.BuildsWithDeps() {
			return "" // built into the venv with its dependencies
		}
		return "/dist"
	case detect.ManagerPoetry:
		return path.Join("/app", v.LockDir, "dist")
	case detect.ManagerUV:
		if !v.Workspace {
			return "/dist"
		}
	}
	return ""
}

// WheelByUV: the runtime installs the uv project's wheel with the builder's
// own installer, uv, mounted from its image for that one step only.
func (v *view) WheelByUV() bool { return v.Manager == detect.ManagerUV && v.WheelDir() != "" }

// BuildEnvByPip: the runtime builds the project's wheel with the builder's
// backend venv (plan.BuildEnv) and installs it with that venv's pip; uv
// projects use uv, mounted from its image, instead. BuildBackend is then
// one of plan's table rows, never other text from the project.
func (v *view) BuildEnvByPip() bool { return len(v.BuildEnv) > 0 && v.Manager != detect.ManagerUV }

// BuildEnvSitePackages is the backend venv's site-packages, on the runtime
// venv's PYTHONPATH for the install alone: its pip then runs under the
// venv's interpreter directly, where pip's --python would start pip and
// then start it again under the target.
func (v *view) BuildEnvSitePackages() string {
	return fmt.Sprintf("/opt/build-backend/lib/python%d.%d/site-packages", v.Python.Minor.Major, v.Python.Minor.Minor)
}

// PoetryCore reports whether the project builds with poetry-core, which
// Poetry's own venv already holds: the wheel then builds with pip and no
// isolated build environment, without Poetry's slower start-up.
func (v *view) PoetryCore() bool { return v.BuildBackend == "poetry.core.masonry.api" }

// UVGroups leaves development dependencies out; with default-groups set,
// --no-default-groups also drops the groups uv would add by default. A
// selected dev group needs it too: uv's --no-dev beats --group dev
// (https://github.com/astral-sh/uv/issues/11205).
func (v *view) UVGroups() string {
	out := "--no-dev"
	if v.DefaultGroups || slices.ContainsFunc(v.Groups, func(g string) bool { return detect.NormalizeName(g) == "dev" }) {
		out = "--no-default-groups"
	}
	return out + v.uvOptional()
}

// HealthProbe is the image's HEALTHCHECK command: the image's own Python
// fetching the health URL, since slim images have no curl (DF011).
func (v *view) HealthProbe() []string {
	if v.ProbeOwnAddress {
		// Bound to loopback by a default pydock cannot change: asking the
		// container's own address fails, as the published port does.
		own := "socket.gethostbyname(socket.gethostname())"
		if v.HealthPath == "" {
			return []string{"python", "-c", "import socket; socket.create_connection((" + own + ", " + strconv.Itoa(v.Port) + "), timeout=4).close()"}
		}
		return []string{"python", "-c", "import socket, urllib.request; urllib.request.urlopen(" + v.probeRequest("'http://' + "+own+" + "+pyQuote(":"+strconv.Itoa(v.Port)+v.HealthPath, '\'')) + ", timeout=4)"}
	}
	if v.HealthPath == "" {
		// No route to ask yet: the port accepting connections.
		return []string{"python", "-c", "import socket; socket.create_connection(('127.0.0.1', " + strconv.Itoa(v.Port) + "), timeout=4).close()"}
	}
	// The URL is a Python literal, quoted here: the path is data (CheckHealthPath).
	return []string{"python", "-c", "import urllib.request; urllib.request.urlopen(" + v.probeRequest(pyQuote(v.HealthURL(), '\'')) + ", timeout=4)"}
}

// probeRequest is what urlopen asks for: the URL expression, or a Request
// with the Host header the server answers (a Python literal: data).
func (v *view) probeRequest(url string) string {
	if v.ProbeHost == "" {
		return url
	}
	return "urllib.request.Request(" + url + ", headers={'Host': " + pyQuote(v.ProbeHost, '\'') + "})"
}

// HealthTest is the compose probe: the very same command (HE003), with "$"
// doubled so compose passes it through instead of interpolating.
func (v *view) HealthTest() []string {
	out := []string{"CMD"}
	for _, a := range v.HealthProbe() {
		out = append(out, composeLiteral(a))
	}
	return out
}

func (v *view) WorkerHealthTest() []string {
	// The app name is a shell word here, and compose data ($ doubled).
	return []string{"CMD-SHELL", "celery -A " + composeLiteral(shellWord(v.Worker.App)) + " inspect ping --destination celery@$$HOSTNAME"}
}

// AppEnv is what the app needs to reach each backing service.
func (v *view) AppEnv() []plan.EnvVar {
	var env []plan.EnvVar
	for _, s := range v.Services {
		env = append(env, s.AppEnv...)
	}
	return v.Inline(env)
}

type dependency struct{ Name, Condition string }

// DependsOn is what every app-based service waits for.
func (v *view) DependsOn() []dependency {
	var d []dependency
	for _, s := range v.Services {
		d = append(d, dependency{s.Name, "service_healthy"})
	}
	return d
}

// Kept are the writable directories compose keeps in a named volume.
func (v *view) Kept() []plan.WritableDir {
	var out []plan.WritableDir
	for _, w := range v.Writable {
		if w.Volume != "" {
			out = append(out, w)
		}
	}
	return out
}

// WritableOwned are the writable directories the app owns with all they
// hold; WritableCode those holding code, of which it owns the folder only.
func (v *view) WritableOwned() []plan.WritableDir {
	return slices.DeleteFunc(slices.Clone(v.Writable), func(w plan.WritableDir) bool { return w.Code })
}

func (v *view) WritableCode() []plan.WritableDir {
	return slices.DeleteFunc(slices.Clone(v.Writable), func(w plan.WritableDir) bool { return !w.Code })
}

// relPath spells a project path the way compose files usually do: ./src, or . for the root.
func relPath(d string) string {
	if d = path.Clean(d); d == "." {
		return "."
	}
	return "./" + d
}

// StopGracePeriod is compose's stop timeout for the app: docker stop's own,
// which the server's graceful timeout fits inside.
func (v *view) StopGracePeriod() int {
	if v.StopGrace > 0 {
		return v.StopGrace
	}
	return plan.StopGracePeriod
}

// WatchRebuild lists what compose watch rebuilds the image on: the lock
// and manifest, and the source, for every project. A sync would write as
// the container's user into the code, which is root's and read-only to the
// app user, so it would need the app to run as root, which hides from
// `compose up` every write that fails in production and leaves root-owned
// files in the named volumes. The rebuild reuses the dependency layer.
func (v *view) WatchRebuild() []string {
	var out []string
	switch v.Manager {
	case detect.ManagerUV:
		out = []string{"uv.lock", "pyproject.toml"}
	case detect.ManagerPoetry:
		out = []string{"poetry.lock", "pyproject.toml"}
	case detect.ManagerPDM:
		out = []string{"pdm.lock", "pyproject.toml"}
	case detect.ManagerPipenv:
		out = []string{"Pipfile.lock", "Pipfile"}
	case detect.ManagerPylock:
		out = []string{"pylock.toml"}
	case detect.ManagerPip:
		out = append(out, v.RequirementsFiles...)
		if v.RequirementsFile == "" {
			out = append(out, "pyproject.toml")
		}
	}
	for _, d := range v.SourceDirs {
		out = append(out, relPath(d))
	}
	return out
}
