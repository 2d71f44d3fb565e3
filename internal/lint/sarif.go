package lint

import (
	"encoding/json"
	"path/filepath"
	"strings"
)

// SARIF 2.1.0, the subset code-scanning UIs (GitHub, GitLab, VS Code's
// viewer) read: one run, the tool's rules, results with a file and line.
// Spec: https://docs.oasis-open.org/sarif/sarif/v2.1.0/sarif-v2.1.0.html

// SARIFLog is a SARIF 2.1.0 log.
type SARIFLog struct {
	Schema  string     `json:"$schema"`
	Version string     `json:"version"`
	Runs    []SARIFRun `json:"runs"`
}

// SARIFRun is one run of the tool.
type SARIFRun struct {
	Tool    SARIFTool     `json:"tool"`
	Results []SARIFResult `json:"results"`
}

// SARIFTool describes pydock and the rules it reports.
type SARIFTool struct {
	Driver SARIFDriver `json:"driver"`
}

// SARIFDriver is the tool component.
type SARIFDriver struct {
	Name           string      `json:"name"`
	InformationURI string      `json:"informationUri,omitempty"`
	Version        string      `json:"version,omitempty"`
	Rules          []SARIFRule `json:"rules"`
}

// SARIFRule is a reportingDescriptor.
type SARIFRule struct {
	ID                   string        `json:"id"`
	Name                 string        `json:"name,omitempty"`
	ShortDescription     SARIFMessage  `json:"shortDescription"`
	FullDescription      *SARIFMessage `json:"fullDescription,omitempty"`
	HelpURI              string        `json:"helpUri,omitempty"`
	DefaultConfiguration SARIFConfig   `json:"defaultConfiguration"`
}

// SARIFConfig is a reportingConfiguration.
type SARIFConfig struct {
	Level string `json:"level"`
}

// SARIFMessage is a message object.
type SARIFMessage struct {
	Text string `json:"text"`
}

// SARIFResult is one finding.
type SARIFResult struct {
	RuleID    string          `json:"ruleId"`
	RuleIndex int             `json:"ruleIndex"`
	Level     string          `json:"level"`
	Message   SARIFMessage    `json:"message"`
	Locations []SARIFLocation `json:"locations"`
}

// SARIFLocation is a location.
type SARIFLocation struct {
	PhysicalLocation SARIFPhysical `json:"physicalLocation"`
}

// SARIFPhysical is a physicalLocation.
type SARIFPhysical struct {
	ArtifactLocation SARIFArtifact `json:"artifactLocation"`
	Region           *SARIFRegion  `json:"region,omitempty"`
}

// SARIFArtifact is an artifactLocation.
type SARIFArtifact struct {
	URI string `json:"uri"`
}

// SARIFRegion is a region; lines are 1-based, so a finding about a whole
// file has none.
type SARIFRegion struct {
	StartLine int `json:"startLine"`
}

// sarifLevel maps our severities to SARIF's levels.
func sarifLevel(sev string) string {
	switch sev {
	case SeverityError:
		return "error"
	case SeverityWarning:
		return "warning"
	}
	return "note"
}

// SARIF encodes findings as a SARIF 2.1.0 log. Every rule of ours is listed;
// BuildKit's rules are listed when they have findings, with their docs URL.
func SARIF(findings []Finding, version string) ([]byte, error) {
	driver := SARIFDriver{Name: "pydock", InformationURI: "https://github.com/pydock/pydock", Version: version}
	index := map[string]int{}
	for _, r := range rules {
		index[r.ID] = len(driver.Rules)
		driver.Rules = append(driver.Rules, SARIFRule{
			ID:                   r.ID,
			Name:                 ruleName(r.Title),
			ShortDescription:     SARIFMessage{Text: r.Title},
			FullDescription:      &SARIFMessage{Text: r.Why},
			DefaultConfiguration: SARIFConfig{Level: sarifLevel(r.Severity)},
		})
	}
	results := []SARIFResult{}
	for _, f := range findings {
		i, ok := index[f.Rule]
		if !ok {
			i = len(driver.Rules)
			index[f.Rule] = i
			driver.Rules = append(driver.Rules, SARIFRule{
				ID:                   f.Rule,
				Name:                 f.Rule,
				ShortDescription:     SARIFMessage{Text: "BuildKit check " + f.Rule},
				HelpURI:              f.URL,
				DefaultConfiguration: SARIFConfig{Level: "warning"},
			})
		}
		loc := SARIFPhysical{ArtifactLocation: SARIFArtifact{URI: sarifURI(f.File)}}
		if f.Line > 0 {
			loc.Region = &SARIFRegion{StartLine: f.Line}
		}
		results = append(results, SARIFResult{
			RuleID:    f.Rule,
			RuleIndex: i,
			Level:     sarifLevel(f.Severity),
			Message:   SARIFMessage{Text: f.Message},
			Locations: []SARIFLocation{{PhysicalLocation: loc}},
		})
	}
	log := SARIFLog{
		Schema:  "https://json.schemastore.org/sarif-2.1.0.json",
		Version: "2.1.0",
		Runs:    []SARIFRun{{Tool: SARIFTool{Driver: driver}, Results: results}},
	}
	return json.MarshalIndent(log, "", "  ")
}

// sarifURI is a relative URI reference with forward slashes, as code
// scanning resolves it against the repository root.
func sarifURI(file string) string {
	u := filepath.ToSlash(filepath.Clean(file))
	return strings.TrimPrefix(u, "./")
}

// ruleName makes a PascalCase name from a title ("No secrets in ENV" →
// "NoSecretsInENV"), the form SARIF viewers show next to the ID.
func ruleName(title string) string {
	var b strings.Builder
	for w := range strings.FieldsSeq(title) {
		w = strings.Trim(w, ",.()")
		if w == "" || !isAlnum(w) {
			continue
		}
		b.WriteString(strings.ToUpper(w[:1]) + w[1:])
	}
	return b.String()
}

func isAlnum(s string) bool {
	for _, r := range s {
		if !(r >= 'a' && r <= 'z' || r >= 'A' && r <= 'Z' || r >= '0' && r <= '9') {
			return false
		}
	}
	return true
}
