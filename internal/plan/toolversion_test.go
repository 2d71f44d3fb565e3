package plan

import (
	"regexp"
	"strings"
	"testing"
)

func TestSpecifiers(t *testing.T) {
	tests := []struct {
		spec, v string
		want    bool
	}{
		{">=0.5,<2", "0.9.7", true},
		{">=0.10", "0.9.7", false},
		{"==0.5.*", "0.5.11", true},
		{"==0.5.*", "0.6.0", false},
		{"!=0.9.*", "0.9.7", false},
		{"~=0.9.2", "0.9.7", true},
		{"~=0.9.2", "0.10.0", false},
		{"~=2.1", "2.9.0", true},
		{"~=2.1", "3.0.0", false},
		{"0.5.11", "0.5.11", true},
		{">0.9.7", "0.9.8", true},
		{"<=2.1.2", "2.1.2", true},
	}
	for _, tt := range tests {
		s, err := parseSpecifiers(tt.spec)
		if err != nil {
			t.Fatalf("%s: %v", tt.spec, err)
		}
		if got := s.allows(tt.v); got != tt.want {
			t.Errorf("%q allows %s = %v, want %v", tt.spec, tt.v, got, tt.want)
		}
	}
	for _, bad := range []string{"", "latest", ">=1.0a1", "^1.2", ">=1;rm -rf /"} {
		if _, err := parseSpecifiers(bad); err == nil {
			t.Errorf("%q: want an error", bad)
		}
	}
}

// uv's images are tagged with the bare release, {major}.{minor}.{patch}
// (see the comment on UVImage): the default and every release the feature
// table can raise uv to must be spelled so to name an image that exists.
func TestUVImageTags(t *testing.T) {
	release := regexp.MustCompile(`^\d+\.\d+\.\d+$`)
	tag, ok := strings.CutPrefix(UVImage, uvImageRepo+":")
	if !ok || !release.MatchString(tag) {
		t.Errorf("UVImage %q: want %s:{major}.{minor}.{patch}", UVImage, uvImageRepo)
	}
	for _, row := range uvFeatures {
		if !release.MatchString(row.since) {
			t.Errorf("uvFeatures %q: since %q is not a {major}.{minor}.{patch} image tag", row.name, row.since)
		}
	}
}
