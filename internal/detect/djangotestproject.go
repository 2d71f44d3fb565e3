package detect

import (
	"io/fs"
	"strings"
)

// testProjectNames are the names reusable Django packages give the project
// they keep beside the package only to run its tests or demo it. Sources:
// https://docs.djangoproject.com/en/stable/intro/reusable-apps/ (the package
// is installed into a project of the user's), and the layouts of
// django-cms (test_project/), django-oscar (sandbox/), wagtail's
// bakerydemo (demo/), modoboa (test_project/).
var testProjectNames = []string{"test_project", "testproject", "tests", "test", "example", "examples",
	"example_project", "demo", "demo_project", "sandbox"}

// testProjectOf names the manifest that makes the repository a package
// distribution ("" when none does) when the Django project in folder dir
// is, by its name, one kept for testing or demonstrating that package.
func testProjectOf(fsys fs.FS, dir string) string {
	if dir == "" || strings.Contains(dir, "/") {
		return ""
	}
	named := false
	for _, n := range testProjectNames {
		if strings.EqualFold(dir, n) {
			named = true
		}
	}
	if !named {
		return ""
	}
	if pp, err := readPyproject(fsys, "pyproject.toml"); err == nil && pp != nil && pp.Project != nil {
		return "pyproject.toml"
	}
	for _, f := range []string{"setup.py", "setup.cfg"} {
		if isRegularFile(fsys, f) {
			return f
		}
	}
	return ""
}
