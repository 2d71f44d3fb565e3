package wizard

import (
	"bufio"
	"io"
)

// lineReader hands out at most one line per Read. huh's accessible prompts
// wrap the reader in a new bufio.Scanner for every question, so a reader
// that returns more than a line at once (a pipe, a strings.Reader) would
// have the next answers swallowed by the scanner of the current one.
type lineReader struct {
	r       *bufio.Reader
	pending []byte
	eof     bool // a prompt met the end of input: huh silently took its default
	partial bool // the last byte handed out was not a newline
}

func newLineReader(r io.Reader) *lineReader {
	if l, ok := r.(*lineReader); ok {
		return l // one reader across forms, or the first would buffer the rest
	}
	return &lineReader{r: bufio.NewReader(r)}
}

// LineInput wraps r once for several forms in a row (AskMember, then Run).
func LineInput(r io.Reader) io.Reader { return newLineReader(r) }

func (l *lineReader) Read(p []byte) (int, error) {
	if len(l.pending) == 0 {
		line, err := l.r.ReadBytes('\n')
		if len(line) == 0 {
			// A last line without a newline still answers its prompt
			// (the scanner reads on to EOF to end it); only the next
			// prompt goes unanswered.
			if err == io.EOF && !l.partial {
				l.eof = true
			}
			l.partial = false
			return 0, err
		}
		l.pending = line
	}
	n := copy(p, l.pending)
	l.pending = l.pending[n:]
	l.partial = p[n-1] != '\n'
	return n, nil
}
