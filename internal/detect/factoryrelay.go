package detect

import "strings"

// A factory may build no app itself and return another factory's
// (def create_app(): return create_site_app() in one branch,
// create_maintenance_app() in the other, each imported in its branch):
// it is a factory of the same kind, and `app = create_app()` elsewhere is
// the app.

// factoryRelay is a function whose body returns calls of other functions,
// named as module:function.
type factoryRelay struct {
	file, module, fn, def string
	line                  int
	callees               []string
}

// returnedCalls are the functions a body (the logical lines after a def at
// defIndent) returns a call of, resolved through the file's imports,
// those inside the body included.
func returnedCalls(body []pyLine, defIndent int, module string, isPkg bool, imports []pyImport) []string {
	var out []string
	for _, l := range body {
		if l.indent <= defIndent {
			break
		}
		m := returnRe.FindStringSubmatch(l.text)
		if m == nil {
			continue
		}
		c := callRe.FindStringSubmatch(strings.TrimSpace(m[1]))
		if c == nil {
			continue
		}
		mod, fn := resolveCallee(module, isPkg, imports, c[1])
		out = append(out, mod+":"+fn)
	}
	return out
}

// relayFactories adds to factories the relays that return a factory's
// call, until none is added, and returns them as candidates: factories,
// after the ones that build their app.
func relayFactories(relays []factoryRelay, factories map[string]Interface) []appCandidate {
	var out []appCandidate
	for added := true; added; {
		added = false
		for _, r := range relays {
			key := r.module + ":" + r.fn
			if _, ok := factories[key]; ok {
				continue
			}
			for _, c := range r.callees {
				iface, ok := factories[c]
				if !ok {
					continue
				}
				factories[key] = iface
				added = true
				args := defArgsRe.FindStringSubmatch(r.def)
				if args != nil && requiredParams(args[1]) > 1 {
					break // no server can build it
				}
				out = append(out, appCandidate{file: r.file, rank: 3,
					target: AppTarget{Module: r.module, Attr: r.fn, Factory: true, TakesArgs: args != nil && strings.TrimSpace(args[1]) != "",
						Interface: iface, Source: Source{File: r.file, Line: r.line}}})
				break
			}
		}
	}
	return out
}
