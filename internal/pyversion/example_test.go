package pyversion_test

import (
	"fmt"
	"time"

	"github.com/pydock/pydock/internal/pyversion"
)

func ExampleSelect() {
	requires, _ := pyversion.ParsePEP440(">=3.11,<3.13") // pyproject.toml
	pin, _ := pyversion.ParsePin("3.12\n")               // .python-version
	r, ok := pyversion.Select([]pyversion.Spec{requires, pin})
	fmt.Println(r.Image(), ok)

	today := time.Date(2026, 11, 23, 0, 0, 0, 0, time.UTC)
	old, _ := pyversion.Lookup("3.10")
	fmt.Println(old.Image(), "EOL:", old.IsEOL(today))
	// Output:
	// python:3.12-slim-trixie true
	// python:3.10-slim-trixie EOL: true
}
