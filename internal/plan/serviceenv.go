package plan

import (
	_ "embed"
	"fmt"
	"regexp"
	"slices"
	"strconv"
	"strings"

	"github.com/BurntSushi/toml"

	"github.com/pydock/pydock/internal/detect"
)

//go:embed serviceenv.toml
var serviceEnvTOML string

// serviceEnvRow is one row of serviceenv.toml: names apps read one part of
// a service's address under.
type serviceEnvRow struct {
	Service string   `toml:"service"`
	Part    string   `toml:"part"`
	Names   []string `toml:"names"`
	Source  string   `toml:"source"`
}

// selectorRow is a [[selector]] of serviceenv.toml: the values a backend
// selector names the service with.
type selectorRow struct {
	Service string   `toml:"service"`
	Values  []string `toml:"values"`
	Source  string   `toml:"source"`
}

// nestedRow and leafRow are serviceenv.toml's [[nested]] and [[leaf]]: a
// nested model's holder names the service, its field the part.
type nestedRow struct {
	Service string   `toml:"service"`
	Holders []string `toml:"holders"`
}

type leafRow struct {
	Part  string   `toml:"part"`
	Names []string `toml:"names"`
}

var serviceEnvRows, selectorRows, nestedRows, leafRows = func() ([]serviceEnvRow, []selectorRow, []nestedRow, []leafRow) {
	var t struct {
		Row      []serviceEnvRow
		Selector []selectorRow
		Nested   []nestedRow
		Leaf     []leafRow
	}
	if _, err := toml.Decode(serviceEnvTOML, &t); err != nil {
		panic("serviceenv.toml: " + err.Error())
	}
	return t.Row, t.Selector, t.Nested, t.Leaf
}()

// nestedEnvRow is the row of a nested model's field (detect's Nested,
// POSTGRESQL.HOST): the service its holder names, the part its field
// names; nil when either says nothing.
func nestedEnvRow(path string) *serviceEnvRow {
	holder, leaf, ok := strings.Cut(path, ".")
	if !ok || strings.Contains(leaf, ".") {
		return nil
	}
	for _, n := range nestedRows {
		if !slices.Contains(n.Holders, holder) {
			continue
		}
		for _, l := range leafRows {
			if slices.Contains(l.Names, leaf) {
				return &serviceEnvRow{Service: n.Service, Part: l.Part, Source: "a nested model's field under env_nested_delimiter (serviceenv.toml [[nested]])"}
			}
		}
	}
	return nil
}

// selectorValue is the value of a backend selector the app reads that
// names the service kind ("" when its choices name no such value).
func selectorValue(u detect.EnvUse, kind string) string {
	for _, r := range selectorRows {
		if r.Service != kind {
			continue
		}
		for _, c := range u.Choices {
			if slices.Contains(r.Values, strings.ToLower(c)) {
				return c
			}
		}
	}
	return ""
}

// selectable lists the service kinds a selector's choices name.
func selectable(u detect.EnvUse) []string {
	var out []string
	for _, r := range selectorRows {
		if selectorValue(u, r.Service) != "" {
			out = append(out, r.Service)
		}
	}
	return out
}

// partOrder is the order compose lists a service's variables in.
var partOrder = []string{"url", "async_url", "host", "port", "name", "user", "password", "credentials"}

// driverRe is a SQLAlchemy driver name (postgresql+asyncpg): the app's
// text lands in compose only when it is one.
var driverRe = regexp.MustCompile(`^[a-z0-9_]*$`)

// reach is how a client reaches a service as compose defines it.
type reach struct {
	schemes  []string // URL schemes of the service; the first is written
	port     int
	user     string
	password string
	name     string // database, redis db number, rabbitmq vhost
	query    string
}

