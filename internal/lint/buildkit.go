// Package lint checks Dockerfiles.
package lint

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"slices"
	"strings"
	"sync"

	"github.com/moby/buildkit/client/llb/sourceresolver"
	"github.com/moby/buildkit/frontend/dockerfile/dockerfile2llb"
	"github.com/moby/buildkit/frontend/dockerfile/instructions"
	"github.com/moby/buildkit/frontend/dockerfile/linter"
	"github.com/moby/buildkit/frontend/dockerfile/parser"
	"github.com/moby/buildkit/frontend/dockerui"
	"github.com/moby/buildkit/solver/pb"
	digest "github.com/opencontainers/go-digest"
	ocispecs "github.com/opencontainers/image-spec/specs-go/v1"
)

// Finding is one problem in a Dockerfile.
type Finding struct {
	File     string `json:"file"`
	Line     int    `json:"line"`
	Rule     string `json:"rule"`     // BuildKit's rule name (e.g. "JSONArgsRecommended") or our IDs like "DF004"
	Severity string `json:"severity"` // "error", "warning", "info"
	Message  string `json:"message"`
	URL      string `json:"url,omitempty"`
}

// Severities used in Finding.Severity.
const (
	SeverityError   = "error"
	SeverityWarning = "warning"
	SeverityInfo    = "info"
)

// BuildKit runs BuildKit's own Dockerfile parser and linter in-process, the
// same code path `docker build --check` uses, so what we accept is what
// docker build accepts. All rules run, including experimental ones, except
// those the Dockerfile itself skips with a `# check=skip=...` directive.
//
// It never touches the network: base images resolve to an empty config for
// the requested platform. A Dockerfile BuildKit cannot parse is an error of
// the form "Dockerfile:7: unknown instruction: FRM".
func BuildKit(file string, dockerfile []byte) ([]Finding, error) {
	if file == "" {
		file = "Dockerfile"
	}

	// Parse the original bytes first: syntax errors then carry the user's
	// line numbers and messages, untouched by the directive rewrite below.
	res, err := parser.Parse(bytes.NewReader(dockerfile))
	if err != nil {
		return nil, syntaxError(file, err)
	}
	if _, _, err := instructions.Parse(res.AST, linter.New(&linter.Config{})); err != nil {
		return nil, syntaxError(file, err)
	}

	var findings []Finding
	// The parser's only warning today is an empty continuation line, which
	// DockerfileLint reports as NoEmptyContinuation; pass on anything else.
	for _, w := range res.Warnings {
		if w.URL == linter.RuleNoEmptyContinuation.URL {
			continue
		}
		f := Finding{File: file, Rule: "ParserWarning", Severity: SeverityWarning, Message: w.Short, URL: w.URL}
		if w.Location != nil {
			f.Line = w.Location.Start.Line
		}
		findings = append(findings, f)
	}

	dt, shift, skip := enableAllChecks(dockerfile)
	var mu sync.Mutex // base images resolve concurrently and may warn
	warn := func(rule, _, url, msg string, loc []parser.Range) {
		if slices.Contains(skip, rule) {
			return
		}
		mu.Lock()
		defer mu.Unlock()
		findings = append(findings, Finding{
			File:     file,
			Line:     shift(firstLine(loc)),
			Rule:     rule,
			Severity: SeverityWarning,
			Message:  msg,
			URL:      url,
		})
	}
	// This is what dockerfile2llb.DockerfileLint (the `docker build --check`
	// entry point) does, minus packaging results for a gateway client.
	// AllStages lints every stage, not just those the last one needs.
	// Every LLB capability, as a current builder has: the converter asks
	// (a read-write bind mount) and has no builder to ask here.
	caps := pb.Caps.CapSet(pb.Caps.All())
	_, err = dockerfile2llb.Dockerfile2LLB(context.Background(), dt, dockerfile2llb.ConvertOpt{
		LLBCaps: &caps,
		Config: dockerui.Config{
			// Pin the builder platform so results do not depend on the host.
			BuildPlatforms: []ocispecs.Platform{{OS: "linux", Architecture: "amd64"}},
		},
		MetaResolver: offlineResolver{},
		Warn:         warn,
		AllStages:    true,
	})
	slices.SortStableFunc(findings, func(a, b Finding) int { return a.Line - b.Line })
	if err != nil {
		// Past parsing, e.g. a circular stage reference: docker build fails too.
		return findings, locErr(file, shift(errLine(err)), err.Error())
	}
	return findings, nil
}

