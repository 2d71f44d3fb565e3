package cli

import (
	"encoding/json"
	"fmt"
	"strings"

	"github.com/pydock/pydock/internal/detect"
	"github.com/pydock/pydock/internal/plan"
	"github.com/spf13/cobra"
)

type detectOptions struct {
	dir      string
	json     bool
	settings plan.Settings
}

func newDetectCmd(s IO) *cobra.Command {
	opts := &detectOptions{}
	c := &cobra.Command{
		Use:   "detect [DIR]",
		Short: "Show what pydock finds in a project, and why",
		Long: `detect prints each decision pydock would make for the project in DIR, with the
file (and line) that proves it. It writes nothing. --json prints a stable
object documented in README.md.`,
		Args: cobra.MaximumNArgs(1),
		RunE: func(c *cobra.Command, args []string) error {
			opts.dir = "."
			if len(args) == 1 {
				opts.dir = args[0]
			}
			return runDetect(s, opts)
		},
	}
	c.Flags().BoolVar(&opts.json, "json", false, "print a JSON object instead of text")
	addPlanFlags(c, &opts.settings)
	return c
}

// Report is the `detect --json` object. Its field names are a public,
// documented interface: add fields, never rename or remove them.
type Report struct {
	PackageManager string          `json:"package_manager"`
	Python         PythonReport    `json:"python"`
	BaseImage      string          `json:"base_image"`
	Framework      string          `json:"framework"`
	App            string          `json:"app"`
	Command        []string        `json:"command"`
	Port           int             `json:"port"`
	Kind           string          `json:"kind"`
	Workers        int             `json:"workers"`
	SystemPackages PackagesReport  `json:"system_packages"`
	Services       []ServiceReport `json:"services"`
	HealthPath     string          `json:"health_path"`
	HealthSnippet  string          `json:"health_snippet"`
	Writable       []string        `json:"writable"`
	Files          []string        `json:"files"`
	Decisions      []plan.Decision `json:"decisions"`
	Warnings       []string        `json:"warnings"`
	Notes          []string        `json:"notes"`
	// Indexes are every package index the project's files name (any
	// tool's), user and password redacted.
	Indexes []detect.Index `json:"indexes"`
	// LockCheck is the lock file's freshness as its tool judges it; null
	// when there is no lock or pydock cannot judge it statically.
	LockCheck *detect.LockCheck `json:"lock_check"`
}

type PythonReport struct {
	Version     string                    `json:"version"`
	Constraints []detect.PythonConstraint `json:"constraints"`
}

type PackagesReport struct {
	Build   []string `json:"build"`
	Runtime []string `json:"runtime"`
}

type ServiceReport struct {
	Name  string `json:"name"`
	Kind  string `json:"kind"`
	Image string `json:"image"`
}

func runDetect(s IO, opts *detectOptions) error {
	p, err := load(opts.dir, opts.settings)
	if err != nil {
		return err
	}
	// Describe the .dockerignore the build will use, as init would.
	if states, err := reconcile(p); err == nil {
		states, left, _ := usersFiles(p.dir, states, false)
		if _, err := judgeIgnore(p, states, left); err != nil {
			p.plan.Warnings = append(p.plan.Warnings, err.Error())
		}
	}
	if opts.json {
		enc := json.NewEncoder(s.Out)
		enc.SetIndent("", "  ")
		return enc.Encode(report(p))
	}
	for _, d := range p.plan.Decisions {
		fmt.Fprintf(s.Out, "%-16s %s\n", d.Name, d.Value)
		if d.Why != "" {
			fmt.Fprintf(s.Out, "%-16s   ↳ %s\n", "", d.Why)
		}
	}
	if sn := p.plan.Snippet; sn != nil {
		fmt.Fprintf(s.Out, "%-16s %s (new file; wire it in %s)\n", "health snippet", sn.Path, sn.HookTarget)
	}
	var names []string
	for _, f := range p.files {
		names = append(names, f.Path)
	}
	fmt.Fprintf(s.Out, "%-16s %s\n", "files", strings.Join(names, ", "))
	printWarnings(s, p.plan)
	return nil
}

func report(p *project) Report {
	pl := p.plan
	r := Report{
		PackageManager: string(pl.Manager),
		Python:         PythonReport{Version: pl.Python.Minor.String(), Constraints: p.facts.Python},
		BaseImage:      pl.BaseImage,
		Framework:      string(pl.Framework),
		Command:        pl.Command,
		Port:           pl.Port,
		Kind:           string(pl.Kind),
		Workers:        pl.Workers,
		SystemPackages: PackagesReport{Build: nonNil(pl.BuildPackages), Runtime: nonNil(pl.RuntimePackages)},
		Services:       []ServiceReport{},
		HealthPath:     pl.HealthPath,
		Decisions:      pl.Decisions,
		Warnings:       nonNil(pl.Warnings),
		Notes:          nonNil(pl.Notes),
		Files:          []string{},
		Writable:       []string{},
		Indexes:        p.facts.Indexes,
		LockCheck:      p.facts.LockCheck,
	}
	if r.Indexes == nil {
		r.Indexes = []detect.Index{}
	}
	for _, w := range pl.Writable {
		r.Writable = append(r.Writable, w.Path)
	}
	if r.PackageManager == "" {
		r.PackageManager = "none"
	}
	if r.Python.Constraints == nil {
		r.Python.Constraints = []detect.PythonConstraint{}
	}
	if p.facts.App != nil {
		r.App = p.facts.App.String()
	}
	for _, d := range pl.Decisions {
		if d.Name == "app" {
			r.App = d.Value
		}
	}
	for _, sv := range pl.Services {
		r.Services = append(r.Services, ServiceReport{Name: sv.Name, Kind: sv.Kind, Image: sv.Image})
	}
	if pl.Snippet != nil {
		r.HealthSnippet = pl.Snippet.Path
	}
	for _, f := range p.files {
		r.Files = append(r.Files, f.Path)
	}
	return r
}

func nonNil(s []string) []string {
	if s == nil {
		return []string{}
	}
	return s
}