func reachOf(kind string) reach {
	switch kind {
	case "postgres":
		return reach{[]string{"postgresql", "postgres"}, 5432, "app", required("POSTGRES_PASSWORD"), "app", ""}
	case "mysql":
		return reach{[]string{"mysql", "mariadb"}, 3306, "app", required("MYSQL_PASSWORD"), "app", ""}
	case "mongo":
		return reach{[]string{"mongodb"}, 27017, "app", required("MONGO_PASSWORD"), "app", "?authSource=admin"}
	case "redis":
		return reach{[]string{"redis"}, 6379, "", "", "0", ""}
	case "rabbitmq":
		return reach{[]string{"amqp", "pyamqp"}, 5672, "app", required("RABBITMQ_PASSWORD"), "/", ""}
	}
	return reach{}
}

// value is what compose sets a part to for service s. A URL keeps the
// scheme of the app's own default when it names the same service
// (postgresql+asyncpg://…), so the app's driver choice stands.
func (r reach) value(s Service, part, def string) (string, bool) {
	switch part {
	case "url", "async_url":
		scheme := r.schemes[0]
		if s.Scheme != "" {
			scheme = s.Scheme // the driver SQLAlchemy finds installed
		}
		if part == "async_url" && s.AsyncScheme != "" {
			scheme = s.AsyncScheme // create_async_engine needs an asyncio driver
		}
		// Only SQL URLs name a driver after "+": mongodb+srv:// is a DNS
		// lookup, which compose's service does not answer.
		if sch, _, ok := strings.Cut(def, "://"); ok && (s.Kind == "postgres" || s.Kind == "mysql") {
			base, driver, _ := strings.Cut(sch, "+")
			if slices.Contains(r.schemes, base) && driverRe.MatchString(driver) {
				scheme = sch
			}
		}
		auth := ""
		if r.user != "" {
			auth = r.user + ":" + r.password + "@"
		}
		return scheme + "://" + auth + s.Name + ":" + strconv.Itoa(r.port) + "/" + r.name + r.query, true
	case "host":
		return s.Name, true
	case "port":
		return strconv.Itoa(r.port), true
	case "name":
		return r.name, true
	case "user":
		return r.user, r.user != ""
	case "password":
		return r.password, r.password != ""
	case "credentials":
		return r.user + ":" + r.password, r.user != ""
	}
	return "", false
}

// shaped is a URL variable's value when the code writes the scheme before
// it itself (detect's Scheme, f"postgresql://{settings.pg_uri}"): the part
// of the URL it holds, so the app never builds postgresql://postgresql://.
func (r reach) shaped(s Service, u detect.EnvUse, url string) (string, bool) {
	base, _, _ := strings.Cut(u.Scheme, "+")
	if !slices.Contains(r.schemes, base) {
		return url, true // another service's scheme: not this address
	}
	_, rest, _ := strings.Cut(url, "://")
	switch u.Holds {
	case "rest":
		return rest, true
	case "authority":
		authority, _, _ := strings.Cut(rest, "/")
		return authority, true
	case "host":
		return s.Name, true
	case "credentials":
		return r.value(s, "credentials", "")
	}
	return url, true
}

// envRow finds the row of a variable the app reads: by its name, or by its
// field under a pydantic env_prefix (APP_DB_HOST reads the field DB_HOST).
// Exact names of every row come before a row's patterns.
func envRow(u detect.EnvUse) *serviceEnvRow {
	if r, ok := dbKeyRows[u.DBPart]; ok {
		return r // the key it fills says what it is, before any name
	}
	if u.Nested != "" {
		if r := nestedEnvRow(u.Nested); r != nil {
			return r
		}
	}
	for _, exact := range []bool{true, false} {
		for _, name := range []string{u.Name, u.Field} {
			for i, r := range serviceEnvRows {
				if name != "" && slices.ContainsFunc(r.Names, func(n string) bool { return nameMatches(n, name, exact) }) {
					return &serviceEnvRows[i]
				}
			}
		}
	}
	if r := urlDefaultRow(u.Default); r != nil {
		return r
	}
	if u.Kind == "redis" {
		return urlDefaultRows["redis"] // read into a Redis URL parser
	}
	return nil
}

