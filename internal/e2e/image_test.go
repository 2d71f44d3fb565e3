//go:build e2e

package e2e

import (
	"archive/tar"
	"bufio"
	"bytes"
	"compress/gzip"
	"encoding/json"
	"fmt"
	"io"
	"os"
	"path"
	"regexp"
	"sort"
	"strconv"
	"strings"
)

// imageConfig is the part of an image config the checks read.
type imageConfig struct {
	Config struct {
		Env          []string
		Cmd          []string
		Entrypoint   []string
		WorkingDir   string
		ExposedPorts map[string]struct{}
		Volumes      map[string]struct{}
		User         string
		Healthcheck  *struct {
			Test []string
		}
	} `json:"config"`
}

// dockerArchive is a docker-archive tar (buildctl type=docker, docker save).
type dockerArchive struct {
	Config     imageConfig
	ConfigRaw  []byte
	ConfigID   string
	Layers     []string // member names, base first
	path       string
	memberSize map[string]int64
}

func openArchive(p string) (*dockerArchive, error) {
	a := &dockerArchive{path: p, memberSize: map[string]int64{}}
	var manifest []struct {
		Config string
		Layers []string
	}
	members := map[string][]byte{}
	err := walkTar(p, func(h *tar.Header, r io.Reader) error {
		a.memberSize[h.Name] = h.Size
		if h.Name == "manifest.json" || strings.HasSuffix(h.Name, ".json") || (strings.HasPrefix(h.Name, "blobs/") && h.Size < 1<<20) {
			b, err := io.ReadAll(r)
			if err != nil {
				return err
			}
			members[h.Name] = b
		}
		return nil
	})
	if err != nil {
		return nil, err
	}
	if err := json.Unmarshal(members["manifest.json"], &manifest); err != nil || len(manifest) != 1 {
		return nil, fmt.Errorf("%s: no single-image manifest.json (%v)", p, err)
	}
	a.Layers = manifest[0].Layers
	a.ConfigRaw = members[manifest[0].Config]
	if a.ConfigRaw == nil {
		return nil, fmt.Errorf("%s: config %s missing", p, manifest[0].Config)
	}
	a.ConfigID = strings.TrimSuffix(path.Base(manifest[0].Config), ".json")
	return a, json.Unmarshal(a.ConfigRaw, &a.Config)
}

func configDigestOfTar(p string) (string, error) {
	a, err := openArchive(p)
	if err != nil {
		return "", err
	}
	return a.ConfigID, nil
}

func walkTar(p string, fn func(*tar.Header, io.Reader) error) error {
	f, err := os.Open(p)
	if err != nil {
		return err
	}
	defer f.Close()
	return walkTarReader(f, fn)
}

func walkTarReader(r io.Reader, fn func(*tar.Header, io.Reader) error) error {
	br := bufio.NewReaderSize(r, 1<<20)
	// Layers may be gzip-compressed (BuildKit's docker exporter) or not.
	if magic, _ := br.Peek(2); len(magic) == 2 && magic[0] == 0x1f && magic[1] == 0x8b {
		gz, err := gzip.NewReader(br)
		if err != nil {
			return err
		}
		defer gz.Close()
		return walkTarReader(gz, fn)
	}
	tr := tar.NewReader(br)
	for {
		h, err := tr.Next()
		if err == io.EOF {
			return nil
		}
		if err != nil {
			return err
		}
		if err := fn(h, tr); err != nil {
			return err
		}
	}
}

// layerFiles calls fn for every entry of layer i (read from the archive).
func (a *dockerArchive) layerFiles(i int, fn func(*tar.Header, io.Reader) error) error {
	want := a.Layers[i]
	found := false
	err := walkTar(a.path, func(h *tar.Header, r io.Reader) error {
		if h.Name != want {
			return nil
		}
		found = true
		return walkTarReader(r, fn)
	})
	if err == nil && !found {
		err = fmt.Errorf("layer %s not in %s", want, a.path)
	}
	return err
}

// fsReport is what the file-level checks found in the image's layers.
type fsReport struct {
	LayerBytes []int64             // regular-file bytes per layer (duplicates in later layers count again)
	Final      map[string]int64    // merged file system: path -> size
	Forbidden  []string            // compilers, uv, poetry in the merged file system
	MarkerHits map[string][]string // marker label -> files (any layer, even deleted later) holding it, and "image config"
	Paths      map[string]int      // every path in any layer (even deleted later) -> first layer

	pyc map[string]map[string]bool // dir/__pycache__/stem. -> .pyc paths (lazy)
}

var forbidden = []*regexp.Regexp{
	regexp.MustCompile(`^usr/(local/)?bin/(gcc|g\+\+|cc|c\+\+|clang|clang\+\+|x86_64-linux-gnu-gcc|x86_64-linux-gnu-g\+\+|aarch64-linux-gnu-gcc)(-[0-9.]+)?$`),
	regexp.MustCompile(`(^|/)bin/(uv|uvx|poetry)$`),
	regexp.MustCompile(`/site-packages/(uv|poetry/console)/`),
	regexp.MustCompile(`^usr/lib/gcc/.*/(cc1|cc1plus)$`),
}

