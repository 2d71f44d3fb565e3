package cli

import (
	"fmt"
	"os"
	"path/filepath"

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
}

// companions are pydock's own names that a user's file may already hold:
// the project builds without pydock's version, so it is left alone (not
// refused, as a user's Dockerfile is) unless --force takes it over.
var companions = map[string]bool{".dockerignore": true, "compose.yaml": true}

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
		theirs := ""
		for _, s := range shadows {
			if s.ours == st.path && theirs == "" {
				if _, err := os.Lstat(filepath.Join(dir, filepath.FromSlash(s.theirs))); err == nil {
					theirs = s.theirs
				}
			}
		}
		switch {
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
	return kept, left, moves
}
