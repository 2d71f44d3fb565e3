package detect

import (
	"io/fs"
	"regexp"
	"slices"
	"strings"
)

// EnvUse is a variable the app's code reads from the environment, so
// compose can pass a backing service under the name the app looks for.
type EnvUse struct {
	Name string `json:"name"`
	// Field is the name without a pydantic env_prefix (DB_HOST for
	// APP_DB_HOST); "" when no prefix applies.
	Field string `json:"field,omitempty"`
	// Default is the literal the code falls back to, when it writes one
	// (amqp://localhost//): it says which kind of service is meant.
	Default string `json:"default,omitempty"`
	// DefaultFrom is the read that writes Default, when the variable is
	// read in several places.
	DefaultFrom Source `json:"default_from,omitzero"`
	// Required: read while the module loads, with no default, by a reader
	// that fails when the variable is unset (os.environ["X"], starlette's
	// and decouple's config("X"), a pydantic settings field with no
	// default); Kind is how it is parsed (str, int, float, bool, json, url).
	Required bool   `json:"required,omitempty"`
	Kind     string `json:"kind,omitempty"`
	// Bare: read while the module loads by os.environ.get or os.getenv
	// with no default, so the app holds None when it is unset; plan lists
	// it when its name says it is a credential.
	Bare bool `json:"bare,omitempty"`
	// FailsUnset: read with no default and used at once, a method called
	// or an item taken (os.environ.get("X").lower()), so the code stops
	// where it reaches the read while X is unset, at import or later.
	FailsUnset bool `json:"fails_unset,omitempty"`
	// Choice is a value the annotation admits when it lists them (the first
	// of a Literal[...]).
	Choice string `json:"choice,omitempty"`
	// Choices are all the values the type admits: a Literal's, or an enum
	// class's of the project (a selector such as DATABASE_TYPE).
	Choices []string `json:"choices,omitempty"`
	// Path: read with a default as the first argument of a path function
	// (os.path.join, Path): the code uses the value as a file or folder,
	// so an empty one is a path relative to the working directory.
	// Fallback is that default as written, when it is a dotted name
	// (current_app.root_path) rather than a literal (Default).
	Path     bool   `json:"path,omitempty"`
	Fallback string `json:"fallback,omitempty"`
	// DBPart is the connection key of a Django database dict the read
	// fills (host, port, name, user, password): what it is, whatever its
	// name (envdbkeys.go).
	DBPart string `json:"db_part,omitempty"`
	// Nested is the path of a nested model's field read under
	// env_nested_delimiter (DATABASE.HOST for APP_DATABASE__HOST): what the
	// field holding the model and the model's field are called.
	Nested string `json:"nested,omitempty"`
	// Scheme is the URL scheme the code writes right before the value
	// (postgresql for f"postgresql://{settings.pg_uri}"), so it is no URL;
	// Holds is what of one it is: rest (all after the scheme), authority,
	// host or credentials (envscheme.go); SchemeFrom is where.
	Scheme     string `json:"scheme,omitempty"`
	Holds      string `json:"holds,omitempty"`
	SchemeFrom Source `json:"scheme_from,omitzero"`
	Source     Source `json:"source"`
}

