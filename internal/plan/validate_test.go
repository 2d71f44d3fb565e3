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

func TestCheckImageRef(t *testing.T) {
	for _, s := range []string{"python:3.12-slim", "ghcr.io/acme/python:3.13-slim-trixie", "registry:5000/py/base:1@sha256:" + sixtyFour} {
		if err := CheckImageRef(s); err != nil {
			t.Errorf("CheckImageRef(%q) = %v", s, err)
		}
	}
	for _, s := range []string{"python:3.12-slim AS x", "python:3.12-slim\nRUN id", "Python:3", "python:3 ", "", "a:b:c"} {
		if err := CheckImageRef(s); err == nil {
			t.Errorf("CheckImageRef(%q) = nil, want an error", s)
		}
	}
}

const sixtyFour = "0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef"

func TestCheckPath(t *testing.T) {
	for _, s := range []string{"lib", "libs/my lib", "libs/a,b", "requirements/prod.txt", "ünï/cödé", "a=b"} {
		if err := CheckPath(s); err != nil {
			t.Errorf("CheckPath(%q) = %v", s, err)
		}
	}
	for _, s := range []string{"", "/abs", "../up", "..", "a/../b", "./a", "a/", "a\nb", "a\rb", "a\x00b", `a"b`, "a'b", `a\b`, "a$b", "a`b", "\xff", "a*", "a?b", "a[1]", " a", "a "} {
		if err := CheckPath(s); err == nil {
			t.Errorf("CheckPath(%q) = nil, want an error", s)
		}
	}
}
