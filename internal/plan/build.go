package plan

import (
	"fmt"
	"path"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/pydock/pydock/internal/detect"
	"github.com/pydock/pydock/internal/pyversion"
)

// Build decides the plan: settings first, then detection, then defaults.
// now is used only to judge end-of-life Python releases.
func Build(f *detect.Facts, s Settings, now time.Time) (*Plan, error) {
	p := &Plan{
		Manager:       f.Manager,
		Framework:     f.Framework,
		Name:          f.Name,
		UVImage:       UVImage,
		PoetryVersion: PoetryVersion,
		PDMVersion:    PDMVersion,
		PipenvVersion: PipenvVersion,
		Workers:       1,
		Compose:       true,
		Warnings:      slices.Clone(f.Warnings),
		Notes:         slices.Clone(f.Notes),
	}
	p.decide("package manager", managerName(f.Manager), f.ManagerFrom.String())

	if err := p.choosePython(f, s, now); err != nil {
		return nil, err
	}
	p.warnSdistOnly(f)
	p.BaseImage = p.Python.Image()
	if s.BaseImage != "" {
		if err := checkBaseImage(s.BaseImage); err != nil {
			return nil, err
		}
		p.BaseImage = s.BaseImage
		why := s.source("base_image", "--base-image")
		// apt-get runs on the image's suite: its library names, not those
		// of the suite pydock would have chosen.
		if suite := officialSuite(s.BaseImage); suite != "" && suite != p.Python.Debian {
			p.Python.Debian = suite
			why += "; system packages named as Debian " + suite + " names them"
		}
		p.decide("base image", p.BaseImage, why)
	} else {
		p.decide("base image", p.BaseImage, "official slim image for Python "+p.Python.Minor.String())
	}

	p.RequirementsFile = f.RequirementsFile
	p.RequirementsFiles = f.RequirementsFiles
	p.AlsoRequirements = f.AlsoRequirements
	p.NoDeps = f.ExportOf != ""
	p.Hashes = f.Hashes
	p.chooseHashOmits(f)
	p.DropLines, p.SelfDeps = f.SelfLines, f.SelfDeps
	p.BuildFiles = f.BuildFiles
	p.Packaged = f.Packaged
	p.BuildBackend = f.BuildBackend
	p.NotBuilt = f.NotBuilt
	p.VCSVersionVars = f.VCSVersionVars
	if f.NotBuilt != "" {
		p.decide("project wheel", "not built; dependencies only, run from source", f.NotBuilt)
	}
	p.Workspace = f.Workspace
	p.WorkspaceManifests = f.WorkspaceManifests
	p.PathDeps = f.PathDeps
	p.ProjectDeps = f.Manager == detect.ManagerPip && f.RequirementsFile == "" && f.SetupDeps == "" && len(f.Dependencies) > 0
	p.SetupDeps = f.SetupDeps
	p.chooseTestedCaps(f)
	if f.GroupsOnly {
		v, err := pipGroupsRelease(p.Python.Minor)
		if err != nil {
			return nil, err
		}
		p.PipGroupsVersion = v
		p.decide("pip", "pip "+v+" in the builder", "pip installs PEP 735 groups (--group) from 25.1 on; "+v+" is the newest that runs on Python "+p.Python.Minor.String())
	}
	p.Pipenv = f.Pipenv
	p.chooseToolImage()
	if err := p.chooseOptional(f); err != nil {
		return nil, err
	}
	if err := p.placeMember(f); err != nil {
		return nil, err
	}
	p.DefaultGroups = f.DefaultGroups
	p.chooseWheelBuild(f)
	var nativeWarnings []string
	p.BuildPackages, p.RuntimePackages, p.NativeReasons, nativeWarnings = systemPackages(f, p.Python, platforms(s))
	p.Warnings = append(p.Warnings, nativeWarnings...)
	p.addConfigured(s)
	p.choosePlaywright(f, s)
	p.chooseMachineID(f)
	p.chooseSecrets(f)
	p.chooseToolVersions(f)
	p.boundSdistBuilds(f) // after the Poetry version: 2.3 reads the project's bounds
	if len(p.BuildPackages)+len(p.RuntimePackages) > 0 {
		p.decide("system packages", "build: "+orNone(p.BuildPackages)+"; runtime: "+orNone(p.RuntimePackages), strings.Join(p.NativeReasons, "; "))
	}

	if s.Workers < 0 || s.Workers > 64 {
		return nil, fmt.Errorf("%s: want a number from 1 to 64", s.given("workers", "--workers", s.Workers))
	}
	if s.Workers > 0 {
		p.Workers = s.Workers
	}
	if f.Framework != detect.FrameworkNone {
		p.decide("framework", string(f.Framework), f.FrameworkFrom.String())
	}
	if err := p.chooseCommand(f, s); err != nil {
		return nil, err
	}
	p.chooseServerWheel(s) // after the command: it decides the server
	p.chooseProgramEnv(f)  // after every runtime package is known
	p.chooseSource(f)
	p.mainStartDir(f) // once the source tree's place is known
	p.chooseFrontends(f)
	for _, r := range f.ImportRoots {
		p.PythonPath = append(p.PythonPath, path.Join("/app", r))
	}
	if len(p.PythonPath) > 0 {
		p.CopySource = true
		p.decide("import path", strings.Join(p.PythonPath, ":"), "the code imports from "+strings.Join(f.ImportRoots, ", ")+" (PYTHONPATH)")
	}
	p.chooseCatalogues(f) // before chooseIgnore: the stage mounts their folders
	if err := p.chooseWritable(f, s); err != nil {
		return nil, err
	}
	p.chooseIgnore(f)
	p.chooseConfigFiles(f) // after chooseIgnore: it adds a block
	p.chooseDotenv(f)
	if err := p.chooseHealth(f, s); err != nil {
		return nil, err
	}
	p.chooseProbeHost(f)
	p.warnPortRefused(f)
	if f.Django != nil {
		p.Django = &DjangoPlan{
			ManagePy:       path.Join(f.Django.Dir, "manage.py"),
			SettingsEnv:    f.Django.SettingsEnv,
			BuildEnv:       djangoBuildEnv(f.Django, f.EnvUses),
			DevEnv:         djangoDevEnv(f.Django, f.EnvUses, p.Port),
			SettingsModule: f.Django.SettingsModule,
			Configuration:  f.Django.Configuration,
			CollectStatic:  f.Django.StaticRoot && len(f.Django.StaticBlocked) == 0,
			Compress:       f.Django.StaticRoot && len(f.Django.StaticBlocked) == 0 && f.Django.CompressOffline,
			SecretEnv:      f.Django.SecretEnv,
			Migrate:        true,
		}
		// The settings may create and write their data folder at import
		// (a generated secret, logs): in collectstatic's step the same
		// variable names a throwaway folder, not the code's default
		// (the image's ENV comes later) nor the app's volume.
		for _, e := range p.DataEnv {
			if e.Value == DataDirPath && !slices.ContainsFunc(p.Django.BuildEnv, func(b EnvVar) bool { return b.Name == e.Name }) {
				p.Django.BuildEnv = append(p.Django.BuildEnv, EnvVar{e.Name, collectstaticDataDir})
				p.Django.BuildDataEnv = append(p.Django.BuildDataEnv, e.Name)
			}
		}
		if p.Django.CollectStatic {
			for _, w := range p.Writable {
				if strings.HasPrefix(w.Path, AppDir+"/") && !w.Code {
					p.Django.BuildDirs = append(p.Django.BuildDirs, w.Path)
				}
			}
		}
		if c := f.Django.CollectCommand; c != nil && p.Django.CollectStatic {
			// Its strategy setting comes with the remote storage: with
			// the local one the build runs, the replacement refuses to run.
			p.Django.CollectFlag = c.Flag
			p.Django.CollectFlagWhy = c.Name + " (" + c.Source.String() + ") replaces collectstatic to sync with remote storage: " + c.Flag + " collects into STATIC_ROOT as Django does"
			p.decide("collectstatic", c.Flag, c.Name+" is listed before django.contrib.staticfiles ("+c.Source.String()+"), so its command runs; "+c.Why+", and the build collects into STATIC_ROOT")
		}
		p.chooseLocalModules(f.Django)
		var skipped []string
		for _, b := range f.Django.StaticBlocked {
			if f.Django.StaticRoot {
				skipped = append(skipped, staticSkipWords[b.Kind])
			}
			if b.Kind == "missing-module" {
				// The app cannot start either: a warning, not a note.
				p.Warnings = append(p.Warnings, b.StaticNote(p.Django.ManagePy))
			} else if f.Django.ManifestStorage != "" && b.Kind != "remote" && b.Kind != "committed" {
				// The storage serves only what the manifest lists: with
				// no collectstatic every {% static %} page fails.
				p.Warnings = append(p.Warnings, b.StaticNote(p.Django.ManagePy)+"; until it has run, "+f.Django.ManifestStorage+" ("+f.Django.ManifestStorageFrom.String()+") answers every page that uses {% static %} with an error (Missing staticfiles manifest entry)")
			} else if f.Django.StaticRoot || b.Kind == "remote" {
				p.Notes = append(p.Notes, b.StaticNote(p.Django.ManagePy))
			}
		}
		p.Django.StaticSkipped = strings.Join(skipped, "; ")
		p.chooseNodeTools(f)
		p.chooseStaticServing(f)
		why := f.Django.SettingsWhy
		if why == "" {
			why = "the default of " + f.Django.Source.String()
		}
		settings := f.Django.SettingsModule
		if f.Django.Configuration != "" {
			settings += " (configuration " + f.Django.Configuration + ")"
		}
		p.decide("settings", settings, why)
		p.chooseDjangoDebug(f.Django)
		p.Notes = append(p.Notes, djangoMigrateNote+"; in production run `"+strings.Join(append([]string{"python", p.Django.ManagePy, "migrate"}, syncdb(f)...), " ")+"` as a release step")
	}

	if s.Compose != nil {
		p.Compose = *s.Compose
	}
	p.Services = services(f)
	if s.Services != nil {
		var err error
		if p.Services, err = chosenServices(*s.Services); err != nil {
			return nil, err
		}
	} else {
		p.dropUnaddressed(f)
	}
	extensionImages(f, p.Services)
	for _, svc := range p.Services {
		p.decide("compose service", svc.Name+" ("+svc.Image+")", svc.Because)
	}
	p.chooseProcesses(f)
	p.otherApps(f)
	p.chooseMigration(f) // after the release steps: its own leaves them
	p.launcherMigration(f)
	p.leaveDBToMigration(f)
	p.schemaInit(f)
	p.dbmateMigration(f)
	p.sqlInit(f)
	hasWorker := slices.ContainsFunc(p.Processes, func(x Process) bool { return x.Name == "worker" })
	if d := f.Dep("celery"); d != nil && !hasWorker {
		if app, why := celeryApp(f); app != "" {
			p.Worker = &Worker{App: app}
			p.Worker.Command = append(p.celeryProgram(f), "worker", "--loglevel=INFO")
			if c := f.CeleryCLI; c != nil && p.Worker.Command[0] == c.Argv[0] {
				why += "; run through the project's " + strings.Join(c.Argv, " ") + ", which hands its arguments to Celery's command line once its group has set the app up (" + c.Source.String() + ")"
			}
			for _, q := range f.WorkerQueues {
				if sameCeleryApp(q.App, p.Worker.App) {
					// The default worker consumes only the queue "celery".
					p.Worker.Command = append(p.Worker.Command, "-Q", q.Queues)
					why += "; on the queues the authors' worker consumes (" + q.Source.String() + ")"
					break
				}
			}
			why += p.codeQueues(f)
			p.decide("compose worker", strings.Join(p.Worker.Command, " "), why)
			p.warnUnconsumedQueues(f)
			p.celeryBeat(f)
		} else {
			p.decide("compose worker", "none", why)
		}
	}
	p.chooseRunDir(f) // after every command the image and compose run
	p.wireServices(f)
	p.chooseAppSettings(f) // after the services: what compose passes needs no .env entry
	p.chooseCredentialsFile(f)
	p.noteStartChecks(f) // after the credentials file: it names the file
	p.chooseKeysFile(f)
	p.StaleLock = f.LockCheck != nil && f.LockCheck.Stale && f.LockCheck.Harmless
	if p.Snippet != nil {
		p.Snippet.ReadyURLs, p.Snippet.ReadyHosts = p.readyChecks(f)
	}
	p.checkEnvIgnored(f)
	p.applyPins(s.Pins)
	if err := p.checkValues(f); err != nil {
		return nil, err
	}
	return p, nil
}

