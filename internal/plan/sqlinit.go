package plan

import (
	"slices"
	"strings"

	"github.com/pydock/pydock/internal/detect"
)

// sqlInit gives compose's database the project's Flyway-named SQL files
// when they are its only schema source: nothing else migrates, and the
// database image runs a folder of SQL files by name on an empty volume.
// Only when name order is version order (V10 sorts before V2) and the
// folder holds nothing else initdb would run.
func (p *Plan) sqlInit(f *detect.Facts) {
	m := f.SQLMigrations
	if m == nil || p.Migration != nil || p.Django != nil || len(f.Migrations) > 0 || len(f.CLIMigrations) > 0 {
		return
	}
	for _, t := range migrationTools {
		if t.pkg != "" && f.Dep(t.pkg) != nil {
			return // a migration tool's project: its own note says what runs
		}
	}
	i := slices.IndexFunc(p.Services, func(s Service) bool { return s.Name == "db" && s.InitDir != "" })
	if i < 0 {
		p.Notes = append(p.Notes, m.Dir+" holds Flyway-named SQL files ("+strings.Join(m.Files, ", ")+") and compose runs no database that applies them: apply them to your database before the app starts")
		return
	}
	db := &p.Services[i]
	switch {
	case len(m.Others) > 0:
		p.Warnings = append(p.Warnings, m.Dir+" holds "+strings.Join(m.Others, ", ")+" beside the versioned files, which the "+db.Kind+" image's initdb would run too: not mounted; apply "+strings.Join(m.Files, ", ")+" yourself (Flyway) before the app starts")
	case !m.NameOrder:
		p.Warnings = append(p.Warnings, m.Dir+": the "+db.Kind+" image's initdb runs SQL files in name order, which is not their version order ("+strings.Join(m.Files, ", ")+" by version): not mounted; apply them yourself (Flyway) before the app starts, or rename them with zero-padded versions (V01__…)")
	default:
		db.InitSource = "./" + m.Dir
		why := "Flyway-named SQL files (" + strings.Join(m.Files, ", ") + ") are the only schema source; compose mounts " + m.Dir + " read-only at " + db.InitDir + " of the " + db.Kind + " image, which runs them in name order (their version order) on a fresh volume only: after a schema change, remove the volume (docker compose down -v) or apply the new file yourself"
		p.decide("schema", m.Dir, why)
		p.Notes = append(p.Notes, "the database runs the SQL files in "+m.Dir+"/ on a fresh volume only: after adding one, apply it yourself or recreate the volume (docker compose down -v)")
	}
}
