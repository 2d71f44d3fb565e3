// Package detect reads a Python project through an fs.FS and reports what it
// finds, each finding with the file (and line) that proves it. It never
// prints and never touches anything outside the fs.FS it is given.
package detect

// Facts is everything detection learned about a project.
type Facts struct {
	Name        string  `json:"name,omitempty"` // [project].name or [tool.poetry].name
	Manager     Manager `json:"package_manager"`
	ManagerFrom Source  `json:"package_manager_source"`
	// Packaged means the project itself is installable (it has a
	// [build-system] and is not Poetry's package-mode = false).
	Packaged bool `json:"packaged"`
	// NotBuilt says why a declared package's wheel cannot be built from a
	// clean checkout (its package folder or a force-include is missing):
	// the image installs the dependencies only and runs from source.
	NotBuilt string `json:"not_built,omitempty"`
	// VCSVersionVars are the variables a git-derived version reads instead
	// of git (SETUPTOOLS_SCM_PRETEND_VERSION…), set from a build argument.
	VCSVersionVars []string `json:"vcs_version_vars,omitempty"`
	// BuildBackend is [build-system].build-backend, e.g. poetry.core.masonry.api.
	BuildBackend string `json:"build_backend,omitempty"`
	// BuildConstraints are the project's own bounds on its dependencies'
	// builds (pyproject.toml).
	BuildConstraints []BuildConstraint `json:"build_constraints,omitempty"`
	// BuildRequires is [build-system].requires, as written.
	BuildRequires []string `json:"build_requires,omitempty"`
	// BuildHook names the setting that makes the wheel build ask for more
	// than BuildRequires or run the project's code ([tool.hatch.build.hooks.X],
	// [tool.poetry] build…); "" when the backend builds from settings alone.
	BuildHook string `json:"build_hook,omitempty"`
	// PackageDirs are the top-level import packages the project ships
	// (src/app → "src/app"), used to decide what the runtime needs.
	PackageDirs []string `json:"package_dirs,omitempty"`

	Python []PythonConstraint `json:"python_constraints,omitempty"`
	// PythonUsed: the Python lines the authors' own Dockerfile and CI run.
	PythonUsed   []PythonUse  `json:"python_used,omitempty"`
	Dependencies []Dependency `json:"dependencies,omitempty"`

	// RequirementsFile is the top requirements file pip installs, and
	// RequirementsFiles every file it includes (-r/-c), all needed by the build.
	RequirementsFile  string   `json:"requirements_file,omitempty"`
	RequirementsFiles []string `json:"requirements_files,omitempty"`
	// AlsoRequirements are requirements files beside RequirementsFile that
	// the authors' image installs and the start needs (pip -r each).
	AlsoRequirements []string `json:"also_requirements,omitempty"`
	// ExportOf names the manager whose lock file the requirements file
	// was exported from ("uv", "poetry"): installed with --no-deps.
	ExportOf string `json:"export_of,omitempty"`
	// Hashes is true when the requirements pin hashes (--require-hashes).
	Hashes bool `json:"hashes,omitempty"`
	// HashOmits are packages requirement compilers leave out by default
	// (setuptools, pip) that the hashed set does not list.
	HashOmits []string `json:"hash_omits,omitempty"`
	// SelfLines are lines of the requirements file (an export) that
	// install the project itself: the dependency step reads it without them.
	SelfLines []int `json:"self_lines,omitempty"`
	// SelfDeps: those lines stood for the project's dependencies, which the
	// dependency step reads from pyproject.toml in their place.
	SelfDeps bool `json:"self_deps,omitempty"`

	// BuildFiles are files the dependency step needs besides the
	// manifests: the readme and license pyproject names, path
	// dependencies, uv workspace members' pyproject.toml (DI004).
	BuildFiles []string `json:"build_files,omitempty"`
	// ContextFiles are files the build configuration reads (setup.py's
	// literal paths, setup.cfg file:, hatch force-include): the
	// .dockerignore must keep them (DI004).
	ContextFiles []string `json:"context_files,omitempty"`
	// PathDeps are local path dependencies (folders) the dependency step
	// installs, so they must be in the context before it.
	PathDeps []string `json:"path_dependencies,omitempty"`
	// Workspace is true for a uv workspace (members besides the root).
	Workspace          bool     `json:"workspace,omitempty"`
	WorkspaceManifests []string `json:"workspace_manifests,omitempty"`
	// SetupDeps says where a setuptools project's dependencies come from:
	// "setup.cfg" (read statically, installed before the source) or
	// "setup.py" (computed: built with the project's wheel in the builder)
	// or "setup.py-literal" (setup.py's literal install_requires, read with
	// Python's ast and installed before the source; the wheel, when built,
	// is built alone).
	SetupDeps string `json:"setup_dependencies,omitempty"`
	// GroupsOnly: pyproject.toml has no [project] table and its
	// dependencies are PEP 735 groups, which pip installs with --group.
	GroupsOnly bool `json:"groups_only,omitempty"`
	// Package is the workspace member built (uv sync --package), MemberDir
	// its folder relative to the workspace root, which is the build
	// context; ContextDir is that root relative to the project folder
	// ("../.." when pydock runs in the member, "" at the root itself).
	Package    string `json:"package,omitempty"`
	MemberDir  string `json:"member_dir,omitempty"`
	ContextDir string `json:"context_dir,omitempty"`
	// LockDir is the folder, relative to the build context, whose
	// pyproject.toml and lock the manager reads when it is not the
	// context's root: an app with its own lock whose path dependencies
	// name sibling folders, so the context is the folder they share.
	LockDir string `json:"lock_dir,omitempty"`
	// ClaimedBy says how the lock at the context's root names this
	// folder, when it is an umbrella project's (Options.Claim).
	ClaimedBy string `json:"claimed_by,omitempty"`
	// OutsidePaths are path dependencies that lie outside the folder
	// detection read (their Path relative to the project's folder): the
	// caller widens the context to hold them, or refuses.
	OutsidePaths []Dependency `json:"-"`
	// AboveFrontends are folders above the project the code serves a
	// front end from (nodeabove.go): the caller looks for what builds them.
	AboveFrontends []AboveFrontend `json:"-"`
	// AuthorsWebServers are the repository's web server configurations
	// that serve files beside the app they proxy to (webservers.go).
	AuthorsWebServers []AuthorsWebServer `json:"-"`
	// Optional are the extras and dependency groups the project declares
	// for its manager; Extras and Groups the ones the image installs
	// besides the main dependencies (chosen, or holding what CMD needs),
	// with the reason for each in OptionalWhy ("extra server": …).
	Optional    []OptionalSet     `json:"optional,omitempty"`
	Extras      []string          `json:"extras,omitempty"`
	Groups      []string          `json:"groups,omitempty"`
	OptionalWhy map[string]string `json:"-"`
	// groupDeps are the locked packages of an extra or group, when the
	// lock records them (ok false: only the names the manifest lists).
	groupDeps func(kind, name string) ([]Dependency, bool)
	// Pipenv holds the Pipenv-only facts (nil for other managers).
	Pipenv *PipenvFacts `json:"pipenv,omitempty"`
	// DefaultGroups is true when [tool.uv].default-groups is set.
	DefaultGroups bool `json:"default_groups,omitempty"`

	// Indexes are the package indexes the project's files name; SSH is
	// set when a dependency is fetched over SSH (DF015).
	Indexes []Index  `json:"indexes,omitempty"`
	SSH     *SSHDeps `json:"ssh,omitempty"`
	// GitIgnoresEnv says whether .gitignore keeps .env out of git (nil:
	// the project has no .gitignore).
	GitIgnoresEnv *bool `json:"git_ignores_env,omitempty"`
	// GitIgnoresCredentials says whether .gitignore keeps pydock's local
	// env file (CredentialsFile) out of git (nil: no .gitignore).
	GitIgnoresCredentials *bool `json:"git_ignores_credentials,omitempty"`
	// UVRequired and PoetryRequired are the tool versions the project asks for.
	UVRequired     *ToolRequirement `json:"uv_required,omitempty"`
	PoetryRequired *ToolRequirement `json:"poetry_required,omitempty"`
	// UVFeatures are uv settings the project uses that older uv releases
	// cannot read.
	UVFeatures []ToolFeature `json:"uv_features,omitempty"`

	Framework     Framework  `json:"framework,omitempty"`
	FrameworkFrom Source     `json:"framework_source"`
	Servers       []string   `json:"servers,omitempty"` // uvicorn, gunicorn, granian, hypercorn
	App           *AppTarget `json:"app,omitempty"`
	Django        *Django    `json:"django,omitempty"`
	// DataPaths are where the app writes at run time, as its settings
	// spell them (Django's MEDIA_ROOT, a SQLite database's folder).
	DataPaths []DataPath `json:"data_paths,omitempty"`
	// djangoDataDirs are the settings' data directories an environment
	// variable moves, joined to DataDirs once those are found.
	djangoDataDirs []DataDir
	// settingsNotRun are Django settings files the image does not run
	// (djangonotrun.go): what they read configures nothing.
	settingsNotRun []string
	// ScriptServers are servers the authors start from their shell scripts.
	ScriptServers []ScriptServer `json:"script_servers,omitempty"`
	// CeleryApps are the Celery applications the project's modules build
	// at import (tests and examples left out), when celery is a dependency.
	CeleryApps []AppTarget `json:"celery_apps,omitempty"`
	// CeleryCLI is the project's own subcommand that hands its arguments
	// to Celery's command line after setting the app up (`events
	// celery`), nil when there is none: the worker runs through it.
	CeleryCLI *CeleryCLI `json:"celery_cli,omitempty"`
	// WorkerQueues are the Celery workers the authors' compose files (the
	// project's, or above it in its repository) run on named queues.
	WorkerQueues []WorkerQueues `json:"worker_queues,omitempty"`
	// TaskQueues are the queues the code sends Celery tasks to by name;
	// DefaultQueue the one it makes the default, if any.
	TaskQueues   []TaskQueue `json:"task_queues,omitempty"`
	DefaultQueue *TaskQueue  `json:"default_queue,omitempty"`
	// BeatSchedule is where the code holds a schedule only celery beat
	// sends (taskqueues.go).
	BeatSchedule *Source `json:"beat_schedule,omitempty"`
	// DataDirs are data directories that default to the working directory,
	// with the option or variable that moves them.
	DataDirs []DataDir `json:"data_dirs,omitempty"`
	// ConfigFiles are configuration files the app reads that the
	// repository ships only as an example (configfiles.go).
	ConfigFiles []ConfigFile `json:"config_files,omitempty"`
	// RequiredConfigs are configuration files the app raises without,
	// which no example stands for (requiredconfig.go).
	RequiredConfigs []RequiredConfig `json:"required_configs,omitempty"`
	// PackageIgnored are paths the .gitignore keeps out of git inside the
	// project's packages (configfiles.go).
	PackageIgnored []IgnoredPath `json:"package_ignored,omitempty"`
	// NodeBuilds are front ends the app serves that a node stage builds;
	// NodeMissing folders it serves that a node build would make, but
	// pydock cannot build (nodebuild.go).
	NodeBuilds  []NodeBuild   `json:"node_builds,omitempty"`
	NodeMissing []NodeMissing `json:"node_missing,omitempty"`
	// NodeUnbuilt are front-end builds the app carries (beside it, or in
	// a package it ships) that pydock neither builds nor matches to a
	// folder the app serves.
	NodeUnbuilt []NodeUnbuilt `json:"node_unbuilt,omitempty"`
	// AuthorsFrontends are the front ends the authors' Dockerfiles build
	// in a node stage (nodeauthors.go), in the project or above it.
	AuthorsFrontends []AuthorsFrontend `json:"authors_frontends,omitempty"`
	// NodeTools is the node install a build-time collectstatic runs with
	// (nodetools.go), nil when the settings need none or none is found.
	NodeTools *NodeTools `json:"node_tools,omitempty"`
	// WheelNode is a node program the project's own build code runs while
	// the wheel builds (wheelnode.go): the builder gets node.
	WheelNode *WheelNode `json:"wheel_node,omitempty"`
	// HomeData is where the app's code keeps data under the user's home
	// (homedata.go), nil when it does not.
	HomeData *Source `json:"home_data,omitempty"`
	// StartWrites are writes the code makes while it starts (startwrites.go).
	StartWrites []StartWrite `json:"start_writes,omitempty"`
	Procfile    *Procfile    `json:"procfile,omitempty"`
	// UnitCommands are what the project's systemd units start
	// (subcommand.go); NeedsSubcommand the entries that exit without a
	// subcommand.
	UnitCommands    []UnitCommand     `json:"unit_commands,omitempty"`
	NeedsSubcommand []NeedsSubcommand `json:"needs_subcommand,omitempty"`
	// ProcfileStart is the project's script the Procfile's process runs
	// (procfilescript.go), nil when it runs none.
	ProcfileStart *ScriptStart `json:"procfile_start,omitempty"`
	// Processes are the Procfile's other processes (release, worker,
	// beat…): release steps and compose services.
	Processes []Procfile `json:"processes,omitempty"`
	Scripts   []Script   `json:"scripts,omitempty"`
	// PluginCommands are subcommands the project registers in another
	// tool's entry-point group (celery.commands): it runs as that tool's.
	PluginCommands []PluginCommand `json:"plugin_commands,omitempty"`
	EntryFile      string          `json:"entry_file,omitempty"` // main.py for a plain script
	// EntryWhy is the evidence that chose EntryFile among several root
	// scripts ("" for a conventional name or the only one).
	EntryWhy string `json:"entry_why,omitempty"`
	// EntrySub is the subcommand EntryFile serves under, nil when it
	// serves bare or nothing shows one.
	EntrySub *EntrySubcommand `json:"entry_subcommand,omitempty"`
	// MainSub is the console script's serving subcommand when the
	// package's __main__ runs that script's function (python -m pkg serve).
	MainSub *Launcher `json:"main_subcommand,omitempty"`
	// WebFlag is the option that turns the program's web server on, nil
	// when it serves without one or none shows.
	WebFlag *WebModeFlag `json:"web_flag,omitempty"`
	Health  *HealthRoute `json:"health,omitempty"`
	// HealthSkipped says why a health route found was not used (its mount
	// prefix is not in the source), "" when none was.
	HealthSkipped string `json:"health_skipped,omitempty"`
	// AppDir is the directory holding the app module, where the health
	// snippet goes ("" for the project root).
	AppDir string `json:"app_dir,omitempty"`
	// MountedApp is where the project hands the framework app it builds to
	// its own in-process server (mountedapp.go): that app is not served.
	MountedApp *MountedApp `json:"mounted_app,omitempty"`
	// UIApp is a script Streamlit or Gradio serves with its own server.
	UIApp *UIApp `json:"ui_app,omitempty"`
	// MainModule is a package run as `python -m MainModule` (it has a
	// __main__.py).
	MainModule     string `json:"main_module,omitempty"`
	MainModuleFrom Source `json:"main_module_source"`
	// MainIsModule: MainModule is a module of the package run by its own
	// __main__ guard, the one that serves (servingmodule.go), and
	// MainModuleWhy says why it is not the package's __main__.
	MainIsModule  bool   `json:"main_is_module,omitempty"`
	MainModuleWhy string `json:"main_module_why,omitempty"`
	// Serves is where the source shows it serves by itself (a console
	// script or __main__ that runs a server), nil when nothing does.
	Serves *Serving `json:"serves,omitempty"`
	// LoopbackBind is the bind of the code's only server when it names the
	// loopback (entry.go): why such a program is a worker.
	LoopbackBind *Source `json:"loopback_bind,omitempty"`
	// Launcher is the authors' own program that serves, used when the image
	// has no production server for the app.
	Launcher *Launcher `json:"launcher,omitempty"`
	// ScriptRun is the console script (and subcommand) a packaged project
	// without an app runs, chosen by what its code does (a server, a loop);
	// its Why says when nothing in the code shows it.
	ScriptRun *Launcher `json:"script_run,omitempty"`
	// ShellCLI: every console script is an interactive command shell
	// (cliff, cmd.Cmd), none of them the service (shellcli.go).
	ShellCLI *ShellCLI `json:"shell_cli,omitempty"`
	// Kind is web or worker as the project shows it; KindWhy says how.
	Kind    Kind   `json:"kind,omitempty"`
	KindWhy string `json:"kind_why,omitempty"`
	// SubProjects are folders below that are Python projects of their own,
	// named when the root has nothing to run (a library root).
	SubProjects []string `json:"sub_projects,omitempty"`
	// ImportRoots are directories the running code imports from besides
	// the working directory (src/ of a project run from source, the
	// directory of Django's manage.py): PYTHONPATH in the image.
	ImportRoots []string `json:"import_roots,omitempty"`
	// RuntimeFiles are root files the app reads from its working directory
	// at run time (alembic.ini, migrations/): the image needs the source
	// tree even when the project is installed as a wheel.
	RuntimeFiles []string `json:"runtime_files,omitempty"`
	// Catalogues are the gettext catalogues the code loads compiled, nil
	// when it loads none (catalogues.go).
	Catalogues *Catalogues `json:"catalogues,omitempty"`
	// Migrations are schema migration tools besides Django's, with their
	// evidence (migrations.go).
	Migrations []Migration `json:"migrations,omitempty"`
	// ScriptSteps are what the authors' start script runs before its
	// server; CLIMigrations console-script subcommands that run an upgrade.
	ScriptSteps   []ScriptStep   `json:"script_steps,omitempty"`
	CLIMigrations []CLIMigration `json:"cli_migrations,omitempty"`
	// SchemaInit is the project's command that creates the schema on an
	// empty database and stamps the head, as the authors run it
	// (schemainit.go); nil when there is none.
	SchemaInit *SchemaInit `json:"schema_init,omitempty"`
	// SQLMigrations is a folder of Flyway-named SQL files (sqlmigrations.go).
	SQLMigrations *SQLMigrations `json:"sql_migrations,omitempty"`
	// Dbmate is a folder of dbmate's migrations (dbmate.go), in the
	// project or, found by the cli, above it in its repository.
	Dbmate *DbmateMigrations `json:"dbmate,omitempty"`
	// ServerConfigs are the servers' configuration files the project ships.
	ServerConfigs []ServerConfig `json:"server_configs,omitempty"`
	// UWSGIFiles are the authors' uWSGI files anywhere in the project and
	// where each listens.
	UWSGIFiles []UWSGIFile `json:"uwsgi_files,omitempty"`
	// ServerGate is a branch in the app's module that wires the app only
	// under one server: CMD serves the app with that server.
	ServerGate *ServerGate `json:"server_gate,omitempty"`
	// MainWiring is where the app's module wires it only when run as a
	// script (under if __name__ == "__main__"): a server importing the
	// module serves it without that wiring.
	MainWiring *Source `json:"main_wiring,omitempty"`
	// OtherApps are apps other modules build and serve themselves beside
	// the one the image serves (otherapps.go).
	OtherApps []OtherApp `json:"other_apps,omitempty"`
	// AppRunPort is the port the app's module starts it on, on all
	// interfaces, when run as a script (app.run(host="0.0.0.0", port=8465)).
	AppRunPort *PortEvidence `json:"app_run_port,omitempty"`
	// MainStart is the start-up work the app's module does under its
	// __main__ guard before serving the app itself (mainstart.go).
	MainStart   *MainStart `json:"main_start,omitempty"`
	serverGates []ServerGate
	// wsgiOthers are the applications of the WSGI package's other modules
	// beside the one served (wsgientry.go): other apps of the image.
	wsgiOthers []OtherApp
	// runnerSteps are the pre-commands of a parallel runner the authors'
	// Dockerfile CMD starts (runnercmd.go), start steps once read.
	runnerSteps []ScriptStep
	// Installed lists every distribution the image will have, direct and
	// transitive (from the lock) and the selected extras' packages, as far
	// as the files tell; InstalledKnown is false when only direct
	// dependencies are known (no lock file).
	Installed      map[string]bool `json:"-"`
	InstalledKnown bool            `json:"-"`

	// Lock is what the lock file says the image installs, for the wheel
	// check; nil without a lock that lists files.
	Lock *Lock `json:"-"`
	// LockCheck is the lock file's freshness as its tool judges it (nil
	// when pydock cannot tell statically).
	LockCheck *LockCheck `json:"lock_check,omitempty"`

	// Dotenv are committed dotenv files the settings load at import.
	Dotenv []DotenvLoad `json:"dotenv,omitempty"`
	// AuthorsComposeURLs are the URLs the authors' compose files (the
	// project's, and those of the folders above it in its repository)
	// pass their services (ReadComposeEnv).
	AuthorsComposeURLs []AuthorsEnv `json:"authors_compose_urls,omitempty"`
	// AuthorsArgEnv are the variables the authors' Dockerfiles set from an
	// ARG's plain default (ENV X=$X after ARG X=v; authorsargenv.go).
	AuthorsArgEnv []AuthorsEnv `json:"authors_arg_env,omitempty"`
	// EnvUses are the variables the app's code reads (envreads.go).
	EnvUses []EnvUse `json:"env_uses,omitempty"`
	// AuthorsEnv are the variables the authors' own Dockerfiles set with
	// ENV (authorsenv.go): what their image runs with.
	AuthorsEnv []AuthorsEnv `json:"authors_env,omitempty"`
	// AuthorsRequirements are the pins of requirements files the authors'
	// container files install beside the main ones (authorsreqs.go).
	AuthorsRequirements []AuthorsRequirement `json:"authors_requirements,omitempty"`
	// ProgramRuns are the programs the app's code runs by name.
	ProgramRuns []ProgramRun `json:"program_runs,omitempty"`
	// Typelibs are the GObject-introspection namespaces the app's code uses.
	Typelibs []Typelib `json:"typelibs,omitempty"`
	// TestedCaps bound floating dependencies to the newest range the
	// project's own test matrix runs (tox.ini).
	TestedCaps []TestedCap `json:"tested_caps,omitempty"`
	// DevImports are packages the start imports that only a set the
	// image does not install by default provides (devimports.go).
	DevImports []DevImport `json:"dev_imports,omitempty"`
	// EnvListing is the project's own .env.example, nil when it has none
	// (or pydock wrote it).
	EnvListing *EnvListing `json:"env_listing,omitempty"`

	Warnings []string `json:"warnings,omitempty"`
	Notes    []string `json:"notes,omitempty"`

	workspace *workspaceCtx // set when a workspace root is the build context
	setup     *setupMeta    // setup.cfg / setup.py, read before the manager is chosen
	// scriptFiles: the programs setuptools installs as files (scriptfiles.go).
	scriptFiles []Script
	start       *startGraph     // the start's imports, once walked
	startCode   *startCode      // startCodeFiles' answer, once made
	layout      *layout         // where the build configuration puts the packages
	codeDirs    map[string]bool // folders holding code, for HoldsCode; nil: unknown
	lockPython  string          // uv.lock's requires-python, read with the lock
}

