package e2e

import (
	"encoding/json"
	"encoding/pem"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
)

// The node stand-in's npm reached the registry through the machine's
// intercepting proxy only by the image's NODE_EXTRA_CA_CERTS: a Dockerfile
// that copies the node image's /usr/local into its Python builder (a backend
// running `npm ci` while the wheel builds: pretalx) lost it, and npm failed
// SELF_SIGNED_CERT_IN_CHAIN. The global npmrc under the prefix travels with
// /usr/local, so provision.sh writes the machine's own certificates there as
// npm's ca list (one ca[] line per certificate, newlines as "\n" in a quoted
// value): only those the stand-in's Debian bundle lacks (the proxy's), since
// npm hands its config to every install script as npm_config_* variables, and
// the whole bundle (144 certificates, 200 kB) in one variable is past the
// kernel's 128 kB limit for one (`spawn E2BIG`, pretalx's next run).
func TestNpmCAConfig(t *testing.T) {
	src, err := os.ReadFile("provision.sh")
	if err != nil {
		t.Fatal(err)
	}
	fn := regexp.MustCompile(`(?ms)^npm_ca_config\(\) \{\n.*?^\}\n`).FindString(string(src))
	if fn == "" {
		t.Fatal("provision.sh defines no npm_ca_config() (the npmrc that carries the proxy CA with /usr/local)")
	}
	cert := func(body string) string {
		return strings.TrimSuffix(string(pem.EncodeToMemory(&pem.Block{Type: "CERTIFICATE", Bytes: []byte(body)})), "\n")
	}
	// Debian's bundle: many certificates, more than one variable may hold.
	var debian []string
	for i := 0; i < 150; i++ {
		debian = append(debian, cert(fmt.Sprintf("a root certificate of Debian's bundle, number %d, long enough for several lines of base64: %s", i, strings.Repeat("x", 900))))
	}
	// The machine's: Debian's and two of its own (a proxy's), a comment between.
	blocks := []string{cert("the proxy's certificate, long enough to wrap over more than one line of base64 text"), cert("second")}
	machine := append(append([]string{}, debian[:75]...), blocks[0]+"\n# a note")
	machine = append(append(machine, debian[75:]...), blocks[1])
	dir := t.TempDir()
	bundle, base := filepath.Join(dir, "ca-certificates.crt"), filepath.Join(dir, "debian.crt")
	if err := os.WriteFile(bundle, []byte(strings.Join(machine, "\n")+"\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(base, []byte(strings.Join(debian, "\n")+"\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	out, err := exec.Command("bash", "-c", fn+"npm_ca_config \"$1\" \"$2\"", "bash", bundle, base).CombinedOutput()
	if err != nil {
		t.Fatalf("npm_ca_config: %v\n%s", err, out)
	}
	if len(out) > 128<<10 {
		t.Fatalf("npm_ca_config wrote %d bytes: npm_config_ca would not fit one variable (E2BIG)", len(out))
	}
	lines := strings.Split(strings.TrimSuffix(string(out), "\n"), "\n")
	if len(lines) != len(blocks) {
		t.Fatalf("%d lines for the machine's %d own certificates:\n%.2000s", len(lines), len(blocks), out)
	}
	for i, l := range lines {
		v, ok := strings.CutPrefix(l, "ca[]=")
		var got string
		if !ok || json.Unmarshal([]byte(v), &got) != nil || got != blocks[i] {
			t.Errorf("line %d = %q: want ca[]= and certificate %d as a quoted string", i+1, l, i+1)
		}
	}
	// npm itself, when the machine has it, reads the same list back.
	if _, err := exec.LookPath("npm"); err != nil {
		return
	}
	rc := filepath.Join(dir, "npmrc")
	if err := os.WriteFile(rc, out, 0o644); err != nil {
		t.Fatal(err)
	}
	// npm config get prints a list joined with commas.
	cmd := exec.Command("npm", "config", "get", "ca")
	cmd.Env = append(os.Environ(), "npm_config_globalconfig="+rc, "npm_config_userconfig="+filepath.Join(dir, "none"), "HOME="+dir)
	got, err := cmd.Output()
	if err != nil {
		t.Fatalf("npm config get ca: %v", err)
	}
	if want := strings.Join(blocks, ","); strings.TrimSpace(string(got)) != want {
		t.Errorf("npm reads ca =\n%s\nwant the bundle's %d certificates:\n%s", got, len(blocks), want)
	}
}
