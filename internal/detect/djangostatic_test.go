package detect

import (
	"strings"
	"testing"
)

// Every row has a source and stops collectstatic on a line written as its
// library's documentation spells it, and not on its local look-alike.
func TestStaticBlockerRows(t *testing.T) {
	examples := map[string][2]string{
		"remote": {`STATICFILES_STORAGE = "storages.backends.s3boto3.S3StaticStorage"`, `STATICFILES_STORAGE = "django.contrib.staticfiles.storage.ManifestStaticFilesStorage"`},
		"node":   {`PIPELINE = {"JS_COMPRESSOR": "pipeline.compressors.uglifyjs.UglifyJSCompressor"}`, `PIPELINE = {"CSS_COMPRESSOR": "pipeline.compressors.NoopCompressor"}`},
	}
	for _, r := range staticBlockerRows {
		if !strings.HasPrefix(r.Source, "https://") {
			t.Errorf("row %s %s: no source", r.Kind, r.Pattern)
		}
	}
	for kind, ex := range examples {
		if got := staticBlockers("s.py", pyLine{text: ex[0], line: 1}); len(got) == 0 || got[0].Kind != kind {
			t.Errorf("%s: %q not blocked as %s: %+v", kind, ex[0], kind, got)
		}
		if got := staticBlockers("s.py", pyLine{text: ex[1], line: 1}); len(got) != 0 {
			t.Errorf("%s: %q blocked: %+v", kind, ex[1], got)
		}
	}
	got := staticBlockers("s.py", pyLine{text: `PIPELINE = {"YUGLIFY_BINARY": path("node_modules/.bin/yuglify"), "TERSER_BINARY": path("node_modules/.bin/terser")}`, line: 7})
	if len(got) != 2 || got[1].What != "node_modules/.bin/terser" || got[1].Source.String() != "s.py:7" {
		t.Errorf("node_modules paths: %+v", got)
	}
}

func TestListElements(t *testing.T) {
	for in, want := range map[string]string{
		`[BASE_DIR / "a", ("p", os.path.join(BASE_DIR, "b")),]`: `BASE_DIR / "a"|("p", os.path.join(BASE_DIR, "b"))`,
		`("p", BASE_DIR / "c")`:                                 `"p"|BASE_DIR / "c"`,
		`[]`:                                                    ``,
		`os.environ["X"].split(",")`:                            ``,
	} {
		if got := strings.Join(listElements(in), "|"); got != want {
			t.Errorf("listElements(%s) = %q, want %q", in, got, want)
		}
	}
}
