package cli

import (
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"strings"

	"github.com/pydock/pydock/internal/detect"
	"github.com/pydock/pydock/internal/plan"
	"github.com/pydock/pydock/internal/write"
)

// shadows are files a user may keep in place of one of pydock's, where
// writing pydock's beside it would shadow it (the tool reads pydock's
// name first) or leave two files for one purpose.
var shadows = []struct{ ours, theirs, source string }{
	{"compose.yaml", "compose.yml", "Compose file lookup: compose.yaml, compose.yml, docker-compose.yaml, docker-compose.yml, first found wins (docs.docker.com/compose/intro/compose-application-model)"},
	{"compose.yaml", "docker-compose.yaml", "same lookup"},
	{"compose.yaml", "docker-compose.yml", "same lookup"},
	{"Dockerfile", "Containerfile", "podman build and buildah use Containerfile before Dockerfile (podman-build(1))"},
	{".env.example", ".env.sample", "the names projects give the committed copy of .env besides .env.example (dotenv and framework docs)"},
	{".env.example", ".env.template", "same names"},
	{".env.example", ".env.dist", "same names (Symfony's convention)"},
	{".env.example", "env.example", "same names"},
}

// companions are pydock's own names that a user's file may already hold:
// the project builds without pydock's version, so it is left alone (not
// refused, as a user's Dockerfile is) unless --force takes it over.
var companions = map[string]bool{".dockerignore": true, "compose.yaml": true, ".env.example": true}

// listings are pydock's files that only list what a file of the user's
// should hold: a user's own also documents the app's other settings, so
// even --force leaves it, and pydock names the variables it lacks.
var listings = map[string]bool{".env.example": true}

// shadowed is the first file of the user's in dir that pydock's file ours
// would shadow, "" when there is none.
func shadowed(dir, ours string) string {
	for _, s := range shadows {
		if s.ours == ours {
			if _, err := os.Lstat(filepath.Join(dir, filepath.FromSlash(s.theirs))); err == nil {
				return s.theirs
			}
		}
	}
	return ""
}

// leftAlone is one of the user's files pydock does not touch this run.
type leftAlone struct{ path, why string }

// usersFiles drops the states whose file would shadow or replace a file
// of the user's, naming it; with force it keeps them and returns the
// moves that take the user's files over (each kept as a backup).
func usersFiles(dir string, states []fileState, force bool) ([]fileState, []leftAlone, []write.File) {
	var kept []fileState
	var left []leftAlone
	var moves []write.File
	for _, st := range states {
		theirs := shadowed(dir, st.path)
		switch {
		case listings[st.path] && (theirs != "" || st.status == statusForeign):
			name := theirs
			if name == "" {
				name = st.path
			}
			left = append(left, leftAlone{name, "not written by pydock; pydock leaves it alone and writes no " + st.path + lacking(filepath.Join(dir, filepath.FromSlash(name)), st.render)})
			continue
		case theirs != "" && force:
			moves = append(moves, write.File{Path: theirs, MoveAside: true})
		case theirs != "":
			left = append(left, leftAlone{theirs, fmt.Sprintf("not written by pydock; pydock leaves it alone and writes no %s beside it (that would shadow it); --force takes it over, keeping %s.pydock-bak", st.path, theirs)})
			continue
		case st.status == statusForeign && companions[st.path] && !force:
			left = append(left, leftAlone{st.path, fmt.Sprintf("not written by pydock; pydock leaves it alone; --force replaces it, keeping %s.pydock-bak", st.path)})
			continue
		}
		kept = append(kept, st)
	}
	// pydock's credentials file serves only its own compose.yaml: with the
	// user's compose file left in place, it is not written either.
	if !slices.ContainsFunc(kept, func(st fileState) bool { return st.path == "compose.yaml" }) {
		kept = slices.DeleteFunc(kept, func(st fileState) bool { return st.path == detect.CredentialsFile+".example" })
	}
	return kept, left, moves
}

