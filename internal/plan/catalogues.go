package plan

import (
	"path"
	"strings"

	"github.com/pydock/pydock/internal/detect"
)

// CatalogueStep compiles the gettext catalogues the code loads, shipped as
// .po only, in a stage of its own: the compiler's package stays there and
// only the .mo files reach the runtime stage, over the copied source (DF003).
type CatalogueStep struct {
	Dirs     []string // catalogue folders, relative to the build context
	Compiler string   // msgfmt
	Packages []string // the Debian package that has it
	// FromVenv: the compiler is a console script of the builder's venv
	// (pybabel), so the stage starts from the builder, with no package.
	FromVenv bool
	From     string // what loads them, for the Dockerfile's comment
}

// chooseCatalogues decides the compile step; after chooseSource, since the
// .mo files land in the copied source tree.
func (p *Plan) chooseCatalogues(f *detect.Facts) {
	c := f.Catalogues
	if c == nil {
		return
	}
	if len(c.Dirs) == 0 {
		p.decide("catalogues", "none", c.Why())
		return
	}
	if !p.CopySource {
		p.decide("catalogues", "none", c.Why())
		p.Warnings = append(p.Warnings, "the gettext catalogues in "+strings.Join(c.Dirs, ", ")+" ship as .po only and the image runs the installed package, whose wheel has no .mo: "+c.Loader+" ("+c.From.String()+") finds none; compile them before the wheel is built (msgfmt, pybabel compile) and have the packaging include the .mo files")
		return
	}
	step := &CatalogueStep{Compiler: c.Compiler, From: c.Loader + " (" + c.From.String() + ")"}
	from := "Debian's " + c.Package + ", which stays in that stage"
	if c.Dist != "" {
		step.FromVenv = true
		from = "the project's own " + c.Dist + ", from the builder's venv"
	} else {
		step.Packages = []string{c.Package}
	}
	for _, d := range c.Dirs {
		ctx := path.Join(p.MemberDir, d)
		if err := CheckPath(ctx); err != nil {
			p.Warnings = append(p.Warnings, "the gettext catalogues in "+d+" are not compiled: the folder's name "+err.Error())
			continue
		}
		step.Dirs = append(step.Dirs, ctx)
	}
	if len(step.Dirs) == 0 {
		return
	}
	p.Catalogues = step
	p.decide("catalogues", "compile "+strings.Join(step.Dirs, ", ")+" with "+step.Compiler, c.Why()+": the catalogues stage compiles them with "+step.Compiler+" ("+from+") and the runtime gets only the .mo files")
}
