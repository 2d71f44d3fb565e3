package plan

import "testing"

func TestCheckHealthPath(t *testing.T) {
	good := []string{"/", "/healthz", "/api/v1/health/", "/h');__import__('os')", "/a%20b", "/~x@y:z;a=b,c!$&*+"}
	bad := []string{"", "healthz", "/a b", `/a"b`, "/a\nb", "/a?x=1", "/a#f", `/a\b`, "/a%2", "/a%zz", "/é", "/" + string(make([]byte, 300))}
	for _, s := range good {
		if err := CheckHealthPath(s); err != nil {
			t.Errorf("CheckHealthPath(%q) = %v, want nil", s, err)
		}
	}
	for _, s := range bad {
		if err := CheckHealthPath(s); err == nil {
			t.Errorf("CheckHealthPath(%q) = nil, want an error", s)
		}
	}
}