func (p *Plan) decide(name, value, why string) {
	p.Decisions = append(p.Decisions, Decision{Name: name, Value: value, Why: why})
}

// amend changes the value of the last decision of that name, adding why
// to its reasons (a command pydock completed after choosing it).
func (p *Plan) amend(name, value, why string) {
	for i := len(p.Decisions) - 1; i >= 0; i-- {
		if p.Decisions[i].Name == name {
			p.Decisions[i].Value = value
			p.Decisions[i].Why += "; " + why
			return
		}
	}
	p.decide(name, value, why)
}

func managerName(m detect.Manager) string {
	if m == detect.ManagerNone {
		return "none (standard library only)"
	}
	return string(m)
}

func orNone(s []string) string {
	if len(s) == 0 {
		return "none"
	}
	return strings.Join(s, " ")
}

// officialSuite is the Debian suite an official python image's tag names
// (python:3.11-slim-bookworm, docker.io/library/python:3.13-trixie@sha256:…),
// else "".
func officialSuite(img string) string {
	img, _, _ = strings.Cut(img, "@")
	name, tag, ok := strings.Cut(img, ":")
	if !ok {
		return ""
	}
	switch strings.TrimPrefix(strings.TrimPrefix(name, "docker.io/"), "library/") {
	case "python":
	default:
		return ""
	}
	suite := tag[strings.LastIndex(tag, "-")+1:]
	if !pyversion.KnownSuite(suite) {
		return ""
	}
	return suite
}

