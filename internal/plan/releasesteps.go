package plan

import (
	"path"
	"regexp"
	"slices"
	"strings"

	"github.com/pydock/pydock/internal/detect"
)

// djangoStartCommands are Django's own management commands as the authors'
// start scripts run them before the server: run in compose's one-off, or
// not (makemigrations writes into the code, which is read-only to the app
// user: its migrations belong in the repository).
// Source: https://docs.djangoproject.com/en/stable/ref/django-admin/
var djangoStartCommands = map[string]bool{
	"migrate":          true,
	"createcachetable": true,
	"makemigrations":   false,
}

// upgradeWords are the subcommand words of a project's console script that
// upgrade its schema (ftcli db upgrade, app migrate).
var upgradeWords = []string{"upgrade", "migrate"}

// migrationReleases are releaseSteps' names that are schema migrations.
var migrationReleases = []string{"Django migrations", "Flask-Migrate migrations", "Alembic migrations", "Aerich migrations"}

// plainWordRe is a word the shell reads as itself.
var plainWordRe = regexp.MustCompile(`^[A-Za-z0-9_./:=@%+,-]+$`)

// shellText spells argv for sh -c: plain words as they are, the rest
// single-quoted.
func shellText(argv []string) string {
	out := make([]string, len(argv))
	for i, a := range argv {
		if plainWordRe.MatchString(a) {
			out[i] = a
		} else {
			out[i] = "'" + strings.ReplaceAll(a, "'", `'\''`) + "'"
		}
	}
	return strings.Join(out, " ")
}

// authorsMigration builds compose's one-off from the steps the authors'
// start script runs before its server: their schema upgrade (a migration
// tool's command, or their console script's upgrade subcommand) and the
// project's own management commands, in their order; Django's migrate in
// pydock's form. ok is false when the script upgrades nothing pydock can
// run (then the table decides).
func (p *Plan) authorsMigration(f *detect.Facts, djangoMigrate []string) (argv []string, why string, ok bool) {
	var texts, skipped []string
	var from []string
	built := "" // the script's collectstatic, which the image runs at build time
	migrates := false
	makemigrations := ""
	scripts := map[string]bool{}
	for _, s := range f.Scripts {
		scripts[s.Name] = true
	}
	for _, st := range f.ScriptSteps {
		a := st.Argv
		run, text, isMigrate := false, st.Text, false
		manage := slices.IndexFunc(a, func(w string) bool { return path.Base(w) == "manage.py" })
		switch {
		case f.Django != nil && manage >= 0 && manage+1 < len(a):
			cmd := a[manage+1]
			runs, known := djangoStartCommands[cmd]
			switch {
			case cmd == "migrate":
				run, isMigrate, text = true, true, shellText(djangoMigrate)
			case known && !runs:
				if cmd == "makemigrations" && makemigrations == "" {
					makemigrations = st.Source.String()
				}
			case known || slices.Contains(f.Django.Commands, cmd):
				run = true
			}
		case slices.Contains(migrationReleases, releaseOf(a)):
			run, isMigrate = true, true
		case f.Packaged && scripts[a[0]] && slices.ContainsFunc(a[1:], func(w string) bool { return slices.Contains(upgradeWords, w) }):
			run, isMigrate = true, true
		case st.OwnScript != "":
			// The project's own script in its pre-start script: a release
			// step by the authors' word (waiting for the db, seeding it).
			run = true
		}
		if run && (len(st.Reads) > 0 || strings.Contains(st.Text, "$")) {
			// A value the script computes is shell, not data pydock copies,
			// and one from its environment may not reach the one-off.
			run = false
			p.Warnings = append(p.Warnings, st.Source.String()+": compose's migrate one-off does not run the authors' step "+st.Text+": "+readsWhy(st.Reads)+"; run it yourself, with that value, as a release step before the app starts")
		}
		if !run && manage >= 0 && manage+1 < len(a) && a[manage+1] == "collectstatic" && p.Django != nil && p.Django.CollectStatic {
			built = st.Source.String()
			continue
		}
		if !run {
			// Named when it is the project's (manage.py, python, a console
			// script); the shell's own plumbing is not.
			if manage >= 0 || scripts[a[0]] || strings.HasPrefix(path.Base(a[0]), "python") {
				skipped = append(skipped, st.Text)
			}
			continue
		}
		migrates = migrates || isMigrate
		if !slices.Contains(texts, text) {
			texts = append(texts, text)
			from = append(from, st.Source.String())
		}
	}
	if makemigrations != "" {
		p.djangoMakemigrations = makemigrations
	}
	if len(texts) == 0 || f.Django == nil && !migrates {
		return nil, "", false
	}
	if f.Django != nil && !migrates {
		texts = append([]string{shellText(djangoMigrate)}, texts...)
	}
	why = "the steps the authors' start script runs before its server (" + strings.Join(dedupe(from), ", ") + ")"
	if slices.ContainsFunc(f.ScriptSteps, func(st detect.ScriptStep) bool { return st.PreStart }) {
		why = "the steps of the authors' pre-start script, which they run once before the app (" + strings.Join(dedupe(from), ", ") + ")"
	}
	if built != "" {
		why += "; collectstatic runs at build time (the image's step, for " + built + ")"
	}
	if len(skipped) > 0 {
		why += "; not run here: " + strings.Join(skipped, "; ")
	}
	if len(texts) == 1 {
		for _, st := range f.ScriptSteps {
			if st.Text == texts[0] {
				return st.Argv, why, true
			}
		}
		return djangoMigrate, why, true
	}
	return []string{"/bin/sh", "-c", strings.Join(texts, " && ")}, why, true
}

