// Package plan turns detected facts and the user's settings into one typed,
// validated Plan: everything the templates need, decided in one place.
package plan

import (
	"github.com/pydock/pydock/internal/detect"
	"github.com/pydock/pydock/internal/pyversion"
)

// Pinned tool versions. The images they name must exist on their registries;
// bump them together with the goldens. uv: the newest release on PyPI on
// 2026-11-29 (`pip index versions uv`, checked again that evening); uv's
// image for a release is tagged with the bare version, no "v"
// (ghcr.io/astral-sh/uv:{major}.{minor}.{patch}: docs.astral.sh/uv/guides/
// integration/docker, "Available images"), and a release reaches PyPI only
// after its images are pushed (astral-sh/uv .github/workflows/release.yml:
// publish-pypi needs host, which needs build-docker; build-docker.yml tags
// pattern={{ version }}; read at 26a9dd4, 2026-08-21). uvfeatures.go says
// which settings need which release.
const (
	UVImage       = "ghcr.io/astral-sh/uv:0.13.9"
	PoetryVersion = "2.1.2"
	PDMVersion    = "2.29.4"
	PipenvVersion = "2026.10.3"
	DefaultPort   = 8000
	AppUID        = 1001
)

// Plan is what pydock will write, fully decided.
type Plan struct {
	Manager detect.Manager
	Python  pyversion.Release
	// BaseImage is the image both stages start FROM (the same image, so a
	// venv built in one runs in the other).
	BaseImage string

	Framework detect.Framework
	// Command is the exec-form argv of CMD (DF010).
	Command []string
	// StopSignal is set when the process only handles SIGINT (a plain
	// python script as PID 1 ignores SIGTERM).
	StopSignal string
	Port       int // 0: not a network service (no EXPOSE, no HEALTHCHECK)
	Workers    int
	// Kind is web (a port and a probe) or worker (the process is the check).
	Kind detect.Kind
	// ServerInstall is a server pydock installs ("gunicorn==23.0.0") because
	// the project has none that fits: its own step, constrained by the
	// packages already installed.
	ServerInstall string
	// ServerWheel is set when that server compiles: a stage of its own builds it.
	ServerWheel *ServerWheel
	// ProgramEnv points the code's own variables for a program the image
	// installs (XIAOMUSIC_FFMPEG_LOCATION) at where its package puts it.
	ProgramEnv []EnvVar
	// AuthorsEnv are variables the code stops without that the authors'
	// own image sets to a plain value: the image sets the same (ENV);
	// AuthorsEnvFrom says where the code reads them, AuthorsEnvBy where
	// the authors set them.
	AuthorsEnv                   []EnvVar
	AuthorsEnvFrom, AuthorsEnvBy string
	// PythonPath are directories under /app the code imports from.
	PythonPath []string
	portWhy    string
	// serverConfig is the project's server config file CMD passes.
	serverConfig string
	portGiven    bool // by a flag, answer or pydock.toml: it beats what the code says
	// ServerEnv is the server's settings the image sets as ENV, so an
	// operator changes them at run time; ServerNotes are the comment lines
	// above them (how the server treats forwarded headers, DF019).
	ServerEnv   []EnvVar
	ServerNotes []string
	// GracefulTimeout is how long the server waits for requests in flight
	// on SIGTERM, when pydock sets it (0: the server's own default).
	GracefulTimeout int
	// ConfigWorkers is the worker count the server's config file fixes
	// (no variable changes it), and ConfigWorkersAt where: compose's limits
	// hold that many processes.
	ConfigWorkers   int
	ConfigWorkersAt string
	// StopGrace is compose's stop_grace_period when the server's own
	// graceful timeout outlasts docker stop's (0: docker stop's 10 s).
	StopGrace int
	// serverConf is the project's config file the server in CMD reads.
	serverConf *detect.ServerConfig
	ownCommand bool // pydock wrote the server command (not a Procfile's or --app's)

	HealthPath string
	// ProbeOwnAddress: the probe asks the container's own address, not
	// 127.0.0.1, because the server binds loopback by a default pydock
	// cannot change: the image is unhealthy, as its published port is dead.
	ProbeOwnAddress bool
	// ProbeHost is the Host header the probe sends, when the server answers
	// only the names its config lists ("": urllib's own, the probe's address).
	ProbeHost string
	Snippet   *Snippet // nil: an existing route is re-used, or none wanted

	// Platforms are the target architectures the wheel checks used.
	Platforms []string

	// Playwright installs a browser and its libraries in the runtime
	// stage; nil when the project does not use Playwright.
	Playwright *Playwright
	// MachineID is the dependency that reads /etc/machine-id, which the
	// image links to the container's hostname ("": none does).
	MachineID string

	BuildPackages []string // apt packages in the builder only (DF003)
	// BuildConstraints bound the isolated builds of the dependencies
	// (setuptools<70), through the variables BuildConstraintEnv, for the
	// packages BuildConstraintFor names (sdistbuild.toml).
	BuildConstraints   []string
	BuildConstraintEnv []string
	BuildConstraintFor string
	sdistBreaks        []sdistBreak
	RuntimePackages    []string // shared libraries the runtime needs
	NativeReasons      []string // why, one line per package, for the comment

	// Installing.
	RequirementsFile  string   // pip: the file to install
	RequirementsFiles []string // pip: it and its includes, copied first (DF004)
	AlsoRequirements  []string // pip: files installed with it (-r each), the authors' second file
	NoDeps            bool     // pip: an export of a lock, already complete
	Hashes            bool     // pip: --require-hashes
	BuildFiles        []string // readme, license, path deps (DI004)
	// HashOmits (pip, hashed): packages the compiler left out (setuptools);
	// the hashed set is installed exactly and they only where required.
	HashOmits []string
	// DropLines (pip): lines of RequirementsFile the dependency step leaves
	// out, an export's own -e . (the project is its wheel after the source).
	DropLines []int
	// SelfDeps: pyproject.toml's dependencies stand in for those lines.
	SelfDeps bool
	// DotenvKeys are what a dotenv file the settings load at import sets,
	// for .env.example: the file itself stays out of the image.
	DotenvKeys []string
	// AppSettings and OwnerSettings are the app's settings read with no
	// default, for .env.example: development values, and credentials only
	// their owner has (left empty, required). DotenvOnly are keys of a
	// dotenv file the image leaves out that no code pydock read uses.
	AppSettings, OwnerSettings, DotenvOnly []AppSetting
	// BareCredentials are tokens and keys read with .get and no default.
	BareCredentials []AppSetting
	PathDeps        []string // local path dependencies, mounted for the dependency step
	// ProjectDeps: pip installs [project].dependencies from pyproject.toml
	// (no requirements file) before copying the source.
	ProjectDeps bool
	// DependencyCaps are pip constraints ("django<3.1") on the dependency
	// step of ProjectDeps or setup.cfg: the newest range the project's own
	// test matrix runs, for dependencies the manifest lets float.
	DependencyCaps []string
	// PipGroupsVersion is the pip the builder upgrades to when the
	// dependencies are PEP 735 groups only (pyproject.toml has no
	// [project]): pip reads --group from 25.1 on.
	PipGroupsVersion   string
	WorkspaceManifests []string // uv workspace members' pyproject.toml
	Packaged           bool     // the project itself is installed into the venv
	BuildBackend       string   // [build-system].build-backend
	NotBuilt           string   // why the declared package is not built (run from source)
	VCSVersionVars     []string // set from APP_VERSION before the wheel builds
	// BuildEnv: [build-system].requires, installed once in the builder's
	// own venv, so the project's wheel (uv, Poetry, pip) builds without isolation
	// in the runtime step a source change re-runs (wheelbuild.go); nil: the
	// builder builds it.
	BuildEnv []string
	// WheelNode is the node image the builder takes node from (its
	// /usr/local on PATH), for the project's build code that runs a node
	// program while the wheel builds; nil when it runs none.
	WheelNode *WheelNode
	// CopySource is true when the runtime needs the source tree (the app is
	// not installed as a package into the venv).
	CopySource    bool
	SourceDirs    []string // what compose watch syncs
	Workspace     bool
	DefaultGroups bool
	UVImage       string
	PoetryVersion string
	PDMVersion    string
	// PDMHolds are pip requirements installed with pdm that hold its own
	// dependencies at versions that work with it (toolreleases.go).
	PDMHolds      []string
	PipenvVersion string
	// Groups are the optional dependency groups (or extras, or Pipenv
	// categories) installed besides the main ones.
	Groups []string
	Extras []string // extras installed besides the main dependencies
	// ToolImage runs the package manager in a stage of its own when the
	// app's Python is older than the manager supports ("" otherwise).
	ToolImage string
	Pipenv    *detect.PipenvFacts
	// SetupDeps: a setuptools project's dependencies from "setup.cfg"
	// (before the source) or "setup.py" (built with the project's wheel).
	SetupDeps string
	// Package, MemberDir and ContextDir place a uv workspace member: the
	// member built, its folder in the workspace, and the workspace root
	// (the build context) relative to the project folder.
	Package    string
	MemberDir  string
	ContextDir string
	// LockDir is the folder in the context whose pyproject.toml and lock
	// the manager reads, when not the context's root (an app with its own
	// lock whose path dependencies name sibling folders).
	LockDir string
	// UsersBuildFile is the project's own build file (Containerfile) that
	// compose builds when pydock leaves it in place of its Dockerfile; ""
	// builds pydock's Dockerfile, target runtime.
	UsersBuildFile string
	// UsersEnv is the project's own .env.example (or .env.sample…), which
	// pydock leaves alone; CredentialsFile, when set, is the env file
	// compose reads its services' passwords from instead of interpolating
	// them from .env, which the authors' file does not fill (composeenv.go).
	UsersEnv, CredentialsFile string
	usersListing              *detect.EnvListing
	// emptyPaths are the listing's empty variables the code uses as paths,
	// with the code's own literal default (emptypaths.go).
	emptyPaths []EnvVar
	// ComposeWarnings and ComposeNotes are about pydock's compose.yaml and
	// the authors' .env.example: shown only when compose.yaml is written
	// (not when the user's own compose file is kept).
	ComposeWarnings, ComposeNotes []string

	Django *DjangoPlan
	// Frontends are node stages whose output the app serves (frontend.go).
	Frontends []Frontend
	// Writable are the directories the app user owns; everything else it
	// can read, not write (DF020).
	Writable []WritableDir
	// DataEnv points a program's data directory, which defaults to the
	// working directory, at a writable one.
	DataEnv []EnvVar
	// RunDir is the image's working directory when it is not AppDir: the
	// data folder of a program that keeps its data in the cwd (rundir.go).
	RunDir string
	// RunDirWhy says why, when it is not the data folder.
	RunDirWhy       string
	mainStartWarned bool
	dataDirs        []WritableDir
	// DataLinks put the code's own default for a data file (the working
	// directory's checkpoints.db) in the writable directory DataEnv names:
	// an env file listing the variable empty beats ENV, and settings that
	// ignore empty values fall back to that default.
	DataLinks []DataLink
	// libEnvNoted are variables a library write was noted for, once each.
	libEnvNoted []string

	// BuildSecrets are mounted by every install step (DF015); SSHHosts is
	// set when a dependency is fetched over SSH (RUN --mount=type=ssh).
	BuildSecrets []BuildSecret
	SSHHosts     []string
	// ExcludeFromRuntime are files the runtime stage must not copy: a
	// requirements file holding credentials.
	ExcludeFromRuntime []string

	// Ignore is the .dockerignore: fixed patterns plus what DI004 re-includes.
	Ignore Ignore

	Compose  bool
	Services []Service // backing services for compose (DC005)
	// Unaddressed are the services a client proves but nothing tells the
	// app where to find (dropUnaddressed), each with why it is left out.
	Unaddressed []Service
	Worker      *Worker // celery worker (DC007)
	// Release are steps run once before the app (compose's release
	// service); Processes are the Procfile's other processes.
	Release   []ReleaseStep
	Processes []Process
	// Catalogues compiles the gettext catalogues the code loads, nil when
	// there is nothing to compile (catalogues.go).
	Catalogues *CatalogueStep
	// StartCollectstatic runs collectstatic at build time for code that
	// runs it on import (writable.go).
	StartCollectstatic *StartCollectstatic
	// ConfigMounts are configuration files compose mounts (configfiles.go).
	ConfigMounts []ConfigMount
	// Migration is compose's one-off migrate service (migrations.go).
	Migration *Migration
	// StaleLock is set when the lock no longer matches its manifest in a way
	// that changes nothing it installs (detect's Harmless): the Dockerfile
	// installs it as committed, without the tool's check, and says so
	// (check still fails until it is fixed).
	StaleLock bool
	// djangoMakemigrations is where the authors' start script runs
	// makemigrations, for the warning about uncommitted migrations.
	djangoMakemigrations string

	Name string // project name, for labels and compose

	Decisions []Decision
	Warnings  []string
	Notes     []string
}

