package detect

import (
	"slices"
	"strings"
	"testing"
)

func TestToolWrites(t *testing.T) {
	np := &nodeProject{dir: "web"}
	row := func(cmd string) *fileToolRow {
		i := slices.IndexFunc(nodeTable.FileTool, func(r fileToolRow) bool { return r.Command == cmd })
		if i < 0 {
			t.Fatalf("no file_tool row %s", cmd)
		}
		return &nodeTable.FileTool[i]
	}
	tests := []struct {
		cmd, args string
		dirs      []string
		ok        bool
	}{
		{"sass", "--style=compressed scss/a.scss:../app/static/a.css", []string{"app/static"}, true},
		{"sass", "scss/a.scss out/a.css", []string{"web/out"}, true},
		{"sass", "--watch scss/a.scss:out/a.css", nil, false},
		{"terser", "--compress -o out/a.js js/a.js", []string{"web/out"}, true},
		{"uglifyjs", "--output=out/a.js js/a.js", []string{"web/out"}, true},
		{"esbuild", "src/main.ts --bundle --outdir=dist/js", []string{"web/dist/js"}, true},
		{"esbuild", "src/main.ts --bundle", nil, false},
		{"tailwindcss", "-i in.css -o ../../elsewhere.css", nil, false},
	}
	for _, tt := range tests {
		_, dirs, ok := toolWrites(np, row(tt.cmd), strings.Fields(tt.args))
		if ok != tt.ok || !slices.Equal(dirs, tt.dirs) {
			t.Errorf("%s %s: got %v %v, want %v %v", tt.cmd, tt.args, dirs, ok, tt.dirs, tt.ok)
		}
	}
}

func TestReadMakeRules(t *testing.T) {
	rules := readMakeRules("X := 1\n.PHONY: css\ncss: ## style\n\t@npx sass a.scss:b/c.css\n\n# note\n\t-echo done\nall: css js\nout/x.css out/y.css: z\n\ttouch $@\n")
	var names []string
	for _, r := range rules {
		names = append(names, r.name)
	}
	if !slices.Equal(names, []string{"css", "all"}) {
		t.Fatalf("rules %v, want css, all", names)
	}
	if want := []string{"npx sass a.scss:b/c.css", "echo done"}; !slices.Equal(rules[0].recipe, want) {
		t.Errorf("css recipe %q, want %q", rules[0].recipe, want)
	}
	if !slices.Equal(rules[1].prereqs, []string{"css", "js"}) || len(rules[1].recipe) != 0 {
		t.Errorf("all: %+v", rules[1])
	}
}