var (
	envNameRe = regexp.MustCompile(`^[A-Za-z_][A-Za-z0-9_]*$`)
	// os.environ.get("X", d), os.getenv("X", d), environ["X"].
	osReadRe = quick(`(?:\benviron\s*\.\s*get|\bgetenv)\s*\(\s*["']([A-Za-z_]\w*)["']\s*(,\s*(?:"[^"]*"|'[^']*'|[^,)]+))?|\benviron\s*\[\s*["']([A-Za-z_]\w*)["']\s*\]`)
	// os.path.join(os.getenv("X", d), …), Path(os.environ.get("X", d)):
	// the read right after a path function's opening parenthesis.
	pathCallBeforeRe = regexp.MustCompile(`(?:\bos\s*\.\s*path\s*\.\s*(?:join|abspath|expanduser|realpath|normpath)|\bPath)\s*\(\s*(?:os\s*\.\s*)?$`)
	// int(os.environ["X"]): the cast right before a subscript read.
	castBeforeRe = regexp.MustCompile(`\b(int|float)\s*\(\s*(?:os\s*\.\s*)?$`)
	// Redis.from_url(os.getenv("X")), parse_redis_url(os.getenv("X")): the
	// read goes straight into a Redis URL parser.
	redisURLBeforeRe = regexp.MustCompile(`(?i)(?:\bredis\w*\s*\.\s*from_url|\w*redis\w*_ur[li])\s*\(\s*(?:os\s*\.\s*)?$`)
	// os.getenv("X") or input("X: "): the fallback asks on the terminal.
	promptAfterRe = regexp.MustCompile(`^\s*\)\s*or\s*(?:input|(?:getpass\s*\.\s*)?getpass)\s*\(`)
	// os.environ.setdefault("X", …): the code gives X its own value.
	setdefaultRe = quick(`\benviron\s*\.\s*setdefault\s*\(\s*["']([A-Za-z_]\w*)["']`)
	// A helper of the project that reads the environment by name:
	// get_bool_from_env("DEBUG", True), get_required_setting("X").
	helperReadRe = quick(`\b(\w*(?:env|setting|config|secret)\w*)\s*\(\s*["']([A-Z_][A-Z0-9_]*)["']\s*(,\s*[^,)]+)?`)
	// config = Config(".env") (starlette), env = Env(): reader objects.
	readerObjectRe = quick(`^([A-Za-z_]\w*)\s*(?::[^=]*)?=\s*(?:[\w.]+\.)?(?:Env|Config|AutoConfig)\s*\(`)
	// A reader call: name("X", default=d), name.kind("X", d).
	defaultKwRe = regexp.MustCompile(`\bdefault\s*=\s*(.+)`)
	// dj_database_url.config(env="X") or config() (DATABASE_URL).
	djDatabaseURLRe = quick(`\bdj_database_url\s*\.\s*config\s*\(([^)]*)\)`)
	envKwRe         = regexp.MustCompile(`\benv\s*=\s*["']([A-Za-z_]\w*)["']`)
	// env.db() / env.db_url() / env.cache() with no variable named:
	// django-environ's default variables.
	environDefaultRe = quick(`\b\w+\s*\.\s*(db|db_url|cache|cache_url)\s*\(\s*(?:\)|default\s*=)`)
	// env_prefix="APP_" or env_prefix = ENV_PREFIX in a settings class,
	// or a model_config dict's "env_prefix": "APP_".
	envPrefixRe = regexp.MustCompile(`\benv_prefix["']?\s*[=:]\s*(?:["']([^"']*)["']|([A-Za-z_]\w*))`)
	// A module-level string constant: ENV_PREFIX = "APP_".
	strConstRe = regexp.MustCompile(`^([A-Z_][A-Z0-9_]*)\s*(?::\s*str\s*)?=\s*["']([^"']*)["']$`)
	// A settings field: name: type = default, or name: type.
	fieldRe = regexp.MustCompile(`^([A-Za-z_]\w*)\s*:\s*[^=]+?(?:=\s*(.+))?$`)
	// Field(..., alias="X") / validation_alias="X" / env="X": the name as read.
	fieldAliasRe = regexp.MustCompile(`\b(?:validation_alias|alias|env)\s*=\s*["']([A-Za-z_]\w*)["']`)
)

// implicitReads are the variables a library reads when the call names none.
// Sources: https://github.com/jazzband/dj-database-url#usage (DATABASE_URL),
// https://django-environ.readthedocs.io/en/latest/api.html (db_url reads
// DATABASE_URL, cache_url CACHE_URL by default).
var implicitReads = map[string]string{"db": "DATABASE_URL", "db_url": "DATABASE_URL", "cache": "CACHE_URL", "cache_url": "CACHE_URL"}