// checkBaseImage refuses what is not an image reference, and the tags
// DF001/DF002 forbid.
func checkBaseImage(img string) error {
	if err := CheckImageRef(img); err != nil {
		return fmt.Errorf("--base-image %q: %w", img, err)
	}
	name, tag, ok := strings.Cut(img[strings.LastIndex(img, "/")+1:], ":")
	if !ok || tag == "latest" {
		return fmt.Errorf("--base-image %s: pin a tag (e.g. python:3.13-slim-trixie), never latest (DF001)", img)
	}
	if name == "python" && !strings.Contains(tag, "slim") && !strings.Contains(tag, "alpine") {
		return fmt.Errorf("--base-image %s: the full python image carries compilers and hundreds of MB the runtime never uses; use a -slim tag (DF002)", img)
	}
	return nil
}

// chooseSource decides what the runtime stage needs besides the venv: a
// packaged project installed into the venv needs nothing more (DF014),
// anything else runs from its source tree.
func (p *Plan) chooseSource(f *detect.Facts) {
	inPackage := false
	if f.Packaged && f.App != nil {
		inPackage = f.Ships(f.App.Module)
	}
	if f.Packaged && f.App == nil && (len(f.Scripts) > 0 && f.Procfile == nil) {
		inPackage = true // a console script installed with the package
	}
	p.CopySource = !inPackage || f.Django != nil
	if !p.CopySource {
		// Installed as a wheel, but reading files beside it at run time.
		var read []string
		if p.serverConfig != "" {
			read = append(read, p.serverConfig)
		}
		read = append(read, f.RuntimeFiles...)
		if len(read) > 0 {
			p.CopySource = true
			p.decide("source tree", "copied beside the installed package", strings.Join(read, ", ")+" read at run time from the working directory")
		}
	}
	// The runtime runs from the whole copied tree: compose watch syncs all
	// of it. A packaged app runs from the venv: its package dirs rebuild.
	p.SourceDirs = slices.Clone(f.PackageDirs)
	if p.CopySource || len(p.SourceDirs) == 0 {
		p.SourceDirs = []string{"."}
	}
}

