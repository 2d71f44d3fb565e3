package detect

// importDists are import names whose distribution is not the import name
// spelled with hyphens. Source: each project's PyPI page.
var importDists = map[string]string{
	"debug_toolbar":  "django-debug-toolbar", // https://pypi.org/project/django-debug-toolbar/
	"silk":           "django-silk",          // https://pypi.org/project/django-silk/
	"factory":        "factory-boy",          // https://pypi.org/project/factory-boy/
	"querycount":     "django-querycount",    // https://pypi.org/project/django-querycount/
	"rest_framework": "djangorestframework",  // https://pypi.org/project/djangorestframework/
	"_pytest":        "pytest",               // https://pypi.org/project/pytest/ (pytest's own internals)
}

// importDist is the distribution that installs the top-level module top.
func importDist(top string) string {
	if d, ok := importDists[top]; ok {
		return d
	}
	return NormalizeName(top)
}
