package cli

import (
	"fmt"
	"reflect"

	"github.com/pydock/pydock/internal/config"
	"github.com/pydock/pydock/internal/plan"
	"github.com/pydock/pydock/internal/write"
)

// choicesFile is the write that records this run's choices (flags and
// wizard answers) where the project keeps its config: pydock.toml, or the
// [tool.pydock] table of pyproject.toml when that is where it lives. A
// choice that agrees with detection is not frozen (and clears an older
// one), so detected values keep following the project. nil: nothing to
// save. The file joins the run's other writes, all or nothing.
func choicesFile(p *project) (*write.File, error) {
	if reflect.DeepEqual(p.choices, plan.Settings{}) {
		return nil, nil
	}
	own, err := write.ReadFile(p.dir, config.FileName)
	if err != nil {
		return nil, err
	}
	target, table, old := config.FileName, "", own
	cur := &config.Config{}
	switch {
	case own != nil:
		cur, err = config.Parse(own)
	default:
		py, rerr := write.ReadFile(p.dir, "pyproject.toml")
		if rerr != nil {
			return nil, rerr
		}
		if py != nil && config.HasToolTable(py) {
			target, table, old = "pyproject.toml", config.ToolTable, py
			cur, err = config.ParseTool(py)
		}
	}
	if err != nil {
		return nil, err
	}
	from := cur.Settings()
	to := applyChoices(from, p.choices, detected(p))
	if reflect.DeepEqual(from, to) {
		return nil, nil
	}
	var data []byte
	if old == nil {
		data, err = config.FromSettings(to).Encode()
	} else {
		data, err = config.Edit(old, table, from, to)
	}
	if err != nil {
		return nil, fmt.Errorf("%s: saving your choices: %w", target, err)
	}
	// Read back what would be written: it must say exactly what was chosen.
	var back *config.Config
	if table == "" {
		back, err = config.Parse(data)
	} else {
		back, err = config.ParseTool(data)
	}
	if err != nil || !reflect.DeepEqual(back.Settings(), to) {
		return nil, fmt.Errorf("%s: could not record your choices in place (%v); set them by hand", target, err)
	}
	return &write.File{Path: target, Content: data, Replaces: old, Plain: true}, nil
}

// detected is the plan detection alone makes (no flags, no config), or nil
// when it cannot make one (then every choice is kept).
func detected(p *project) *plan.Plan {
	pl, err := plan.Build(p.facts, plan.Settings{PackageManager: p.settings.PackageManager}, now())
	if err != nil {
		return nil
	}
	return pl
}

// applyChoices lays the choices over the saved settings, clearing the ones
// detection already gives.
func applyChoices(saved, choices plan.Settings, d *plan.Plan) plan.Settings {
	out := saved
	str := func(dst *string, v, det string) {
		if v == "" {
			return
		}
		if d != nil && v == det {
			v = ""
		}
		*dst = v
	}
	num := func(dst *int, v, det int) {
		if v == 0 {
			return
		}
		if d != nil && v == det {
			v = 0
		}
		*dst = v
	}
	flag := func(dst **bool, v *bool) {
		if v == nil {
			return
		}
		if *v { // on is the default: not a choice to record
			*dst = nil
			return
		}
		*dst = v
	}
	var det plan.Plan
	if d != nil {
		det = *d
	}
	str(&out.PackageManager, choices.PackageManager, "")
	str(&out.Python, choices.Python, det.Python.Minor.String())
	str(&out.App, choices.App, "")
	num(&out.Port, choices.Port, det.Port)
	num(&out.Workers, choices.Workers, det.Workers)
	str(&out.HealthPath, choices.HealthPath, det.HealthPath)
	str(&out.BaseImage, choices.BaseImage, det.BaseImage)
	flag(&out.Compose, choices.Compose)
	flag(&out.HealthSnippet, choices.HealthSnippet)
	if choices.Services != nil {
		out.Services = choices.Services
	}
	str(&out.Package, choices.Package, "")
	if choices.Extras != nil {
		out.Extras = choices.Extras
	}
	if choices.Groups != nil {
		out.Groups = choices.Groups
	}
	return out
}