// Playwright is the browser a Playwright project drives.
type Playwright struct {
	Browser string // chromium, firefox, webkit, …
	Path    string // PLAYWRIGHT_BROWSERS_PATH
}

// DjangoPlan holds the Django-only build steps.
type DjangoPlan struct {
	ManagePy string // manage.py, or dir/manage.py one level down
	// NodeMounts are a node stage's node and node_modules, mounted for
	// collectstatic's step only, with NodeBin on its PATH (frontend.go).
	NodeMounts     []NodeMount
	NodeBin        string
	SettingsModule string
	SettingsEnv    bool // ENV DJANGO_SETTINGS_MODULE in the image
	// Configuration is django-configurations' class (ENV
	// DJANGO_CONFIGURATION), "" when manage.py's default stands.
	Configuration string
	// BuildEnv are throwaway values for collectstatic's step only: every
	// variable the settings require at import (SECRET_KEY's first).
	BuildEnv []EnvVar
	// BuildDataEnv are the data folder variables BuildEnv points at a
	// throwaway folder for that step.
	BuildDataEnv []string
	// BuildDirs are the writable folders of the tree, made before that
	// step: the settings may open files there as they load (a SQLite task
	// queue); the app user owns them, and what the step left, after.
	BuildDirs []string
	// DevEnv are development values for the same variables, for compose
	// through .env.example.
	DevEnv        []EnvVar
	CollectStatic bool
	// LocalModules are the modules the settings import that the image
	// makes from their committed templates, before collectstatic.
	LocalModules []LocalModuleCopy
	// StandIns are development templates bind-mounted where the settings
	// import their module, for collectstatic's step only (compose mounts
	// the deployment's own file at run time; djangolocal.go).
	StandIns []StandIn
	// StaticSkipped says, in pydock's words, why collectstatic does not run
	// at build time though STATIC_ROOT is set ("" when it runs).
	StaticSkipped string
	Compress      bool // manage.py compress after collectstatic (COMPRESS_OFFLINE)
	// CollectFlag turns off an app's replacement of collectstatic
	// (--disable-collectfast), CollectFlagWhy says so in the Dockerfile.
	CollectFlag    string
	CollectFlagWhy string
	SecretEnv      string // set to a throwaway value for collectstatic only
	// Debug turns off a DEBUG the settings leave on by default (ENV in the
	// runtime stage), DebugFrom names the settings line.
	Debug     *EnvVar
	DebugFrom string
	// DebugSwitch: Debug is the value a module-level test of the settings
	// compares with, whose branch turns DEBUG off (a production switch).
	DebugSwitch bool
	// CommittedSecret is where the settings the image runs commit a literal
	// SECRET_KEY ("" when they read it from the environment).
	CommittedSecret string
	Migrate         bool // compose one-off migrate service
}

