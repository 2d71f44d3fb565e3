package write

import (
	"bytes"
	"fmt"
)

// A block is pydock's part of a file the user owns (a .dockerignore pydock
// leaves in place): the lines from one starting with BlockBegin to the
// line blockEnd, kept last in the file. The user's lines around it stay
// byte for byte; pydock rewrites only the block, so regenerating needs no
// merge.
const (
	BlockBegin = "# >>> pydock"
	blockEnd   = "# <<< pydock"
)

// SplitBlock returns content without pydock's block (the user's lines,
// byte for byte, those after the block following those before) and
// whether there was one. A block with no end line is an error naming the
// line it starts on: pydock cannot tell where the user's lines resume.
func SplitBlock(name string, content []byte) (users []byte, found bool, err error) {
	start, line := -1, 0
	for i := 0; i < len(content); {
		l, next := nextLine(content, i)
		line++
		t := string(bytes.TrimSpace(l))
		switch {
		case start < 0 && bytes.HasPrefix(l, []byte(BlockBegin)):
			start = i
			found = true
			err = fmt.Errorf("%s:%d: this line opens pydock's block but no %q line closes it; delete the block or close it", name, line, blockEnd)
		case start >= 0 && t == blockEnd:
			return concat(content[:start], content[next:]), true, nil
		}
		i = next
	}
	if found {
		return nil, true, err
	}
	return bytes.Clone(content), false, nil
}

// WithBlock returns users followed by pydock's block of lines under
// header (a comment starting with BlockBegin), in the line ending of
// users' first line; a last user line without one gets it first. No lines:
// users as they are.
func WithBlock(users []byte, header string, lines []string) []byte {
	if len(lines) == 0 {
		return bytes.Clone(users)
	}
	eol := lineEnding(users)
	var b bytes.Buffer
	b.Write(users)
	if len(users) > 0 && users[len(users)-1] != '\n' {
		b.WriteString(eol)
	}
	b.WriteString(header + eol)
	for _, l := range lines {
		b.WriteString(l + eol)
	}
	b.WriteString(blockEnd + eol)
	return b.Bytes()
}
