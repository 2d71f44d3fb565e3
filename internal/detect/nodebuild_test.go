package detect

import (
	"slices"
	"testing"
	"testing/fstest"
)

func TestEngineMajor(t *testing.T) {
	for spec, want := range map[string]string{
		">=20":              "24", // the default when allowed
		">= 24":             "24",
		"^20.11.0":          "20",
		"~18.17":            "18",
		">=18 <21":          "20", // the newest allowed line
		"<22.5.0":           "22",
		"<22":               "20",
		"^18.17.0 || ^20.3": "20",
		"18.x":              "18",
		"16 - 20":           "20",
		"22.x || 24.x":      "24",
		"^26.1":             "26", // a line the table lacks: as named
		"*":                 "24",
	} {
		if got := engineMajor(spec); got != want {
			t.Errorf("engineMajor(%q) = %q, want %q", spec, got, want)
		}
	}
}

func TestBuildOutput(t *testing.T) {
	fsys := fstest.MapFS{
		"ui/vite.config.ts":         {Data: []byte("export default {\n  build: { outDir: '../web/static/ui' },\n}\n")},
		"computed/vite.config.js":   {Data: []byte("const d = process.env.OUT\nexport default { build: { outDir: d } }\n")},
		"plain/vite.config.js":      {Data: []byte("export default { base: '/static/' }\n")},
		"wp/webpack.config.js":      {Data: []byte("module.exports = { output: { path: path.resolve(__dirname, 'public/build') } }\n")},
		"cfg/config/rollup.prod.js": {Data: []byte("export default { output: { dir: 'out' } }\n")},
		"roll/rollup.config.mjs":    {Data: []byte("export default { output: { file: 'dist/app.js', format: 'iife' } }\n")},
		// Vite's outDir and default are relative to its root; a folder
		// joined to __dirname is not.
		"rooted/vite.config.js":  {Data: []byte("export default { root: 'src' }\n")},
		"rooted2/vite.config.js": {Data: []byte("export default { root: path.resolve(__dirname, 'client'), build: { outDir: '../public' } }\n")},
		"here/vite.config.js":    {Data: []byte("export default { root: resolve(__dirname, 'src'), build: { outDir: resolve(__dirname, 'build') } }\n")},
		"rootenv/vite.config.js": {Data: []byte("export default { root: process.env.ROOT }\n")},
		// __dirname is the config's folder, which --config may name.
		"wp2/js/webpack.config.js": {Data: []byte("module.exports = { output: { path: path.resolve(__dirname) } }\n")},
	}
	for _, c := range []struct {
		dir, script, want string
		ok                bool
	}{
		{"ui", "tsc && vite build", "web/static/ui", true},
		{"computed", "vite build", "", false},
		{"plain", "vite build", "plain/dist", true},
		{"plain", "NODE_ENV=production npx vite build --outDir=build", "plain/build", true},
		{"plain", "vite build --out-dir ../../outside", "", false},
		{"wp", "webpack --mode production", "wp/public/build", true},
		{"cfg", "rollup -c config/rollup.prod.js", "cfg/out", true},
		{"cfg", "rollup -c", "", false},
		{"roll", "rollup -c --environment BUILD:production", "roll/dist", true},
		{"plain", "npm run compile", "", false},
		{"plain", "echo hi", "", false},
		{"rooted", "vite build", "rooted/src/dist", true},
		{"rooted", "vite build --outDir ../out", "rooted/out", true},
		{"rooted2", "vite build", "rooted2/public", true},
		{"here", "vite build", "here/build", true},
		{"rootenv", "vite build", "", false},
		{"wp2", "webpack --config js/webpack.config.js --config-name prod", "wp2/js", true},
	} {
		np := &nodeProject{manifest: c.dir + "/package.json", dir: c.dir, pkg: packageJSON{Scripts: map[string]string{"build": c.script}}}
		got, why, _, ok := buildOutput(fsys, np, c.script, 0)
		if got != c.want || ok != c.ok {
			t.Errorf("%s %q: got %q %v (%s), want %q %v", c.dir, c.script, got, ok, why, c.want, c.ok)
		}
	}
}

func TestScriptProgramsAndCopyParents(t *testing.T) {
	for _, c := range []struct {
		dir, build, copy string
		programs         []string // Debian packages
		parents          []string
	}{
		// The program behind a quoted assignment, and the copy's parent
		// outside the package's folder.
		{"web", "gatsby clean && PREFIX='' gatsby build && rsync -a --delete public/ ../pkg/web/ui/", "", []string{"rsync"}, []string{"pkg/web"}},
		// Through the package's own script, a path, and sh -c.
		{"web", "vite build && npm run copy", "/usr/bin/rsync -a dist/ ../pkg/ui && sh -c 'zip -r ui.zip dist'", []string{"rsync", "zip"}, []string{"pkg"}},
		// Two programs of one package are one row; a copy inside the folder needs nothing.
		{"web", "vite build; pip install x || pip3 install y; cp -r dist out/ui", "", []string{"python3-pip"}, nil},
		// A quoted word is not a command; at the root every folder is in the stage.
		{"", "echo 'make it' && vite build && cp -r dist pkg/ui", "", nil, nil},
		// A script the parser refuses is still read a command at a time.
		{"web", "vite build && curl ( x", "", []string{"curl"}, nil},
	} {
		np := &nodeProject{dir: c.dir, manifest: "package.json", pkg: packageJSON{Scripts: map[string]string{"build": c.build, "copy": c.copy}}}
		var got []string
		for _, p := range scriptPrograms(np, c.build) {
			got = append(got, p.Package)
		}
		if !slices.Equal(got, c.programs) {
			t.Errorf("%q: programs %q, want %q", c.build, got, c.programs)
		}
		if parents := copyParents(np, c.build); !slices.Equal(parents, c.parents) {
			t.Errorf("%q: copy parents %q, want %q", c.build, parents, c.parents)
		}
	}
}

