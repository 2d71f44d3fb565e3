//go:build e2e

package e2e

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
)

// buildNaive builds the example's committed naive Dockerfile
// (internal/e2e/naive/<example>.Dockerfile: one stage, `COPY . .` before the
// install, the package manager left in) on the same project copy, cold and
// after the same source change, for the side-by-side table.
func (h *harness) buildNaive(t *testing.T, ctx context.Context, p *prepared) *naive {
	file := filepath.Join(h.repo, "internal", "e2e", "naive", p.name+".Dockerfile")
	text, err := os.ReadFile(file)
	n := &naive{File: "naive/" + p.name + ".Dockerfile"}
	if err != nil {
		// An example without a reviewed baseline yet still gets a number.
		text = []byte(genericNaive(p))
		n.File = "generic (no committed naive file)"
		t.Logf("no %s: a generic naive file is used; commit a reviewed one", file)
	}
	dir := t.TempDir()
	df := filepath.Join(dir, "Dockerfile")
	if err := os.WriteFile(df, text, 0o644); err != nil {
		t.Fatal(err)
	}
	info := readDockerfile(string(text))
	if len(info.Python) == 0 {
		t.Errorf("%s names no python:X image", n.File)
		return nil
	}
	if o, ok := h.be.(*offline); ok {
		for i := range info.Python {
			if err := o.standIn(&info.Python[i]); err != nil {
				t.Fatal(err)
			}
			info.Python[i].Index = p.info.Python[0].Index
		}
	}
	spec := buildSpec{Context: p.pristine, Dockerfile: df, Tag: "pydock-e2e/naive-" + p.name + ":latest",
		Tar: h.tarPath(t, "naive"), Cold: true, Bases: info.Python}
	res, err := h.be.Build(ctx, spec)
	h.saveLog(p.name+"-naive-cold.log", res.Progress)
	if err != nil {
		t.Errorf("naive cold build: %v", err)
		return nil
	}
	n.ColdSeconds = res.Seconds
	id, err := h.be.Load(ctx, spec)
	if err != nil {
		t.Errorf("naive load: %v", err)
		return nil
	}
	defer runCmd(context.Background(), "", h.be.CLI(), "rmi", "-f", id)
	out, err := runCmd(ctx, "", h.be.CLI(), "image", "inspect", "--format", "{{.Size}}", id)
	if err != nil {
		t.Errorf("naive image size: %v", err)
		return nil
	}
	size, _ := strconv.ParseFloat(strings.TrimSpace(out), 64)
	n.SizeMB = size / 1e6
	spec.Cold, spec.Tar = false, "" // as for pydock's file: the build, not the export
	var times []float64
	for i := 0; i < rebuildRuns; i++ {
		touched, err := touchSource(p.pristine)
		if err != nil {
			t.Fatal(err)
		}
		res, err = h.be.Build(ctx, spec)
		h.saveLog(fmt.Sprintf("%s-naive-rebuild-%d.log", p.name, i+1), res.Progress)
		if err != nil {
			t.Errorf("naive rebuild: %v", err)
			return nil
		}
		if !sourceStepRan(parseProgress(res.Progress)) {
			t.Errorf("naive rebuild %d after touching %s re-ran no COPY of the source", i+1, filepath.Base(touched))
			continue
		}
		times = append(times, res.Seconds)
	}
	n.Rebuild = median(times)
	return n
}

// genericNaive is the baseline for an example nobody has written one for.
func genericNaive(p *prepared) string {
	install := ""
	switch p.info.Template {
	case "poetry":
		install = "RUN pip install poetry==" + p.info.Tools["poetry"] + " && poetry install --only main"
	case "pdm":
		install = "RUN pip install pdm==" + p.info.Tools["pdm"] + " && pdm install --prod"
	case "pipenv":
		install = "RUN pip install pipenv==" + p.info.Tools["pipenv"] + " && pipenv install --deploy --system"
	case "uv":
		v := "0"
		if m := uvRef.FindStringSubmatch(p.info.uvImageRef()); m != nil {
			v = m[1]
		}
		install = "RUN pip install uv==" + v + " && uv sync --locked --no-dev"
	case "pip":
		install = "RUN pip install ."
		if _, err := os.Stat(filepath.Join(p.pristine, "requirements.txt")); err == nil {
			install = "RUN pip install -r requirements.txt"
		}
	}
	return fmt.Sprintf("FROM %s\nARG PIP_INDEX_URL\nWORKDIR /app\nCOPY . .\n%s\n", p.info.Python[len(p.info.Python)-1].Ref, install)
}
