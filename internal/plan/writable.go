package plan

import (
	"errors"
	"fmt"
	"path"
	"slices"
	"strconv"
	"strings"

	"github.com/pydock/pydock/internal/detect"
)

// AppDir is where the code and the venv live in the image, root's and
// read-only to the app user.
const AppDir = "/app"

// WritableRoots are the places outside AppDir where a writable directory
// may be: the usual homes of data. Anything else (/etc, /usr, /) is refused.
var WritableRoots = []string{"/data", "/srv", "/var/lib", "/var/cache"}

// WritableDir is a directory the app writes at run time: created in the
// image, owned by the app user, and a named volume in compose.
type WritableDir struct {
	Path   string // absolute, in the image
	Volume string // compose volume name
	Why    string // what asked for it, for the Dockerfile comment
}

// CheckWritable validates a writable path from the project (settings or
// pydock.toml) and returns it absolute in the image. A relative path is
// under AppDir; an absolute one must be under AppDir or a WritableRoot.
// The path reaches a RUN line and compose, so it is held to plain
// characters: never a quote, a space, a newline or a variable.
func CheckWritable(p string) (string, error) {
	if p == "" {
		return "", errors.New("empty path")
	}
	for _, r := range p {
		if !(r >= 'a' && r <= 'z' || r >= 'A' && r <= 'Z' || r >= '0' && r <= '9' || r == '.' || r == '_' || r == '-' || r == '/') {
			return "", fmt.Errorf("%q is not allowed in a path here: use letters, digits, '.', '_', '-' and '/'", r)
		}
	}
	for _, c := range strings.Split(p, "/") {
		if c == ".." {
			return "", errors.New("climbs with '..': name the directory itself")
		}
		if strings.HasPrefix(c, "-") {
			return "", errors.New("a path component starts with '-'")
		}
	}
	abs := path.Clean(p)
	if !path.IsAbs(p) {
		abs = path.Join(AppDir, abs)
	}
	switch {
	case abs == AppDir:
		return "", errors.New("is the project itself: the code stays read-only to the app user; name a directory inside it")
	case abs == AppDir+"/.venv" || strings.HasPrefix(abs, AppDir+"/.venv/"):
		return "", errors.New("is inside the venv, which stays read-only to the app user")
	case strings.HasPrefix(abs, AppDir+"/"):
		return abs, nil
	}
	for _, r := range WritableRoots {
		if abs == r || strings.HasPrefix(abs, r+"/") {
			return abs, nil
		}
	}
	return "", fmt.Errorf("is outside %s and %s, where writable directories may be", AppDir, strings.Join(WritableRoots, ", "))
}

// DataDirPath is where the image keeps the data of a program whose own
// default is the working directory (the read-only AppDir).
const DataDirPath = "/data"

// chooseDataDirs moves a data directory that defaults to the working
// directory to DataDirPath: the command passes its option (unless it
// already does), or the image sets its variable.
func (p *Plan) chooseDataDirs(f *detect.Facts) {
	for _, d := range f.DataDirs {
		switch {
		case d.Env != "":
			if slices.ContainsFunc(p.DataEnv, func(e EnvVar) bool { return e.Name == d.Env }) {
				continue
			}
			p.DataEnv = append(p.DataEnv, EnvVar{d.Env, DataDirPath})
			p.dataDirs = append(p.dataDirs, WritableDir{Path: DataDirPath, Why: d.Env + " (" + d.Source.String() + ")"})
			p.decide("data directory", d.Env+"="+DataDirPath, d.Env+" defaults to the working directory ("+d.Source.String()+"), the read-only "+AppDir)
		case len(d.Entry) > 0 && len(p.Command) >= len(d.Entry) && slices.Equal(p.Command[:len(d.Entry)], d.Entry):
			if _, given := flagValue(p.Command, d.Flag); given {
				continue
			}
			p.Command = append(p.Command, d.Flag, DataDirPath)
			p.dataDirs = append(p.dataDirs, WritableDir{Path: DataDirPath, Why: d.Flag + " of " + strings.Join(d.Entry, " ") + " (" + d.Source.String() + ")"})
			p.amend("command", strings.Join(p.Command, " "), "its data directory "+d.Flag+" defaults to the working directory ("+d.Source.String()+"), the read-only "+AppDir+": it gets "+DataDirPath)
		}
	}
}

// chooseWritable gathers the directories the app writes: what detection
// found in the project (a bad one is warned about and left out: the
// project is valid, pydock just cannot make that path safely) and the
// writable list of pydock.toml (already checked there, with its line).
func (p *Plan) chooseWritable(f *detect.Facts, s Settings) error {
	seen := map[string]bool{}
	volumes := map[string]bool{}
	add := func(abs, why string) {
		if seen[abs] {
			return
		}
		seen[abs] = true
		name := "app-" + strings.Trim(strings.ReplaceAll(strings.TrimPrefix(abs, AppDir+"/"), "/", "-"), "-._")
		for i := 2; volumes[name]; i++ {
			name = strings.TrimSuffix(name, "-"+strconv.Itoa(i-1)) + "-" + strconv.Itoa(i)
		}
		volumes[name] = true
		p.Writable = append(p.Writable, WritableDir{Path: abs, Volume: name, Why: why})
	}
	for _, d := range f.DataPaths {
		what := d.What
		if d.File != "" {
			what += " " + d.File
		}
		abs, err := CheckWritable(d.Path)
		if err != nil {
			if path.Clean(d.Path) == "." {
				p.Warnings = append(p.Warnings, fmt.Sprintf("%s: the %s sits in the project root, which stays read-only to the app user; move it into a folder of its own (e.g. BASE_DIR / \"data\" / %q) and pydock makes that folder writable", d.Source, what, path.Base(d.File)))
				continue
			}
			p.Warnings = append(p.Warnings, fmt.Sprintf("%s: %s %q: %v; the image does not create it (list a safe path under writable in pydock.toml)", d.Source, d.What, d.Path, err))
			continue
		}
		add(abs, what+" ("+d.Source.String()+")")
	}
	for _, d := range p.dataDirs {
		add(d.Path, d.Why)
	}
	var listed []string
	if s.Writable != nil {
		listed = *s.Writable
	}
	for _, w := range listed {
		abs, err := CheckWritable(w)
		if err != nil {
			return fmt.Errorf("writable %q: %w", w, err)
		}
		add(abs, "writable in pydock.toml")
	}
	if len(p.Writable) > 0 {
		var paths []string
		for _, w := range p.Writable {
			paths = append(paths, w.Path)
		}
		p.decide("writable", strings.Join(paths, " "), "owned by the app user, a compose volume each; the code and the venv stay root's")
	}
	return nil
}