// urlDefaultRows are the rows of a variable known by its default alone: a
// URL whose scheme is a service's (reachOf) is that service's address,
// whatever the app calls it (DB_PG_URI = "postgresql://localhost/app").
var urlDefaultRows = func() map[string]*serviceEnvRow {
	out := map[string]*serviceEnvRow{}
	for _, kind := range []string{"postgres", "mysql", "mongo", "redis", "rabbitmq"} {
		for _, sch := range reachOf(kind).schemes {
			out[sch] = &serviceEnvRow{Service: kind, Part: "url", Source: "the read's default is a " + sch + ":// URL"}
		}
	}
	return out
}()

// urlDefaultRow is the row a default URL says (a driver's scheme reads as
// its database's: postgresql+asyncpg is postgresql), nil when it is none.
// Only a URL to a local host counts: localhost, or one name as a compose
// service has (redis, postgresql); a domain (db.example.com) is a service
// elsewhere that the app is meant to use, which compose leaves alone.
func urlDefaultRow(def string) *serviceEnvRow {
	sch, rest, ok := strings.Cut(strings.ToLower(def), "://")
	if !ok {
		return nil
	}
	authority, _, _ := strings.Cut(rest, "/")
	if i := strings.LastIndex(authority, "@"); i >= 0 {
		authority = authority[i+1:]
	}
	host, _, _ := strings.Cut(authority, ":")
	if host == "" || strings.Contains(host, ".") && host != "127.0.0.1" {
		return nil // a socket or a file, or a host elsewhere
	}
	base, _, _ := strings.Cut(sch, "+")
	return urlDefaultRows[base]
}

// dbKeyRows are the rows of a variable read into a Django database dict's
// connection key (detect's DBPart).
var dbKeyRows = func() map[string]*serviceEnvRow {
	out := map[string]*serviceEnvRow{}
	for _, part := range []string{"host", "port", "name", "user", "password"} {
		out[part] = &serviceEnvRow{Service: "db", Part: part, Source: "https://docs.djangoproject.com/en/stable/ref/settings/#databases"}
	}
	return out
}()

// nameMatches compares a row's name with a variable: exactly, or for a
// pattern (a * standing for one or more words, REDIS_*_HOST) by the pattern.
func nameMatches(pattern, name string, exact bool) bool {
	if exact || !strings.Contains(pattern, "*") {
		return exact && pattern == name
	}
	re := "^" + strings.ReplaceAll(regexp.QuoteMeta(pattern), `\*`, `[A-Z0-9]+(?:_[A-Z0-9]+)*`) + "$"
	ok, _ := regexp.MatchString(re, name)
	return ok
}

// addressRead is the first variable the app reads that serviceenv.toml
// names for the service kind, with where it is read ("" when none).
func addressRead(f *detect.Facts, kind string) string {
	for _, u := range f.EnvUses {
		if r := envRow(u); r != nil && r.Service == kind {
			return u.Name + " (" + u.Source.String() + ")"
		}
	}
	return ""
}

// amqpURL reports whether a default names an AMQP broker.
func amqpURL(def string) bool {
	sch, _, ok := strings.Cut(strings.ToLower(def), "://")
	return ok && slices.Contains(reachOf("rabbitmq").schemes, sch)
}

// brokerKind is the service a Celery broker variable's default names:
// rabbitmq for amqp, redis for redis, "" when it names none.
func brokerKind(u detect.EnvUse) string {
	if amqpURL(u.Default) {
		return "rabbitmq"
	}
	if strings.HasPrefix(strings.ToLower(u.Default), "redis://") {
		return "redis"
	}
	return ""
}

// celeryInCompose reports whether compose runs a celery process.
func (p *Plan) celeryInCompose() bool {
	if p.Worker != nil {
		return true
	}
	// A Procfile's process may run celery inside sh -c "… exec celery …".
	return slices.ContainsFunc(p.Processes, func(x Process) bool {
		return slices.ContainsFunc(strings.Fields(strings.Join(x.Command, " ")), func(w string) bool {
			return w == "celery" || strings.HasSuffix(w, "/celery")
		})
	})
}

