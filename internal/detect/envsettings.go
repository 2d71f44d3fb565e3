package detect

// Environment reads that settings classes declare rather than spell out:
// pydantic BaseSettings fields (the field's name under the class's
// env_prefix, or its alias) and django-configurations values (DJANGO_ +
// the attribute's name).

import (
	"regexp"
	"slices"
	"strings"
)

type settingsClass struct {
	prefix string // "APP_", or "$NAME" for a constant
	fields []EnvUse
	name   string
	bases  []string
	delim  string   // its own env_nested_delimiter, "" when it sets none
	annots []string // each field's annotation, as written
	// pydanticNames are the names its module imports from pydantic or
	// pydantic_settings: a base so named is the library's, not the project's.
	pydanticNames []string
}

// settingsClasses reads pydantic BaseSettings classes: each field is read
// as its name upper-cased under the class's env_prefix, or as its alias.
// A class of the module mixed into one (class Settings(PersistenceSettings,
// BaseSettings)) has its fields read under that class's prefix too.
func settingsClasses(lines []pyLine) []settingsClass {
	type header struct {
		at    int
		bases []string
	}
	classes := map[string]header{}
	var order []string
	for i, l := range lines {
		if m := classHeaderRe.FindStringSubmatch(l.text); m != nil {
			var bases []string
			for _, b := range strings.Split(m[2], ",") {
				bases = append(bases, strings.TrimSpace(b))
			}
			classes[m[1]] = header{i, bases}
			order = append(order, m[1])
		}
	}
	// Classes of this module that are settings: BaseSettings's subclasses,
	// and theirs (class _Client(EnvConfig, env_prefix="client_")).
	settings := map[string]bool{"BaseSettings": true}
	var out []settingsClass
	mixedInto := map[string]int{} // a mixin -> its settings class in out
	for _, name := range order {
		h := classes[name]
		if !slices.ContainsFunc(h.bases, func(b string) bool {
			return settings[b] || strings.HasSuffix(b, ".BaseSettings")
		}) {
			continue
		}
		settings[name] = true
		c := classFields(lines, h.at)
		c.name, c.bases = name, h.bases
		out = append(out, c)
		// Its bases of this module, and theirs, are read through it.
		queue := slices.Clone(h.bases)
		for len(queue) > 0 {
			b := queue[0]
			queue = queue[1:]
			bh, ok := classes[b]
			if _, done := mixedInto[b]; !ok || done || settings[b] {
				continue
			}
			mixedInto[b] = len(out) - 1
			queue = append(queue, bh.bases...)
		}
	}
	for _, name := range order {
		i, ok := mixedInto[name]
		if !ok || settings[name] {
			continue
		}
		c := classFields(lines, classes[name].at)
		c.prefix = out[i].prefix
		out = append(out, c)
	}
	return out
}

// classFields reads the class whose header is lines[at]: its env_prefix
// and its fields.
func classFields(lines []pyLine, at int) settingsClass {
	l := lines[at]
	var c settingsClass
	if m := classHeaderRe.FindStringSubmatch(l.text); m != nil {
		if p := envPrefixRe.FindStringSubmatch(m[2]); p != nil {
			c.prefix = classPrefix(p)
		}
	}
	body := -1
	for _, b := range lines[at+1:] {
		if b.indent <= l.indent {
			break
		}
		if m := envPrefixRe.FindStringSubmatch(b.text); m != nil {
			c.prefix = classPrefix(m)
		}
		if m := nestedDelimRe.FindStringSubmatch(b.text); m != nil {
			c.delim = m[1]
		}
		if body < 0 {
			body = b.indent
		}
		if b.indent != body {
			continue
		}
		m := fieldRe.FindStringSubmatch(b.text)
		if m == nil || m[1] == "model_config" || strings.Contains(b.text, "ClassVar") {
			continue
		}
		u := EnvUse{Field: strings.ToUpper(m[1]), Source: Source{Line: b.line}}
		if a := fieldAliasRe.FindStringSubmatch(b.text); a != nil {
			u = EnvUse{Name: strings.ToUpper(a[1]), Source: u.Source}
		}
		u.Default = stringLiteral(m[2])
		if d := fieldDefaultRe.FindStringSubmatch(m[2]); d != nil {
			u.Default = stringLiteral(d[1]) // Field(default="./data"), Field("./data")
		}
		u.Required, u.Kind = fieldRequired(b.text, m[2])
		if a := annotationRe.FindStringSubmatch(b.text); a != nil && literalRe.MatchString(a[1]) {
			if lits := pyLiterals(a[1]); len(lits) > 0 {
				u.Choice, u.Choices = lits[0], lits
			}
		} else if a != nil && enumTypeRe.MatchString(a[1]) {
			u.Choices = []string{"$" + strings.TrimSpace(a[1])} // resolved once every file is read
		}
		c.fields = append(c.fields, u)
		annot := ""
		if a := annotationRe.FindStringSubmatch(b.text); a != nil {
			annot = a[1]
		}
		c.annots = append(c.annots, annot)
	}
	return c
}

