package plan

import (
	"fmt"
	"path"
	"slices"

	"github.com/pydock/pydock/internal/detect"
)

// ConfigMount is a configuration file the app reads that the repository
// ships only as an example: compose mounts the user's copy read-only, and
// the image leaves a local copy out (it holds keys).
type ConfigMount struct {
	Source  string // ./config.yaml, beside compose.yaml
	Target  string // /app/config.yaml, where the app's working directory has it
	Example string // config.example.yaml
}

// chooseConfigFiles mounts each configuration file the app reads and the
// checkout lacks, and says so: the image cannot hold the user's keys, and
// the app fails at start without the file. A path that is not plain is
// left to the warning.
func (p *Plan) chooseConfigFiles(f *detect.Facts) {
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
