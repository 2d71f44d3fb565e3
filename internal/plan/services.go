package plan

import (
	"cmp"
	"fmt"
	"slices"
	"strings"

	"github.com/pydock/pydock/internal/detect"
)

// serviceKinds maps the client libraries that prove a backing service is
// used to the service compose should run for local development (DC005).
// Images are pinned to a minor release; bump them with the goldens.
type serviceKind struct {
	kind    string
	label   string // the name the wizard's question shows
	clients []string
	make    func() Service
}

var serviceKinds = []serviceKind{
	{"postgres", "PostgreSQL", []string{"psycopg", "psycopg2", "psycopg2-binary", "psycopg-binary", "asyncpg", "pg8000"}, func() Service {
		return Service{
			Name: "db", Kind: "postgres", Image: "postgres:17.6-bookworm",
			Env: []EnvVar{
				{"POSTGRES_DB", "app"}, {"POSTGRES_USER", "app"},
				{"POSTGRES_PASSWORD", required("POSTGRES_PASSWORD")},
			},
			AppEnv:      []EnvVar{{"DATABASE_URL", "postgresql://app:" + required("POSTGRES_PASSWORD") + "@db:5432/app"}},
			Secrets:     []EnvVar{{"POSTGRES_PASSWORD", "change-me"}},
			Volume:      "db-data",
			VolumePath:  "/var/lib/postgresql/data",
			HealthCheck: []string{"CMD-SHELL", "pg_isready -U app -d app"},
			// https://github.com/docker-library/docs/tree/master/postgres#initialization-scripts
			// (*.sql, *.sh… run in sorted name order against POSTGRES_DB,
			// only when the data directory is empty).
			InitDir: "/docker-entrypoint-initdb.d",
		}
	}},
	{"mysql", "MySQL", []string{"mysqlclient", "pymysql", "mysql-connector-python", "aiomysql", "asyncmy"}, func() Service {
		return Service{
			Name: "db", Kind: "mysql", Image: "mysql:8.4.6",
			Env: []EnvVar{
				{"MYSQL_DATABASE", "app"}, {"MYSQL_USER", "app"},
				{"MYSQL_PASSWORD", required("MYSQL_PASSWORD")},
				{"MYSQL_ROOT_PASSWORD", required("MYSQL_ROOT_PASSWORD")},
			},
			AppEnv:      []EnvVar{{"DATABASE_URL", "mysql://app:" + required("MYSQL_PASSWORD") + "@db:3306/app"}},
			Secrets:     []EnvVar{{"MYSQL_PASSWORD", "change-me"}, {"MYSQL_ROOT_PASSWORD", "change-me-too"}},
			Volume:      "db-data",
			VolumePath:  "/var/lib/mysql",
			HealthCheck: []string{"CMD-SHELL", "mysqladmin ping -h 127.0.0.1 --silent"},
			// https://github.com/docker-library/docs/tree/master/mysql#initializing-a-fresh-instance
			// (.sh, .sql, .sql.gz… run in alphabetical order against
			// MYSQL_DATABASE, on the first start only).
			InitDir: "/docker-entrypoint-initdb.d",
		}
	}},
	// https://hub.docker.com/_/mongo: MONGO_INITDB_ROOT_* create the user
	// (in the admin database, hence authSource); mongosh ships in the image
	// and ping needs no login. Clients: the drivers (pymongo, motor) and the
	// ODMs over them (mongoengine, beanie, odmantic).
	{"mongo", "MongoDB", []string{"motor", "pymongo", "mongoengine", "beanie", "odmantic"}, func() Service {
		return Service{
			Name: "mongo", Kind: "mongo", Image: "mongo:8.0-noble",
			Env: []EnvVar{
				{"MONGO_INITDB_ROOT_USERNAME", "app"},
				{"MONGO_INITDB_ROOT_PASSWORD", required("MONGO_PASSWORD")},
			},
			AppEnv:      []EnvVar{{"MONGODB_URI", "mongodb://app:" + required("MONGO_PASSWORD") + "@mongo:27017/app?authSource=admin"}},
			Secrets:     []EnvVar{{"MONGO_PASSWORD", "change-me"}},
			Volume:      "mongo-data",
			VolumePath:  "/data/db",
			HealthCheck: []string{"CMD", "mongosh", "--quiet", "--eval", "db.adminCommand({ping: 1})"},
		}
	}},
	// celery[redis] and dramatiq[redis]: the task queues' bundles for a
	// Redis broker (https://docs.celeryq.dev/en/stable/getting-started/backends-and-brokers/redis.html,
	// https://dramatiq.io/installation.html); without the extra, RabbitMQ.
	{"redis", "Redis", []string{"redis", "rq", "hiredis", "arq", "django-redis", "aioredis", "celery[redis]", "dramatiq[redis]"}, func() Service {
		return Service{
			Name: "redis", Kind: "redis", Image: "redis:7.4.6-bookworm",
			AppEnv:      []EnvVar{{"REDIS_URL", "redis://redis:6379/0"}},
			Volume:      "redis-data",
			VolumePath:  "/data",
			HealthCheck: []string{"CMD-SHELL", "redis-cli ping | grep -q PONG"},
		}
	}},
}