// analyzeLayers reads every layer; markers are secret strings (label ->
// bytes) that must appear in no file of any layer and not in the config.
func analyzeLayers(a *dockerArchive, markers map[string][]byte) (*fsReport, error) {
	rep := &fsReport{Final: map[string]int64{}, MarkerHits: map[string][]string{}, Paths: map[string]int{}}
	for i := range a.Layers {
		var n int64
		err := a.layerFiles(i, func(h *tar.Header, r io.Reader) error {
			name := strings.TrimPrefix(path.Clean("/"+h.Name), "/")
			dir, base := path.Split(name)
			// OCI whiteouts: .wh..wh..opq empties the folder, .wh.X deletes X.
			if base == ".wh..wh..opq" {
				prefix := dir
				for k := range rep.Final {
					if strings.HasPrefix(k, prefix) {
						delete(rep.Final, k)
					}
				}
				return nil
			}
			if strings.HasPrefix(base, ".wh.") {
				gone := dir + strings.TrimPrefix(base, ".wh.")
				delete(rep.Final, gone)
				for k := range rep.Final {
					if strings.HasPrefix(k, gone+"/") {
						delete(rep.Final, k)
					}
				}
				return nil
			}
			if _, ok := rep.Paths[name]; !ok {
				rep.Paths[name] = i
			}
			switch h.Typeflag {
			case tar.TypeReg:
				n += h.Size
				rep.Final[name] = h.Size
				if len(markers) > 0 && h.Size > 0 && h.Size < 64<<20 {
					b, err := io.ReadAll(r)
					if err != nil {
						return err
					}
					for label, m := range markers {
						if bytes.Contains(b, m) {
							rep.MarkerHits[label] = append(rep.MarkerHits[label], fmt.Sprintf("layer %d: /%s", i, name))
						}
					}
				}
			case tar.TypeLink, tar.TypeSymlink:
				rep.Final[name] = 0 // present, no bytes of its own
			}
			return nil
		})
		if err != nil {
			return nil, err
		}
		rep.LayerBytes = append(rep.LayerBytes, n)
	}
	for name := range rep.Final {
		for _, re := range forbidden {
			if re.MatchString(name) {
				rep.Forbidden = append(rep.Forbidden, "/"+name)
				break
			}
		}
	}
	for label, m := range markers {
		if bytes.Contains(a.ConfigRaw, m) {
			rep.MarkerHits[label] = append(rep.MarkerHits[label], "image config (ENV/LABEL/history)")
		}
	}
	return rep, nil
}

// bytesUnder sums the merged file system's bytes below dir, minus those
// below any of except.
func (r *fsReport) bytesUnder(dir string, except ...string) int64 {
	dir = strings.Trim(dir, "/") + "/"
	var n int64
next:
	for name, size := range r.Final {
		if !strings.HasPrefix(name, dir) {
			continue
		}
		for _, e := range except {
			if e != "" && strings.HasPrefix(name, strings.Trim(e, "/")+"/") {
				continue next
			}
		}
		n += size
	}
	return n
}

func envValue(env []string, key string) string {
	for _, e := range env {
		if k, v, ok := strings.Cut(e, "="); ok && k == key {
			return v
		}
	}
	return ""
}

// venvDir: VIRTUAL_ENV, else the first PATH entry that is a venv's bin.
func venvDir(c imageConfig, r *fsReport) string {
	if v := envValue(c.Config.Env, "VIRTUAL_ENV"); v != "" {
		return v
	}
	for _, p := range strings.Split(envValue(c.Config.Env, "PATH"), ":") {
		root := strings.TrimSuffix(p, "/bin")
		if root == p {
			continue
		}
		if _, ok := r.Final[strings.Trim(root, "/")+"/pyvenv.cfg"]; ok {
			return root
		}
	}
	return ""
}

// --- plain progress ------------------------------------------------------------

type step struct {
	ID     int
	Stage  string
	Index  int
	Name   string
	Cached bool
}

// BuildKit pads the step number to its count's width: [builder  8/10].
var stepLine = regexp.MustCompile(`^#(\d+) \[(?:(\S+)\s+)?\s*(\d+)/(\d+)\] (.*)$`)
var cachedLine = regexp.MustCompile(`^#(\d+) CACHED\s*$`)

func parseProgress(out string) []step {
	byID := map[int]*step{}
	var order []int
	for _, line := range strings.Split(out, "\n") {
		line = strings.TrimRight(line, "\r")
		if m := stepLine.FindStringSubmatch(line); m != nil {
			id, _ := strconv.Atoi(m[1])
			if _, ok := byID[id]; !ok {
				idx, _ := strconv.Atoi(m[3])
				byID[id] = &step{ID: id, Stage: m[2], Index: idx, Name: m[5]}
				order = append(order, id)
			}
		} else if m := cachedLine.FindStringSubmatch(line); m != nil {
			id, _ := strconv.Atoi(m[1])
			if s, ok := byID[id]; ok {
				s.Cached = true
			}
		}
	}
	var steps []step
	for _, id := range order {
		steps = append(steps, *byID[id])
	}
	return steps
}