// chooseBroker gives a compose celery worker the broker the app reads: a
// rabbitmq service when a name or default it reads says amqp; else redis.
// When it reads no broker variable, celery's own CELERY_BROKER_URL is set
// (celery/app/utils.py reads it before the app's configuration): to redis
// when a redis client is installed, else to rabbitmq, since amqp is
// celery's default transport and its client ships with kombu.
// Source: https://docs.celeryq.dev/en/stable/userguide/configuration.html#broker-url
func (p *Plan) chooseBroker(f *detect.Facts) (kind, because string) {
	for _, u := range f.EnvUses {
		r := envRow(u)
		switch {
		case r == nil:
		case r.Service == "rabbitmq":
			return "rabbitmq", u.Name + " (" + u.Source.String() + ")"
		case r.Service == "broker" && brokerKind(u) == "rabbitmq":
			return "rabbitmq", u.Name + " with an amqp default (" + u.Source.String() + ")"
		case r.Service == "broker" && (r.Part == "user" || r.Part == "password"):
			// Redis takes no user by default: one the URL is built with
			// would fail its AUTH.
			return "rabbitmq", u.Name + ", a broker user or password (" + u.Source.String() + ")"
		case r.Service == "broker" && kind == "":
			kind, because = "redis", u.Name+" ("+u.Source.String()+")"
		}
	}
	if kind != "" {
		return kind, because
	}
	if d := f.Dep("celery"); f.Dep("redis") != nil || d != nil && slices.Contains(d.Extras, "redis") {
		return "redis", ""
	}
	return "rabbitmq", ""
}