// celeryApp guesses the `celery -A` target: the Django project package, else
// the app's module.
func celeryApp(f *detect.Facts) (app, why string) {
	if f.Django != nil {
		pkg, _, _ := strings.Cut(f.Django.SettingsModule, ".")
		if len(f.CeleryApps) == 0 {
			return pkg, "celery is a dependency; Django's settings package " + pkg + " is where its Celery app lives (docs.celeryq.dev/en/stable/django/first-steps-with-django.html)"
		}
		// detect puts the app configured from Django's settings first.
		c := f.CeleryApps[0]
		if c.Module == pkg || c.Module == pkg+".celery" {
			// The docs' layout: `celery -A pkg` finds it there itself
			// (celery/app/utils.py find_app).
			return pkg, "celery is a dependency; " + c.Source.String() + " builds the Celery app in Django's settings package " + pkg
		}
		return c.Module + ":" + c.Attr, "celery is a dependency; " + c.Source.String() + " builds the Celery app"
	}
	if len(f.CeleryApps) == 0 {
		return "", "celery is a dependency, but no module of the project builds a Celery app at import (tests and examples left out): a worker would fail to load one; add a worker service for the app yourself"
	}
	// The one beside the web app, when there are several.
	c := f.CeleryApps[0]
	if f.App != nil {
		pkg, _, _ := strings.Cut(f.App.Module, ".")
		for _, a := range f.CeleryApps {
			if a.Module == f.App.Module || strings.HasPrefix(a.Module, pkg+".") {
				c = a
				break
			}
		}
	}
	return c.Module + ":" + c.Attr, "celery is a dependency; " + c.Source.String() + " builds the Celery app"
}

