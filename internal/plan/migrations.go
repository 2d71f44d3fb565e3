package plan

import (
	"path"
	"slices"
	"strings"

	"github.com/pydock/pydock/internal/detect"
)

// migrationTool is a schema migration tool compose runs once, in its
// migrate service, before the app (and the worker) start: in every
// replica's CMD the migrations would race each other.
type migrationTool struct {
	tool string // detect.Migration's Tool; "django" for manage.py
	// pkg is the distribution that installs the command ("": not checked).
	pkg string
	// command is the argv; an element "{app}" or "{manage.py}" is replaced
	// whole by that value, never spliced into a shell string. nil: pydock
	// knows the tool but has no command it can run (a note says so).
	command []string
	// release is releaseSteps' name for the same command: compose's release
	// service does not run it a second time.
	release string
	// needsDB: the command migrates compose's database service; without one
	// there is nothing for a one-off to migrate (sqlite lives in the app's
	// own container), so a note says how to run it instead.
	needsDB bool
	// lacks says what is missing when pkg is a dependency but detect found
	// no evidence of its setup.
	lacks  string
	source string
}

// migrationTools: the first row whose evidence is complete wins,
// Flask-Migrate before Alembic, which it drives.
var migrationTools = []migrationTool{
	{
		tool:    "django",
		command: []string{"python", "{manage.py}", "migrate", "--noinput"},
		release: "Django migrations",
		source:  "https://docs.djangoproject.com/en/stable/ref/django-admin/#migrate (--noinput: no prompt in a one-off)",
	},
	{
		tool: "flask-migrate", pkg: "flask-migrate",
		command: []string{"flask", "--app", "{app}", "db", "upgrade"},
		release: "Flask-Migrate migrations", needsDB: true,
		lacks:  "no module of the project imports flask_migrate",
		source: "https://flask-migrate.readthedocs.io/en/latest/#command-reference (flask db upgrade; the folder is Migrate's directory, migrations by default); https://flask.palletsprojects.com/en/stable/cli/#application-discovery (--app, Flask 2.2+)",
	},
	{
		tool: "alembic", pkg: "alembic",
		command: []string{"alembic", "upgrade", "head"},
		release: "Alembic migrations", needsDB: true,
		lacks:  "there is no alembic.ini at the project root or beside an import root (src/) for `alembic upgrade head` to read, and no subcommand of the project's console scripts runs its upgrade",
		source: "https://alembic.sqlalchemy.org/en/latest/tutorial.html#running-our-first-migration (alembic upgrade head reads ./alembic.ini's script_location)",
	},
	{
		tool: "yoyo", pkg: "yoyo-migrations",
		lacks:  "pydock has no command for it (`yoyo apply` takes the database from yoyo.ini or its argument, which compose does not set), and no subcommand of the project's console scripts runs it",
		source: "https://ollycope.com/software/yoyo/latest/#command-line-usage (yoyo apply --database URL DIR, or the database and sources of yoyo.ini)",
	},
	{
		tool: "peewee-migrate", pkg: "peewee-migrate",
		lacks:  "pydock has no command for it (`pw_migrate migrate` takes the database URL as an argument, which compose does not pass as argv)",
		source: "https://github.com/klen/peewee_migrate (README, Run migrations: pw_migrate migrate --database URL --directory DIR)",
	},
}

// Migration is compose's one-off migrate service.
type Migration struct {
	Tool    string
	Command []string
	// Workdir is where it runs when that is not the image's working
	// directory: beside an alembic.ini in src/.
	Workdir string
	// Image, when set, runs Command instead of the app's image (a tool
	// that is no Python package: dbmate.go), with Mount bound read-only,
	// Env set, and the services of DependsOn healthy.
	Image     string
	Mount     *MigrationMount
	Env       []EnvVar
	DependsOn []string
}