// findEnvUses collects what the app's code reads from the environment,
// tests aside: plain os reads, reader objects (django-environ, environs,
// decouple, starlette's Config), the project's env helpers, dj-database-url
// and pydantic BaseSettings fields under their env_prefix.
func findEnvUses(fsys fs.FS, f *Facts) {
	consts := map[string]string{}
	type pendingClass struct {
		file   string
		prefix string // a constant's name, resolved once every file is read
		fields []EnvUse
		class  settingsClass
	}
	var classes []pendingClass
	models := map[string]settingsClass{} // pydantic models and settings classes, by name
	enums := map[string][]string{}       // the project's enum classes' values
	seen := map[string]int{}
	add := func(u EnvUse) {
		// A name is a shell and YAML key as compose writes it: an odd
		// env_prefix ("my app-") makes one the app cannot be given.
		if !envNameRe.MatchString(u.Name) {
			return
		}
		if i, ok := seen[u.Name]; ok {
			// Read in several places: one that fails when unset decides.
			e := &f.EnvUses[i]
			if u.Required && !e.Required {
				e.Required, e.Kind = true, u.Kind
			}
			// A settings class's field says more than a plain read of the
			// same name (os.getenv("APP_DB_URI") beside the class): what
			// it is under the prefix, its default, its choices.
			if e.Field == "" {
				e.Field = u.Field
			}
			if e.Default == "" && u.Default != "" {
				e.Default, e.DefaultFrom = u.Default, u.Source
			}
			if e.Choices == nil {
				e.Choices = u.Choices
			}
			f.EnvUses[i].Bare = f.EnvUses[i].Bare || u.Bare
			e.FailsUnset = e.FailsUnset || u.FailsUnset
			if u.Path && !e.Path {
				e.Path, e.Fallback = true, u.Fallback
			}
			return
		}
		if u.Default != "" {
			u.DefaultFrom = u.Source
		}
		seen[u.Name] = len(f.EnvUses)
		f.EnvUses = append(f.EnvUses, u)
	}
	type helperCall struct {
		helper string
		use    EnvUse
	}
	var helperCalls []helperCall
	defs := map[string][]helperDef{}  // the project's functions, by name
	given := map[string]bool{}        // os.environ.setdefault at import: the code's own value
	compared := map[string][]string{} // values the code compares a variable with
	dbParts := map[string]string{}    // variables read into a database dict's keys
	_ = walkPython(fsys, f.ImportRoots, func(file, _ string, data []byte) {
		if isTestFile(file) || slices.Contains(f.settingsNotRun, file) || devScript(fsys, f, file) {
			return
		}
		lines := pyLines(data)
		readers := slices.Clone(libraryReaders)
		fileConsts := map[string]string{} // this module's string constants
		for _, l := range lines {
			if m := readerObjectRe.FindStringSubmatch(l.text); m != nil && !slices.Contains(readers, m[1]) {
				readers = append(readers, m[1])
			}
			if l.indent == 0 {
				if m := strConstRe.FindStringSubmatch(l.text); m != nil {
					consts[m[1]] = m[2]
					fileConsts[m[1]] = m[2]
				}
			}
		}
		call := readerCallDefaultRe(readers)
		atLoad := loadTime(lines)
		for i, l := range lines {
			at := Source{File: file, Line: l.line}
			// A default may itself be a read (get("A", get("B", d))): the
			// next search starts inside it, after this read's name.
			for off := 0; off < len(l.text); {
				ix := osReadRe.FindStringSubmatchIndex(l.text[off:])
				if ix == nil {
					break
				}
				for k := range ix {
					if ix[k] >= 0 {
						ix[k] += off
					}
				}
				off = max(ix[3], ix[7])
				m := submatches(l.text, ix)
				if m[3] != "" {
					// os.environ["X"] = …: a write, no read.
					if assignRe.MatchString(l.text[ix[1]:]) {
						continue
					}
					kind := "str"
					if c := castBeforeRe.FindStringSubmatch(l.text[:ix[0]]); c != nil {
						kind = c[1]
					} else if redisURLBeforeRe.MatchString(l.text[:ix[0]]) {
						kind = "redis"
					}
					add(EnvUse{Name: m[3], Source: at, Required: atLoad[i], Kind: kind})
				} else if m[2] == "" && promptAfterRe.MatchString(l.text[ix[1]:]) {
					// No terminal in a container: the prompt fails
					// wherever the start reaches it.
					add(EnvUse{Name: m[1], Source: at, Required: true, Kind: "str"})
				} else {
					bare := atLoad[i] && noDefaultRe.MatchString(m[2])
					// Checked at import with a raise or an exit: the app
					// stops without it.
					checked := bare && checkedAtLoad(lines, atLoad, i)
					u := EnvUse{Name: m[1], Default: literalDefault(m[2]), Source: at, Bare: bare && !checked}
					if c, ok := fileConsts[strings.TrimSpace(strings.TrimPrefix(strings.TrimSpace(m[2]), ","))]; ok && u.Default == "" {
						u.Default = c // the default kept in a module constant
					}
					if noDefaultRe.MatchString(m[2]) && usedAtOnceRe.MatchString(l.text[ix[1]:]) && !guardedOnLine(l.text, ix[0], m[1]) {
						// None has no methods: unset, the code stops here.
						u.FailsUnset, u.Bare = true, false
						checked = checked || atLoad[i]
					}
					if checked {
						u.Required, u.Kind = true, "str"
					}
					if redisURLBeforeRe.MatchString(l.text[:ix[0]]) {
						u.Kind = "redis" // a Redis URL, whatever its name
					}
					if !noDefaultRe.MatchString(m[2]) && pathCallBeforeRe.MatchString(l.text[:ix[0]]) {
						u.Path = true
						if fb := strings.TrimSpace(strings.TrimPrefix(strings.TrimSpace(m[2]), ",")); u.Default == "" && len(fb) <= 80 && dottedNameRe.MatchString(fb) {
							u.Fallback = fb
						}
					}
					add(u)
				}
			}
			if name := checkedUnset(lines, i); name != "" {
				// Read with .get, then raised on when unset: required.
				add(EnvUse{Name: name, Source: at, Required: true, Kind: "str"})
			}
			if atLoad[i] {
				for _, m := range setdefaultRe.FindAllStringSubmatch(l.text, -1) {
					given[m[1]] = true
				}
			}
			for _, ix := range call.FindAllStringSubmatchIndex(l.text, -1) {
				m := submatches(l.text, ix)
				// Every argument, up to the call's own ")": a cast
				// with parentheses (cast=Csv()) may precede default=.
				rest := callRest(l.text[ix[5]+1:])
				req, kind := readerRequired(m[1], rest)
				start := ix[0]
				if !isIdentByte(l.text[start]) {
					start++ // the separator before the reader's name
				}
				if c := castAround(l.text[:start]); c != "" && kind == "str" {
					kind = c
				}
				add(EnvUse{Name: m[2], Default: literalDefault(rest), Source: at, Required: req && atLoad[i], Kind: kind})
			}
			for _, m := range helperReadRe.FindAllStringSubmatch(l.text, -1) {
				// Decided once every helper's definition is read.
				helperCalls = append(helperCalls, helperCall{m[1], EnvUse{Name: m[2], Default: literalDefault(m[3]), Source: at}})
			}
			for _, m := range djDatabaseURLRe.FindAllStringSubmatch(l.text, -1) {
				name := "DATABASE_URL"
				if e := envKwRe.FindStringSubmatch(m[1]); e != nil {
					name = e[1]
				}
				d := ""
				if k := defaultKwRe.FindStringSubmatch(m[1]); k != nil {
					d = literalDefault(k[1])
				}
				add(EnvUse{Name: name, Default: d, Source: at})
			}
			for _, m := range environDefaultRe.FindAllStringSubmatch(l.text, -1) {
				add(EnvUse{Name: implicitReads[m[1]], Source: at})
			}
			for _, u := range configurationsValues(l.text, at) {
				add(u)
			}
			for name, part := range dbKeyReads(l.text) {
				dbParts[name] = part
			}
		}
		for name, reads := range helperDefs(lines, readers) {
			defs[name] = append(defs[name], reads)
		}
		for name, vals := range comparedChoices(lines) {
			compared[name] = append(compared[name], vals...)
		}
		for name, vals := range enumClasses(lines) {
			enums[name] = vals
		}
		imported := pydanticNames(lines)
		for _, c := range settingsClasses(lines) {
			for i := range c.fields {
				c.fields[i].Source.File = file
			}
			c.pydanticNames = imported
			classes = append(classes, pendingClass{file: file, prefix: c.prefix, fields: c.fields, class: c})
			if c.name != "" {
				models[c.name] = c
			}
		}
		for _, c := range modelClasses(lines) {
			for i := range c.fields {
				c.fields[i].Source.File = file
			}
			models[c.name] = c
		}
	})
	envHelpers := helpersReadingEnv(defs)
	for _, c := range helperCalls {
		// A helper of the project named like a getter (get_app_config)
		// reads the environment only when its definition does; one the
		// project does not define (imported) is taken at its name.
		if _, defined := defs[c.helper]; !defined || envHelpers[c.helper] {
			add(c.use)
		}
	}
	var all []settingsClass
	delims := map[string]string{} // the project's settings classes' own delimiters
	for _, c := range classes {
		all = append(all, c.class)
		if c.class.delim != "" && c.class.name != "" {
			delims[c.class.name] = c.class.delim
		}
	}
	items := itemTypes(all)
	for _, c := range classes {
		if items[c.class.name] {
			continue // an entry of another class's list: built by it
		}
		for i, u := range c.fields {
			if len(u.Choices) == 1 && strings.HasPrefix(u.Choices[0], "$") {
				c.fields[i].Choices = enums[u.Choices[0][1:]]
			}
		}
		prefix := c.prefix
		if strings.HasPrefix(prefix, "$") {
			v, ok := consts[prefix[1:]]
			if !ok {
				continue // a prefix pydock cannot resolve: no names to claim
			}
			prefix = v
		}
		for _, u := range c.fields {
			if u.Field == "" { // named by its alias: no prefix applies
				add(u)
				continue
			}
			u.Name = strings.ToUpper(prefix) + u.Field
			if prefix == "" {
				u.Field = ""
			}
			add(u)
		}
		// The delimiter of its own configuration, else of the project's
		// class it extends (pydantic merges model_config down).
		delim := c.class.delim
		for _, b := range c.class.bases {
			if delim == "" && !slices.Contains(c.class.pydanticNames, b) {
				delim = delims[b]
			}
		}
		if delim != "" {
			c.class.fields = c.fields
			for _, u := range nestedReads(c.class, prefix, delim, models) {
				add(u)
			}
		}
	}
	for i := range f.EnvUses {
		u := &f.EnvUses[i]
		if given[u.Name] {
			u.Required = false
		}
		u.DBPart = dbParts[u.Name]
		for _, v := range compared[u.Name] {
			if !slices.Contains(u.Choices, v) {
				u.Choices = append(u.Choices, v)
			}
		}
	}
	projectPrefixFields(f.EnvUses)
	findSchemeReads(fsys, f)
	// What the authors' image gives the variables it passes an ARG to:
	// read here, with the reads it answers.
	f.AuthorsArgEnv = readAuthorsArgEnv(fsys)
}

