package detect

// The values Facts holds: each finding's type, with the Source that
// proves it.

import "strconv"

// Manager is a Python package manager pydock can build with.
type Manager string

const (
	ManagerNone   Manager = ""       // stdlib-only project: nothing to install
	ManagerUV     Manager = "uv"     // uv.lock
	ManagerPoetry Manager = "poetry" // poetry.lock or [tool.poetry]
	ManagerPip    Manager = "pip"    // requirements*.txt or a bare pyproject.toml
)

// Source says which file (and line, when it helps) proves a fact.
type Source struct {
	File string `json:"file"`
	Line int    `json:"line,omitempty"`
}

func (s Source) String() string {
	if s.File == "" {
		return "default"
	}
	if s.Line > 0 {
		return s.File + ":" + strconv.Itoa(s.Line)
	}
	return s.File
}

// PythonConstraint is one declaration of which Python the project wants.
type PythonConstraint struct {
	Spec   string `json:"spec"`   // as written: "3.12", ">=3.11,<3.13", "^3.12"
	Kind   string `json:"kind"`   // python-version, runtime.txt, requires-python, uv.lock, poetry
	Source Source `json:"source"` // where it was written
}

// Dependency is one runtime requirement of the project.
type Dependency struct {
	Name    string   `json:"name"`              // PEP 503 normalised
	Extras  []string `json:"extras,omitempty"`  // fastapi[standard] → standard
	Version string   `json:"version,omitempty"` // locked version when a lock file gives it
	VCS     bool     `json:"vcs,omitempty"`     // git+https://… or name @ git+…
	Path    string   `json:"path,omitempty"`    // local path dependency (-e ./lib, path = "../x")
	// Wheels is what a lock file says about the package's built
	// distributions; nil means nothing is known (no lock file).
	Wheels *WheelInfo `json:"wheels,omitempty"`
	// Transitive marks a package only the lock file names: it counts for
	// compilers and libraries, not for what the project itself uses.
	Transitive bool   `json:"transitive,omitempty"`
	Source     Source `json:"source"`
}

// WheelInfo is what a lock file says about the built distributions of a package.
type WheelInfo struct {
	// Tags are the wheel file names' python/abi/platform tags, e.g.
	// "cp312-cp312-manylinux_2_17_x86_64.manylinux2014_x86_64" or "py3-none-any".
	Tags []string `json:"tags,omitempty"`
}

// Framework is a Python web framework pydock knows how to serve.
type Framework string

const (
	FrameworkNone      Framework = ""
	FrameworkFastAPI   Framework = "fastapi"
	FrameworkStarlette Framework = "starlette"
	FrameworkLitestar  Framework = "litestar"
	FrameworkFlask     Framework = "flask"
	FrameworkDjango    Framework = "django"
	FrameworkAiohttp   Framework = "aiohttp"
	FrameworkFalcon    Framework = "falcon"
	FrameworkBottle    Framework = "bottle"
	FrameworkQuart     Framework = "quart"
	FrameworkSanic     Framework = "sanic"
	FrameworkFastHTML  Framework = "fasthtml"
)

// AppTarget is the importable object a server runs: module:attribute.
type AppTarget struct {
	Module  string `json:"module"`            // app.main
	Attr    string `json:"attr"`              // app, application, create_app()
	Factory bool   `json:"factory,omitempty"` // Attr is a function returning the app
	// TakesArgs: the factory has parameters (aiohttp's runner passes argv).
	TakesArgs bool `json:"takes_args,omitempty"`
	// Interface is what the object speaks (wsgi, asgi, aiohttp); "" when
	// only the user named it.
	Interface Interface `json:"interface,omitempty"`
	Source    Source    `json:"source"`
	// ImportDir is the folder Module is imported from by its bare name:
	// the module imports the modules beside it that way (appfolder.go).
	ImportDir string `json:"import_dir,omitempty"`
}

func (a AppTarget) String() string {
	if a.Module == "" {
		return ""
	}
	return a.Module + ":" + a.Attr
}

