package plan

import (
	"errors"
	"fmt"
	"path"
	"regexp"
	"slices"
	"strings"

	"github.com/pydock/pydock/internal/detect"
)

// worldWritable are folders every user may write in the image: a library
// writing there needs nothing.
var worldWritable = []string{"/tmp", "/var/tmp", "/dev/shm"}

// commentSafeRe is a file path plain enough for a Dockerfile comment.
var commentSafeRe = regexp.MustCompile(`^[\w./{}:-]+$`)

// worldWritableDir reports whether an absolute path is under a folder
// every user may write in the image.
func worldWritableDir(dir string) bool {
	for _, t := range worldWritable {
		if dir == t || strings.HasPrefix(dir, t+"/") {
			return true
		}
	}
	return false
}

// libraryWrite takes a library call that creates or writes a path while
// the app starts (detect's libwrites.toml): its folder in the project
// becomes writable like a created directory; a file in the project root,
// a folder the image cannot make safely and a path pydock cannot read are
// warnings naming the line, since the start fails with PermissionError.
func (p *Plan) libraryWrite(f *detect.Facts, w detect.StartWrite, add func(abs, why string)) {
	kind := strings.TrimPrefix(w.What, "library ")
	if w.Path == "" {
		if w.Env != "" {
			// The deployer names the path: pydock can only say where it may be.
			if slices.ContainsFunc(p.DataEnv, func(e EnvVar) bool { return e.Name == w.Env }) || slices.Contains(p.libEnvNoted, w.Env) {
				return // pointed at /data already, or said once
			}
			p.libEnvNoted = append(p.libEnvNoted, w.Env)
			p.Notes = append(p.Notes, fmt.Sprintf("%s: %s writes the %s %s names while the app starts: set it to a path the app user can write (under /data, or a folder listed under writable in pydock.toml), never inside %s", w.Source, w.Call, kind, w.Env, AppDir))
			return
		}
		if p.insideDataEnv(f, w.Expr) || p.heldByDataEnv(f, w.Expr) {
			return // a folder inside one the image points at /data, or the variable's own value
		}
		hint := "its argument"
		if len(w.Expr) <= 60 && !strings.ContainsAny(w.Expr, "\n\r") {
			hint = w.Expr
		}
		p.Warnings = append(p.Warnings, fmt.Sprintf("%s: %s writes a %s while the app starts at a path pydock cannot tell (%s); the code's folder %s is read-only to the app user, so there the start fails with PermissionError: point it at a folder listed under writable in pydock.toml", w.Source, w.Call, kind, hint, AppDir))
		return
	}
	dir, why := w.Path, w.Call+" writes it at start ("+w.Source.String()+")"
	if kind == "file" {
		dir = path.Dir(w.Path)
		name := w.Path
		if !commentSafeRe.MatchString(name) {
			name = "a file" // the comment holds plain characters only
		}
		why = w.Call + " writes " + name + " at start (" + w.Source.String() + ")"
	}
	if worldWritableDir(dir) {
		return
	}
	if path.Clean(dir) == "." && p.linkRootLog(w, add) {
		return
	}
	if path.Clean(dir) == "." {
		p.Warnings = append(p.Warnings, fmt.Sprintf("%s: %s writes %s while the app starts, in the project root, which stays read-only to the app user, so the start fails with PermissionError; put it in a folder of its own (e.g. data/%s) and pydock makes that folder writable", w.Source, w.Call, w.Path, path.Base(w.Path)))
		return
	}
	abs, err := CheckWritable(dir)
	if err == nil && w.Beside && p.inInstalledPackage(f, dir) {
		err = errors.New("it is inside the installed package, read-only to the app user")
	}
	if err != nil {
		p.Warnings = append(p.Warnings, fmt.Sprintf("%s: %s writes %s while the app starts, where the app user cannot (%s: %v), so the start fails with PermissionError; build the path from a setting or an environment variable and list that folder under writable in pydock.toml", w.Source, w.Call, w.Path, dir, err))
		return
	}
	add(abs, why)
}

// insideDataEnv reports whether an expression is a name (settings.CACHE_DIR)
// the code builds on a data folder's variable that the image sets to
// DataDirPath: it moves with that folder.
func (p *Plan) insideDataEnv(f *detect.Facts, expr string) bool {
	name := expr[strings.LastIndex(expr, ".")+1:]
	for _, d := range f.DataDirs {
		if slices.Contains(d.Inside, name) && slices.ContainsFunc(p.DataEnv, func(e EnvVar) bool { return e.Name == d.Env }) {
			return true
		}
	}
	return false
}

// heldByDataEnv reports whether an expression is the attribute a settings
// object reads a variable the image points at /data into
// (settings.access_log_file holding ACCESS_LOG_FILE, or its field under an
// env_prefix): the path moves with the variable.
func (p *Plan) heldByDataEnv(f *detect.Facts, expr string) bool {
	name := expr[strings.LastIndex(expr, ".")+1:]
	if name == "" {
		return false
	}
	for _, u := range f.EnvUses {
		if !strings.EqualFold(name, u.Name) && (u.Field == "" || !strings.EqualFold(name, u.Field)) {
			continue
		}
		if slices.ContainsFunc(p.DataEnv, func(e EnvVar) bool { return e.Name == u.Name }) {
			return true
		}
	}
	return false
}
