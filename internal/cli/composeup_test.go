package cli

import (
	"context"
	"fmt"
	"path/filepath"
	"slices"
	"strings"

	"github.com/compose-spec/compose-go/v2/cli"
)

// composeConfig loads compose.yaml as `docker compose config` does in its
// folder: interpolated from that folder's .env (the shell's environment is
// left out, so a test cannot pass by what the machine happens to set), each
// service's env_file read and its environment resolved. It returns one
// "service NAME=VALUE" line per variable, sorted; an error is what compose
// would stop with (a ${X:?} unset, an env_file missing).
func composeConfig(file string) (string, error) {
	dir := filepath.Dir(file)
	opts, err := cli.NewProjectOptions([]string{file},
		cli.WithWorkingDirectory(dir),
		cli.WithEnv(nil),
		cli.WithEnvFiles(),
		cli.WithDotEnv,
		cli.WithName("composeconfig"),
	)
	if err != nil {
		return "", err
	}
	proj, err := opts.LoadProject(context.Background())
	if err != nil {
		return "", err
	}
	var lines []string
	for name, s := range proj.Services {
		for k, v := range s.Environment {
			val := ""
			if v != nil {
				val = *v
			}
			lines = append(lines, fmt.Sprintf("%s %s=%s", name, k, val))
		}
	}
	slices.Sort(lines)
	return strings.Join(lines, "\n") + "\n", nil
}
