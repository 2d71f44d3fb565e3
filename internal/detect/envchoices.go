package detect

import (
	"regexp"
	"slices"
	"strings"
)

var (
	// DB = os.getenv("DB", "sqlite"): a name that holds a variable's value,
	// so a later comparison of DB is one of the variable.
	envAliasRe = regexp.MustCompile(`^([A-Za-z_]\w*)\s*(?::[^=]*)?=\s*(?:os\s*\.\s*)?(?:environ\s*\.\s*get|getenv)\s*\(\s*["']([A-Za-z_]\w*)["']`)
	// os.getenv("DB") == "postgres", os.environ.get("DB", "") != "mysql".
	envCompareRe = regexp.MustCompile(`(?:environ\s*\.\s*get|getenv)\s*\(\s*["']([A-Za-z_]\w*)["'][^()]*\)\s*(?:==|!=)\s*["']([^"'\\]+)["']`)
	// A name compared with a literal: DB == "postgres".
	nameCompareRe = regexp.MustCompile(`\b([A-Za-z_]\w*)\s*(?:==|!=)\s*["']([^"'\\]+)["']`)
	// "ENGINE": a database engine taken from a read (env.str("X"),
	// os.getenv("X"), os.environ["X"]) or from a name read earlier.
	engineReadRe = regexp.MustCompile(`["']ENGINE["']\s*:\s*(?:[\w.]*\(\s*["']([A-Za-z_]\w*)["']|[\w.]*environ\s*\[\s*["']([A-Za-z_]\w*)["']|([A-Za-z_]\w*))`)
	// {"default": "sqlite3", "env": os.getenv("X")}: a config table's
	// default for a variable it reads.
	tableDefaultRe = regexp.MustCompile(`\{\s*["']default["']\s*:\s*["']([^"'\\]*)["']\s*,\s*["']env["']\s*:\s*(?:os\s*\.\s*)?(?:environ\s*\.\s*get|getenv)\s*\(\s*["']([A-Za-z_]\w*)["']`)
	// os.getenv("X", "sqlite3"): a read whose default is a literal.
	readDefaultRe = regexp.MustCompile(`(?:environ\s*\.\s*get|getenv)\s*\(\s*["']([A-Za-z_]\w*)["']\s*,\s*["']([^"'\\]*)["']`)
	// The project's own prefix of a variable: LD_ in LD_DB_HOST.
	envPrefixSegRe = regexp.MustCompile(`^([A-Z][A-Z0-9]+_)[A-Z]`)
)

// comparedChoices finds the values the code compares an environment
// variable with, directly or through the name it was read into: if
// os.getenv("DB") == "postgres" makes "postgres" one of DB's choices, so a
// selector written as a comparison, not a type, picks a backend too.
func comparedChoices(lines []pyLine) map[string][]string {
	alias := map[string]string{}
	for _, l := range lines {
		if m := envAliasRe.FindStringSubmatch(l.text); m != nil {
			alias[m[1]] = m[2]
		}
	}
	out := map[string][]string{}
	addChoice := func(name, v string) {
		if !slices.Contains(out[name], v) {
			out[name] = append(out[name], v)
		}
	}
	for _, l := range lines {
		for _, name := range engineReads(l.text, alias) {
			for _, b := range djangoBackends {
				addChoice(name, b)
			}
		}
		// Django's sqlite3 backend as the default: the variable names a
		// backend, by its short name or its module.
		for _, m := range tableDefaultRe.FindAllStringSubmatch(l.text, -1) {
			for _, b := range backendChoices(m[1]) {
				addChoice(m[2], b)
			}
		}
		for _, m := range readDefaultRe.FindAllStringSubmatch(l.text, -1) {
			for _, b := range backendChoices(m[2]) {
				addChoice(m[1], b)
			}
		}
		for _, m := range envCompareRe.FindAllStringSubmatch(l.text, -1) {
			addChoice(m[1], m[2])
		}
		for _, m := range nameCompareRe.FindAllStringSubmatch(l.text, -1) {
			if name, ok := alias[m[1]]; ok {
				addChoice(name, m[2])
			}
		}
	}
	return out
}