// IsInstalled reports whether the image will have the distribution: in the
// resolved set when detection computed it, else among the dependencies.
func (f *Facts) IsInstalled(name string) bool {
	if f.Installed != nil {
		return f.Installed[name]
	}
	for _, d := range f.Dependencies {
		if d.Name == name {
			return true
		}
	}
	for _, s := range f.Servers {
		if s == name {
			return true
		}
	}
	return false
}

// Has reports whether the project depends on the named package.
func (f *Facts) Has(name string) bool { return f.Dep(name) != nil }

// Dep returns the direct dependency with that (normalised) name, or nil.
func (f *Facts) Dep(name string) *Dependency {
	for i := range f.Dependencies {
		if f.Dependencies[i].Name == name && !f.Dependencies[i].Transitive {
			return &f.Dependencies[i]
		}
	}
	return nil
}

// HasLinuxWheel reports whether one of the wheel tags installs on the
// official Debian-based images for CPython pyMinor ("3.12"), so the
// package needs no compiler.
func HasLinuxWheel(tags []string, pyMinor string) bool { return hasLinuxWheel(tags, pyMinor) }

// DefaultPort is the port a ${PORT:-5000} default in the command names.
func (p *Procfile) DefaultPort() (int, bool) { return portDefault(p.Command) }
