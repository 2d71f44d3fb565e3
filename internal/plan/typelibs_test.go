package plan

import (
	"testing"

	"github.com/pydock/pydock/internal/detect"
)

// TestTypelibTableAgainstDebian checks every package typelibs.toml names
// exists in every suite pydock builds on.
func TestTypelibTableAgainstDebian(t *testing.T) {
	for _, suite := range []string{"bullseye", "bookworm", "trixie"} {
		names := debianNames(t, suite)
		for tl, r := range typelibTable {
			for _, p := range append([]string{r.Package}, r.With...) {
				if !names[p] {
					t.Errorf("%s: no Debian package %q on %s", tl, p, suite)
				}
			}
		}
	}
}

func TestTypelibTableRows(t *testing.T) {
	if typelibTable["GstPbutils-1.0"].Package != "gir1.2-gst-plugins-base-1.0" {
		t.Errorf("GstPbutils comes with gst-plugins-base's typelibs, got %q", typelibTable["GstPbutils-1.0"].Package)
	}
	if typelibTable["Gst"].Package != "gir1.2-gstreamer-1.0" {
		t.Errorf("a bare Gst import finds its one version, got %q", typelibTable["Gst"].Package)
	}
	for _, bad := range []string{
		"[[typelib]]\ntypelibs = [\"X-1\"]\npackage = \"x\"\n",
		"[[typelib]]\ntypelibs = [\"X\"]\npackage = \"x\"\nsource = \"s\"\n",
		"[[typelib]]\ntypelibs = [\"X-1\"]\npackage = \"x\"\nsource = \"s\"\n[[typelib]]\ntypelibs = [\"X-1\"]\npackage = \"y\"\nsource = \"s\"\n",
	} {
		if _, err := parseTypelibTable(bad); err == nil {
			t.Errorf("accepted %q", bad)
		}
	}
	two, err := parseTypelibTable("[[typelib]]\ntypelibs = [\"Gtk-3.0\"]\npackage = \"a\"\nsource = \"s\"\n[[typelib]]\ntypelibs = [\"Gtk-4.0\"]\npackage = \"b\"\nsource = \"s\"\n")
	if err != nil {
		t.Fatal(err)
	}
	if _, ok := two["Gtk"]; ok {
		t.Error("a bare namespace with two versions was given one")
	}
}

func TestTypelibPackages(t *testing.T) {
	f := &detect.Facts{Typelibs: []detect.Typelib{
		{Namespace: "Gst", Version: "1.0", Source: detect.Source{File: "a.py", Line: 3}},
		{Namespace: "GstBase", Version: "1.0"},
		{Namespace: "Unknown", Version: "9"},
	}}
	pkgs, why := typelibPackages(f)
	want := []string{"gir1.2-gstreamer-1.0", "gstreamer1.0-plugins-base", "gstreamer1.0-plugins-good", "gstreamer1.0-plugins-ugly"}
	if len(pkgs) != len(want) {
		t.Fatalf("packages %v, want %v", pkgs, want)
	}
	for i := range want {
		if pkgs[i] != want[i] {
			t.Errorf("packages %v, want %v", pkgs, want)
		}
	}
	if len(why) != 1 || why[0] != "a.py:3 requires the GObject-introspection typelib Gst-1.0: gir1.2-gstreamer-1.0 in the runtime image, with gstreamer1.0-plugins-base, gstreamer1.0-plugins-good, gstreamer1.0-plugins-ugly" {
		t.Errorf("why %q", why)
	}
}
