package cli

import (
	"fmt"
	"runtime/debug"

	"github.com/spf13/cobra"
)

// version is set by -ldflags "-X github.com/pydock/pydock/internal/cli.version=…";
// otherwise the build info says (see versionOf).
var version = ""

func newVersionCmd(s IO) *cobra.Command {
	return &cobra.Command{
		Use:   "version",
		Short: "Print pydock's version and commit",
		Args:  cobra.NoArgs,
		RunE: func(c *cobra.Command, _ []string) error {
			fmt.Fprintln(s.Out, "pydock "+buildVersion())
			return nil
		},
	}
}

// buildVersion is what version and --version print.
func buildVersion() string {
	if version != "" {
		return version
	}
	bi, _ := debug.ReadBuildInfo()
	return versionOf(bi)
}

// versionOf reads the build info: `go install …@vX` records vX as the main
// module's version, and a build with VCS information its commit. A build
// from a checkout has "(devel)" and says it is a dev build.
func versionOf(bi *debug.BuildInfo) string {
	v := "dev build"
	if bi == nil {
		return v
	}
	if mv := bi.Main.Version; mv != "" && mv != "(devel)" {
		v = mv
	}
	var rev string
	var modified bool
	for _, s := range bi.Settings {
		switch s.Key {
		case "vcs.revision":
			rev = s.Value
		case "vcs.modified":
			modified = s.Value == "true"
		}
	}
	if rev == "" {
		return v
	}
	rev = rev[:min(len(rev), 12)]
	if modified {
		return v + " (commit " + rev + ", modified)"
	}
	return v + " (commit " + rev + ")"
}