// EnvRead is a variable settings read: its name and how it is parsed (str,
// bool, int, db, url… as the reading call says).
type EnvRead struct {
	Name string `json:"name"`
	Kind string `json:"kind"`
	// Authors is the value the authors' image passes to collectstatic
	// (From its line): a throwaway that passes the settings' checks.
	Authors string  `json:"authors,omitempty"`
	From    *Source `json:"from,omitempty"`
}

// Procfile is the authors' own command: the web process, or the worker
// process when the Procfile declares no web one.
type Procfile struct {
	Process string `json:"process"` // web or worker
	Command string `json:"command"`
	Source  Source `json:"source"`
	// Via is the launch file's directive for a process that is not a
	// Procfile's ("attach-daemon of docker/uwsgi.ini:9"), "" for a Procfile's.
	Via string `json:"via,omitempty"`
	// Why says why it runs when it is not the authors' own process (a
	// worker found from the code), "" for theirs.
	Why string `json:"why,omitempty"`
}

// Script is a [project.scripts] / [tool.poetry.scripts] entry point.
type Script struct {
	Name   string `json:"name"`
	Target string `json:"target"` // module:function
	Source Source `json:"source"`
	// File is the script's own file when the wheel installs it as it is
	// (setuptools scripts= / script-files); Target is then empty.
	File string `json:"file,omitempty"`
}

// Serving is the evidence that a program serves a port by itself.
type Serving struct {
	What     string `json:"what"`
	Source   Source `json:"source"`
	Port     int    `json:"port,omitempty"`
	PortFrom Source `json:"port_source"`
	// Host is the address it binds when its configuration's default says
	// (localhost: unreachable through a published port).
	Host     string `json:"host,omitempty"`
	HostFrom Source `json:"host_source,omitempty"`
	// HostKey is the setting that holds Host, section/key, when a
	// package's own defaults file sets it (web/hostname).
	HostKey string `json:"host_key,omitempty"`
	// HostFlag is the serving file's own command-line option for the host
	// (--host), when its default is the loopback (HostFlagFrom names it):
	// the command passes 0.0.0.0 there.
	HostFlag     string `json:"host_flag,omitempty"`
	HostFlagFrom Source `json:"host_flag_source,omitzero"`
	// HostFlagPort: the option takes host:port (--hosts localhost:5232).
	HostFlagPort bool `json:"host_flag_port,omitempty"`
	// PortFlag is the serving file's own --port option when Port is its
	// default: a command for another port passes it there.
	PortFlag string `json:"port_flag,omitempty"`
	// PortBound is true when Port is a literal in the bind call itself
	// (run_app(app, port=7878)): nothing outside the code changes it.
	PortBound bool `json:"port_bound,omitempty"`
	// PortEnv is the variable the serving file reads its port from
	// (RELAY_PORT): the image sets it to the port it exposes.
	PortEnv     string `json:"port_env,omitempty"`
	PortEnvFrom Source `json:"port_env_source,omitempty"`
	// OnlyIf is the branch every call of the server's class or function
	// sits in (OnlyIfText its if line): the program serves only when its
	// configuration takes that branch.
	OnlyIf     *Source `json:"only_if,omitempty"`
	OnlyIfText string  `json:"only_if_text,omitempty"`
	// Runner is the UI framework that serves what the code builds
	// (gradio): its port and environment are the image's.
	Runner string `json:"runner,omitempty"`
}

// HealthRoute is an existing health endpoint found in the source.
type HealthRoute struct {
	Path string `json:"path"`
	// Snippet is true when the route is pydock's own wired health snippet
	// (the file stays pydock's to regenerate).
	Snippet bool `json:"snippet,omitempty"`
	// Wraps is the app object (module:attr) a wrapper answers the route in
	// front of: the route exists only when that object is served, and it
	// answers before the framework's own checks.
	Wraps  string `json:"wraps,omitempty"`
	Source Source `json:"source"`
}