// healthURL is the URL the image's HEALTHCHECK and compose probe.
func (p *Plan) HealthURL() string {
	return "http://127.0.0.1:" + strconv.Itoa(p.Port) + p.HealthPath
}

// moduleOf turns a file path under an import root into a module name.
func moduleOf(file string) string {
	m := strings.TrimSuffix(strings.TrimPrefix(file, "src/"), ".py")
	m = strings.TrimSuffix(m, "/__init__")
	return strings.ReplaceAll(path.Clean(m), "/", ".")
}

// throwawayValues are build-time values for settings variables by how they
// are parsed: each parses, and none is a secret or reaches the image.
var throwawayValues = map[string]string{
	"db": "sqlite:////tmp/collectstatic.sqlite3", "db_url": "sqlite:////tmp/collectstatic.sqlite3",
	"dj_db_url": "sqlite:////tmp/collectstatic.sqlite3", "cache": "locmem://", "cache_url": "locmem://",
	"bool": "False", "int": "0", "float": "0", "url": "http://localhost", "json": "{}",
	// A Django ENGINE read from the environment: a backend Django can load.
	"db_engine": "django.db.backends.sqlite3",
	// Django's URL and folder settings read from the environment
	// (detect's shapeSettingReads): URLs that end in a slash and differ,
	// absolute folders (the collected files stay in the image, read-only
	// to the app; uploads go where the app user may write).
	"static_url": "/static/", "media_url": "/media/",
	"static_root": "/app/staticfiles", "media_root": "/tmp/media",
	// Keys: generated (in the step, or into the local keys file), never
	// written into a committed file (GeneratedFernetKey, GeneratedRSAKey).
	"fernet":  GeneratedFernetKey,
	"rsa_pem": GeneratedRSAKey,
}

// staticSkipWords say in the Dockerfile why collectstatic is not there,
// by the kind of detect's blocker (fixed text: nothing from the project).
var staticSkipWords = map[string]string{
	"remote":         "static files go to remote storage, with credentials the build has not",
	"node":           "static files need tools npm installs, and the image has no node build",
	"node-output":    "a STATICFILES_DIRS folder is built by node, and the image cannot build it",
	"missing-module": "the settings import a module that is not committed",
	"committed":      "the authors commit the collected static files with their manifest, served as committed",
}

// collectstaticOnly is the throwaway for a string nothing else tells.
const collectstaticOnly = "collectstatic-only-not-a-secret"

// collectstaticSecret is the throwaway signing key: long and varied enough
// for Django's own deploy check (security.W009: 50 characters, 5 distinct,
// no django-insecure- prefix), which production settings often enforce at
// import with a length test of their own.
const collectstaticSecret = "collectstatic-only-throwaway-signing-key-never-used-to-serve"

