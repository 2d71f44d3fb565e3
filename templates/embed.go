// Package templates holds the embedded templates pydock renders. Dotfile
// templates are named without the dot (dockerignore.tmpl): a directory
// embed silently skips files whose names start with a dot.
package templates

import "embed"

// FS is every template, parsed once by internal/render.
//
//go:embed dockerfile/*.tmpl health/*.tmpl dockerignore.tmpl compose.tmpl envexample.tmpl credentials.tmpl localenv.tmpl
var FS embed.FS
