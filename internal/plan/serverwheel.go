package plan

import (
	"fmt"
	"slices"
	"strings"

	"github.com/pydock/pydock/internal/detect"
)

// ServerWheel is the stage that compiles the server pydock installs in its
// own step (ServerInstall) when that server ships no wheel for a target:
// the runtime stage has no compiler (DF003), so the wheel is built apart,
// with the row's build packages, and only the wheel reaches the runtime.
type ServerWheel struct {
	Packages []string // apt packages of the stage
	Why      string   // the native.toml row's reason, and where no wheel fits
}

// chooseServerWheel judges the server of ServerInstall as systemPackages
// judges a dependency: it is not among the dependencies, so the tables saw
// nothing of it. A C build gets its stage; a library it loads goes in the
// runtime; a build pydock has no toolchain for is a warning.
func (p *Plan) chooseServerWheel(s Settings) {
	if p.ServerInstall == "" {
		return
	}
	spec, version, _ := strings.Cut(p.ServerInstall, "==")
	name, _, _ := strings.Cut(spec, "[")
	name = detect.NormalizeName(name)
	n, ok := nativeTable[name]
	if !ok || n.DjangoApp {
		return
	}
	suite := p.Python.Debian
	addRuntime := func() {
		for _, r := range n.runtime(suite) {
			if !slices.Contains(p.RuntimePackages, r) {
				p.RuntimePackages = append(p.RuntimePackages, r)
			}
		}
		slices.Sort(p.RuntimePackages)
	}
	if n.Kind == kindLib || n.Kind == kindTool {
		addRuntime()
		p.NativeReasons = append(p.NativeReasons, n.Why)
		return
	}
	arches := platforms(s)
	lacking := missingWheels(detect.Dependency{Name: name, Version: version}, n, p.Python, arches)
	if len(lacking) == 0 {
		return
	}
	if n.Kind != kindC {
		p.Warnings = append(p.Warnings, fmt.Sprintf("%s has no wheel for Python %s on %s: %s; pydock's builder has no toolchain for it (%s build), so the image build will fail there — add a server that ships wheels to your dependencies",
			p.ServerInstall, p.Python.Minor, strings.Join(lacking, ", "), n.Why, n.Kind))
		return
	}
	why := n.Why + " (no wheel for Python " + p.Python.Minor.String() + " on " + strings.Join(lacking, ", ") + ")"
	p.ServerWheel = &ServerWheel{Packages: n.build(suite), Why: why}
	addRuntime()
	p.NativeReasons = append(p.NativeReasons, why)
	p.decide("server wheel", p.ServerInstall, why+": compiled in the server stage with "+strings.Join(p.ServerWheel.Packages, ", ")+"; only its wheel reaches the runtime stage")
}
