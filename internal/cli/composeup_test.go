package cli

import (
	"context"
	"crypto/rsa"
	"crypto/x509"
	"encoding/pem"
	"fmt"
	"path/filepath"
	"slices"
	"strings"

	"github.com/compose-spec/compose-go/v2/cli"
	"github.com/compose-spec/compose-go/v2/types"
)

// composeConfig loads compose.yaml as `docker compose config` does in its
// folder: interpolated from that folder's .env (the shell's environment is
// left out, so a test cannot pass by what the machine happens to set), each
// service's env_file read and its environment resolved. It returns one
// "service NAME=VALUE" line per variable, sorted; an error is what compose
// would stop with (a ${X:?} unset, an env_file missing).
func composeConfig(file string) (string, error) {
	proj, err := loadComposeProject(file)
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

// composeRSAKey loads compose.yaml as composeConfig does and parses what
// service gets in name as a PEM RSA private key, as the app's
// cryptography would.
func composeRSAKey(file, service, name string) error {
	proj, err := loadComposeProject(file)
	if err != nil {
		return err
	}
	s, ok := proj.Services[service]
	if !ok {
		return fmt.Errorf("no service %s", service)
	}
	v := s.Environment[name]
	if v == nil {
		return fmt.Errorf("service %s gets no %s", service, name)
	}
	block, rest := pem.Decode([]byte(*v))
	if block == nil {
		return fmt.Errorf("%s is not PEM: %q", name, *v)
	}
	if len(strings.TrimSpace(string(rest))) > 0 {
		return fmt.Errorf("%s has text after its PEM block: %q", name, rest)
	}
	key, err := x509.ParsePKCS8PrivateKey(block.Bytes)
	if err != nil {
		return fmt.Errorf("%s: %w", name, err)
	}
	if _, ok := key.(*rsa.PrivateKey); !ok {
		return fmt.Errorf("%s is a %T, not an RSA key", name, key)
	}
	return nil
}

func loadComposeProject(file string) (*types.Project, error) {
	dir := filepath.Dir(file)
	opts, err := cli.NewProjectOptions([]string{file},
		cli.WithWorkingDirectory(dir),
		cli.WithEnv(nil),
		cli.WithEnvFiles(),
		cli.WithDotEnv,
		cli.WithName("composeconfig"),
	)
	if err != nil {
		return nil, err
	}
	return opts.LoadProject(context.Background())
}
