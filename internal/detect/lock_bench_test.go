package detect

import (
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"strings"
	"testing"
	"testing/fstest"
)

// syntheticUVLock writes a uv.lock of n registry packages shaped like uv's
// output: each with dependencies, an sdist and three wheels with real-length
// URLs and hashes, plus the editable root depending on all of them.
func syntheticUVLock(n int) []byte {
	var b strings.Builder
	b.WriteString("version = 1\nrevision = 2\nrequires-python = \">=3.12\"\n\n")
	b.WriteString("[[package]]\nname = \"root\"\nversion = \"0.1.0\"\nsource = { editable = \".\" }\ndependencies = [\n")
	for i := 0; i < n; i++ {
		fmt.Fprintf(&b, "    { name = \"pkg-%d\" },\n", i)
	}
	b.WriteString("]\n\n")
	hash := func(s string) string {
		h := sha256.Sum256([]byte(s))
		return hex.EncodeToString(h[:])
	}
	file := func(fn string) string {
		h := hash(fn)
		return fmt.Sprintf("{ url = \"https://files.pythonhosted.org/packages/%s/%s/%s/%s\", hash = \"sha256:%s\", size = %d, upload-time = \"2024-10-07T12:51:00.123Z\" }",
			h[:2], h[2:4], h[4:], fn, hash(fn+"x"), 10000+len(fn)*37)
	}
	for i := 0; i < n; i++ {
		name := fmt.Sprintf("pkg_%d", i)
		ver := fmt.Sprintf("%d.%d.%d", i%7, i%13, i%5)
		fmt.Fprintf(&b, "[[package]]\nname = \"pkg-%d\"\nversion = %q\nsource = { registry = \"https://pypi.org/simple\" }\n", i, ver)
		if i > 0 {
			fmt.Fprintf(&b, "dependencies = [\n    { name = \"pkg-%d\" },\n    { name = \"pkg-%d\", marker = \"sys_platform == 'linux'\" },\n]\n", i-1, i/2)
		}
		fmt.Fprintf(&b, "sdist = %s\n", file(name+"-"+ver+".tar.gz"))
		b.WriteString("wheels = [\n")
		for _, tag := range []string{
			"cp312-cp312-manylinux_2_17_x86_64.manylinux2014_x86_64",
			"cp312-cp312-manylinux_2_17_aarch64.manylinux2014_aarch64",
			"cp312-cp312-win_amd64",
		} {
			fmt.Fprintf(&b, "    %s,\n", file(name+"-"+ver+"-"+tag+".whl"))
		}
		b.WriteString("]\n\n")
	}
	return []byte(b.String())
}

func BenchmarkReadUVLock5000(b *testing.B) {
	data := syntheticUVLock(5000)
	fsys := fstest.MapFS{"uv.lock": {Data: data}}
	b.SetBytes(int64(len(data)))
	b.ReportAllocs()
	b.ResetTimer()
	for b.Loop() {
		l, err := readUVLock(fsys, "uv.lock")
		if err != nil {
			b.Fatal(err)
		}
		if len(l.Packages) != 5000 || len(l.Packages[4999].Wheels) != 3 || l.Packages[4999].Line == 0 {
			b.Fatalf("bad parse: %d packages", len(l.Packages))
		}
	}
}

func TestSyntheticUVLockParses(t *testing.T) {
	l, err := readUVLock(fstest.MapFS{"uv.lock": {Data: syntheticUVLock(50)}}, "uv.lock")
	if err != nil {
		t.Fatal(err)
	}
	if len(l.Packages) != 50 || len(l.Members) != 1 || !l.Packages[7].Sdist || len(l.dependencies("uv.lock")) != 50 {
		t.Errorf("got %d packages, %d members", len(l.Packages), len(l.Members))
	}
}
