package plan

import (
	"fmt"
	"path"
	"regexp"
	"slices"
	"strconv"
	"strings"

	"github.com/pydock/pydock/internal/detect"
	"github.com/pydock/pydock/internal/shellcmd"
)

// commandBinds reads where the authors' server commands listen: a literal
// address in a server's bind, host or port flag (from the servers table).
// Told no port, the image listens on the command's; given another, that
// word is rewritten to it; a loopback host becomes 0.0.0.0. Each rewrite is
// said in a warning.
func (p *Plan) commandBinds(line *shellcmd.Line, from string) {
	for _, c := range line.Commands() {
		p.commandBind(c, from)
	}
}

// bindAddrRe is a host:port value; unix:, fd:// and $VAR are not.
var bindAddrRe = regexp.MustCompile(`^([\w.\[\]:-]*):(\d{1,5})$`)

func isLoopback(host string) bool {
	switch host {
	case "127.0.0.1", "localhost", "::1", "[::1]", "ip6-localhost":
		return true
	}
	return false
}

// flagWord is one flag's value in a command: index i holds it, inline for
// --flag=value (word i is the whole).
type flagWord struct {
	i           int
	flag, value string
	inline      bool
}

func flagWords(vals []string, flags []string) []flagWord {
	var out []flagWord
	for i := 1; i < len(vals); i++ {
		for _, fl := range flags {
			switch {
			case vals[i] == fl && i+1 < len(vals):
				out = append(out, flagWord{i: i + 1, flag: fl, value: vals[i+1]})
			case strings.HasPrefix(vals[i], fl+"="):
				out = append(out, flagWord{i: i, flag: fl, value: vals[i][len(fl)+1:], inline: true})
			}
		}
	}
	return out
}

// set rewrites the flag's value in place.
func (w flagWord) set(c *shellcmd.Command, value string) bool {
	if w.inline {
		value = w.flag + "=" + value
	}
	return c.SetWord(w.i, value) == nil
}

func (p *Plan) commandBind(c *shellcmd.Command, from string) {
	vals := c.Values()
	at := unwrapped(vals)
	row := rowAt(vals[at:])
	if row == nil {
		return
	}
	rewrite := func(w flagWord, value, why string) {
		w.i += at
		if value != w.value && w.set(c, value) {
			says := "passes " + w.flag + " " + value
			if slices.Contains(row.BindFlags, w.flag) {
				says = "binds " + value
			}
			p.Warnings = append(p.Warnings, fmt.Sprintf("%s %s: CMD %s", from, why, says))
			p.decide("listens on", value, from+" passes "+w.flag+" "+w.value+": "+why)
		}
	}
	for _, w := range flagWords(vals[at:], row.BindFlags) {
		m := bindAddrRe.FindStringSubmatch(w.value)
		if m == nil {
			continue
		}
		host, port, why := m[1], p.commandPort(m[2], w.flag+" "+w.value, from), ""
		if port != m[2] {
			why = fmt.Sprintf("binds %s to %s, but the image listens on %d (%s)", row.Name, w.value, p.Port, p.portWhy)
		}
		if isLoopback(host) {
			host, why = "0.0.0.0", fmt.Sprintf("runs %s on %s, loopback only, which a published port cannot reach", row.Name, w.value)
		}
		rewrite(w, host+":"+port, why)
	}
	for _, w := range flagWords(vals[at:], row.PortFlags) {
		port := p.commandPort(w.value, w.flag+" "+w.value, from)
		rewrite(w, port, fmt.Sprintf("binds %s to %s, but the image listens on %d (%s)", row.Name, w.value, p.Port, p.portWhy))
	}
	for _, w := range flagWords(vals[at:], row.HostFlags) {
		if isLoopback(w.value) {
			rewrite(w, "0.0.0.0", fmt.Sprintf("runs %s on %s, loopback only, which a published port cannot reach", row.Name, w.value))
		}
	}
	// Told no address (nor a config file, which may bind one), the server
	// listens on its loopback default.
	if len(row.ReachArgv) == 0 || len(flagWords(vals[at:], slices.Concat(row.BindFlags, row.HostFlags, row.ConfigFlags))) > 0 {
		return
	}
	var reach []string
	for _, a := range row.ReachArgv {
		reach = append(reach, strings.ReplaceAll(a, "{port}", strconv.Itoa(p.Port)))
	}
	if c.InsertWords(at+row.headLen(vals[at:]), reach...) == nil {
		says := strings.Join(reach, " ")
		p.Warnings = append(p.Warnings, fmt.Sprintf("%s runs %s without a host, and %s binds %s by default, which a published port never reaches: CMD passes %s", from, row.Name, row.Name, row.LoopbackDefault, says))
		p.decide("listens on", says, from+" gives "+row.Name+" no address, and its default is "+row.LoopbackDefault+", loopback only")
	}
}

// commandPort is the port a command's flag should name: the command's own
// becomes the image's when the user gave none; one the user gave wins.
func (p *Plan) commandPort(port, word, from string) string {
	n, err := strconv.Atoi(port)
	switch {
	case err != nil || n < 1 || n > 65535:
		return port
	case !p.portGiven:
		p.Port, p.portWhy = n, "the command's "+word+" ("+from+")"
		return port
	}
	return strconv.Itoa(p.Port)
}

