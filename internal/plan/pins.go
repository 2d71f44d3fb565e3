package plan

import (
	"errors"
	"fmt"
	"regexp"
	"strings"

	"github.com/pydock/pydock/internal/detect"
)

var digestRe = regexp.MustCompile(`^sha256:[a-f0-9]{64}$`)

// CheckPin accepts "name:tag@sha256:…": the tag says what was pinned, the
// digest what it named when `pydock pin` ran.
func CheckPin(pin string) error {
	ref, digest, ok := strings.Cut(pin, "@")
	if !ok || !digestRe.MatchString(digest) {
		return errors.New("want name:tag@sha256:<64 hex digits>, as `pydock pin` writes")
	}
	if !strings.Contains(ref[strings.LastIndexByte(ref, '/')+1:], ":") {
		return errors.New("the pinned reference needs its tag, so a reader sees what it is")
	}
	return CheckImageRef(pin)
}

// applyPins swaps each image the plan uses for its pinned reference (DF001:
// digests only on an explicit request). A pin for an image the plan no
// longer uses is reported: the tag moved on (a new Python, a new uv).
func (p *Plan) applyPins(pins *[]string) {
	if pins == nil {
		return
	}
	byRef := map[string]string{}
	for _, pin := range *pins {
		ref, _, _ := strings.Cut(pin, "@")
		byRef[ref] = pin
	}
	used := map[string]bool{}
	swap := func(img *string, what string) {
		if pin, ok := byRef[*img]; ok {
			used[*img] = true
			p.decide(what+" digest", pin, "pinned in pydock.toml by `pydock pin`")
			*img = pin
		}
	}
	swap(&p.BaseImage, "base image")
	if p.Manager == detect.ManagerUV {
		swap(&p.UVImage, "uv image")
	}
	for _, pin := range *pins {
		ref, _, _ := strings.Cut(pin, "@")
		if !used[ref] {
			p.Warnings = append(p.Warnings, fmt.Sprintf("pydock.toml pins %s, which this project no longer uses; run `pydock pin` again", ref))
		}
	}
}