// keptListing is the project's own .env.example that the plan keeps, with
// where compose's passwords go instead.
func keptListing(pl *plan.Plan, kept []fileState) []leftAlone {
	if pl.UsersEnv == "" {
		return nil
	}
	why := "not written by pydock; pydock leaves it alone, even with --force"
	if pl.CredentialsFile != "" && slices.ContainsFunc(kept, func(st fileState) bool { return st.path == pl.CredentialsFile+".example" }) {
		how := "cp " + pl.CredentialsFile + ".example " + pl.CredentialsFile
		if pl.KeysFile() != "" {
			how = "pydock creates " + pl.CredentialsFile + " from it, with development keys, where it is missing"
		}
		why += ", and writes what compose.yaml needs that it lacks to " + pl.CredentialsFile + ".example (" + how + ")"
	}
	return []leftAlone{{pl.UsersEnv, why}}
}

// composeMessages are the plan's warnings and notes about pydock's
// compose.yaml beside the authors' .env.example, when compose.yaml is
// written, and what the user's copy of the credentials file lacks.
func composeMessages(dir string, pl *plan.Plan, kept []fileState) []string {
	if !slices.ContainsFunc(kept, func(st fileState) bool { return st.path == "compose.yaml" }) {
		return nil
	}
	var out []string
	for _, w := range pl.ComposeWarnings {
		out = append(out, "warning: "+w)
	}
	if w := staleCopy(dir, pl, kept); w != "" {
		out = append(out, "warning: "+w)
	}
	for _, n := range pl.ComposeNotes {
		out = append(out, "note: "+n)
	}
	return out
}

// staleCopy names the variables pydock's credentials example lists that the
// user's copy of it lacks: compose checks no env_file's keys, so a service
// would start without its password. Names only; the copy holds secrets.
func staleCopy(dir string, pl *plan.Plan, kept []fileState) string {
	if pl.CredentialsFile == "" {
		return ""
	}
	i := slices.IndexFunc(kept, func(st fileState) bool { return st.path == pl.CredentialsFile+".example" })
	if i < 0 {
		return ""
	}
	copyPath := filepath.Join(dir, pl.CredentialsFile)
	data, ok := readListing(copyPath)
	if !ok {
		return ""
	}
	have := envNames(data)
	var missing []string
	for name := range strings.Lines(string(kept[i].final)) {
		// Only passwords: the header lets the user drop the other lines.
		if n := envName(name); n != "" && !have[n] && !slices.Contains(missing, n) && slices.Contains(pl.PasswordVars(), n) {
			missing = append(missing, n)
		}
	}
	if len(missing) == 0 {
		return ""
	}
	return fmt.Sprintf("%s lacks %s, which %s.example lists: copy those lines over (compose checks no env_file's keys, so a service would start without its password)", pl.CredentialsFile, strings.Join(missing, ", "), pl.CredentialsFile)
}

// lacking names the variables pydock's listing sets that the user's file
// at path does not (an unreadable or odd file is not judged).
func lacking(path string, ours []byte) string {
	theirs, ok := readListing(path)
	if !ok {
		return ""
	}
	have := envNames(theirs)
	var add []string
	for _, line := range strings.Split(string(ours), "\n") {
		if name := envName(line); name != "" && !have[name] {
			add = append(add, strings.TrimSpace(line))
		}
	}
	if len(add) == 0 {
		return ""
	}
	return "; add " + strings.Join(add, " ") + " to it (compose.yaml reads them from .env)"
}

const maxListing = 1 << 20

// readListing reads a user's env listing: a regular file (never through a
// link) of at most maxListing bytes; ok is false for anything else, which
// is then not judged.
func readListing(path string) ([]byte, bool) {
	info, err := os.Lstat(path)
	if err != nil || !info.Mode().IsRegular() || info.Size() > maxListing {
		return nil, false
	}
	data, err := os.ReadFile(path)
	return data, err == nil
}

// envNames is the set of variables a dotenv file assigns; commented-out
// lines assign nothing.
func envNames(b []byte) map[string]bool {
	names := map[string]bool{}
	for _, line := range strings.Split(string(b), "\n") {
		if name := envName(line); name != "" {
			names[name] = true
		}
	}
	return names
}

// envName is the variable a dotenv line assigns (NAME=…, export NAME=…).
func envName(line string) string {
	line = strings.TrimSpace(line)
	line = strings.TrimSpace(strings.TrimPrefix(line, "export "))
	name, _, ok := strings.Cut(line, "=")
	name = strings.TrimSpace(name)
	if !ok || name == "" {
		return ""
	}
	for i, r := range name {
		if !(r == '_' || r >= 'A' && r <= 'Z' || r >= 'a' && r <= 'z' || i > 0 && r >= '0' && r <= '9') {
			return ""
		}
	}
	return name
}