// chooseMigration picks the project's migration tool from the table, with
// the evidence detect found, and records why or why not in detect's output
// and the notes. Django's row keeps its old rule: it runs whatever the
// database.
func (p *Plan) chooseMigration(f *detect.Facts) {
	hasDB := slices.ContainsFunc(p.Services, func(s Service) bool { return s.Name == "db" })
	released := func(what string) bool {
		return slices.ContainsFunc(p.Release, func(r ReleaseStep) bool { return releaseOf(r.Command) == what })
	}
	var djangoMigrate []string
	if p.Django != nil {
		djangoMigrate = append([]string{"python", p.Django.ManagePy, "migrate", "--noinput"}, syncdb(f)...)
	}
	authors, authorsWhy, ok := p.authorsMigration(f, djangoMigrate)
	p.unmigratedWarnings(f)
	if ok {
		if f.Django == nil && !hasDB {
			run := "`" + strings.Join(authors, " ") + "`"
			p.Notes = append(p.Notes, authorsWhy+", but no database service in compose: no migrate one-off; run "+run+" against your database before the app starts")
			p.decide("migrations", "none", authorsWhy+"; no database service in compose")
			return
		}
		p.useMigration("authors", authors, authorsWhy+"; run once by compose's migrate service, which the app waits for")
		return
	}
	// The project's own command that wraps a tool whose files pydock
	// cannot run directly (alembic.ini inside the package).
	cli := func(tool string) bool {
		m := cliMigration(f, tool)
		if m == nil || !hasDB {
			return false
		}
		p.useMigration(tool, m.Argv, cliMigrationWhy(m)+"; run once by compose's migrate service, which the app waits for")
		return true
	}
	var notes []string  // why no row ran, said only when none does
	var passed []string // rows whose evidence is incomplete, said when a later row runs
	for _, t := range migrationTools {
		vals := map[string]string{}
		var why string
		i := slices.IndexFunc(f.Migrations, func(m detect.Migration) bool { return m.Tool == t.tool })
		switch {
		case t.tool == "django":
			if p.Django == nil {
				continue
			}
			vals["{manage.py}"] = p.Django.ManagePy
			why = "Django's manage.py (" + f.Django.Source.String() + ")"
		case i < 0 || t.command == nil:
			// A dependency alone: say so, unless a release step runs it.
			if d := f.Dep(t.pkg); d != nil && t.lacks != "" && (t.release == "" || !released(t.release)) {
				if cli(t.tool) {
					return
				}
				notes = append(notes, t.pkg+" is a dependency ("+d.Source.String()+"), but "+t.lacks+": compose runs no migrations; run them before the app starts")
			}
			continue
		default:
			m := f.Migrations[i]
			found := t.tool + " (" + m.Source.String() + ")"
			if m.Missing != "" {
				if cli(t.tool) {
					return
				}
				notes = append(notes, found+" is used, but "+m.Missing+": compose runs no migrations; run them before the app starts")
				passed = append(passed, found+" is not run: "+m.Missing)
				continue
			}
			why = found + ", its environment " + path.Join(m.Scripts, "env.py")
			if m.Dir != "" && t.tool == "flask-migrate" {
				why += "; run from " + m.Dir + ", the app's folder, which Migrate's directory is relative to"
			} else if m.Dir != "" {
				why += "; run from " + m.Dir + ", the folder of its ini, which script_location is relative to"
			}
			if t.tool == "flask-migrate" {
				app, from := m.App, "FLASK_APP in "+m.AppFrom.String()
				if app == "" && f.App != nil {
					app, from = f.App.String(), "the app the server runs"
					if f.App.Factory && !strings.HasSuffix(app, ")") {
						app += "()" // flask --app calls a factory written so
					}
				}
				if app == "" {
					notes = append(notes, found+" is used, but pydock found no Flask app to pass to `flask --app`: compose runs no migrations; set FLASK_APP in .flaskenv and regenerate")
					continue
				}
				vals["{app}"] = app
				why += "; app " + app + " (" + from + ")"
			}
		}
		argv := make([]string, len(t.command))
		for i, a := range t.command {
			if v, ok := vals[a]; ok {
				a = v
			}
			argv[i] = a
		}
		if t.tool == "django" {
			argv = append(argv, syncdb(f)...)
			argv, why = djangoDatabases(f, argv, why)
		}
		run := "`" + strings.Join(argv, " ") + "`"
		if t.pkg != "" && !f.IsInstalled(t.pkg) {
			notes = append(notes, why+", but "+t.pkg+" is not among the dependencies: compose runs no migrations; add it, or run "+run+" yourself")
			continue
		}
		if t.needsDB && !hasDB {
			notes = append(notes, why+", but no database service in compose (the app's database is not one pydock runs): no migrate one-off; run "+run+" against your database before the app starts")
			continue
		}
		if len(passed) > 0 {
			why += "; " + strings.Join(passed, "; ")
		}
		p.useMigration(t.tool, argv, why+"; run once by compose's migrate service, which the app waits for; "+t.source)
		if i >= 0 && f.Migrations[i].Dir != "" {
			p.Migration.Workdir = path.Join(AppDir, p.MemberDir, f.Migrations[i].Dir)
		}
		return
	}
	if len(notes) > 0 {
		p.Notes = append(p.Notes, notes...)
		p.decide("migrations", "none", strings.Join(notes, "; "))
	}
}

