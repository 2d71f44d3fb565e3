package detect

import (
	"slices"
	"testing"
	"testing/fstest"
)

// A script saved with CRLF line ends continues its server line with "\\\r":
// both readers of scripts must join it, or the server's arguments are lost.
func TestScriptLinesJoinContinuations(t *testing.T) {
	for name, script := range map[string]string{
		"lf":   "#!/bin/sh\npython manage.py migrate\nexec gunicorn \\\n  --workers 2 \\\n  app:app\n",
		"crlf": "#!/bin/sh\r\npython manage.py migrate\r\nexec gunicorn \\\r\n  --workers 2 \\\r\n  app:app\r\n",
	} {
		t.Run(name, func(t *testing.T) {
			fsys := fstest.MapFS{"run.sh": {Data: []byte(script)}}
			servers := findScriptServers(fsys, "")
			if len(servers) != 1 {
				t.Fatalf("servers = %+v, want one", servers)
			}
			if s := servers[0]; s.Argv[0] != "gunicorn" || !slices.Contains(s.Argv, "app:app") || s.Source.Line != 3 {
				t.Errorf("server = %+v, want gunicorn … app:app from line 3", s)
			}
			steps, ok := scriptSteps(fsys, "run.sh")
			if !ok || len(steps) != 1 || steps[0].Argv[0] != "python" || steps[0].Source.Line != 2 {
				t.Errorf("steps = %+v (server found %v), want the migrate line 2 before the server", steps, ok)
			}
		})
	}
}