// djangoBackends are Django's built-in database ENGINE values: a variable
// the settings use as ENGINE chooses among them.
// https://docs.djangoproject.com/en/stable/ref/settings/#engine
var djangoBackends = []string{"django.db.backends.postgresql", "django.db.backends.mysql", "django.db.backends.sqlite3", "django.db.backends.oracle"}

// backendChoices are the backends a variable defaulting to def chooses
// among: Django's modules when def is sqlite3's module, their short names
// (joined to "django.db.backends." by the settings) when def is "sqlite3".
func backendChoices(def string) []string {
	switch def {
	case "django.db.backends.sqlite3":
		return djangoBackends
	case "sqlite3":
		var out []string
		for _, b := range djangoBackends {
			out = append(out, strings.TrimPrefix(b, "django.db.backends."))
		}
		return out
	}
	return nil
}

// engineReads are the variables a line uses as a Django database ENGINE:
// read in place, or through a name in alias (nil: reads in place only).
func engineReads(text string, alias map[string]string) []string {
	var out []string
	for _, m := range engineReadRe.FindAllStringSubmatch(text, -1) {
		switch {
		case m[1] != "":
			out = append(out, m[1])
		case m[2] != "":
			out = append(out, m[2])
		case alias[m[3]] != "":
			out = append(out, alias[m[3]])
		}
	}
	return out
}

// projectPrefixFields gives a variable read under the project's own
// prefix the name it stands for: LD_DB_HOST is DB_HOST when the app reads
// at least three variables under LD_, more than one under LD_DB_ (a group
// of settings, not one feature's OBSERVABILITY_BROKER_URL), and not
// DB_HOST itself (a bare DB_HOST read beside it makes LD_DB_HOST some
// other database's), nor a group one of whose members defaults to a web
// URL (a catalogue's CATALOG_DB_URL). Field is where plan looks for the
// conventional name, as under a pydantic env_prefix.
func projectPrefixFields(uses []EnvUse) {
	// A service's own name is not the project's prefix: REDIS_BROKER_HOST
	// is a redis host for the broker, not BROKER_HOST under a REDIS_ app.
	// The words are the services compose runs and their clients' schemes.
	serviceWords := map[string]bool{"REDIS_": true, "POSTGRES_": true, "POSTGRESQL_": true, "PG_": true, "MYSQL_": true,
		"MARIADB_": true, "MONGO_": true, "MONGODB_": true, "RABBITMQ_": true, "AMQP_": true, "VALKEY_": true}
	read := map[string]bool{}
	count := map[string]int{}
	web := map[string]bool{} // groups a member of which defaults to a web URL
	for _, u := range uses {
		read[u.Name] = true
		if m := envPrefixSegRe.FindStringSubmatch(u.Name); m != nil {
			count[m[1]]++
			if g := envPrefixSegRe.FindStringSubmatch(strings.TrimPrefix(u.Name, m[1])); g != nil {
				count[m[1]+g[1]]++
				// CATALOG_DB_URL = "https://…": the group is a web
				// service's (a catalogue), not a database's.
				if d := strings.ToLower(u.Default); strings.HasPrefix(d, "http://") || strings.HasPrefix(d, "https://") {
					web[m[1]+g[1]] = true
				}
			}
		}
	}
	for i := range uses {
		u := &uses[i]
		m := envPrefixSegRe.FindStringSubmatch(u.Name)
		if u.Field != "" || m == nil || count[m[1]] < 3 || serviceWords[m[1]] {
			continue
		}
		rest := strings.TrimPrefix(u.Name, m[1])
		g := envPrefixSegRe.FindStringSubmatch(rest)
		if g == nil || count[m[1]+g[1]] < 2 || read[rest] || web[m[1]+g[1]] {
			continue
		}
		u.Field = rest
	}
}