// rabbitmqKind is a Celery broker's service when the app's broker says
// amqp (serviceenv.go); the wizard does not offer it.
// https://hub.docker.com/_/rabbitmq: RABBITMQ_DEFAULT_USER/PASS create the
// user on the default vhost "/"; rabbitmq-diagnostics ping is the image's
// documented health check.
var rabbitmqKind = serviceKind{"rabbitmq", "RabbitMQ", nil, func() Service {
	return Service{
		Name: "rabbitmq", Kind: "rabbitmq", Image: "rabbitmq:4.1-alpine",
		Env: []EnvVar{
			{"RABBITMQ_DEFAULT_USER", "app"},
			{"RABBITMQ_DEFAULT_PASS", required("RABBITMQ_PASSWORD")},
		},
		AppEnv:      []EnvVar{{"RABBITMQ_URL", "amqp://app:" + required("RABBITMQ_PASSWORD") + "@rabbitmq:5672//"}},
		Secrets:     []EnvVar{{"RABBITMQ_PASSWORD", "change-me"}},
		Volume:      "rabbitmq-data",
		VolumePath:  "/var/lib/rabbitmq",
		HealthCheck: []string{"CMD", "rabbitmq-diagnostics", "-q", "ping"},
	}
}}

// required is compose's interpolation of a credential from .env (which
// compose reads for interpolation and which stays out of git): no default
// in the file, and `docker compose up` stops with this message when unset.
func required(name string) string {
	return "${" + name + ":?set " + name + " in .env (copy .env.example)}"
}

// ServiceChoice is a row of the services table as the wizard offers it.
type ServiceChoice struct {
	Kind, Label string
	// DB: the service is the app's database "db", so one such kind at
	// most (postgres or mysql); the others run beside it.
	DB bool
}

// ServiceChoices lists the services compose can run, in the table's order.
func ServiceChoices() []ServiceChoice {
	out := make([]ServiceChoice, len(serviceKinds))
	for i, k := range serviceKinds {
		out[i] = ServiceChoice{Kind: k.kind, Label: k.label, DB: k.make().Name == "db"}
	}
	return out
}

// chosenServices builds the services the user named, in the table's order.
func chosenServices(kinds []string) ([]Service, error) {
	var out []Service
	for _, k := range serviceKinds {
		if hasAny(kinds, k.kind) {
			s := k.make()
			s.Because = "chosen in pydock.toml or the wizard"
			out = append(out, s)
		}
	}
	for _, k := range kinds {
		if !slices.ContainsFunc(serviceKinds, func(x serviceKind) bool { return x.kind == k }) {
			return nil, fmt.Errorf("unknown compose service %q: use postgres, mysql, mongo or redis", k)
		}
	}
	if hasAny(kinds, "postgres") && hasAny(kinds, "mysql") {
		return nil, fmt.Errorf("choose postgres or mysql, not both: each is the app's db service")
	}
	return out, nil
}

// services lists the backing services the dependencies show are used.
// A client spelled with an extra (celery[redis]) counts only as a direct
// dependency that selects that extra. A
// client another package brings (an extra of a dependency pulling redis)
// counts when the app's code reads that service's address under one of
// its conventional names (serviceenv.toml): installed alone, it may serve
// that package's optional feature the app never turns on.
func services(f *detect.Facts) []Service {
	var out []Service
	for _, k := range serviceKinds {
		for _, c := range k.clients {
			because := ""
			name, extra, withExtra := strings.Cut(strings.TrimSuffix(c, "]"), "[")
			if d := f.Dep(name); d != nil {
				if withExtra && !hasAny(d.Extras, extra) {
					continue
				}
				because = c + " is a dependency"
			} else if !withExtra && f.IsInstalled(c) {
				read := addressRead(f, k.kind)
				if read == "" {
					continue
				}
				because = c + " is installed (through the lock) and the app reads " + read
			} else {
				continue
			}
			s := k.make()
			s.Because = because
			if i := slices.IndexFunc(out, func(o Service) bool { return o.Name == s.Name }); i >= 0 {
				// Drivers of both SQL databases (an extra holding each):
				// db is one, as the wizard asks; the one a direct
				// dependency proves, or whose address the app reads, else
				// the table's first.
				if sqlRank(f, s) > sqlRank(f, out[i]) {
					out[i], s = s, out[i]
				}
				client, _, _ := strings.Cut(s.Because, " ")
				out[i].Because += "; " + client + " for " + labelOf(s.Kind) + " too: compose's db is one SQL database, " +
					labelOf(out[i].Kind) + " here (services in pydock.toml picks the other)"
				break
			}
			out = append(out, s)
			break
		}
	}
	for i := range out {
		out[i].AsyncScheme = sqlAsyncScheme(f, out[i].Kind)
		if sch, why := sqlScheme(f, out[i].Kind); sch != "" {
			base := reachOf(out[i].Kind).schemes[0] + "://"
			out[i].Scheme = sch
			out[i].Because += "; its URL says " + sch + ": " + why
			for j, e := range out[i].AppEnv {
				if rest, ok := strings.CutPrefix(e.Value, base); ok {
					out[i].AppEnv[j].Value = sch + "://" + rest
				}
			}
		}
	}
	return selectBackend(f, out)
}