func TestWorkspaceRoot(t *testing.T) {
	pj := func(s string) *fstest.MapFile { return &fstest.MapFile{Data: []byte(s)} }
	fsys := fstest.MapFS{
		"package.json":              pj(`{"workspaces": ["apps/*", "lib/**"]}`),
		"package-lock.json":         pj(`{}`),
		"apps/web/package.json":     pj(`{"scripts": {"build": "vite build"}}`),
		"apps/skip/package.json":    pj(`{}`),
		"lib/deep/package.json":     pj(`{}`),
		"yarnws/package.json":       pj(`{"workspaces": {"packages": ["ui"]}}`),
		"yarnws/yarn.lock":          pj("# yarn lockfile v1\n"),
		"yarnws/ui/package.json":    pj(`{}`),
		"nolock/package.json":       pj(`{"workspaces": ["ui"]}`),
		"nolock/ui/package.json":    pj(`{}`),
		"apps/web/sub/package.json": pj(`{}`),
	}
	for _, c := range []struct {
		manifest, root, lock string
		members              []string
	}{
		{"apps/web/package.json", "package.json", "package-lock.json", []string{"apps/skip/package.json", "apps/web/package.json", "lib/deep/package.json"}},
		{"yarnws/ui/package.json", "yarnws/package.json", "yarn.lock", []string{"yarnws/ui/package.json"}},
		{"nolock/ui/package.json", "", "", nil},    // the workspace has no lock
		{"apps/web/sub/package.json", "", "", nil}, // apps/web is nearer and no workspace
		{"lib/deep/package.json", "package.json", "package-lock.json", []string{"apps/skip/package.json", "apps/web/package.json", "lib/deep/package.json"}}, // lib/** takes it
	} {
		np := readPackage(fsys, c.manifest)
		root, lock := workspaceRoot(fsys, np)
		got, gotLock := "", ""
		var members []string
		if root != nil {
			got, gotLock, members = root.manifest, lock.File, npmWorkspaceMembers(fsys, root)
		}
		if got != c.root || gotLock != c.lock || !slices.Equal(members, c.members) {
			t.Errorf("%s: root %q lock %q members %q, want %q %q %q", c.manifest, got, gotLock, members, c.root, c.lock, c.members)
		}
	}
}

func TestPnpmWorkspacePackages(t *testing.T) {
	for _, c := range []struct {
		yaml string
		want []string
	}{
		{"packages:\n  - \"web\"\n  - 'libs/**' # all\n  - \"!libs/old\"\ncatalog:\n  - x\n", []string{"web", "libs/**", "!libs/old"}},
		{"# members\npackages: [apps/*, 'tools']\n", []string{"apps/*", "tools"}},
		{"packages:\n- a\n- b\nonlyBuiltDependencies:\n- esbuild\n", []string{"a", "b"}},
		{"catalog:\n  react: ^18\n", nil},
	} {
		fsys := fstest.MapFS{"pnpm-workspace.yaml": {Data: []byte(c.yaml)}}
		if got := pnpmWorkspacePackages(fsys, "pnpm-workspace.yaml"); !slices.Equal(got, c.want) {
			t.Errorf("%q: %q, want %q", c.yaml, got, c.want)
		}
	}
}

func TestGlobMatch(t *testing.T) {
	for _, c := range []struct {
		pattern, path string
		want          bool
	}{
		{"libs/**", "libs/ui/core", true},
		{"libs/**", "libs/ui", true},
		{"libs/**", "apps/ui", false},
		{"**/pkg", "a/b/pkg", true},
		{"apps/*", "apps/web", true},
		{"apps/*", "apps/web/sub", false},
		{"packages/**/dist", "packages/x/y/dist", true},
	} {
		if got := globMatch(c.pattern, c.path); got != c.want {
			t.Errorf("globMatch(%q, %q) = %v, want %v", c.pattern, c.path, got, c.want)
		}
	}
}

func TestRunsWorkspaces(t *testing.T) {
	for script, want := range map[string]bool{
		"npm run build --workspaces --if-present": true,
		"npm run build -ws":                       true,
		"pnpm -r run build":                       true,
		"pnpm --filter web build":                 true,
		"yarn workspaces foreach -A run build":    true,
		"turbo run build":                         true,
		"pnpm run clean && webpack":               false,
		"vite build":                              false,
	} {
		np := &nodeProject{script: "build", pkg: packageJSON{Scripts: map[string]string{"build": script}}}
		if got := runsWorkspaces(np); got != want {
			t.Errorf("runsWorkspaces(%q) = %v, want %v", script, got, want)
		}
	}
}
