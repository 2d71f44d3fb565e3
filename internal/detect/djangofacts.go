package detect

// What detect reads about a Django site.

// Django holds what manage.py and the settings module say.
type Django struct {
	SettingsModule string `json:"settings_module"` // mysite.settings
	// SettingsEnv is true when the image must set DJANGO_SETTINGS_MODULE:
	// manage.py names none, or a production module beside its default
	// (DefaultSettings) is used instead; SettingsWhy says which.
	SettingsEnv     bool   `json:"settings_env,omitempty"`
	DefaultSettings string `json:"default_settings,omitempty"`
	SettingsWhy     string `json:"settings_why,omitempty"`
	// Configuration is django-configurations' class in SettingsModule the
	// image names (DJANGO_CONFIGURATION) when it runs another module than
	// manage.py's default, whose class that default names.
	Configuration string `json:"configuration,omitempty"`
	// DBHostFixed warns that the run settings fix the database host in
	// code (fixedDBHost), "" when the environment gives it.
	DBHostFixed string `json:"-"`
	// TestSettingsDB: the run settings take DATABASES from star-imported
	// test settings (testSettingsDB), "" when they do not.
	TestSettingsDB string `json:"test_settings_db,omitempty"`
	WSGIModule     string `json:"wsgi_module,omitempty"` // mysite.wsgi
	ASGIModule     string `json:"asgi_module,omitempty"` // mysite.asgi
	// Channels is where the ASGI module routes protocols with Channels
	// (websockets): the site needs an ASGI server on that module.
	Channels   *Source `json:"channels,omitempty"`
	StaticRoot bool    `json:"static_root"` // STATIC_ROOT set: collectstatic at build
	// StaticGap: nothing of the project serves the collected files
	// (djangostaticserve.go).
	StaticGap *StaticGap `json:"static_gap,omitempty"`
	// StaticURL is STATIC_URL as a literal path ("/static/"), "" when
	// computed or another host's: with no StaticGap, the app serves it.
	StaticURL string `json:"static_url,omitempty"`
	// SettingsFile is the file of SettingsModule, project-relative
	// (mysite/settings/__init__.py for a package).
	SettingsFile string `json:"settings_file,omitempty"`
	// RootURLConf is ROOT_URLCONF: the urls module Django serves from.
	RootURLConf string `json:"root_urlconf,omitempty"`
	// ProbeRefused are settings that refuse the HTTP probe (Host
	// 127.0.0.1, plain http) before any view; ProbeMiddleware is true when
	// pydock's LivenessMiddleware is in MIDDLEWARE and answers first.
	ProbeRefused    []ProbeRefusal `json:"probe_refused,omitempty"`
	ProbeMiddleware bool           `json:"probe_middleware,omitempty"`
	// ProbeHost is a name a fixed ALLOWED_HOSTS admits (it lacks 127.0.0.1):
	// the probe sends it as its Host header.
	ProbeHost     string `json:"probe_host,omitempty"`
	ProbeHostFrom Source `json:"probe_host_source,omitzero"`
	// PortRefused are the settings that refuse a browser on the published
	// port (Host localhost:PORT, plain http) whatever the probe does;
	// LocalUnder is the branch that admits localhost only under a condition.
	PortRefused []ProbeRefusal `json:"port_refused,omitempty"`
	LocalUnder  *LocalBranch   `json:"local_under,omitempty"`
	// StaticBlocked says why collectstatic cannot run at build time
	// (remote storage, node tools, an uncommitted module), one per kind.
	StaticBlocked []StaticBlocker `json:"static_blocked,omitempty"`
	// CollectCommand is an app replacing collectstatic (Collectfast) that
	// the build turns off with its flag: the files go to STATIC_ROOT.
	CollectCommand *CollectCommand `json:"collect_command,omitempty"`
	// LocalModules are modules the settings import that the image makes
	// from the template the repository commits in their place.
	LocalModules []LocalModule `json:"local_modules,omitempty"`
	// EntrySettingsMissing is the settings module the production server's
	// entry module defaults to when nothing in the repository or the
	// authors' image makes it: the image names manage.py's instead.
	EntrySettingsMissing *MissingSettings `json:"entry_settings_missing,omitempty"`
	// staticDirs are STATICFILES_DIRS folders not in the checkout, for
	// nodebuild.go: built by a node stage, or a node blocker.
	staticDirs []servedDir
	// appStatics are the static/ folders of the project's own apps in
	// INSTALLED_APPS (AppDirectoriesFinder collects them), committed or
	// not: a node build writing into one makes files the site serves.
	appStatics []servedDir
	// manifestDirs are the folders of the manifest or stats files the
	// settings' bundler integration reads (nodebuild.toml's
	// manifest_setting rows), not in the checkout.
	manifestDirs []servedDir
	// ManifestStorage is a static storage that serves from the manifest
	// collectstatic writes (Django's ManifestStaticFilesStorage and its
	// subclasses, named *Manifest*Storage by convention), and where.
	ManifestStorage     string  `json:"manifest_storage,omitempty"`
	ManifestStorageFrom *Source `json:"manifest_storage_source,omitempty"`
	// CompressOffline: COMPRESS_OFFLINE = True, so manage.py compress runs
	// after collectstatic.
	CompressOffline bool `json:"compress_offline,omitempty"`
	// GIS is where the settings name GeoDjango (django.contrib.gis).
	GIS *Source `json:"gis,omitempty"`
	// GISBackends are the GeoDjango database backends the settings name
	// (django.contrib.gis.db.backends.spatialite): each loads its own
	// library, which plan looks up in native.toml.
	GISBackends []string `json:"gis_backends,omitempty"`
	// Dir is the directory of manage.py ("" at the root): the import root
	// of the Django project, on PYTHONPATH in the image.
	Dir string `json:"dir,omitempty"`
	// TestProjectOf is the manifest of the package the repository
	// distributes when Dir is, by its name, a project kept to test or demo
	// it (test_project/, sandbox/): the image serves test settings.
	TestProjectOf string `json:"test_project_of,omitempty"`
	// Guard is where manage.py refuses direct use (it exits under a test
	// of sys.argv): the authors' launcher runs the site, not a server
	// pydock puts around the WSGI module.
	Guard *Source `json:"guard,omitempty"`
	// RequiredEnv are the variables the settings read at import with no
	// default: collectstatic at build time needs a throwaway value for each.
	RequiredEnv []EnvRead `json:"required_env,omitempty"`
	// StartChecks are the settings the code imported at start raises on
	// when unset (their variables are in RequiredEnv).
	StartChecks []StartCheck `json:"start_checks,omitempty"`
	// SecretEnv is the environment variable settings.py reads SECRET_KEY
	// from, so collectstatic can get a throwaway value at build time only.
	SecretEnv string `json:"secret_env,omitempty"`
	// Debug is set when the settings leave DEBUG on unless a variable
	// turns it off (or write DEBUG = True); CommittedSecret is where they
	// set SECRET_KEY to a literal committed with the code.
	Debug *DebugDefault `json:"debug,omitempty"`
	// UnmigratedApps are the project's apps with models and no migrations
	// folder; Commands the management commands its apps define.
	UnmigratedApps []UnmigratedApp `json:"unmigrated_apps,omitempty"`
	// Databases are the aliases of DATABASES beyond "default", in the
	// settings' order (djangodatabases.go), DatabasesFrom where it is set.
	Databases       []string `json:"databases,omitempty"`
	DatabasesFrom   Source   `json:"databases_from,omitzero"`
	Commands        []string `json:"commands,omitempty"`
	CommittedSecret *Source  `json:"committed_secret,omitempty"`
	// Off are the settings of catalogues.toml's off_setting the site sets
	// to False as written, at module level (USE_I18N = False), where: a
	// later assignment undoes it.
	Off map[string]Source `json:"-"`
	// apps are the INSTALLED_APPS entries (djangoworkers.go reads them)
	// and queues the keys of the settings dicts that name worker queues.
	apps   []installedApp
	queues map[string][]string
	// Writable are the places the site writes at run time (MEDIA_ROOT, a
	// SQLite database's folder), as the settings spell them.
	Source Source `json:"source"`
}

// MissingSettings is a settings module named where it is no file.
type MissingSettings struct {
	Module string `json:"module"`
	Source Source `json:"source"`
	// Template is the development template committed in its place (Dev
	// says why it is one), which the image does not make it from.
	Template string  `json:"template,omitempty"`
	Dev      *Source `json:"development,omitempty"`
}