// Snippet is the health endpoint file pydock writes beside the app.
type Snippet struct {
	Path       string // health.py beside the app module
	Framework  detect.Framework
	LivePath   string
	ReadyPath  string
	Module     string   // import path of the snippet
	Hooks      []string // the lines the user adds to wire it in
	HookTarget string   // where those lines go
	// ReadyURLs and ReadyHosts are what the readiness check connects to:
	// the variables compose passes the backing services under.
	ReadyURLs  []string
	ReadyHosts []ReadyHost
}

// Service is a backing service in compose.yaml.
type Service struct {
	Name        string // db, redis
	Kind        string // postgres, mysql, redis
	Image       string
	Env         []EnvVar // the service's own settings
	AppEnv      []EnvVar // what the app needs to reach it
	Secrets     []EnvVar // credentials .env must set, with .env.example's placeholder
	Volume      string   // named volume
	VolumePath  string   // where it is mounted
	HealthCheck []string // CMD-SHELL test
	Because     string   // why it runs: "psycopg is a dependency", or chosen
	// Scheme is the URL scheme of a SQL service when SQLAlchemy needs its
	// driver named (mysql+pymysql); "" for the dialect's own.
	Scheme string
	// AsyncScheme is the scheme of the asyncio driver the project installs,
	// for a URL the app names as its async one (ASYNC_DATABASE_URL).
	AsyncScheme string
	// InitDir is where the image runs SQL files from, in name order, when
	// it starts on an empty volume ("" when it has no such folder);
	// InitSource the project's folder compose mounts there, read-only.
	InitDir, InitSource string
}

// EnvVar is one environment entry, kept ordered for stable output.
type EnvVar struct{ Name, Value string }

// DataLink is a symbolic link from Link, in the read-only working
// directory, to Target, in a writable one.
type DataLink struct {
	Link, Target string
	Why          string
}

// Worker is a celery worker sharing the app's settings.
type Worker struct {
	App     string // celery -A target
	Command []string
}

// Decision is one line of `pydock detect`: what was chosen and why.
type Decision struct {
	Name  string `json:"name"`
	Value string `json:"value"`
	Why   string `json:"why"`
}

// HasVenv reports whether a builder stage makes /app/.venv.
func (p *Plan) HasVenv() bool { return p.Manager != detect.ManagerNone }

// HasTomllib reports whether the image's Python has tomllib (3.11+);
// older ones read pyproject.toml with the tomli that pip vendors.
func (p *Plan) HasTomllib() bool {
	return p.Python.Minor.Major > 3 || p.Python.Minor.Minor >= 11
}

// HasWeb reports whether the image serves HTTP.
func (p *Plan) HasWeb() bool { return p.Port > 0 }
