package detect

import (
	"io/fs"
	"regexp"
	"strings"
)

// The static storage as the project's own class: cookiecutter-django's
// utils/storages.py subclasses django-storages' S3 or Cloud Storage
// backend, and the settings name that class, not the backend.

var (
	// staticStorageRe is the class the settings name for static files:
	// STATICFILES_STORAGE, or the "staticfiles" backend of STORAGES.
	staticStorageRe = regexp.MustCompile(`^(?:STATICFILES_STORAGE\s*=|STORAGES\s*=.*["']staticfiles["']\s*:\s*\{\s*["']BACKEND["']\s*:)\s*["']([A-Za-z_][\w.]*\.\w+)["']`)
	// remoteBackendRe is a module of a remote storage backend, as
	// staticBlockerRows' remote rows name them.
	remoteBackendRe = regexp.MustCompile(`^(?:storages\.|django_s3_storage|gcloud|cloudinary)`)
)

// maxStorageBases bounds the classes followed from the named one to the
// backend it is built on.
const maxStorageBases = 4

// ownRemoteStorage is the remote blocker for a module-level settings line
// naming a static storage class of the project built, through its bases,
// on a remote backend. A backend named directly is staticBlockerRows'.
func ownRemoteStorage(fsys fs.FS, file string, l pyLine) *StaticBlocker {
	m := staticStorageRe.FindStringSubmatch(l.text)
	if m == nil || remoteBackendRe.MatchString(m[1]) {
		return nil
	}
	base := remoteBase(fsys, m[1], 0)
	if base == "" {
		return nil
	}
	return &StaticBlocker{Kind: "remote", What: m[1] + ", built on " + base, Source: Source{File: file, Line: l.line}}
}

// remoteBase is the remote backend the project's class (a dotted name) is
// built on: a base imported from a backend module, or a class of the
// project (in the same file or imported) built on one. "" otherwise.
func remoteBase(fsys fs.FS, class string, depth int) string {
	dot := strings.LastIndex(class, ".")
	if depth >= maxStorageBases || dot < 0 {
		return ""
	}
	module, name := class[:dot], class[dot+1:]
	root, file := locateModule(fsys, module)
	if file == "" {
		return ""
	}
	data, err := readPySource(fsys, file)
	if err != nil {
		return ""
	}
	lines := pyLines(data)
	imports := pyImports(lines)
	isPkg := strings.HasSuffix(file, "/__init__.py")
	module = moduleName(root, file)
	for _, l := range lines {
		c := modelClassRe.FindStringSubmatch(l.text)
		if c == nil || l.indent != 0 || c[1] != name {
			continue
		}
		for b := range strings.SplitSeq(c[2], ",") {
			b = strings.TrimSpace(b)
			if b == "" || strings.Contains(b, "=") { // metaclass=…
				continue
			}
			from, n := resolveCallee(module, isPkg, imports, b)
			full := from + "." + n
			if remoteBackendRe.MatchString(full) {
				return full
			}
			if full != class {
				if r := remoteBase(fsys, full, depth+1); r != "" {
					return r
				}
			}
		}
	}
	return ""
}
