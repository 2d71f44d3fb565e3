package cli

import (
	"bytes"
	"fmt"

	"github.com/pydock/pydock/internal/write"
)

// status is what regeneration found for one generated file.
type status string

const (
	statusCreate    status = "create"    // not on disk yet
	statusUnchanged status = "unchanged" // already the fresh render
	statusUpdate    status = "update"    // pydock's own file, out of date
	statusMerge     status = "merge"     // edited by the user; edits merged cleanly
	statusConflict  status = "conflict"  // edited where pydock changes it too
	statusEdited    status = "edited"    // edited, and no record of what pydock generated
	statusForeign   status = "foreign"   // a file pydock never wrote
)

// fileState is one generated file seen three ways: the fresh render, the
// file on disk, and the last generated copy (the merge base).
type fileState struct {
	path      string
	render    []byte // stamped fresh render
	disk      []byte // nil when missing
	base      []byte // nil when pydock kept no copy
	final     []byte // what regeneration would write (for a conflict: the merge with its markers)
	status    status
	conflicts int
	// fresh: disk is the render exactly, line endings aside.
	fresh bool
	// baseOut is the render as the base file is written (in its own
	// line endings, so a CRLF checkout does not rewrite it every run).
	baseOut []byte
	// rendered is the release recorded in the file's marker.
	rendered string
}

// upgraded reports whether another pydock release rendered the file.
func (st fileState) upgraded() bool {
	return st.disk != nil && write.Inspect(st.disk) != write.Foreign && st.rendered != pydockRelease
}

// renderedBy names the release that rendered the file on disk.
func (st fileState) renderedBy() string {
	if st.rendered == "" {
		return "an earlier pydock"
	}
	return "pydock " + st.rendered
}

// sameButRelease: the same bytes apart from the release in the marker.
func sameButRelease(a, b []byte) bool {
	la, _ := write.ToLF(a)
	lb, _ := write.ToLF(b)
	_, ha := write.InspectHash(a)
	_, hb := write.InspectHash(b)
	return ha == hb && bytes.Equal(write.StripMarker(la), write.StripMarker(lb))
}

// reconcile compares every rendered file with the disk and the recorded
// base, merging the user's edits into the new render where they do not
// collide (a three-way merge: base = last generated, ours = disk, theirs
// = new render).
func reconcile(p *project) ([]fileState, error) {
	out := make([]fileState, 0, len(p.files))
	for _, f := range p.files {
		st := fileState{path: f.Path, render: f.Content, final: f.Content}
		var err error
		if st.disk, err = write.ReadFile(p.dir, f.Path); err != nil {
			return nil, fmt.Errorf("%s: %w", f.Path, err)
		}
		if st.base, err = write.ReadFile(p.dir, write.BasePath(f.Path)); err != nil {
			return nil, fmt.Errorf("%s: %w", write.BasePath(f.Path), err)
		}
		// Compare and merge in LF; write back the file's own convention
		// (a CRLF checkout stays CRLF, and is not an edit).
		disk, crlf := write.ToLF(st.disk)
		base, baseCRLF := write.ToLF(st.base)
		st.baseOut = write.WithEOL(f.Content, st.base != nil && baseCRLF)
		if st.base != nil && write.SameRender(st.base, f.Content) {
			st.baseOut = st.base // an older release's marker on the same render
		}
		st.rendered = write.MarkerVersion(st.disk)
		switch {
		case st.disk == nil:
			st.status = statusCreate
		case bytes.Equal(disk, f.Content) || write.SameRender(st.disk, f.Content):
			st.status, st.fresh, st.final = statusUnchanged, true, st.disk
		default:
			st.final = write.WithEOL(f.Content, crlf)
			switch write.Inspect(st.disk) {
			case write.Pristine:
				st.status = statusUpdate
			case write.Foreign:
				st.status = statusForeign
			case write.Edited:
				if st.base == nil || !write.GeneratedFrom(disk, base) {
					// No usable record, but the marker names what pydock
					// generated: if that is today's render, it is the base.
					_, had := write.InspectHash(st.disk)
					if _, now := write.InspectHash(f.Content); had != now {
						st.status = statusEdited
						break
					}
					base = f.Content
				}
				merged, conflicts, err := write.Merge(write.StripMarker(base), write.StripMarker(disk), write.StripMarker(f.Content))
				if err != nil {
					return nil, fmt.Errorf("%s: %w", f.Path, err)
				}
				st.final = write.WithEOL(write.StampAs(merged, f.Content), crlf)
				st.status, st.conflicts = statusMerge, len(conflicts)
				if len(conflicts) > 0 {
					st.status = statusConflict
				} else if bytes.Equal(st.final, st.disk) || sameButRelease(st.final, st.disk) {
					st.final = st.disk
					st.status = statusUnchanged
				}
			}
		}
		out = append(out, st)
	}
	return out, nil
}

// writeFiles turns the states into the files write.Apply gets: merged
// files may replace exactly the disk bytes they were merged from, and each
// written file's fresh render is recorded as the next merge base.
func writeFiles(states []fileState, force bool) []write.File {
	var files []write.File
	for _, st := range states {
		f := write.File{Path: st.path, Content: st.final}
		switch st.status {
		case statusMerge, statusUnchanged:
			// An unchanged file may hold the user's merged edits: its
			// content is then Edited, and only these exact bytes may stay.
			f.Replaces = st.disk
		case statusConflict:
			f.Content = st.render // refused without --force; replaced (with a backup) with it
			_, crlf := write.ToLF(st.disk)
			f.Content = write.WithEOL(f.Content, crlf)
		}
		files = append(files, f)
		if st.status == statusConflict && !force {
			continue
		}
		// The base is pydock's own bookkeeping: always replaceable.
		files = append(files, write.File{Path: write.BasePath(st.path), Content: st.baseOut, Replaces: st.base})
	}
	return files
}
