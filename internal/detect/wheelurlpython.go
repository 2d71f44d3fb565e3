package detect

// A requirement that is a direct URL to a wheel built for one CPython
// (…-cp311-cp311-linux_x86_64.whl) installs on that Python only: pip
// refuses it on any other ("not a supported wheel on this platform"). An
// abi3 wheel (cp311-abi3) runs on that Python and newer.

import (
	"fmt"
	"io/fs"
	"regexp"
	"strconv"
	"strings"
)

// wheelURLRe is a wheel file name's Python and ABI tags in a URL.
var wheelURLRe = regexp.MustCompile(`/[\w.+!-]+-cp3(\d{1,2})-(cp3\d{1,2}t?|abi3|none)-[\w.]+\.whl\b`)

// wheelURLPythons adds, for each line of the requirements files that
// installs a wheel by URL, the Python lines its tag allows.
func wheelURLPythons(fsys fs.FS, files []string, add func(spec, kind, file string, line int)) {
	for _, file := range files {
		data, err := readBounded(fsys, file, maxRequirementsSize, "requirement files")
		if err != nil {
			continue
		}
		for i, l := range strings.Split(string(data), "\n") {
			l, _, _ = strings.Cut(l, " #")
			if strings.HasPrefix(strings.TrimSpace(l), "#") || !strings.Contains(l, "://") {
				continue
			}
			m := wheelURLRe.FindStringSubmatch(l)
			if m == nil {
				continue
			}
			minor, _ := strconv.Atoi(m[1])
			spec := fmt.Sprintf(">=3.%d,<3.%d", minor, minor+1)
			if m[2] == "abi3" {
				spec = fmt.Sprintf(">=3.%d", minor)
			}
			add(spec, KindWheelURL, file, i+1)
		}
	}
}