// readsWhy says what a script's step reads that compose's one-off lacks.
func readsWhy(reads []detect.ScriptRead) string {
	if len(reads) == 0 {
		return "its words expand in the script's shell, which pydock does not copy"
	}
	var parts []string
	for _, r := range reads {
		switch {
		case r.Set != nil:
			parts = append(parts, r.Name+", which the script sets itself ("+r.Set.String()+")")
		case !plainWordRe.MatchString(r.Name) || r.Name[0] >= '0' && r.Name[0] <= '9':
			parts = append(parts, "$"+r.Name+", the script's own arguments")
		default:
			parts = append(parts, r.Name+", which the script takes from its environment")
		}
	}
	return "it reads " + strings.Join(parts, ", and ")
}

// unmigratedWarnings name the project's apps whose tables migrate never
// creates: models, and no migrations folder to create them from.
func (p *Plan) unmigratedWarnings(f *detect.Facts) {
	if f.Django == nil || len(f.Django.UnmigratedApps) == 0 {
		return
	}
	var mods, labels, at []string
	for _, a := range f.Django.UnmigratedApps {
		mods = append(mods, a.Module)
		labels = append(labels, a.Module[strings.LastIndex(a.Module, ".")+1:])
		at = append(at, a.Source.String())
	}
	verb := "has"
	if len(mods) > 1 {
		verb = "have"
	}
	w := strings.Join(mods, ", ") + " " + verb + " models.py but no migrations folder (in INSTALLED_APPS, " + strings.Join(dedupe(at), ", ") + "): plain migrate creates none of their tables"
	if p.djangoMakemigrations != "" {
		w += "; the authors' " + p.djangoMakemigrations + " runs makemigrations at start, which the image cannot (its code is read-only to the app, and each replica would write its own)"
	}
	p.Warnings = append(p.Warnings, w+"; compose's migrate runs it with --run-syncdb, which creates their tables as the models stand but never alters them later: run `python manage.py makemigrations "+strings.Join(labels, " ")+"` and commit the migrations")
}

// cliMigration is the project's CLI subcommand that runs tool's
// migrations, when the image has its entry: a console script installed by
// the project's wheel, or for python -m a package the image imports (the
// wheel ships it, or it lies in the working directory or an import root).
func cliMigration(f *detect.Facts, tool string) *detect.CLIMigration {
	for i, m := range f.CLIMigrations {
		if m.Tool != tool {
			continue
		}
		runs := f.Packaged
		if m.Module != "" {
			runs = m.Root == "" || slices.Contains(f.ImportRoots, m.Root) || f.Packaged && f.NotBuilt == "" && f.Ships(m.Module)
		}
		if runs {
			return &f.CLIMigrations[i]
		}
	}
	return nil
}

// cliMigrationWhy says what the CLI migration is and why it counts.
func cliMigrationWhy(m *detect.CLIMigration) string {
	run := "`" + strings.Join(m.Argv, " ") + "`"
	of := "a subcommand of the project's console script"
	if m.Module != "" {
		of = "a subcommand of the CLI that `python -m " + m.Module + "` runs"
	}
	if m.Named {
		return run + " is the project's migration command (" + m.Source.String() + ", " + of + ", named as one with " + m.Tool + " a dependency)"
	}
	return run + " runs " + m.Tool + "'s upgrade (" + m.Source.String() + "), " + of
}
