package cli

import (
	"context"
	"fmt"
	"slices"
	"strings"
	"time"

	"github.com/pydock/pydock/internal/config"
	"github.com/pydock/pydock/internal/detect"
	"github.com/pydock/pydock/internal/plan"
	"github.com/pydock/pydock/internal/registry"
	"github.com/pydock/pydock/internal/write"
	"github.com/spf13/cobra"
)

type pinOptions struct {
	dir      string
	settings plan.Settings
	client   *registry.Client // nil: the real registries
}

func newPinCmd(s IO) *cobra.Command {
	opts := &pinOptions{}
	c := &cobra.Command{
		Use:   "pin [DIR]",
		Short: "Pin the base image (and uv's image) to today's digest, in pydock.toml",
		Long: `pin asks the images' registries (the OCI distribution API, anonymously) for
the digest of the multi-platform index each tag names now, and records
name:tag@sha256:… under pins in pydock.toml; the next generate writes
FROM name:tag@sha256:…. generate and check never go to the network: the
files stay a function of the project and pydock.toml. Run pin again to
move to a newer build of the same tag.`,
		Args: cobra.MaximumNArgs(1),
		RunE: func(c *cobra.Command, args []string) error {
			opts.dir = "."
			if len(args) == 1 {
				opts.dir = args[0]
			}
			return runPin(c.Context(), s, opts)
		},
	}
	addPlanFlags(c, &opts.settings)
	return c
}

func runPin(ctx context.Context, s IO, opts *pinOptions) error {
	if ctx == nil {
		ctx = context.Background()
	}
	p, release, err := loadLocked(s, opts.dir, opts.settings, true)
	if err != nil {
		return err
	}
	defer release()
	refs := []string{unpinned(p.plan.BaseImage)}
	if p.plan.Manager == detect.ManagerUV {
		refs = append(refs, unpinned(p.plan.UVImage))
	}
	client := opts.client
	if client == nil {
		client = &registry.Client{}
	}
	ctx, cancel := context.WithTimeout(ctx, 60*time.Second)
	defer cancel()
	var pins []string
	for _, ref := range refs {
		digest, mediaType, err := client.Digest(ctx, ref)
		if err != nil {
			return fmt.Errorf("pin: %w", err)
		}
		if !registry.MultiPlatform(mediaType) {
			fmt.Fprintf(s.Err, "warning: %s is a single-platform image (%s): the pin holds only for that platform\n", ref, mediaType)
		}
		pins = append(pins, ref+"@"+digest)
	}
	slices.Sort(pins)

	own, err := write.ReadFile(p.dir, config.FileName)
	if err != nil {
		return err
	}
	cur := &config.Config{}
	if own != nil {
		if cur, err = config.Parse(own); err != nil {
			return err
		}
	}
	from := cur.Settings()
	to := from
	to.Pins = &pins
	var data []byte
	if own == nil {
		data, err = config.FromSettings(to).Encode()
	} else {
		data, err = config.Edit(own, "", from, to)
	}
	if err != nil {
		return fmt.Errorf("%s: recording the pins: %w", config.FileName, err)
	}
	if _, err := write.Apply(p.dir, []write.File{{Path: config.FileName, Content: data, Replaces: own, Plain: true}}, write.Options{}); err != nil {
		return err
	}
	for _, pin := range pins {
		fmt.Fprintf(s.Out, "pinned    %s\n", pin)
	}
	fmt.Fprintf(s.Out, "recorded in %s; run pydock generate to write them into the Dockerfile\n", config.FileName)
	return nil
}

// unpinned drops a digest, so a pinned image is looked up by its tag again.
func unpinned(ref string) string {
	r, _, _ := strings.Cut(ref, "@")
	return r
}