// wireServices passes each backing service to the app under the names the
// app's code reads (serviceenv.toml), each part set to what the service
// compose defines answers; when it reads none of them, the service keeps
// pydock's default variable, and detect says so.
func (p *Plan) wireServices(f *detect.Facts) {
	broker, brokerWhy := "", ""
	if p.celeryInCompose() {
		broker, brokerWhy = p.chooseBroker(f)
		if !slices.ContainsFunc(p.Services, func(s Service) bool { return s.Kind == broker }) {
			for _, k := range append(slices.Clone(serviceKinds), rabbitmqKind) {
				if k.kind == broker {
					s := k.make()
					s.Because = "the compose celery worker's broker"
					switch {
					case brokerWhy != "":
						s.Because += ": the app reads " + brokerWhy
					case broker == "redis":
						s.Because += ": the app names none, and a redis client is installed"
					default:
						s.Because += ": the app names none, and no redis client is installed; amqp is celery's default transport"
					}
					p.Services = append(p.Services, s)
					p.decide("compose service", s.Name+" ("+s.Image+")", s.Because)
				}
			}
		}
	}
	sqlDone := false
	for i := range p.Services {
		s := &p.Services[i]
		r := reachOf(s.Kind)
		sql := (s.Kind == "postgres" || s.Kind == "mysql") && !sqlDone
		sqlDone = sqlDone || sql
		var env []EnvVar
		var from []string
		rank := map[string]int{}
		for _, u := range envEvidence(f) {
			row := envRow(u)
			if row == nil {
				continue
			}
			meant := brokerKind(u)
			if row.Service == "broker" && broker == "" && meant == "" {
				meant = "redis" // no worker in compose: the app's own broker setting
			}
			fits := row.Service == s.Kind || row.Service == "db" && sql ||
				row.Service == "broker" && s.Kind == broker && (meant == "" || meant == broker) ||
				row.Service == "broker" && broker == "" && s.Kind == meant
			if !fits || slices.ContainsFunc(env, func(e EnvVar) bool { return e.Name == u.Name }) {
				continue
			}
			v, ok := r.value(*s, row.Part, u.Default)
			shape := ""
			if row.Part == "url" || row.Part == "async_url" {
				whole := v
				if v, ok = r.shaped(*s, u, v); v != whole {
					shape = u.Name + " without " + u.Scheme + "://, which the code writes before it (" + u.SchemeFrom.String() + ")"
				}
			}
			if !ok {
				continue
			}
			rank[u.Name] = slices.Index(partOrder, row.Part)
			env = append(env, EnvVar{u.Name, v})
			from = append(from, u.Source.String())
			if shape != "" {
				from = append(from, shape)
			}
		}
		for _, u := range f.EnvUses {
			if v := selectorValue(u, s.Kind); v != "" && !slices.ContainsFunc(env, func(e EnvVar) bool { return e.Name == u.Name }) {
				rank[u.Name] = -2 // the backend first, then its address
				env = append(env, EnvVar{u.Name, v})
				from = append(from, u.Source.String())
			}
		}
		own := ""
		if s.Kind == broker && brokerWhy == "" {
			v, _ := r.value(*s, "url", "")
			rank["CELERY_BROKER_URL"] = -1
			env = append(env, EnvVar{"CELERY_BROKER_URL", v})
			own = "CELERY_BROKER_URL, which celery reads itself: the app names no broker"
		}
		if len(env) == 0 {
			if authors, at := authorsServiceURLs(f, *s, r); len(authors) > 0 {
				// A library the app uses reads these (its own code spells
				// none of the conventional names): the authors' compose
				// says which.
				s.AppEnv = authors
				var names []string
				for _, e := range authors {
					names = append(names, e.Name)
				}
				p.decide("compose env", s.Name+": "+strings.Join(names, " "), "the names the authors' compose passes its "+s.Kind+" URLs under ("+strings.Join(at, ", ")+"), each with its database; the app's code reads none of the conventional names, a library it uses does")
				continue
			}
			var names []string
			for _, e := range s.AppEnv {
				names = append(names, e.Name)
			}
			p.decide("compose env", s.Name+": "+strings.Join(names, " "), fmt.Sprintf("the app reads none of the conventional names for %s (serviceenv.toml): pydock's default", s.Kind))
			continue
		}
		slices.SortStableFunc(env, func(a, b EnvVar) int { return rank[a.Name] - rank[b.Name] })
		s.AppEnv = env
		var names []string
		for _, e := range env {
			names = append(names, e.Name)
		}
		var why []string
		if len(from) > 0 {
			why = append(why, "the names the app reads ("+strings.Join(dedupe(from), ", ")+")")
		}
		if own != "" {
			why = append(why, own)
		}
		p.decide("compose env", s.Name+": "+strings.Join(names, " "), strings.Join(why, "; "))
	}
}

func dedupe(list []string) []string {
	var out []string
	for _, x := range list {
		if !slices.Contains(out, x) {
			out = append(out, x)
		}
	}
	return out
}

// authorsServiceURLs are the variables the authors' compose files set to
// a URL of this kind of service (mongodb://mongodb/news for mongo), each
// pointing at compose's own service with the authors' path (the database)
// kept; at says where each is set.
func authorsServiceURLs(f *detect.Facts, s Service, r reach) (env []EnvVar, at []string) {
	for _, a := range f.AuthorsComposeURLs {
		scheme, rest, _ := strings.Cut(a.Value, "://")
		if !slices.Contains(r.schemes, scheme) || runtimeEnv[a.Name] || slices.ContainsFunc(env, func(e EnvVar) bool { return e.Name == a.Name }) {
			continue
		}
		// The authors' database: the path of their URL, query left out.
		rr := r
		if _, p, found := strings.Cut(rest, "/"); found {
			if p, _, _ = strings.Cut(p, "?"); dbPathRe.MatchString(p) {
				rr.name = p
			}
		}
		v, ok := rr.value(s, "url", a.Value)
		if !ok {
			continue
		}
		env = append(env, EnvVar{a.Name, v})
		at = append(at, a.Source.String())
	}
	return env, at
}

// dbPathRe is a database name as a URL's path holds it.
var dbPathRe = regexp.MustCompile(`^[A-Za-z0-9_.-]{1,64}$`)
