package detect

import (
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
	} {
		np := &nodeProject{manifest: c.dir + "/package.json", dir: c.dir, pkg: packageJSON{Scripts: map[string]string{"build": c.script}}}
		got, why, _, ok := buildOutput(fsys, np, c.script, 0)
		if got != c.want || ok != c.ok {
			t.Errorf("%s %q: got %q %v (%s), want %q %v", c.dir, c.script, got, ok, why, c.want, c.ok)
		}
	}
}