var (
	// env_nested_delimiter="__" in a settings class's configuration.
	nestedDelimRe = regexp.MustCompile(`\benv_nested_delimiter["']?\s*[=:]\s*["']([^"']+)["']`)
	// A pydantic model: class Database(BaseModel) / (pydantic.BaseModel).
	pydanticModelRe = regexp.MustCompile(`^(?:pydantic\.)?BaseModel$`)
	// from pydantic_settings import BaseSettings, SettingsConfigDict.
	pydanticImportRe = regexp.MustCompile(`^from\s+pydantic(?:_settings)?(?:\.\w+)*\s+import\s+\(?([^)]*)\)?$`)
	// A container annotation and what it holds: list[Provider], dict[str, X].
	containerRe  = regexp.MustCompile(`\b(?:list|List|tuple|Tuple|set|Set|frozenset|FrozenSet|Sequence|dict|Dict|Mapping)\s*\[([^\]]*)\]`)
	annotIdentRe = regexp.MustCompile(`[A-Za-z_]\w*`)
	// Optional[X], X | None, None | X: the X.
	optionalWrapRe = regexp.MustCompile(`^(?:typing\.)?Optional\s*\[\s*([A-Za-z_]\w*)\s*\]$|^([A-Za-z_]\w*)\s*\|\s*None$|^None\s*\|\s*([A-Za-z_]\w*)$`)
)

// modelClasses reads the module's pydantic models (BaseModel's direct
// subclasses): a settings field typed with one is read field by field
// under env_nested_delimiter.
func modelClasses(lines []pyLine) []settingsClass {
	var out []settingsClass
	for i, l := range lines {
		m := classHeaderRe.FindStringSubmatch(l.text)
		if m == nil {
			continue
		}
		for _, b := range strings.Split(m[2], ",") {
			if pydanticModelRe.MatchString(strings.TrimSpace(b)) {
				c := classFields(lines, i)
				c.name = m[1]
				out = append(out, c)
				break
			}
		}
	}
	return out
}

// pydanticNames are the names a module imports from pydantic or
// pydantic_settings.
func pydanticNames(lines []pyLine) []string {
	var out []string
	for _, l := range lines {
		if m := pydanticImportRe.FindStringSubmatch(l.text); m != nil && l.indent == 0 {
			for _, n := range strings.Split(m[1], ",") {
				if f := strings.Fields(n); len(f) > 0 {
					out = append(out, f[len(f)-1]) // X, or Y of "X as Y"
				}
			}
		}
	}
	return out
}

// modelType is the class a field's annotation names, Optional or not;
// "" for a container or anything else.
func modelType(annot string) string {
	annot = strings.TrimSpace(annot)
	if m := optionalWrapRe.FindStringSubmatch(annot); m != nil {
		return m[1] + m[2] + m[3]
	}
	if annotIdentRe.FindString(annot) == annot {
		return annot
	}
	return ""
}

// itemTypes are the names inside the container annotations of the
// settings classes' fields (list[Provider]): a settings class so named is
// an entry of another's value, built by it, reading nothing by itself.
func itemTypes(classes []settingsClass) map[string]bool {
	out := map[string]bool{}
	for _, c := range classes {
		for _, a := range c.annots {
			for _, m := range containerRe.FindAllStringSubmatch(a, -1) {
				for _, n := range annotIdentRe.FindAllString(m[1], -1) {
					out[n] = true
				}
			}
		}
	}
	return out
}

// nestedReads are the variables a settings class reads for its fields
// typed with a model (a pydantic model, or another settings class) under
// env_nested_delimiter: prefix + FIELD + delimiter + NESTED, each with the
// model field's default, and Nested naming the path (DATABASE.HOST). A
// nested field is required only when both it and the field holding it
// have no default.
// https://docs.pydantic.dev/latest/concepts/pydantic_settings/#parsing-environment-variable-values
func nestedReads(c settingsClass, prefix, delim string, models map[string]settingsClass) []EnvUse {
	var out []EnvUse
	for i, u := range c.fields {
		if u.Field == "" || i >= len(c.annots) {
			continue // named by an alias: pydock does not follow it
		}
		m, ok := models[modelType(c.annots[i])]
		if !ok {
			continue
		}
		for _, g := range m.fields {
			if g.Field == "" {
				continue
			}
			n := g
			n.Name = strings.ToUpper(prefix) + u.Field + delim + g.Field
			n.Nested = u.Field + "." + g.Field
			n.Field = ""
			n.Required = u.Required && g.Required
			n.Choice, n.Choices = "", nil
			out = append(out, n)
		}
	}
	return out
}

