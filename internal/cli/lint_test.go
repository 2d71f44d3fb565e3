package cli

import (
	"bytes"
	"context"
	"encoding/json"
	"os"
	"path/filepath"
	"testing"
)

// TestLintSARIFShape checks the SARIF log has what code-scanning UIs
// require: version 2.1.0, one run with a named driver, every result's
// ruleId listed in the driver's rules at ruleIndex, a valid level, a
// message and a location with a relative URI and a 1-based line.
func TestLintSARIFShape(t *testing.T) {
	dir := t.TempDir()
	df := "FROM python:latest\nCOPY . .\nRUN pip install -r requirements.txt\nCMD gunicorn app:app\n"
	if err := os.WriteFile(filepath.Join(dir, "Dockerfile"), []byte(df), 0o644); err != nil {
		t.Fatal(err)
	}
	var out, errb bytes.Buffer
	code := Run(context.Background(), []string{"lint", "--format", "sarif", dir}, IO{Out: &out, Err: &errb})
	if code != ExitError {
		t.Fatalf("exit %d, want 1; stderr: %s", code, errb.String())
	}
	var log struct {
		Schema  string `json:"$schema"`
		Version string `json:"version"`
		Runs    []struct {
			Tool struct {
				Driver struct {
					Name  string `json:"name"`
					Rules []struct {
						ID               string `json:"id"`
						ShortDescription struct {
							Text string `json:"text"`
						} `json:"shortDescription"`
					} `json:"rules"`
				} `json:"driver"`
			} `json:"tool"`
			Results []struct {
				RuleID    string `json:"ruleId"`
				RuleIndex int    `json:"ruleIndex"`
				Level     string `json:"level"`
				Message   struct {
					Text string `json:"text"`
				} `json:"message"`
				Locations []struct {
					PhysicalLocation struct {
						ArtifactLocation struct {
							URI string `json:"uri"`
						} `json:"artifactLocation"`
						Region *struct {
							StartLine int `json:"startLine"`
						} `json:"region"`
					} `json:"physicalLocation"`
				} `json:"locations"`
			} `json:"results"`
		} `json:"runs"`
	}
	dec := json.NewDecoder(&out)
	if err := dec.Decode(&log); err != nil {
		t.Fatalf("not the SARIF shape: %v", err)
	}
	if log.Version != "2.1.0" || log.Schema == "" || len(log.Runs) != 1 || log.Runs[0].Tool.Driver.Name != "pydock" {
		t.Fatalf("bad log header: %+v", log)
	}
	run := log.Runs[0]
	if len(run.Results) == 0 {
		t.Fatal("no results")
	}
	for _, r := range run.Results {
		rules := run.Tool.Driver.Rules
		if r.RuleIndex < 0 || r.RuleIndex >= len(rules) || rules[r.RuleIndex].ID != r.RuleID || rules[r.RuleIndex].ShortDescription.Text == "" {
			t.Errorf("result %s: ruleIndex %d does not point at its rule", r.RuleID, r.RuleIndex)
		}
		switch r.Level {
		case "error", "warning", "note":
		default:
			t.Errorf("result %s: level %q", r.RuleID, r.Level)
		}
		if r.Message.Text == "" || len(r.Locations) != 1 {
			t.Errorf("result %s: no message or location", r.RuleID)
			continue
		}
		loc := r.Locations[0].PhysicalLocation
		if loc.ArtifactLocation.URI == "" || (loc.Region != nil && loc.Region.StartLine < 1) {
			t.Errorf("result %s: bad location %+v", r.RuleID, loc)
		}
	}
}

func TestLintJSONEmptyIsArray(t *testing.T) {
	dir := t.TempDir()
	df := "# pydock-ignore: DF008,DF009,DF018\nFROM python:3.13-slim\n"
	if err := os.WriteFile(filepath.Join(dir, "Dockerfile"), []byte(df), 0o644); err != nil {
		t.Fatal(err)
	}
	var out, errb bytes.Buffer
	if code := Run(context.Background(), []string{"lint", "--format", "json", filepath.Join(dir, "Dockerfile")}, IO{Out: &out, Err: &errb}); code != 0 {
		t.Fatalf("exit %d: %s %s", code, out.String(), errb.String())
	}
	if got := bytes.TrimSpace(out.Bytes()); string(got) != "[]" {
		t.Fatalf("got %s, want []", got)
	}
}
