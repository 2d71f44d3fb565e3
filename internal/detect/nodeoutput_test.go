package detect

import "testing"

func TestInlineDirnameConsts(t *testing.T) {
	tests := []struct{ in, want string }{
		{"const base = path.join(__dirname, \"client\");\nmodule.exports = {output: {path: path.join(base, \"./dist\")}};\n",
			"const base = path.join(__dirname, \"client\");\nmodule.exports = {output: {path: path.join(__dirname, \"client/dist\")}};\n"},
		{"const out = path.resolve(__dirname, \"web\", \"build\")\nexport default {build: {outDir: out,\n}}\n",
			"const out = path.resolve(__dirname, \"web\", \"build\")\nexport default {build: {outDir: path.join(__dirname, \"web/build\"),\n}}\n"},
		// assigned again: what it holds where it is used is not known
		{"let base = path.join(__dirname, \"a\");\nbase = process.env.X;\nx = {path: path.join(base, \"dist\")}\n",
			"let base = path.join(__dirname, \"a\");\nbase = process.env.X;\nx = {path: path.join(base, \"dist\")}\n"},
		// an absolute folder is not the config's
		{"const base = path.join(__dirname, \"/srv\");\nx = {path: path.join(base, \"dist\")}\n",
			"const base = path.join(__dirname, \"/srv\");\nx = {path: path.join(base, \"dist\")}\n"},
	}
	for _, tt := range tests {
		if got := string(inlineDirnameConsts([]byte(tt.in))); got != tt.want {
			t.Errorf("inlineDirnameConsts(%q)\n got %q\nwant %q", tt.in, got, tt.want)
		}
	}
}
