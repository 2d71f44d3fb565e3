//go:build e2e

package e2e

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"sort"
	"strconv"
	"strings"
	"testing"
	"time"
)

// check is one property of an example's image, as the checks table shows it.
type check struct {
	Name   string `json:"name"`
	Status string `json:"status"` // ok, FAIL, xfail, xpass, n/a
	Detail string `json:"detail,omitempty"`
}

// pending names the open issue whose fix gives a property the templates on
// main do not have yet, keyed by check name, "check/template" or
// "build/example". Such a check that fails is reported as xfail and leaves
// the run green; one that passes is xpass (the entry can go).
// PYDOCK_E2E_STRICT=1 treats them all as ordinary checks.
var pending = map[string]string{}

// pendingFor is the pending issue for a check of an example, if any.
func pendingFor(name string, r *row) (string, bool) {
	if os.Getenv("PYDOCK_E2E_STRICT") == "1" {
		return "", false
	}
	for _, k := range []string{name + "/" + r.Example, name + "/" + r.Template, name} {
		if issue, ok := pending[k]; ok {
			return issue, true
		}
	}
	return "", false
}

// record adds a check result to the row; a failure fails the test unless the
// property is pending.
func record(t *testing.T, r *row, name string, ok bool, detail string) {
	t.Helper()
	c := check{Name: name, Status: "ok", Detail: detail}
	issue, isPending := pendingFor(name, r)
	switch {
	case ok && isPending:
		c.Status = "xpass"
		c.Detail = "passes (pending: " + issue + "; drop it from `pending` once fixed on main)"
		t.Logf("XPASS %s (%s)", name, issue)
	case ok:
		c.Detail = ""
	case isPending:
		c.Status = "xfail"
		c.Detail = "expected until " + issue + ": " + detail
		t.Logf("XFAIL %s: %s", name, c.Detail)
	default:
		c.Status = "FAIL"
		r.Failures = append(r.Failures, name+": "+detail)
		t.Errorf("%s: %s", name, detail)
	}
	r.Checks = append(r.Checks, c)
}

func na(r *row, name, why string) {
	r.Checks = append(r.Checks, check{Name: name, Status: "n/a", Detail: why})
}

// secretChecks: no file of the nested-secrets fixture in any layer, and the
// fake index credential in no layer and no history, of the runtime image and
// of the builder stage (issue #8).
func (h *harness) secretChecks(t *testing.T, ctx context.Context, p *prepared, spec buildSpec, fsr *fsReport, r *row) {
	var found []string
	for _, f := range nestedSecrets {
		for path, layer := range fsr.Paths {
			// A package's own files are not the fixture's (python-ldap ships
			// test certificates as slapdtest/certs/server.key); the fixture's
			// content marker below is looked for in every file all the same.
			if strings.Contains(path, "/site-packages/") {
				continue
			}
			if path == f || strings.HasSuffix(path, "/"+f) {
				found = append(found, fmt.Sprintf("layer %d: /%s", layer, path))
			}
		}
	}
	found = append(found, fsr.MarkerHits["nested"]...)
	sort.Strings(found)
	record(t, r, "nested-secrets", len(found) == 0, fmt.Sprintf("in the image: %s", strings.Join(dedupe(found), ", ")))

	if len(p.secrets) == 0 && len(p.buildArg) == 0 {
		na(r, "credentials", "the Dockerfile takes no index credential (no secret mount, no index ARG)")
		return
	}
	leaks := append([]string{}, fsr.MarkerHits["token"]...)
	// The builder stage's history and config (ARG values land there); its
	// build is all cached by now, and no export is needed for its config.
	if p.target != "" {
		for _, st := range p.info.Stages {
			if st == p.target {
				continue
			}
			bspec := spec
			bspec.Target, bspec.Tar, bspec.Cold = st, "", false
			bspec.Tag = "pydock-e2e/" + p.name + "-" + st + ":latest"
			cfg, err := h.be.StageConfig(ctx, bspec)
			if err != nil {
				t.Errorf("stage %s: its config and history: %v", st, err)
				leaks = append(leaks, "stage "+st+" (unreadable, counted as a leak)")
				continue
			}
			if strings.Contains(cfg, p.token) {
				leaks = append(leaks, "stage "+st+" config/history")
			}
		}
	}
	how := "secret mounts " + strings.Join(sortedKeys(p.secrets), ", ")
	if len(p.buildArg) > 0 {
		how = "build args " + strings.Join(sortedKeys(p.buildArg), ", ")
		if len(p.secrets) > 0 {
			how += " and secret mounts " + strings.Join(sortedKeys(p.secrets), ", ")
		}
	}
	record(t, r, "credentials", len(leaks) == 0, fmt.Sprintf("the fake token passed through %s is in: %s", how, strings.Join(leaks, ", ")))
}