// throwawayValue is a value that parses as the read says: by kind, then by
// what the name says it is.
func throwawayValue(r detect.EnvRead) string {
	if r.Authors != "" {
		return r.Authors // the authors' own build passes it
	}
	if v, ok := throwawayValues[r.Kind]; ok {
		return v
	}
	switch {
	case strings.Contains(r.Name, "DATABASE_URL") || strings.HasSuffix(r.Name, "DB_URL"):
		return throwawayValues["db"]
	case strings.HasSuffix(r.Name, "_URL") && (strings.Contains(r.Name, "REDIS") || strings.Contains(r.Name, "BROKER") || strings.Contains(r.Name, "CACHE")):
		return "redis://localhost:6379/0"
	case strings.HasSuffix(r.Name, "_URL"):
		return "http://localhost"
	case strings.Contains(r.Name, "SECRET"):
		// A signing key read through a helper of the project's own.
		return collectstaticSecret
	}
	return collectstaticOnly
}

// redisClientURL says whether the app reads a variable as the URL a Redis
// client is built from (REDIS_URL and its conventional spellings in the
// service table), not a cache or result backend whose unset value means
// the app's own default.
func redisClientURL(u detect.EnvUse) bool {
	r := envRow(u)
	return r != nil && r.Service == "redis" && r.Part == "url" && strings.Contains(u.Name, "REDIS") && !strings.Contains(u.Name, "CACHE")
}

// collectstaticDataDir is the throwaway data folder of collectstatic's step.
const collectstaticDataDir = "/tmp/collectstatic-data"

// djangoBuildEnv lists collectstatic's throwaway values: SECRET_KEY's
// variable first, then every variable read with no default, then a Redis
// URL the code reads with no default at all (None when unset): a client
// built from None while Django loads fails, one built from a localhost URL
// connects only when used.
func djangoBuildEnv(dj *detect.Django, uses []detect.EnvUse) []EnvVar {
	var out []EnvVar
	if dj.SecretEnv != "" {
		out = append(out, EnvVar{dj.SecretEnv, collectstaticSecret})
	}
	for _, r := range dj.RequiredEnv {
		if r.Name == dj.SecretEnv || runtimeEnv[r.Name] {
			continue
		}
		v := throwawayValue(r)
		out = append(out, EnvVar{r.Name, v})
	}
	for _, u := range uses {
		if u.Default != "" || !redisClientURL(u) || slices.ContainsFunc(out, func(e EnvVar) bool { return e.Name == u.Name }) {
			continue
		}
		out = append(out, EnvVar{u.Name, "redis://localhost:6379/0"})
	}
	return out
}

// chooseHashOmits: a hashed requirement set without setuptools (left out by
// pip-compile and uv pip compile --no-emit-package) is installed as exactly
// its hashed lines, since pip's hash-checking mode refuses a dependency the
// file does not pin; setuptools then comes only where pip check says a
// package requires it, and any other gap fails the build, naming it.
func (p *Plan) chooseHashOmits(f *detect.Facts) {
	if !f.Hashes || p.NoDeps || len(f.HashOmits) == 0 {
		return
	}
	p.HashOmits = f.HashOmits
	names := strings.Join(f.HashOmits, ", ")
	file := f.RequirementsFile
	if len(f.RequirementsFiles) > 1 {
		file += " (with the files it includes)"
	}
	p.decide("hashed install", "exactly the hashed set (--no-deps); "+names+" only if a package in it requires it, without a hash",
		fmt.Sprintf("%s pins hashes but lists no %s, which pip-compile (without --allow-unsafe) and uv pip compile --no-emit-package leave out: pip's hash-checking mode refuses a dependency the file does not pin", file, names))
	p.Notes = append(p.Notes, fmt.Sprintf("%s pins hashes but lists no %s: the image installs exactly the hashed set, then %s only if a package in it requires it, without a hash (pip check decides); pin it in the file to have it checked (pip-compile --allow-unsafe, or uv pip compile without --no-emit-package %s)", file, names, names, names))
}