// useMigration sets compose's migrate one-off. The same migrations from a
// Procfile or a start command: the migrate service runs them, the release
// service need not.
func (p *Plan) useMigration(tool string, argv []string, why string) {
	p.Migration = &Migration{Tool: tool, Command: argv}
	p.Release = slices.DeleteFunc(p.Release, func(r ReleaseStep) bool {
		return slices.Contains(migrationReleases, releaseOf(r.Command))
	})
	p.decide("migrations", strings.Join(argv, " "), why)
}

// launcherMigration gives compose's one-off the launcher's own init when
// the app runs through a launcher that initialises its data directory
// (migrations and the folder's layout): manage.py migrate alone leaves the
// folder uninitialised, and such launchers guard their manage.py.
func (p *Plan) launcherMigration(f *detect.Facts) {
	l := launcherOf(serverArgv(p.Command))
	if l == nil {
		l = ownLauncher(f)
	}
	if p.Migration == nil || p.Migration.Image != "" || l == nil || len(l.InitCommand) == 0 {
		return
	}
	p.Migration.Command = slices.Clone(l.InitCommand)
	for i, n := range p.Notes {
		if strings.HasPrefix(n, djangoMigrateNote) {
			p.Notes[i] = djangoMigrateNote + "; in production run `" + strings.Join(l.InitCommand, " ") + "` as a release step"
		}
	}
	p.amend("migrations", strings.Join(l.InitCommand, " "), l.Name+" initialises its data directory and migrates with its own command, run once by compose's migrate service ("+l.DataSource+")")
}

// ownLauncher is the launcher row of the project itself: its wheel is the
// launcher's package and installs the launcher's program, so its init is
// in the image whatever serves the app.
func ownLauncher(f *detect.Facts) *server {
	if !f.Packaged || f.NotBuilt != "" {
		return nil
	}
	for i := range launchers {
		l := &launchers[i]
		if l.Package == f.Name && slices.ContainsFunc(f.Scripts, func(s detect.Script) bool { return s.Name == l.Program }) {
			return l
		}
	}
	return nil
}

// leaveDBToMigration keeps compose's database server from creating the
// app's database when the migrate one-off is a command that creates it
// itself when missing and otherwise only upgrades it: the postgres image
// creates POSTGRES_DB empty on a fresh volume, which sends such a command
// down its upgrade path on an empty database. POSTGRES_DB names the
// server's default database instead (the image's superuser may create
// the app's); the app's URL still names its own.
func (p *Plan) leaveDBToMigration(f *detect.Facts) {
	if p.Migration == nil {
		return
	}
	var m *detect.CLIMigration
	for i := range f.CLIMigrations {
		if c := &f.CLIMigrations[i]; c.IfNoDB != nil && slices.Equal(c.Argv, p.Migration.Command) {
			m = c
		}
	}
	i := slices.IndexFunc(p.Services, func(s Service) bool { return s.Name == "db" })
	if m == nil || i < 0 {
		return
	}
	db := &p.Services[i]
	run := "`" + strings.Join(m.Argv, " ") + "`"
	if db.Kind != "postgres" {
		p.Warnings = append(p.Warnings, run+" creates its database when it is missing and otherwise only upgrades it ("+m.IfNoDB.String()+"), but compose's "+db.Kind+" creates the app's database empty on a fresh volume: the first run takes the upgrade path; create the schema yourself or let the command create the database")
		return
	}
	for j := range db.Env {
		if db.Env[j].Name == "POSTGRES_DB" {
			db.Env[j].Value = "postgres"
		}
	}
	db.HealthCheck = []string{"CMD-SHELL", "pg_isready -U app -d postgres"}
	p.amend("migrations", strings.Join(p.Migration.Command, " "), "it creates and initialises the app's database when database_exists says it is missing, and only upgrades one that exists ("+m.IfNoDB.String()+"): compose's postgres keeps only its default database (POSTGRES_DB=postgres) so the first run creates the app's; https://hub.docker.com/_/postgres (POSTGRES_DB: the database created on a fresh volume)")
}

