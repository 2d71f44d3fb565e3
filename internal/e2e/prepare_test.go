//go:build e2e

package e2e

import (
	"context"
	"crypto/rand"
	"encoding/hex"
	"fmt"
	"os"
	"path/filepath"
	"regexp"
	"sort"
	"strings"
	"testing"
)

// --- preparing one example -------------------------------------------------------

type prepared struct {
	name     string
	dir      string // the app's folder in the temp copy, generated files in place
	root     string // the temp copy of the whole tree (dir itself for one folder)
	context  string // the build context compose.yaml names (dir, or a folder above it)
	info     dockerfileInfo
	marker   string // in the root .env (IM005)
	nested   string // in the nested-secrets fixture files (#8)
	token    string // the fake index credential passed to the build (#8)
	skip     string
	target   string
	pristine string    // the project as the naive file builds it: swapped index and lock, no generated files
	extra    []baseRef // non-python images supplied as layouts (uv)
	route    string    // where packages come from: debian-repack, mirror (see README)
	relock   string    // what the relock did, for the log
	secrets  map[string]string
	buildArg map[string]string
	// compiled: what pydock's own plan (detect --json) says compiles in the
	// builder; builtFromSource: what the cold build compiled (issue #11).
	compiled        []string
	builtFromSource []string
}

func randomMarker(prefix string) string {
	b := make([]byte, 8)
	_, _ = rand.Read(b)
	return prefix + hex.EncodeToString(b)
}

// nestedSecrets are files that must never reach an image, below the context
// root where root-anchored .dockerignore patterns miss them (issue #8).
var nestedSecrets = []string{"config/.env", "certs/server.key", "a/b/.env.local", "a/b/id_rsa",
	"deploy/.netrc", "deploy/.pypirc", "certs/client.pem"}

// prepare copies an example, adds the secrets the image must not carry,
// swaps where images and packages come from, and generates its container
// files with pydock.
func (h *harness) prepare(t testing.TB, ctx context.Context, example string) *prepared {
	t.Helper()
	return h.prepareApp(t, ctx, example, ".")
}

