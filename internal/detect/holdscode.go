package detect

import (
	"io/fs"
	"path"
	"strings"
)

// codeExts are files Python imports: a folder holding one is code, which
// stays root's in the image even when the app writes in that folder.
var codeExts = []string{".py", ".pyc", ".so"}

// maxTreeEntries bounds the walk for code folders; past it every folder
// counts as code.
const maxTreeEntries = 50000

// codeDirs reads which folders of the tree hold a file Python imports
// (directly); nil when the tree is too large or unreadable to tell.
func codeDirs(fsys fs.FS) map[string]bool {
	dirs, seen := map[string]bool{}, 0
	err := fs.WalkDir(fsys, ".", func(p string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		if seen++; seen > maxTreeEntries {
			return fs.SkipAll
		}
		if d.IsDir() {
			if d.Name() == ".git" {
				return fs.SkipDir
			}
			return nil
		}
		for _, e := range codeExts {
			if strings.HasSuffix(d.Name(), e) {
				dirs[path.Dir(p)] = true
			}
		}
		return nil
	})
	if err != nil || seen > maxTreeEntries {
		return nil
	}
	return dirs
}

// HoldsCode reports whether the folder rel (slash, relative to the build
// context, the image's working tree) or one under it holds a file Python
// imports. When detection cannot tell (a tree too large to walk, a path
// outside the workspace member it read) it answers true, so the caller
// keeps the folder's contents root's. A folder the tree does not have
// holds none.
func (f *Facts) HoldsCode(rel string) bool {
	if f.codeDirs == nil {
		return true
	}
	rel = path.Clean(rel)
	if f.MemberDir != "" {
		r, ok := strings.CutPrefix(rel, f.MemberDir+"/")
		if !ok {
			return true
		}
		rel = r
	}
	if rel == "." || rel == ".." || strings.HasPrefix(rel, "../") || path.IsAbs(rel) {
		return true
	}
	for d := range f.codeDirs {
		if d == rel || strings.HasPrefix(d, rel+"/") {
			return true
		}
	}
	return false
}

// KnownToHoldCode is HoldsCode when detection walked the tree, and false
// when it could not tell: for a choice that must not be made on a guess
// either way (a volume kept over a folder).
func (f *Facts) KnownToHoldCode(rel string) bool {
	return f.codeDirs != nil && f.HoldsCode(rel)
}