// schemaInit runs the project's own schema creation before an Alembic or
// Flask-Migrate upgrade when its history starts from tables it never
// creates: the command creates and stamps an empty database (so the upgrade
// finds nothing to do) and leaves an existing one to the upgrade.
func (p *Plan) schemaInit(f *detect.Facts) {
	si := f.SchemaInit
	if p.Migration == nil || si == nil || p.Migration.Tool == "django" || p.Migration.Workdir != "" || p.Migration.Image != "" {
		return
	}
	if prog, ok := p.missingProgram(f, si.Argv); !ok {
		p.Notes = append(p.Notes, "the project's "+si.Name+" ("+si.Source.String()+") creates an empty database's schema, but the image does not have "+prog+": compose's migrate runs the upgrade alone, which may fail on a fresh database")
		return
	}
	up := p.Migration.Command
	upText := shellText(up)
	if len(up) == 3 && up[0] == "/bin/sh" && up[1] == "-c" {
		upText = up[2]
	}
	p.Migration.Command = []string{"/bin/sh", "-c", shellText(si.Argv) + " && " + upText}
	p.amend("migrations", strings.Join(p.Migration.Command, " "), "first the project's "+si.Name+" ("+si.Source.String()+"), which the authors run for a fresh install ("+si.From.String()+"): on an empty database it creates the tables from the models and stamps the migration head under the check at "+si.Guard.String()+", so the upgrade after it has nothing to do; on an existing database it does nothing and the upgrade migrates")
}

// djangoDatabases migrates, after the default database, each other one
// the settings name: migrate works on one database at a time, and the
// project's routers say which apps go where.
// https://docs.djangoproject.com/en/stable/topics/db/multi-db/#synchronizing-your-databases
func djangoDatabases(f *detect.Facts, argv []string, why string) ([]string, string) {
	if f.Django == nil || len(f.Django.Databases) == 0 {
		return argv, why
	}
	steps := []string{shellText(argv)}
	for _, a := range f.Django.Databases {
		steps = append(steps, shellText(append(slices.Clone(argv), "--database="+a)))
	}
	return []string{"/bin/sh", "-c", strings.Join(steps, " && ")}, why + "; then each other database the settings name (" + strings.Join(f.Django.Databases, ", ") + ", " + f.Django.DatabasesFrom.String() + "), since migrate works on one database at a time: https://docs.djangoproject.com/en/stable/topics/db/multi-db/#synchronizing-your-databases"
}

// syncdb is migrate's flag that creates the tables of the apps with
// models and no migrations folder, which plain migrate leaves out and
// makemigrations cannot write into the image's read-only code; it
// touches no app that has migrations.
// https://docs.djangoproject.com/en/stable/ref/django-admin/#cmdoption-migrate-run-syncdb
func syncdb(f *detect.Facts) []string {
	if f.Django == nil || len(f.Django.UnmigratedApps) == 0 {
		return nil
	}
	return []string{"--run-syncdb"}
}

// djangoMigrateNote opens the note on a Django site's migrations.
const djangoMigrateNote = "django migrations are not run by the image (every replica would race): compose runs them once in the migrate service"
