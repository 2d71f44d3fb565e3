package cli

import (
	"fmt"
	"os"

	"github.com/spf13/cobra"
)

// colorModes are --color's values; NO_COLOR (no-color.org) wins over all.
var colorModes = []string{"auto", "always", "never"}

// addColorFlag registers --color on the root, for every command.
func addColorFlag(root *cobra.Command) {
	root.PersistentFlags().String("color", "auto", "colour: auto (on a terminal), always or never; NO_COLOR always wins")
}

// colorMode is the validated --color of the command being run, with
// NO_COLOR folded in: "never" when it is set.
func colorMode(c *cobra.Command) (string, error) {
	m := "auto"
	if f := c.Flag("color"); f != nil {
		m = f.Value.String()
	}
	switch m {
	case "auto", "always", "never":
	default:
		return "", usageError{fmt.Errorf("unknown --color %q: use auto, always or never", m)}
	}
	if os.Getenv("NO_COLOR") != "" {
		return "never", nil
	}
	return m, nil
}