// prepareApp is prepare for the app in folder appDir of the tree: the
// whole tree is copied, pydock runs in the app's folder, and the build
// uses the context its compose.yaml names (a monorepo's root).
func (h *harness) prepareApp(t testing.TB, ctx context.Context, tree, appDir string) *prepared {
	t.Helper()
	p := &prepared{name: filepath.Base(tree), marker: randomMarker("PYDOCK_E2E_SECRET_"),
		nested: randomMarker("PYDOCK_E2E_NESTED_"), token: randomMarker("pydock-e2e-token-"),
		secrets: map[string]string{}, buildArg: map[string]string{}}
	p.root = filepath.Join(t.TempDir(), p.name)
	if err := copyProject(tree, p.root); err != nil {
		t.Fatalf("copy: %v", err)
	}
	p.dir = filepath.Join(p.root, filepath.FromSlash(appDir))
	if !within(p.root, p.dir) {
		t.Fatalf("app folder %q is outside %s", appDir, tree)
	}
	if h.pydock != "" {
		for _, g := range generated {
			_ = os.Remove(filepath.Join(p.dir, g))
		}
	}
	// A secret the image must not carry (IM005): .env is in the build context.
	// It is also what the container gets at run time (`--env-file`, as
	// compose's env_file does): apps like Django refuse to start without a
	// secret key. Keys of a committed .env.example come first.
	env := readFileString(filepath.Join(p.dir, ".env.example"))
	if env != "" && !strings.HasSuffix(env, "\n") {
		env += "\n"
	}
	env += fmt.Sprintf("SECRET_KEY=%s\nDJANGO_SECRET_KEY=%s\nAPP_SECRET=%s\n", p.marker, p.marker, p.marker)
	if err := os.WriteFile(filepath.Join(p.dir, ".env"), []byte(env), 0o600); err != nil {
		t.Fatal(err)
	}
	for _, f := range nestedSecrets {
		fp := filepath.Join(p.dir, f)
		if err := os.MkdirAll(filepath.Dir(fp), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(fp, []byte("secret="+p.nested+"\n"), 0o600); err != nil {
			t.Fatal(err)
		}
	}
	h.generate(t, ctx, p)
	p.route = "debian-repack"
	if o, ok := h.be.(*offline); ok {
		for i := range p.info.Python {
			if err := o.standIn(&p.info.Python[i]); err != nil {
				t.Fatal(err)
			}
		}
		for _, ref := range p.info.Others {
			if !strings.Contains(ref, "astral-sh/uv") && !nodeRef.MatchString(ref) {
				t.Fatalf("Dockerfile needs image %s, which the offline backend has no stand-in for", ref)
			}
		}
		committed := snapshotLocks(p.root)
		if changed := h.useMirror(t, ctx, o, p); changed {
			// The project now names the mirror as its index: generate again,
			// so the Dockerfile is what pydock makes for a project with a
			// private index (its credential mounts included).
			for _, g := range generated {
				_ = os.Remove(filepath.Join(p.dir, g))
			}
			if h.relockForTarget {
				h.generateFromCommitted(t, ctx, p, committed)
			} else {
				h.generate(t, ctx, p)
			}
		}
		for i := range p.info.Python {
			if err := o.standIn(&p.info.Python[i]); err != nil {
				t.Fatal(err)
			}
			if p.route == "mirror" {
				p.info.Python[i].Index = o.mirrorURL()
			}
		}
		for _, ref := range p.info.Others {
			var img baseRef
			var err error
			if nodeRef.MatchString(ref) {
				img, err = h.nodeImage(ctx, o, ref)
			} else {
				img, _, err = h.uvImage(ctx, o, ref)
			}
			if err != nil {
				t.Fatal(err)
			}
			p.extra = append(p.extra, img)
		}
		// The build can only reach the local index through this ARG.
		if p.info.Template == "pip" && !p.info.HasArg["PIP_INDEX_URL"] && len(p.info.Secrets) == 0 {
			t.Errorf("Dockerfile declares no `ARG PIP_INDEX_URL` nor an index secret, so a build cannot be pointed at a private/local index")
		}
		h.credentials(p, p.info.Python[0].Index)
	}
	// The naive build gets the same project: swapped index and lock, no
	// generated files.
	p.pristine = filepath.Join(t.TempDir(), p.name)
	if err := copyProject(p.dir, p.pristine); err != nil {
		t.Fatal(err)
	}
	for _, g := range append(generated, ".dockerignore") {
		_ = os.Remove(filepath.Join(p.pristine, g))
	}
	return p
}

// generate runs `pydock init --yes` on the copy and reads the Dockerfile.
func (h *harness) generate(t testing.TB, ctx context.Context, p *prepared) {
	t.Helper()
	if h.pydock != "" {
		args := append([]string{"init", "--yes"}, h.initArgs[p.name]...)
		if out, err := runCmd(ctx, "", h.pydock, append(args, p.dir)...); err != nil {
			t.Fatalf("pydock init --yes: %v\n%s", err, out)
		}
	}
	h.readGenerated(t, p)
}

// readGenerated reads the generated Dockerfile and the build context it
// names.
func (h *harness) readGenerated(t testing.TB, p *prepared) {
	t.Helper()
	df, err := os.ReadFile(filepath.Join(p.dir, "Dockerfile"))
	if err != nil {
		t.Fatalf("no Dockerfile after generation: %v", err)
	}
	if p.context, err = buildContext(p.root, p.dir); err != nil {
		t.Fatal(err)
	}
	p.info = readDockerfile(string(df))
	p.target = ""
	for _, s := range p.info.Stages {
		if s == "runtime" {
			p.target = "runtime"
		}
	}
	if len(p.info.Python) == 0 {
		t.Fatalf("Dockerfile names no python:X image: %v", p.info.Others)
	}
}

// generateFromCommitted generates with the committed locks in place of the
// relocked ones, then puts those back for the build. The realworld relock
// lists the stand-in's files only (no arm64 wheel), and pydock reading it
// would add the compilers and run-time libraries an arm64 build from source
// needs, which a user's Dockerfile (from the committed lock) does not have.
// Where the committed lock is stale beside the mirror's manifest changes
// (Poetry's content-hash covers its sources), pydock would install it
// otherwise: the relocked lock's Dockerfile stays.
func (h *harness) generateFromCommitted(t testing.TB, ctx context.Context, p *prepared, committed lockSet) {
	t.Helper()
	relocked, err := committed.swap()
	if err != nil {
		t.Fatal(err)
	}
	out, err := runCmd(ctx, "", h.pydock, append(append([]string{"init", "--yes"}, h.initArgs[p.name]...), p.dir)...)
	stale := strings.Contains(out, " is stale")
	if _, err := relocked.swap(); err != nil {
		t.Fatal(err)
	}
	if err != nil || stale || len(relocked) == 0 {
		if err == nil && stale {
			t.Logf("the committed lock is stale beside the mirror's manifest: generated from the relocked one")
		}
		for _, g := range generated {
			_ = os.Remove(filepath.Join(p.dir, g))
		}
		h.generate(t, ctx, p)
		return
	}
	t.Logf("generated from the committed lock(s), built with the relocked one(s)")
	h.readGenerated(t, p)
}

// useMirror moves a project with a lock onto the local mirror: the locked
// versions (Debian's repacks have other versions) and the pinned tool
// release, from the package index. It reports whether the project files
// changed (so the generator runs again).
func (h *harness) useMirror(t testing.TB, ctx context.Context, o *offline, p *prepared) bool {
	t.Helper()
	lock := map[string]string{"uv": "uv.lock", "poetry": "poetry.lock", "pdm": "pdm.lock", "pipenv": "Pipfile.lock"}[p.info.Template]
	if _, err := os.Stat(filepath.Join(lockFolder(p.dir, p.context, "uv.lock"), "uv.lock")); err != nil && p.info.Template == "uv" {
		lock = "pylock.toml" // uv pip sync of a PEP 751 lock
	}
	if p.info.Template == "pip" {
		// No lock: the host's pip resolves the requirements for the
		// stand-in's Python (Debian's own versions may not meet them:
		// bookworm has Flask 2.2). The mirror is then named in
		// requirements.txt, with its credentials as variables.
		req := filepath.Join(p.dir, "requirements.txt")
		if _, err := os.Stat(req); err != nil {
			return false // a pyproject-only pip project: Debian's index, ARG PIP_INDEX_URL
		}
		args := []string{"--python", p.info.Python[0].standInPython(), "--requirements", req}
		others := otherRequirements(readFileString(filepath.Join(p.dir, "Dockerfile")))
		for _, r := range others {
			args = append(args, "--requirements", filepath.Join(p.dir, r))
		}
		for _, b := range buildBackends {
			args = append(args, "--require", b)
		}
		if err := h.fillMirror(ctx, o, args...); err != nil {
			t.Fatal(err)
		}
		p.route = "mirror"
		if len(others) > 0 {
			// The Dockerfile installs another file (a production set that
			// covers requirements.txt): an --index-url line in
			// requirements.txt would not reach pip, so the mirror is the
			// build arg PIP_INDEX_URL.
			t.Logf("the Dockerfile installs %s: the mirror is the build arg PIP_INDEX_URL", strings.Join(others, ", "))
			p.buildArg["PIP_INDEX_URL"] = o.mirrorURL()
			return false
		}
		if reader := requirementsReader(p.dir); reader != "" {
			// The project's code reads requirements.txt itself
			// (requirementsReader): an --index-url line there breaks it, so
			// the mirror goes in as the Dockerfile's ARG PIP_INDEX_URL.
			t.Logf("%s reads requirements.txt: the mirror is the build arg PIP_INDEX_URL", reader)
			p.buildArg["PIP_INDEX_URL"] = o.mirrorURL()
			return false
		}
		changed, err := pointPipAt(p.dir, o.mirrorURL())
		if err != nil {
			t.Fatal(err)
		}
		return changed
	}
	if lock == "" {
		return false
	}
	// The lock's folder: the app's, or above it in the context (a uv
	// workspace's root); the relock runs there, over the whole tree.
	lockDir := lockFolder(p.dir, p.context, lock)
	lockPath := filepath.Join(lockDir, lock)
	before, err := h.lockedVersions(ctx, lockPath)
	if err != nil {
		t.Fatalf("reading %s: %v", lock, err)
	}
	args := []string{"--python", p.info.Python[0].standInPython(), "--lock", lockPath}
	for _, b := range buildBackends {
		args = append(args, "--require", b)
	}
	for tool, v := range p.info.Tools {
		args = append(args, "--require", tool+"=="+v)
	}
	// Dependencies the template holds next to the tool (pip install
	// "pdm==${PDM_VERSION}" "hishel[httpx2]==1.4.0").
	for _, m := range toolHolds.FindAllStringSubmatch(readFileString(filepath.Join(p.dir, "Dockerfile")), -1) {
		for _, q := range regexp.MustCompile(`"([^"$]+)"`).FindAllStringSubmatch(m[1], -1) {
			args = append(args, "--require", q[1])
		}
	}
	var uvBin string
	if p.info.Template == "uv" {
		uvImg := p.info.uvImageRef()
		if uvImg == "" {
			t.Fatalf("uv Dockerfile names no uv image")
		}
		_, bin, err := h.uvImage(ctx, o, uvImg)
		if err != nil {
			t.Fatal(err)
		}
		uvBin = bin
		// The naive file installs uv with pip.
		args = append(args, "--require", "uv=="+uvRef.FindStringSubmatch(uvImg)[1])
	}
	if err := h.fillMirror(ctx, o, args...); err != nil {
		t.Fatal(err)
	}
	p.route = "mirror"
	changed := true
	switch p.info.Template {
	case "poetry":
		if err = pointPoetryAt(lockDir, o.mirrorURL()); err == nil {
			err = h.relockPoetry(ctx, o, lockDir, p.info.Tools["poetry"], p.info.Python[0])
		}
	case "uv":
		if lock == "pylock.toml" {
			// The lock names each file by URL and hash: the same files are
			// on the mirror, so only the URLs change.
			err = repointPylock(lockPath, o.indexURL+"/"+mirrorRev+"/files/")
			break
		}
		py := ""
		if h.relockForTarget {
			py = p.info.Python[0].standInPython()
		}
		if err = pointUVAt(lockDir, o.mirrorURL(), py); err == nil {
			err = h.relockUV(ctx, o, p.root, lockDir, uvBin, p.info.Python[0])
		}
		if err != nil && py != "" {
			// uv keeps the committed lock's forks (win32, older Pythons)
			// whatever environments says, and the mirror cannot serve
			// them: relock from no lock, held to the committed versions.
			t.Logf("uv lock over the committed lock failed (%s); relocking fresh with its versions as constraints", causeOf(lastMatch(err.Error(), regexp.MustCompile(`error: .*`))))
			err = h.relockUVFresh(ctx, o, p.root, lockDir, uvBin, p.info.Python[0])
		}
	case "pipenv":
		err = h.repointPipenv(ctx, o, lockDir, p.info.Tools["pipenv"])
	case "pdm":
		// pdm.lock names files by hash, not by URL, and the template takes
		// the index as ARG PDM_PYPI_URL: the committed lock is used as is.
		p.buildArg["PDM_PYPI_URL"] = o.mirrorURL()
		p.relock = fmt.Sprintf("%s used as committed (%d versions)", lock, len(before))
		return false
	}
	if err != nil {
		t.Fatalf("moving %s onto the local mirror: %v", lock, err)
	}
	after, err := h.lockedVersions(ctx, lockPath)
	if err != nil {
		t.Fatal(err)
	}
	var left []string
	if h.relockForTarget && p.info.Template == "uv" {
		// Relocked for the stand-in only: what only other platforms or
		// Pythons need leaves the lock; every version kept is still checked.
		kept := map[string]string{}
		for n, v := range before {
			if _, ok := after[n]; ok {
				kept[n] = v
			} else {
				left = append(left, n)
			}
		}
		before = kept
		sort.Strings(left)
	}
	added, err := sameVersions(before, after)
	if err != nil {
		t.Fatal(err)
	}
	p.relock = fmt.Sprintf("%s relocked against the mirror: %d versions kept", lock, len(before))
	if p.info.Template == "pipenv" {
		p.relock = fmt.Sprintf("%s: source URL and Pipfile hash rewritten, %d versions kept", lock, len(before))
	}
	if lock == "pylock.toml" {
		p.relock = fmt.Sprintf("%s: file URLs rewritten to the mirror, %d versions and hashes kept", lock, len(before))
	}
	if len(added) > 0 {
		p.relock += fmt.Sprintf(", added (missing from the committed lock): %s", strings.Join(added, ", "))
	}
	if len(left) > 0 {
		p.relock += fmt.Sprintf(", left out (not needed on the stand-in): %s", strings.Join(left, ", "))
	}
	t.Log(p.relock)
	return changed
}

// credentials gives every secret mount of the Dockerfile a value (a fake
// token for passwords, the index URL with the token in it for index URLs),
// and, where the Dockerfile takes the index only as `ARG PIP_INDEX_URL`,
// passes the URL with the token that way — as a user with a private index
// would, so the history check sees where it lands.
func (h *harness) credentials(p *prepared, index string) {
	withToken := strings.Replace(index, "://", "://pydock-e2e:"+p.token+"@", 1)
	for _, id := range p.info.Secrets {
		u := strings.ToUpper(id)
		switch {
		case strings.HasSuffix(u, "USERNAME") || strings.HasSuffix(u, "_USER"):
			p.secrets[id] = "pydock-e2e"
		case strings.Contains(u, "URL"):
			p.secrets[id] = withToken
		case strings.Contains(u, "NETRC"):
			host := strings.SplitN(strings.SplitN(index, "://", 2)[1], "/", 2)[0]
			p.secrets[id] = fmt.Sprintf("machine %s login pydock-e2e password %s\n", strings.Split(host, ":")[0], p.token)
		default:
			p.secrets[id] = p.token
		}
	}
	// With no secret mount the project names no index with credentials,
	// and the templates say credentials never go in an ARG: no token then.
}

var toolHolds = regexp.MustCompile(`pip install "(?:poetry|pdm|pipenv)==\$\{[A-Z_]+\}"((?: "[^"$]+")+)`)

var pylockURL = regexp.MustCompile(`(\burl\s*=\s*")https?://[^"]*/([^/"]+)"`)

// repointPylock points every file URL of a pylock.toml at the mirror's files
// folder, keeping names, sizes and hashes.
func repointPylock(path, files string) error {
	b, err := os.ReadFile(path)
	if err != nil {
		return err
	}
	out := pylockURL.ReplaceAll(b, []byte("${1}"+files+"${2}\""))
	return os.WriteFile(path, out, 0o644)
}