func sortedKeys(m map[string]string) []string {
	var k []string
	for x := range m {
		k = append(k, x)
	}
	sort.Strings(k)
	return k
}

func dedupe(s []string) []string {
	var out []string
	for i, x := range s {
		if i == 0 || x != s[i-1] {
			out = append(out, x)
		}
	}
	return out
}

// runChecks starts the container and checks IM002 (healthy through its own
// HEALTHCHECK), IM003 (UID 1001), the runtime's permissions and CMD, and
// IM004 (SIGTERM stop within 10 s, exit code 0).
func (h *harness) runChecks(t *testing.T, ctx context.Context, p *prepared, id string, arch *dockerArchive, venv string, r *row, fail func(string, ...any)) {
	cli := h.be.CLI()
	name := "pydock-e2e-" + p.name
	_, _ = runCmd(ctx, "", cli, "rm", "-f", name)
	args := append(append([]string{"run", "-d", "--name", name, "--env-file", filepath.Join(p.dir, ".env")}, h.be.RunArgs()...), id)
	if _, err := runCmd(ctx, "", cli, args...); err != nil {
		fail("IM002 container did not start: %v", err)
		return
	}
	defer runCmd(context.Background(), "", cli, "rm", "-f", name)
	defer func() {
		logs, _ := runCmd(context.Background(), "", cli, "logs", name)
		h.saveLog(p.name+"-container.log", logs)
	}()
	cfg := arch.Config.Config

	// IM002: Podman ignores HEALTHCHECK in OCI images, so run the image
	// config's Healthcheck.Test exactly as Docker would.
	hc := cfg.Healthcheck
	if hc == nil || len(hc.Test) == 0 || hc.Test[0] == "NONE" {
		if len(cfg.ExposedPorts) > 0 {
			r.Healthy = "NO"
			fail("IM002 image exposes %v but has no HEALTHCHECK", cfg.ExposedPorts)
		} else {
			// A worker without a port (a bot, a queue consumer) has
			// nothing to probe; it must still run, as checked below.
			r.Healthy = "n/a"
			time.Sleep(3 * time.Second)
			if st, _ := runCmd(ctx, "", cli, "inspect", "--format", "{{.State.Running}}", name); strings.TrimSpace(st) != "true" {
				logs, _ := runCmd(ctx, "", cli, "logs", name)
				fail("container without HEALTHCHECK exited within 3 s:\n%s", tail(logs, 40))
			}
		}
	} else {
		execArgs := healthExec(hc.Test)
		t0 := time.Now()
		var last error
		for time.Since(t0) < 60*time.Second {
			if _, last = runCmd(ctx, "", cli, append([]string{"exec", name}, execArgs...)...); last == nil {
				r.Healthy = "yes"
				r.HealthyS = time.Since(t0).Seconds()
				break
			}
			if st, _ := runCmd(ctx, "", cli, "inspect", "--format", "{{.State.Running}}", name); strings.TrimSpace(st) == "false" {
				break
			}
			time.Sleep(time.Second)
		}
		if r.Healthy != "yes" {
			r.Healthy = "NO"
			logs, _ := runCmd(ctx, "", cli, "logs", name)
			fail("IM002 not healthy within 60 s: %v\ncontainer log:\n%s", last, tail(logs, 40))
		}
	}

	// IM003: the exec'd user and the server process itself are UID 1001.
	if out, err := runCmd(ctx, "", cli, "exec", name, "id", "-u"); err == nil {
		r.User = strings.TrimSpace(out)
	} else {
		fail("IM003 exec id -u: %v", err)
	}
	if pidS, err := runCmd(ctx, "", cli, "inspect", "--format", "{{.State.Pid}}", name); err == nil {
		if st, err := os.ReadFile("/proc/" + strings.TrimSpace(pidS) + "/status"); err == nil {
			for _, l := range strings.Split(string(st), "\n") {
				if strings.HasPrefix(l, "Uid:") {
					if f := strings.Fields(l); len(f) > 1 && f[1] != r.User {
						r.User = r.User + "/pid1:" + f[1]
					}
				}
			}
		}
	}
	if r.User != "1001" {
		fail("IM003 runs as %q, want 1001", r.User)
	}

	// #10: the program CMD (or ENTRYPOINT) starts is on the image's PATH.
	prog := ""
	if len(cfg.Entrypoint) > 0 {
		prog = cfg.Entrypoint[0]
	} else if len(cfg.Cmd) > 0 {
		prog = cfg.Cmd[0]
	}
	if prog == "" {
		record(t, r, "cmd-on-path", false, "the image has neither CMD nor ENTRYPOINT")
	} else {
		out, err := runCmd(ctx, "", cli, "exec", name, "sh", "-c", `command -v "$1"`, "sh", prog)
		record(t, r, "cmd-on-path", err == nil && strings.TrimSpace(out) != "", fmt.Sprintf("`command -v %s` finds nothing in the image", prog))
	}

	// #8: installed code and venv are not writable by the app user; its HOME is.
	var roots []string
	if cfg.WorkingDir != "" && cfg.WorkingDir != "/" {
		roots = append(roots, cfg.WorkingDir)
	}
	if venv != "" && !strings.HasPrefix(venv+"/", cfg.WorkingDir+"/") {
		roots = append(roots, venv)
	}
	if len(roots) > 0 {
		// Declared volumes are where the app is meant to write.
		script := `find "$@" -xdev \( -type f -o -type d \) -writable -print 2>/dev/null | head -n 200`
		out, err := runCmd(ctx, "", cli, append([]string{"exec", name, "sh", "-c", script, "sh"}, roots...)...)
		var writable []string
		for _, l := range strings.Split(strings.TrimSpace(out), "\n") {
			if l == "" {
				continue
			}
			allowed := false
			for v := range cfg.Volumes {
				if l == v || strings.HasPrefix(l, strings.TrimSuffix(v, "/")+"/") {
					allowed = true
				}
			}
			if !allowed {
				writable = append(writable, l)
			}
		}
		if err != nil {
			record(t, r, "code-read-only", false, fmt.Sprintf("find -writable: %v", err))
		} else {
			shown := writable
			if len(shown) > 4 {
				shown = append(shown[:4:4], fmt.Sprintf("… (%d or more paths)", len(writable)))
			}
			record(t, r, "code-read-only", len(writable) == 0, fmt.Sprintf("the app user can write %s", strings.Join(shown, ", ")))
		}
	}
	home, _ := runCmd(ctx, "", cli, "exec", name, "sh", "-c", `printf %s "$HOME"`)
	_, err := runCmd(ctx, "", cli, "exec", name, "sh", "-c", `f="${HOME:?}/.pydock-e2e-write-test" && : > "$f" && rm -f "$f"`)
	record(t, r, "home-writable", err == nil, fmt.Sprintf("HOME=%s is not writable by the app user", strings.TrimSpace(home)))
	h.checkNativeImports(t, ctx, name, p, r)

	// IM004: stop sends SIGTERM (or the image's STOPSIGNAL); the server must
	// exit cleanly (0) before the 10 s grace period ends (137 = SIGKILL).
	t0 := time.Now()
	if _, err := runCmd(ctx, "", cli, "stop", "-t", "10", name); err != nil {
		fail("IM004 stop: %v", err)
	}
	r.StopSeconds = time.Since(t0).Seconds()
	code, _ := runCmd(ctx, "", cli, "inspect", "--format", "{{.State.ExitCode}}", name)
	r.ExitCode, _ = strconv.Atoi(strings.TrimSpace(code))
	if r.ExitCode == 137 || r.StopSeconds >= 10 {
		fail("IM004 not stopped by SIGTERM: exit code %d after %.1fs", r.ExitCode, r.StopSeconds)
	}
	record(t, r, "clean-stop", r.ExitCode == 0, fmt.Sprintf("exit code %d on stop, want 0", r.ExitCode))
}
