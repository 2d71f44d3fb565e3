package cli

import (
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"time"

	"github.com/pydock/pydock/internal/config"
	"github.com/pydock/pydock/internal/detect"
	"github.com/pydock/pydock/internal/plan"
	"github.com/pydock/pydock/internal/render"
	"github.com/pydock/pydock/internal/write"
)

// project is one run of detect → plan → render over a directory.
type project struct {
	dir      string
	cfg      *config.Config
	settings plan.Settings // flags (and wizard answers) over the config
	choices  plan.Settings // flags and wizard answers alone, to be saved
	facts    *detect.Facts
	plan     *plan.Plan
	files    []write.File
}

// release is the pydock release this source is, recorded in each file's
// marker so check can tell an upgrade from a project change. A constant,
// bumped when a release is tagged: a build's VCS version would change
// every golden file on every commit.
const pydockRelease = "v0.1.0"

// now is the clock plan uses to judge end-of-life releases; tests pin it.
var now = time.Now

// load runs the pipeline. flags are the settings given on the command line
// (and wizard answers), applied over pydock.toml.
func load(dir string, flags plan.Settings) (*project, error) {
	p, err := loadFacts(dir, flags)
	if err != nil {
		return nil, err
	}
	if err := p.build(); err != nil {
		return nil, err
	}
	return p, nil
}

// loadFacts reads the config and detects, stopping before the plan, so the
// wizard can still ask when the plan cannot be made (nothing to run).
func loadFacts(dir string, flags plan.Settings) (*project, error) {
	abs, err := filepath.Abs(dir)
	if err != nil {
		return nil, err
	}
	st, err := os.Stat(abs)
	if err != nil {
		if errors.Is(err, fs.ErrNotExist) {
			return nil, fmt.Errorf("%s: no such directory", dir)
		}
		return nil, err
	}
	if !st.IsDir() {
		return nil, fmt.Errorf("%s is not a directory; pass the project's folder", dir)
	}
	// os.Root's FS refuses symlinks that lead out of the project.
	root, err := os.OpenRoot(abs)
	if err != nil {
		return nil, err
	}
	defer root.Close()
	fsys := root.FS()

	cfg, err := config.Load(fsys)
	if err != nil {
		return nil, err
	}
	settings := plan.Merge(flags, cfg.Sourced())
	opt := detect.Options{Manager: detect.Manager(settings.PackageManager), Package: settings.Package, Extras: settings.Extras, Groups: settings.Groups, App: settings.App}
	facts, err := detectIn(abs, fsys, opt)
	if err != nil {
		return nil, err
	}
	findExamplesAbove(abs, facts)
	findIgnoresAbove(abs, facts)
	findAuthorsWorkers(abs, facts)
	findAuthorsFrontendsAbove(abs, facts)
	findFrontendsAbove(abs, facts)
	findAuthorsWebServers(abs, facts)
	findAuthorsPortAbove(abs, facts)
	findDbmateAbove(abs, facts)
	return &project{dir: abs, cfg: cfg, settings: settings, choices: flags, facts: facts}, nil
}

// build plans and renders the detected project.
func (p *project) build() error {
	pl, err := plan.Build(p.facts, p.settings, now())
	if err != nil {
		return err
	}
	p.plan = pl
	return p.render()
}

func (p *project) render() error {
	rendered, err := render.Render(p.plan)
	if err != nil {
		return err
	}
	p.files = make([]write.File, len(rendered))
	for i, f := range rendered {
		p.files[i] = write.File{Path: f.Path, Content: write.StampVersion(f.Content, pydockRelease)}
	}
	return nil
}

// buildUsersFile points compose.yaml at the user's build file when this run
// leaves it in place of pydock's Dockerfile (usersFiles): compose has no
// Containerfile fallback (compose-spec/compose-spec#577).
func (p *project) buildUsersFile(force bool) error {
	if force || !p.plan.Compose {
		return nil
	}
	if p.plan.UsersBuildFile = shadowed(p.dir, "Dockerfile"); p.plan.UsersBuildFile == "" {
		return nil
	}
	return p.render()
}

// loadLocked loads the project under startRun's lock, so no other run
// writes while it is read (one that writes first finishes an interrupted
// run). release unlocks.
func loadLocked(s IO, dir string, flags plan.Settings, writes bool) (p *project, release func(), err error) {
	release, err = startRun(s, dir, writes)
	if err != nil {
		return nil, nil, err
	}
	if p, err = load(dir, flags); err != nil {
		release()
		return nil, nil, err
	}
	return p, release, nil
}

// startRun serialises pydock runs on the project (an OS lock the kernel
// drops when a process dies) and, for a run that writes, first finishes or
// undoes a run that was interrupted. A directory that cannot be opened is
// left for load to report.
func startRun(s IO, dir string, writes bool) (release func(), err error) {
	if st, err := os.Stat(dir); err != nil || !st.IsDir() {
		return func() {}, nil
	}
	release, err = write.Lock(dir, writes, func() {
		fmt.Fprintln(s.Err, "waiting for another pydock run on this project to finish...")
	})
	if err != nil {
		return nil, fmt.Errorf("%s: locking the project: %w", dir, err)
	}
	if !writes {
		if pending, _ := write.Pending(dir); pending {
			fmt.Fprintln(s.Err, "note: a pydock run was interrupted; the next run that writes finishes it first")
		}
		return release, nil
	}
	notes, err := write.Recover(dir)
	for _, n := range notes {
		fmt.Fprintln(s.Err, "recovered: "+n)
	}
	if err != nil {
		release()
		return nil, err
	}
	return release, nil
}
