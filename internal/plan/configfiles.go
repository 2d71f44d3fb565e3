package plan

import (
	"fmt"
	"path"
	"regexp"
	"slices"
	"strings"

	"github.com/pydock/pydock/internal/detect"
)

// ConfigMount is a configuration file the app reads that the repository
// ships only as an example: compose mounts the user's copy read-only, and
// the image leaves a local copy out (it holds keys).
type ConfigMount struct {
	Source  string // ./config.yaml, beside compose.yaml
	Target  string // /app/config.yaml, where the app's working directory has it
	Example string // config.example.yaml
	// Env is the variable the code reads the file's path from first, set
	// to Target in compose's environment ("" when none is set).
	Env string
}

// chooseConfigFiles mounts each configuration file the app reads and the
// checkout lacks, and says so: the image cannot hold the user's keys, and
// the app fails at start without the file. A path that is not plain is
// left to the warning.
func (p *Plan) chooseConfigFiles(f *detect.Facts) {
	p.chooseRequiredConfigs(f)
	for _, c := range f.ConfigFiles {
		if c.Example == "" {
			continue // no example anywhere: no evidence it is the app's configuration
		}
		if len(p.Command) > 0 && slices.Contains(c.NotReadBy, p.Command[0]) {
			// The process the image runs never reaches the code that
			// reads it: requiring it would stop compose for nothing.
			p.decide("config file", c.Name+": not mounted", fmt.Sprintf("named by %s, which %s, the image's command, never imports", c.Source, p.Command[0]))
			continue
		}
		target, err := CheckWritable(c.Name) // the same plain-path rule: it reaches compose
		if err != nil {
			continue
		}
		if p.MemberDir != "" {
			target = path.Join(AppDir, p.MemberDir, c.Name)
		}
		why := "only " + c.Example + " is committed"
		if c.Ignored != nil {
			why = c.Ignored.String() + " lists it"
		}
		// The user's copy goes beside the example, where the authors' docs
		// have it made (the repository's root for an app in a folder of it).
		copyAt := path.Join(c.Dir, c.Name)
		source := "./" + copyAt
		if c.Dir != "" {
			source = copyAt
		}
		p.ConfigMounts = append(p.ConfigMounts, ConfigMount{Source: source, Target: target, Example: c.Example})
		p.Ignore.KeepOut = append(p.Ignore.KeepOut, IgnoreNeed{Path: path.Join(p.MemberDir, c.Name), Why: "the app's configuration, mounted at run time"})
		p.Ignore.Blocks = append(p.Ignore.Blocks, IgnoreBlock{
			Comment:  []string{"The app's configuration, mounted at run time: a local copy holds keys, never an image layer"},
			Patterns: []string{"/" + path.Join(p.MemberDir, c.Name)},
		})
		at := target
		if c.Env != "" {
			at += " (where the code looks while " + c.Env + " is unset)"
		}
		p.Warnings = append(p.Warnings, fmt.Sprintf("%s: the app reads %s, which the checkout does not have (%s): copy %s to %s and fill it in; compose mounts it read-only at %s and stops with an error while it is missing; the image leaves it out (.dockerignore), so mount it the same way in production", c.Source, c.Name, why, c.Example, copyAt, at))
		p.decide("config file", c.Name+" → "+target, "read by the app ("+c.Source.String()+"), committed only as "+c.Example+": mounted read-only by compose")
	}
}

// plainPathRe is a path that may stand in compose as written.
var plainPathRe = regexp.MustCompile(`^/[A-Za-z0-9._/-]+$`)

// chooseRequiredConfigs mounts each configuration file the app raises
// without and the repository cannot give (its setup writes it): where the
// code looks first among its fixed places (the system's, never a home a
// volume may cover), else /etc, with the variable the code reads first set
// to it, so the file is found whatever the home. Compose stops while the
// user's copy is missing; the image leaves a local copy out.
func (p *Plan) chooseRequiredConfigs(f *detect.Facts) {
	for _, r := range f.RequiredConfigs {
		target := requiredConfigTarget(r)
		if !plainPathRe.MatchString(target) || strings.Contains(target, "..") || r.Env != "" && !envNameRe.MatchString(r.Env) {
			continue
		}
		if _, err := CheckWritable(r.Name); err != nil {
			continue
		}
		local := path.Join(p.MemberDir, r.Name)
		p.ConfigMounts = append(p.ConfigMounts, ConfigMount{Source: "./" + local, Target: target, Env: r.Env})
		p.Ignore.KeepOut = append(p.Ignore.KeepOut, IgnoreNeed{Path: local, Why: "the app's configuration, mounted at run time"})
		p.Ignore.Blocks = append(p.Ignore.Blocks, IgnoreBlock{
			Comment:  []string{"The app's configuration, mounted at run time: a local copy holds keys, never an image layer"},
			Patterns: []string{"/" + local},
		})
		if r.Env == "" {
			p.Warnings = append(p.Warnings, fmt.Sprintf("%s: the app reads its configuration from %s, and stops when there is none; the repository has no such file (its user writes one): create %s beside compose.yaml, as the project's documentation describes; compose mounts it read-only at %s and stops with an error while it is missing; the image leaves it out (.dockerignore), so mount it the same way in production", r.Source, strings.Join(r.Paths, " or "), local, target))
			p.decide("config file", r.Name+" → "+target, "the app raises without it ("+r.Source.String()+", after "+strings.Join(r.Paths, ", ")+"): mounted read-only by compose")
			continue
		}
		p.Warnings = append(p.Warnings, fmt.Sprintf("%s: the app reads its configuration from %s, else %s, and stops when there is none; the repository has no such file (its setup writes one): create %s beside compose.yaml, as the project's documentation describes; compose mounts it read-only at %s, sets %s to it, and stops with an error while it is missing; the image leaves it out (.dockerignore), so mount it and set %s the same way in production", r.Source, r.Env, strings.Join(r.Paths, " or "), local, target, r.Env, r.Env))
		p.decide("config file", r.Name+" → "+target, "the app raises without it ("+r.Source.String()+" reads "+r.Env+", then "+strings.Join(r.Paths, ", ")+"): mounted read-only by compose, "+r.Env+" set to it")
	}
}

// requiredConfigTarget is where compose mounts a required configuration:
// the first of the code's places in the system's folders, else, with no
// variable to point elsewhere, its first place under the home (the app
// user's), preferring ~/.config; with a variable, /etc/NAME.
func requiredConfigTarget(r detect.RequiredConfig) string {
	for _, pl := range r.Paths {
		if strings.HasPrefix(pl, "/") {
			return pl
		}
	}
	if r.Env == "" {
		home := ""
		for _, pl := range r.Paths {
			if rest, ok := strings.CutPrefix(pl, "~/"); ok && (home == "" || strings.HasPrefix(rest, ".config/") && !strings.HasPrefix(home, ".config/")) {
				home = rest
			}
		}
		if home != "" {
			return path.Join(HomeDir, home)
		}
	}
	return "/etc/" + r.Name
}