// loadTime reports for each line whether it runs while the module is
// imported: at module level, or in a class body (a Flask config class)
// whose enclosing blocks are all class bodies; not in a function, nor
// under an if or a try, which may not run.
func loadTime(lines []pyLine) []bool {
	heads := blockHeads(lines)
	out := make([]bool, len(lines))
	for i := range lines {
		h := heads[i]
		for h >= 0 && classHeaderAnyRe.MatchString(lines[h].text) {
			h = heads[h]
		}
		out[i] = h < 0
	}
	return out
}

var (
	// NAME = os.environ.get("X"): the name a read is kept under.
	readAssignRe = regexp.MustCompile(`^([A-Za-z_]\w*)\s*(?::[^=]*)?=\s*(?:os\.)?(?:environ\.get|getenv)\s*\(`)
	// if not …: / if … is None: / if … == "": the test of a missing value.
	missingTestRe = regexp.MustCompile(`^if\s+(?:not\s+(.+?)|(.+?)\s+is\s+None|(.+?)\s*==\s*(?:""|''))\s*:$`)
	// raise …, sys.exit(…), exit(…): the program stops.
	stopRe = regexp.MustCompile(`^(?:raise\b|(?:sys\.)?exit\s*\()`)
)

// checkedAtLoad reports whether the .get read on line i is tested for a
// missing value at import, in the test itself (if not os.environ.get("X"):)
// or through the module-level name it is assigned to (X = os.environ.get(…)
// then if X is None:), by an if whose first statement stops the program.
func checkedAtLoad(lines []pyLine, atLoad []bool, i int) bool {
	stops := func(j int) bool {
		return j+1 < len(lines) && lines[j+1].indent > lines[j].indent && stopRe.MatchString(lines[j+1].text)
	}
	if missingTestRe.MatchString(lines[i].text) {
		return stops(i)
	}
	m := readAssignRe.FindStringSubmatch(lines[i].text)
	if m == nil || lines[i].indent != 0 {
		return false
	}
	for j := i + 1; j < len(lines); j++ {
		if lines[j].indent != 0 || !atLoad[j] {
			continue
		}
		t := missingTestRe.FindStringSubmatch(lines[j].text)
		if t != nil && strings.TrimSpace(t[1]+t[2]+t[3]) == m[1] {
			return stops(j)
		}
	}
	return false
}