// enableAllChecks returns dt with a `# check=` directive that turns on
// experimental rules. The linter config is read only from that directive
// (or from a gateway client we do not have), so this is the one offline way
// in. shift maps a line in the returned bytes back to the original; skip
// lists rules the user skipped, which BuildKit would otherwise still run
// once they are experimental.
func enableAllChecks(dt []byte) (out []byte, shift func(int) int, skip []string) {
	identity := func(l int) int { return l }
	val, _, loc, ok := parser.ParseDirective("check", dt)
	if !ok {
		// Insert a directive above line 1 (below a shebang, which the
		// directive parser skips) and shift every later line back up.
		dt = bytes.TrimPrefix(dt, []byte{0xEF, 0xBB, 0xBF})
		at := 0
		if bytes.HasPrefix(dt, []byte("#!")) {
			if i := bytes.IndexByte(dt, '\n'); i >= 0 {
				at = i + 1
			}
		}
		line := bytes.Count(dt[:at], []byte("\n")) + 1
		out = slices.Concat(dt[:at], []byte("# check=experimental=all\n"), dt[at:])
		return out, func(l int) int {
			if l > line {
				return l - 1
			}
			return l
		}, nil
	}

	cfg, err := linter.ParseLintOptions(val)
	if err != nil || cfg.SkipAll || len(loc) == 0 {
		// Leave it to BuildKit: it reports a bad directive, and skip=all
		// means the user wants no checks at all.
		return dt, identity, nil
	}
	opts := []string{"experimental=all"}
	if len(cfg.SkipRules) > 0 {
		opts = append(opts, "skip="+strings.Join(cfg.SkipRules, ","))
	}
	// Rewrite the directive in place so line numbers stay put.
	lines := bytes.SplitAfter(dt, []byte("\n"))
	n := loc[0].Start.Line - 1
	if n < 0 || n >= len(lines) {
		return dt, identity, nil
	}
	nl := ""
	if bytes.HasSuffix(lines[n], []byte("\n")) {
		nl = "\n"
	}
	lines[n] = []byte("# check=" + strings.Join(opts, ";") + nl)
	return bytes.Join(lines, nil), identity, cfg.SkipRules
}

func firstLine(loc []parser.Range) int {
	if len(loc) == 0 {
		return 0
	}
	return loc[0].Start.Line
}

func errLine(err error) int {
	var le *parser.LocationError
	if errors.As(err, &le) && len(le.Locations) > 0 {
		return firstLine(le.Locations[0])
	}
	return 0
}

// syntaxError turns a BuildKit parse error into "file:line: message".
func syntaxError(file string, err error) error {
	return locErr(file, errLine(err), err.Error())
}

func locErr(file string, line int, msg string) error {
	// BuildKit sometimes repeats the line in the message; we already say it.
	if _, rest, ok := strings.Cut(msg, fmt.Sprintf("dockerfile parse error on line %d: ", line)); ok {
		msg = rest
	}
	if len(msg) > 0 {
		msg = strings.ToLower(msg[:1]) + msg[1:]
	}
	if line > 0 {
		return fmt.Errorf("%s:%d: %s", file, line, msg)
	}
	return fmt.Errorf("%s: %s", file, msg)
}

// offlineResolver answers every image lookup with an empty image for the
// requested platform, so linting never pulls. It has one fake layer so the
// stage is not treated as scratch, and its platform always matches, so
// InvalidBaseImagePlatform cannot fire. Variables a real image sets (say
// PYTHON_VERSION) are therefore unknown to UndefinedVar; BuildKit always
// defines PATH itself.
type offlineResolver struct{}

func (offlineResolver) ResolveImageConfig(_ context.Context, ref string, opt sourceresolver.Opt) (string, digest.Digest, []byte, error) {
	img := ocispecs.Image{
		Platform: ocispecs.Platform{OS: "linux", Architecture: "amd64"},
		RootFS:   ocispecs.RootFS{Type: "layers", DiffIDs: []digest.Digest{digest.FromString(ref)}},
	}
	if opt.ImageOpt != nil && opt.ImageOpt.Platform != nil {
		img.Platform = *opt.ImageOpt.Platform
	}
	dt, err := json.Marshal(img)
	return ref, "", dt, err
}

var _ sourceresolver.ImageMetaResolver = offlineResolver{}