// launcherAddr makes a launcher that reads its address only from a file in
// its data directory listen where the image says: at start, when the file
// is missing, CMD writes one binding all interfaces on the image's port. A
// file that is there is the user's: the launcher reads it as it is.
func (p *Plan) launcherAddr(l *server) {
	if l.AddrFile == "" || p.Port == 0 {
		return
	}
	dir, _ := flagValue(p.Command, l.DataFlag)
	if dir == "" {
		return
	}
	file := path.Join(dir, l.AddrFile)
	port := strconv.Itoa(p.Port)
	var quoted []string
	quote := func(ss ...string) string {
		quoted = quoted[:0]
		for _, s := range ss {
			q, err := shellcmd.Quote(s)
			if err != nil {
				return ""
			}
			quoted = append(quoted, q)
		}
		return strings.Join(quoted, " ")
	}
	var text []string
	for _, t := range l.AddrText {
		text = append(text, strings.ReplaceAll(t, "{port}", port))
	}
	f, d, lines, run := quote(file), quote(path.Dir(file)), quote(text...), quote(p.Command...)
	if f == "" || d == "" || lines == "" || run == "" {
		p.Warnings = append(p.Warnings, fmt.Sprintf("%s reads its address only from %s, which pydock cannot write from a shell: it listens where that file says (%s)", l.Name, file, l.AddrSource))
		return
	}
	script := "[ -e " + f + " ] || { mkdir -p " + d + " && printf '%s\\n' " + lines + " > " + f + "; }; exec " + run
	if _, err := shellcmd.Parse(script); err != nil {
		p.Warnings = append(p.Warnings, fmt.Sprintf("%s reads its address only from %s: %v", l.Name, file, err))
		return
	}
	p.Command = []string{"/bin/sh", "-c", script}
	p.ServerNotes = append(p.ServerNotes,
		l.Name+" reads its address only from "+file+", and writes localhost there when it is missing:",
		"CMD writes it first, binding 0.0.0.0:"+port+"; a file already there is yours and stays as it is.")
	p.decide("listens on", "0.0.0.0:"+port, l.Name+" reads its address only from "+file+" ("+l.AddrSource+"): CMD writes one binding all interfaces on the image's port at start when it is missing; an existing one is left as it is")
	p.amend("command", strings.Join(p.Command, " "), "the address file written first")
}

// scriptPort takes the port the authors' own script serves the app on (a
// literal in its bind or port flag) when nothing else chose one: pydock's
// command listens where their deployment expects it.
func (p *Plan) scriptPort(f *detect.Facts, t detect.AppTarget) {
	if p.portGiven || p.portWhy != "default" {
		return
	}
	for _, sc := range f.ScriptServers {
		at := unwrapped(sc.Argv)
		row := rowAt(sc.Argv[at:])
		if row == nil {
			continue
		}
		named := slices.ContainsFunc(sc.Argv, func(a string) bool { return a == t.String() || a == t.String()+"()" })
		// A server line naming no app serves the one its config file
		// names: the file pydock's command runs with too.
		cfg := configFor(f, row.Package)
		if !named && (cfg == nil || !slices.ContainsFunc(sc.Argv[at:], func(a string) bool { return path.Clean(a) == cfg.File })) {
			continue
		}
		args := sc.Argv[at:]
		var words []flagWord
		for _, w := range flagWords(args, row.BindFlags) {
			// host:port; only the port says anything here.
			if i := lastColonOutsideBraces(w.value); i >= 0 {
				v, from := expandScriptVars(w.value[i+1:], sc.Vars)
				words = append(words, flagWord{flag: w.flag, value: v + from})
			}
		}
		for _, w := range flagWords(args, row.PortFlags) {
			v, from := expandScriptVars(w.value, sc.Vars)
			words = append(words, flagWord{flag: w.flag, value: v + from})
		}
		for _, w := range words {
			value, from, _ := strings.Cut(w.value, "\x00")
			if n, err := strconv.Atoi(value); err == nil && n > 0 && n < 65536 {
				switch {
				case from != "":
					p.Port, p.portWhy = n, "the authors' "+sc.Source.String()+" serves there ("+row.Name+" "+w.flag+", "+from+")"
				case named:
					p.Port, p.portWhy = n, "the authors' "+sc.Source.String()+" serves "+t.String()+" there ("+row.Name+" "+w.flag+")"
				default:
					p.Port, p.portWhy = n, "the authors' "+sc.Source.String()+" serves there ("+row.Name+" "+w.flag+" with "+cfg.File+")"
				}
				return
			}
		}
	}
}

// lastColonOutsideBraces is host:port's colon in a word that may hold
// ${NAME:-default}, -1 when there is none.
func lastColonOutsideBraces(word string) int {
	at, depth := -1, 0
	for i, r := range word {
		switch {
		case r == '{':
			depth++
		case r == '}' && depth > 0:
			depth--
		case r == ':' && depth == 0:
			at = i
		}
	}
	return at
}

// scriptVarUseRe is a variable in a script's word: $NAME, ${NAME},
// ${NAME:-default}.
var scriptVarUseRe = regexp.MustCompile(`\$\{([A-Za-z_]\w*)(?::?-([^}]*))?\}|\$([A-Za-z_]\w*)`)

// expandScriptVars gives a server line's word the values its script
// assigns by default, or the word's own ${NAME:-default}; from says
// which ("\x00LD_SERVER_PORT defaults to 9090 at bootstrap.sh:5"), "" when
// the word has no variable. A variable with no known value stays as is.
func expandScriptVars(word string, vars []detect.ScriptVar) (string, string) {
	var from []string
	out := scriptVarUseRe.ReplaceAllStringFunc(word, func(m string) string {
		g := scriptVarUseRe.FindStringSubmatch(m)
		name := g[1] + g[3]
		for _, v := range vars {
			if v.Name == name {
				from = append(from, name+" defaults to "+v.Value+" at "+v.Source.String())
				return v.Value
			}
		}
		if strings.Contains(m, "-") {
			from = append(from, name+" defaults to "+g[2])
			return g[2]
		}
		return m
	})
	if len(from) == 0 {
		return out, ""
	}
	return out, "\x00" + strings.Join(from, ", ")
}