// fieldDefaultRe is pydantic's Field with a default first: Field("x") or
// Field(default="x").
var fieldDefaultRe = regexp.MustCompile(`^Field\s*\(\s*(?:default\s*=\s*)?(["'].*)`)

// classHeaderRe is a class statement: its name and what is in its parentheses.
var classHeaderRe = regexp.MustCompile(`^class\s+([A-Za-z_]\w*)\s*\((.*)\)\s*:`)

// classPrefix is an env_prefix match as settingsClass keeps it.
func classPrefix(m []string) string {
	if m[2] != "" {
		return "$" + m[2]
	}
	return m[1]
}

var (
	// The annotation of a field: name: Type = …
	annotationRe = regexp.MustCompile(`^[A-Za-z_]\w*\s*:\s*([^=]+?)\s*(?:=|$)`)
	// Field(...) or Field(..., alias=…): pydantic's spelling of no default.
	fieldNoDefaultRe = regexp.MustCompile(`^Field\s*\(\s*(?:\.\.\.|\))`)
	optionalRe       = regexp.MustCompile(`\bOptional\b|\bNone\b`)
	literalRe        = regexp.MustCompile(`^\s*(?:typing\.)?Literal\s*\[`)
)

// fieldKinds are how pydantic parses an annotation from the environment.
var fieldKinds = map[string]string{
	"int": "int", "PositiveInt": "int", "NonNegativeInt": "int", "conint": "int",
	"float": "float", "PositiveFloat": "float", "bool": "bool", "StrictBool": "bool",
	"list": "list", "List": "list", "set": "list", "Set": "list", "dict": "dict", "Dict": "dict",
	"AnyUrl": "url", "HttpUrl": "url", "AnyHttpUrl": "url",
	"PostgresDsn": "db", "MySQLDsn": "db", "RedisDsn": "redis", "AmqpDsn": "url", "MongoDsn": "url",
	"EmailStr": "email", "NameEmail": "email",
}

// fieldRequired reads a settings field: required when it has no default
// (none, or Field(...)) and its type does not admit None; its kind by the
// annotation's outer type.
func fieldRequired(text, def string) (bool, string) {
	kind := "str"
	if a := annotationRe.FindStringSubmatch(text); a != nil {
		outer := strings.TrimSpace(a[1])
		if i := strings.IndexAny(outer, "[("); i > 0 {
			outer = outer[:i]
		}
		if k, ok := fieldKinds[strings.TrimPrefix(outer, "typing.")]; ok {
			kind = k
		}
		if optionalRe.MatchString(a[1]) {
			return false, kind
		}
	}
	def = strings.TrimSpace(def)
	return def == "" || fieldNoDefaultRe.MatchString(def) && !defaultKwRe.MatchString(def), kind
}

var (
	// django-configurations: a values.*Value(...) call and its arguments
	// (up to the first closing parenthesis).
	configValueRe = regexp.MustCompile(`\bvalues\s*\.\s*(\w*Value)\s*\(([^)]*)`)
	// The class attribute a value is assigned to: SECRET_KEY = values.SecretValue().
	configAttrRe    = regexp.MustCompile(`^([A-Z_][A-Z0-9_]*)\s*(?::[^=]*)?=\s*values\s*\.`)
	environNameRe   = regexp.MustCompile(`\benviron_name\s*=\s*["']([A-Za-z_]\w*)["']`)
	environPrefixRe = regexp.MustCompile(`\benviron_prefix\s*=\s*(?:["']([A-Za-z_]\w*)["']|(None))`)
	environOffRe    = regexp.MustCompile(`\benviron\s*=\s*False\b`)
)

// configurationsValues reads django-configurations values in a statement:
// each is read from DJANGO_ (environ_prefix) + environ_name, or + the
// attribute's name; a SecretValue with no default is required
// (https://django-configurations.readthedocs.io/en/stable/values/).
func configurationsValues(text string, at Source) []EnvUse {
	var out []EnvUse
	attr := ""
	if a := configAttrRe.FindStringSubmatch(text); a != nil {
		attr = a[1]
	}
	for i, m := range configValueRe.FindAllStringSubmatch(text, -1) {
		if environOffRe.MatchString(m[2]) {
			continue
		}
		name := ""
		if n := environNameRe.FindStringSubmatch(m[2]); n != nil {
			name = n[1]
		} else if i == 0 {
			name = attr // the attribute's own value, not one nested in it
		}
		if name == "" {
			continue
		}
		prefix := "DJANGO_"
		if p := environPrefixRe.FindStringSubmatch(m[2]); p != nil {
			prefix = ""
			if p[1] != "" {
				prefix = p[1] + "_"
			}
		}
		u := EnvUse{Name: prefix + name, Source: at}
		if k := defaultKwRe.FindStringSubmatch(m[2]); k != nil {
			u.Default = literalDefault(k[1])
		} else if m[1] == "SecretValue" {
			u.Required, u.Kind = true, "str"
		}
		out = append(out, u)
	}
	return out
}