// sqlRank orders two SQL databases the dependencies both prove: a direct
// dependency over one the lock brings, then one whose address the app
// reads by a conventional name.
func sqlRank(f *detect.Facts, s Service) int {
	r := 0
	if strings.HasSuffix(s.Because, " is a dependency") {
		r += 2
	}
	if addressRead(f, s.Kind) != "" {
		r++
	}
	return r
}

// labelOf is a service kind's name as the wizard shows it.
func labelOf(kind string) string {
	for _, k := range serviceKinds {
		if k.kind == kind {
			return k.label
		}
	}
	return kind
}

// selectBackend keeps, of the services a backend selector the app reads
// could pick (DATABASE_TYPE: postgres or mongo), one: the first a direct
// dependency proves, else the first. compose sets the selector to it
// (wireServices); the others would run unused.
func selectBackend(f *detect.Facts, out []Service) []Service {
	for _, u := range f.EnvUses {
		kinds := selectable(u)
		keep, direct := "", false
		for _, s := range out {
			if !slices.Contains(kinds, s.Kind) {
				continue
			}
			if d := strings.HasSuffix(s.Because, " is a dependency"); keep == "" || d && !direct {
				keep, direct = s.Kind, d
			}
		}
		if keep != "" {
			out = slices.DeleteFunc(out, func(s Service) bool { return s.Kind != keep && slices.Contains(kinds, s.Kind) })
		}
	}
	return out
}

// dropUnaddressed leaves out of compose each service pydock found by its
// client alone when nothing tells the app where one is: its code reads no
// variable serviceenv.toml knows for that service (a name, a settings
// field, a URL default, a backend selector), and the authors' compose
// passes none. Such an app takes its database from its own configuration
// (a config file, a settings module with a SQLite default): a database
// compose runs would be one nothing connects to, a password asked for
// nothing. A Celery app compose runs a worker for reaches redis by
// CELERY_BROKER_URL, which celery reads itself. detect says which service was left out, and how to add it.
func (p *Plan) dropUnaddressed(f *detect.Facts) {
	p.Services = slices.DeleteFunc(p.Services, func(s Service) bool {
		if addressed(f, s) {
			return false
		}
		client, _, _ := strings.Cut(s.Because, ";")
		why := client + ", but the app reads no variable that says where its " + labelOf(s.Kind) +
			" is (none of serviceenv.toml's names, no settings field or URL default of that service, none in the authors' compose)"
		if f.Django != nil && f.Django.TestSettingsDB != "" {
			why += "; the settings take their DATABASES from the project's test settings, which are no production configuration (warned below)"
		} else if d := sqliteData(f); d != "" {
			why += "; the settings keep a SQLite database (" + d + ")"
		} else {
			why += "; it connects where its own configuration says (a config file, a settings module, its code)"
		}
		why += ": compose runs none, which nothing would connect to; to run one, add services = [\"" + s.Kind +
			"\"] to pydock.toml and point the app at it"
		p.decide("compose service", "no "+s.Name+" ("+labelOf(s.Kind)+")", why)
		s.Because = why
		p.Unaddressed = append(p.Unaddressed, s)
		return true
	})
}

// addressed reports whether the app is told where service s is by a
// name compose can set.
func addressed(f *detect.Facts, s Service) bool {
	sql := s.Kind == "postgres" || s.Kind == "mysql"
	for _, u := range envEvidence(f) {
		if selectorValue(u, s.Kind) != "" {
			return true
		}
		r := envRow(u)
		if r == nil {
			continue
		}
		switch {
		case r.Service == s.Kind, r.Service == "db" && sql:
			return true
		case r.Service == "broker" && (s.Kind == "redis" || s.Kind == "rabbitmq"):
			if k := brokerKind(u); k == "" || k == s.Kind {
				return true
			}
		}
	}
	if env, _ := authorsServiceURLs(f, s, reachOf(s.Kind)); len(env) > 0 {
		return true
	}
	if s.Kind != "redis" || f.Dep("celery") == nil {
		return false
	}
	app, _ := celeryApp(f) // compose's worker: celery reads its broker itself
	return app != ""
}

// sqliteData is where the settings keep a SQLite database, "" for none.
func sqliteData(f *detect.Facts) string {
	for _, d := range f.DataPaths {
		if d.What == "SQLite database" {
			return cmp.Or(d.File, d.Path) + ", " + d.Source.String()
		}
	}
	return ""
}
