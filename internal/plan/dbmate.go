package plan

import (
	"slices"
	"strings"

	"github.com/pydock/pydock/internal/detect"
)

// DbmateImage is dbmate's own image: the dbmate binary with the database
// clients its schema dump uses; its entrypoint is dbmate. Pinned like the
// services' images (DC005): bump it with the goldens.
// https://github.com/amacneil/dbmate#installation (Docker:
// ghcr.io/amacneil/dbmate); tags from its release workflow (semver
// {{version}}, .github/workflows/ci.yml), linux/amd64 and linux/arm64.
const DbmateImage = "ghcr.io/amacneil/dbmate:2.35.0"

// dbmateURLVar is the variable the migrate service reads its database URL
// from (dbmate --env): not DATABASE_URL, which the app may read with a
// value of its own when the credentials file holds both.
const dbmateURLVar = "MIGRATE_DATABASE_URL"

// dbmateMount is where the migrations folder is mounted in dbmate's image.
const dbmateMount = "/db/migrations"

// MigrationMount is a folder of the repository a migration image reads,
// bound read-only.
type MigrationMount struct{ Source, Target string }

// dbmateMigration runs the project's dbmate migrations in compose's
// migrate one-off when no Python tool migrates: dbmate is a Go binary, not
// in the app's image, so the one-off runs dbmate's image on the folder,
// against compose's database, and the app waits for it as for any
// migrate service.
func (p *Plan) dbmateMigration(f *detect.Facts) {
	m := f.Dbmate
	if m == nil || p.Migration != nil {
		return
	}
	found := "dbmate migrations in " + m.Dir + " (" + strings.Join(m.Files, ", ") + "; " + m.Source.String() + " opens an up block with -- migrate:up)"
	argv := []string{"--env", dbmateURLVar, "--migrations-dir", dbmateMount, "--no-dump-schema", "up"}
	i := slices.IndexFunc(p.Services, func(s Service) bool { return s.Name == "db" })
	if i < 0 {
		run := "`dbmate --migrations-dir " + m.Dir + " up`"
		p.Notes = append(p.Notes, found+", but no database service in compose: no migrate one-off; run "+run+" against your database (DATABASE_URL) before the app starts")
		p.decide("migrations", "none", found+"; no database service in compose")
		return
	}
	db := p.Services[i]
	url := dbmateURL(db)
	if url == "" {
		p.Notes = append(p.Notes, found+", but pydock has no dbmate URL for compose's "+db.Kind+": run `dbmate up` against it before the app starts")
		p.decide("migrations", "none", found+"; no dbmate URL for "+db.Kind)
		return
	}
	source := m.Dir
	if !strings.HasPrefix(source, "../") {
		source = "./" + source
	}
	p.Migration = &Migration{
		Tool:      "dbmate",
		Command:   argv,
		Image:     DbmateImage,
		Mount:     &MigrationMount{Source: source, Target: dbmateMount},
		Env:       []EnvVar{{dbmateURLVar, url}},
		DependsOn: []string{db.Name},
	}
	p.Release = slices.DeleteFunc(p.Release, func(r ReleaseStep) bool {
		return slices.Contains(migrationReleases, releaseOf(r.Command))
	})
	p.decide("migrations", "dbmate up ("+DbmateImage+")", found+"; run once by compose's migrate service from dbmate's image, "+m.Dir+" mounted read-only at "+dbmateMount+", against compose's "+db.Kind+" once it is healthy; the app waits for it; --no-dump-schema: the mount is read-only and the committed schema file stays the authors'; https://github.com/amacneil/dbmate#command-line-options (--env, --migrations-dir, --no-dump-schema)")
}

// dbmateURL is compose's database as dbmate connects to it: the app's URL
// of the service, and for PostgreSQL sslmode=disable, since dbmate's
// driver asks for TLS by default and compose's server offers none
// (https://github.com/amacneil/dbmate#postgresql).
func dbmateURL(db Service) string {
	for _, k := range serviceKinds {
		if k.kind != db.Kind {
			continue
		}
		for _, e := range k.make().AppEnv {
			if e.Name != "DATABASE_URL" {
				continue
			}
			switch db.Kind {
			case "postgres":
				_, rest, _ := strings.Cut(e.Value, "://")
				return "postgres://" + rest + "?sslmode=disable"
			case "mysql":
				return e.Value
			}
		}
	}
	return ""
}

// migrationEnvSection is the credentials file's section for the migrate
// service's variables that carry a service's password.
func (p *Plan) migrationEnvSection(set map[string]bool) *EnvSection {
	if p.Migration == nil {
		return nil
	}
	var vars []EnvVar
	for _, e := range p.Migration.Env {
		if p.holdsPassword(e.Value) && !set[e.Name] {
			set[e.Name] = true
			vars = append(vars, EnvVar{e.Name, p.literal(e.Value)})
		}
	}
	if len(vars) == 0 {
		return nil
	}
	return &EnvSection{Comment: []string{
		"The migrate service (" + p.Migration.Image + "): the database URL it migrates, with",
		"the db service's password above. Change it with that password.",
	}, Vars: vars}
}

// MigrationReadsCredentials reports whether the migrate service reads a
// password from the credentials file.
func (p *Plan) MigrationReadsCredentials() bool {
	return p.Migration != nil && p.CredentialsFile != "" && slices.ContainsFunc(p.Migration.Env, func(e EnvVar) bool { return p.holdsPassword(e.Value) })
}
