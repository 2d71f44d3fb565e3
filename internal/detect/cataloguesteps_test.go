package detect

import "testing"

func TestCompileStep(t *testing.T) {
	c := &Catalogues{Commands: []CatalogueCommand{{Argv: []string{"flask", "translate", "compile"}, Runs: "pybabel compile", Source: Source{File: "app/cli.py", Line: 9}}}}
	for _, tc := range []struct {
		argv []string
		want string
	}{
		{[]string{"pybabel", "compile", "-d", "app/translations"}, "pybabel compile"},
		{[]string{"python", "src/manage.py", "compilemessages"}, "manage.py compilemessages"},
		{[]string{"flask", "translate", "compile"}, "flask translate compile (it runs pybabel compile, app/cli.py:9)"},
		{[]string{"python", "-m", "flask", "--app", "board", "translate", "compile"}, "flask translate compile (it runs pybabel compile, app/cli.py:9)"},
		{[]string{"flask", "translate", "update"}, ""},
		{[]string{"flask", "compile"}, ""},
		{[]string{"pybabel", "extract", "."}, ""},
		{[]string{"gunicorn", "flask:app"}, ""},
	} {
		if got := c.CompileStep(tc.argv); got != tc.want {
			t.Errorf("CompileStep(%q) = %q, want %q", tc.argv, got, tc.want)
		}
	}
}

func TestCompileCommandIn(t *testing.T) {
	for text, want := range map[string]string{
		`if os.system('pybabel compile -d app/translations'):`:         "pybabel compile",
		`subprocess.run(["pybabel", "compile", "-d", "translations"])`: "pybabel compile",
		`call("/usr/bin/msgfmt -o x.mo x.po", shell=True)`:             "msgfmt",
		`os.system('pybabel extract -F babel.cfg -o messages.pot .')`:  "",
		`print("compile")`: "",
	} {
		got := ""
		if row := compileCommandIn(text); row != nil {
			got = row.Words[0]
			if len(row.Words) > 1 {
				got += " " + row.Words[1]
			}
		}
		if got != want {
			t.Errorf("compileCommandIn(%s) = %q, want %q", text, got, want)
		}
	}
}
