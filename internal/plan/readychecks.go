package plan

import (
	"slices"

	"github.com/pydock/pydock/internal/detect"
)

// ReadyHost is a backing service the health snippet's readiness check
// reaches by a host variable: Port names the variable of its port ("" when
// the app reads none), DefaultPort is the port of its scheme.
type ReadyHost struct {
	Host, Port  string
	DefaultPort int
}

// defaultReadyURLs are checked when the app uses no backing service pydock
// knows: the variables platforms conventionally set.
var defaultReadyURLs = []string{"DATABASE_URL", "REDIS_URL"}

// readyChecks are the variables the readiness check connects by: for each
// backing service, the ones compose passes the app (the names the app
// reads it under, serviceenv.toml): its URL, or its host with its port's
// variable and the port its kind listens on.
func (p *Plan) readyChecks(f *detect.Facts) (urls []string, hosts []ReadyHost) {
	uses := map[string]detect.EnvUse{}
	for _, u := range f.EnvUses {
		uses[u.Name] = u
	}
	for _, s := range p.Services {
		var host ReadyHost
		for _, e := range s.AppEnv {
			u, ok := uses[e.Name]
			if !ok {
				u = detect.EnvUse{Name: e.Name}
			}
			row := envRow(u)
			if row == nil {
				continue
			}
			switch row.Part {
			case "url", "async_url":
				if !slices.Contains(urls, e.Name) {
					urls = append(urls, e.Name)
				}
			case "host":
				if host.Host == "" {
					host.Host = e.Name
				}
			case "port":
				if host.Port == "" {
					host.Port = e.Name
				}
			}
		}
		if host.Host != "" {
			host.DefaultPort = reachOf(s.Kind).port
			hosts = append(hosts, host)
		}
	}
	if len(urls) == 0 && len(hosts) == 0 {
		urls = slices.Clone(defaultReadyURLs)
	}
	return urls, hosts
}
