package e2e

import (
	"path/filepath"
	"sort"
	"strconv"
	"strings"
)

// byRevision sorts provisioned folders named <name>-r<N> (base-forky-r9,
// base-forky-r10) oldest first by N as a number: by text, r10 sorts before
// r9 and the newest stand-in would never be used. A folder without a
// number sorts first.
func byRevision(dirs []string) {
	rev := func(d string) int {
		b := filepath.Base(d)
		i := strings.LastIndex(b, "-r")
		if i < 0 {
			return -1
		}
		n, err := strconv.Atoi(b[i+2:])
		if err != nil {
			return -1
		}
		return n
	}
	sort.SliceStable(dirs, func(i, j int) bool { return rev(dirs[i]) < rev(dirs[j]) })
}