// usedAtOnceRe is what follows a read used at once: a method or an
// attribute of the value (.lower(), .split), an item of it ([0]).
var usedAtOnceRe = regexp.MustCompile(`^\s*\)\s*(?:\.\s*[A-Za-z_]|\[)`)

// guardedOnLine reports whether a read at byte at of line is tested on
// the same line: the name read before it (X and X.lower()), or a
// conditional expression after it (X.split() if X else []).
func guardedOnLine(line string, at int, name string) bool {
	return strings.Contains(line[:at], `"`+name+`"`) || strings.Contains(line[:at], `'`+name+`'`) || ifAfterRe.MatchString(line[at:])
}

// ifAfterRe is a conditional expression's if after a value.
var ifAfterRe = regexp.MustCompile(`\sif\s`)

// noDefaultRe is a .get's text after the name that gives no default: none, or None.
var noDefaultRe = regexp.MustCompile(`^(?:\s*,\s*None\s*)?$`)

// classHeaderAnyRe is a class statement, with or without bases.
var classHeaderAnyRe = regexp.MustCompile(`^class\s+[A-Za-z_]\w*\s*[(:]`)

// readerCallDefaultRe matches the start of a reader's call up to the
// variable's name: name("X", …) or name.kind("X", …); callRest reads the
// arguments after it.
func readerCallDefaultRe(readers []string) *regexp.Regexp {
	q := make([]string, len(readers))
	for i, n := range readers {
		q[i] = regexp.QuoteMeta(n)
	}
	return regexp.MustCompile(`(?:^|[^\w.])(?:` + strings.Join(q, "|") + `)(?:\.(\w+))?\s*\(\s*["']([A-Za-z_]\w*)["']`)
}

// assignRe is what follows a subscript being assigned: = but not ==.
var assignRe = regexp.MustCompile(`^\s*(?:[-+*/|&]?=)(?:[^=]|$)`)

// submatches turns match indexes into the strings, "" for an unmatched group.
func submatches(s string, ix []int) []string {
	out := make([]string, len(ix)/2)
	for i := range out {
		if ix[2*i] >= 0 {
			out[i] = s[ix[2*i]:ix[2*i+1]]
		}
	}
	return out
}