// sourceStepRan: a rebuild after a source change ran at least one step that
// reads the build context: a COPY from it (not --from another stage) or a
// RUN that bind-mounts it (a bind mount without from=, as the uv template's
// wheel step); a rebuild served entirely from cache would time nothing.
func sourceStepRan(steps []step) bool {
	for _, s := range steps {
		if s.Cached {
			continue
		}
		if strings.HasPrefix(s.Name, "COPY ") && !strings.Contains(s.Name, "--from=") {
			return true
		}
		if strings.HasPrefix(s.Name, "RUN ") {
			for _, m := range bindMountRe.FindAllStringSubmatch(s.Name, -1) {
				if !strings.Contains(m[1], "from=") {
					return true
				}
			}
		}
	}
	return false
}

// bindMountRe is a RUN's bind mount flag and its options.
var bindMountRe = regexp.MustCompile(`--mount=type=bind,(\S*)`)

var installRe = regexp.MustCompile(`\b(pip3?|python3? -m pip|uv pip) (install|wheel|sync)\b|\buv sync\b|\bpoetry (install|sync|export)\b`)

// ownWheelRe is an install of nothing but local wheels without their
// dependencies: the project's own wheel, which follows its source.
var ownWheelRe = regexp.MustCompile(`--no-deps\b.*\.whl\s*$`)

// wheelsOfDepsRe: the step also builds or names the dependencies (the pip
// template's `pip wheel -r … && pip install --no-deps /wheels/*.whl`).
var wheelsOfDepsRe = regexp.MustCompile(`\s(-r|--requirement)\s|\bpip3? wheel\b|\bsync\b`)

// depInstallSteps: the first package-install RUN of every stage. Later
// installs in a stage (the project itself after the source COPY, the second
// `uv sync`) and the project's own wheel legitimately re-run after a source
// change.
func depInstallSteps(steps []step) []step {
	first := map[string]step{}
	for _, s := range steps {
		if !strings.HasPrefix(s.Name, "RUN ") || !installRe.MatchString(s.Name) || ownWheelRe.MatchString(s.Name) && !wheelsOfDepsRe.MatchString(s.Name) {
			continue
		}
		if f, ok := first[s.Stage]; !ok || s.Index < f.Index {
			first[s.Stage] = s
		}
	}
	var out []step
	for _, s := range steps {
		if f, ok := first[s.Stage]; ok && f.ID == s.ID {
			out = append(out, s)
		}
	}
	return out
}

// uncompiled lists the venv's .py modules with no .pyc next to them in
// __pycache__ (any interpreter tag). The runtime sets PYTHONDONTWRITEBYTECODE
// and cannot write the venv, so every container start would compile them in
// memory again; each installer must byte-compile at build time.
func (r *fsReport) uncompiled(venv string) (missing []string, total int) {
	root := strings.Trim(venv, "/") + "/lib/"
	for name := range r.Final {
		if !strings.HasPrefix(name, root) || !strings.HasSuffix(name, ".py") || !strings.Contains(name, "/site-packages/") {
			continue
		}
		total++
		dir, file := path.Split(name)
		stem := strings.TrimSuffix(file, ".py")
		if len(r.pycIndex(dir+"__pycache__/"+stem+".")) == 0 {
			missing = append(missing, "/"+name)
		}
	}
	sort.Strings(missing)
	return missing, total
}

// pycIndex yields the .pyc files whose path starts with prefix.
func (r *fsReport) pycIndex(prefix string) map[string]bool {
	if r.pyc == nil {
		r.pyc = map[string]map[string]bool{}
		for name := range r.Final {
			if strings.HasSuffix(name, ".pyc") && strings.Contains(name, "/__pycache__/") {
				base := path.Base(name)
				key := path.Dir(name) + "/" + base[:strings.Index(base, ".")+1]
				if r.pyc[key] == nil {
					r.pyc[key] = map[string]bool{}
				}
				r.pyc[key][name] = true
			}
		}
	}
	return r.pyc[prefix]
}

// venvPackages lists the site-packages folders of the venv named pkg.
func (r *fsReport) venvPackages(venv, pkg string) []string {
	root := strings.Trim(venv, "/") + "/lib/"
	seen := map[string]bool{}
	for name := range r.Final {
		if !strings.HasPrefix(name, root) {
			continue
		}
		if i := strings.Index(name, "/site-packages/"+pkg+"/"); i > 0 {
			seen["/"+name[:i]+"/site-packages/"+pkg] = true
		}
	}
	var out []string
	for k := range seen {
		out = append(out, k)
	}
	sort.Strings(out)
	return out
}
