// Command pydock writes production container files for a Python project.
package main

import (
	"os"

	"github.com/pydock/pydock/internal/cli"
)

func main() { os.Exit(cli.Main()) }
