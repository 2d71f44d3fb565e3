package detect

import "testing"

// Only an exact release becomes part of the install: every other
// packageManager value (a range, a tag, shell text, another tool) keeps
// the row's corepack install.
func TestLockInstall(t *testing.T) {
	pnpm := &nodeLockRow{Tool: "pnpm", Install: "corepack enable && pnpm install --frozen-lockfile", NpmInstall: "pnpm install --frozen-lockfile"}
	yarn := &nodeLockRow{Tool: "yarn", Install: "corepack enable && yarn install --immutable"}
	withPM := func(pm string) *nodeProject { return &nodeProject{pkg: packageJSON{PackageManager: pm}} }
	for _, tc := range []struct {
		lock *nodeLockRow
		pm   string
		want string
	}{
		{pnpm, "pnpm@11.5.2", "npm install -g pnpm@11.5.2 && pnpm install --frozen-lockfile"},
		{pnpm, "pnpm@9.0.0-rc.1+sha512.0a1b", "npm install -g pnpm@9.0.0-rc.1 && pnpm install --frozen-lockfile"},
		{pnpm, "pnpm@^9", pnpm.Install},
		{pnpm, "pnpm@latest", pnpm.Install},
		{pnpm, "pnpm@9.1.0; rm -rf /", pnpm.Install},
		{pnpm, "pnpm@9.1.0 && curl x", pnpm.Install},
		{pnpm, "pnpm@$(id)", pnpm.Install},
		{pnpm, "yarn@4.1.0", pnpm.Install},
		{pnpm, "", pnpm.Install},
		{yarn, "yarn@4.1.0", yarn.Install},
	} {
		if got := lockInstall(tc.lock, withPM(tc.pm)); got != tc.want {
			t.Errorf("packageManager %q: %q, want %q", tc.pm, got, tc.want)
		}
	}
	// The workspace root's packageManager, when the member names none.
	if got := lockInstall(pnpm, withPM(""), withPM("pnpm@10.2.0")); got != "npm install -g pnpm@10.2.0 && pnpm install --frozen-lockfile" {
		t.Errorf("the second package.json was not read: %q", got)
	}
}

func TestOpenGuarded(t *testing.T) {
	for _, tc := range []struct {
		src     string
		guarded bool
	}{
		{"try:\n    h = open('H.rst').read()\nexcept IOError:\n    h = ''\n", true},
		{"try:\n    with open('H.rst') as f:\n        h = f.read()\nexcept (OSError, ValueError):\n    h = ''\n", true},
		{"try:\n    h = open('H.rst').read()\nexcept:\n    h = ''\n", true},
		{"try:\n    h = open('H.rst').read()\nexcept ValueError:\n    h = ''\n", false},
		{"try:\n    h = open('H.rst').read()\nfinally:\n    pass\n", false},
		{"if os.path.exists('H.rst'):\n    h = open('H.rst').read()\n", true},
		{"h = open('H.rst').read()\n", false},
		{"try:\n    pass\nexcept IOError:\n    pass\nh = open('H.rst').read()\n", false},
	} {
		ls := pyLines([]byte(tc.src))
		i := -1
		for j, l := range ls {
			if setupOpenRe.MatchString(l.text) {
				i = j
			}
		}
		if i < 0 {
			t.Fatalf("no open() in %q", tc.src)
		}
		if got := openGuarded(ls, i); got != tc.guarded {
			t.Errorf("%q: guarded %v, want %v", tc.src, got, tc.guarded)
		}
	}
}
