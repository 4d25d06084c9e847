package control

import (
	"io"
	"strings"
	"unicode/utf8"
)

// Sanitizer writes text for a terminal without what could drive it:
// escape sequences (CSI, OSC, and the rest) and control characters are
// dropped, newline and tab are kept, and invalid UTF-8 becomes U+FFFD.
// Each Write is taken on its own: a sequence split across two writes
// loses its introducer in the first and shows the rest as text, harmless.
type Sanitizer struct{ W io.Writer }

func (s Sanitizer) Write(p []byte) (int, error) {
	if _, err := io.WriteString(s.W, Sanitize(string(p))); err != nil {
		return 0, err
	}
	return len(p), nil
}

// Sanitize strips s of escape sequences and control characters other than
// newline and tab.
func Sanitize(s string) string {
	var b strings.Builder
	b.Grow(len(s))
	for i := 0; i < len(s); {
		r, n := utf8.DecodeRuneInString(s[i:])
		switch {
		case r == utf8.RuneError && n == 1:
			b.WriteRune(utf8.RuneError)
		case r == '\x1b':
			n += escapeLen(s[i+n:])
		case r == 0x9b || r == 0x9d || r == 0x90 || r == 0x9e || r == 0x9f:
			// C1 introducers (CSI, OSC, DCS, PM, APC) as code points.
			n += bodyLen(s[i+n:], r == 0x9b)
		case r == '\n' || r == '\t':
			b.WriteRune(r)
		case r < 0x20 || r == 0x7f || (r >= 0x80 && r < 0xa0):
			// a control character: dropped
		default:
			b.WriteString(s[i : i+n])
		}
		i += n
	}
	return b.String()
}

// escapeLen is the length of what follows an ESC and belongs to its
// sequence.
func escapeLen(s string) int {
	if s == "" {
		return 0
	}
	switch s[0] {
	case '[':
		return 1 + bodyLen(s[1:], true)
	case ']', 'P', '^', '_', 'X':
		return 1 + bodyLen(s[1:], false)
	}
	// ESC and one character (ESC c, ESC 7, ESC ( B's first byte...).
	_, n := utf8.DecodeRuneInString(s)
	return n
}

// bodyLen is the length of a sequence's body: for a CSI up to and with
// its final byte (0x40–0x7e); for a string sequence (OSC, DCS, ...) up to
// and with its terminator, BEL or ST (ESC \ or 0x9c), or to the end.
func bodyLen(s string, csi bool) int {
	for i := 0; i < len(s); i++ {
		c := s[i]
		if csi {
			if c >= 0x40 && c <= 0x7e {
				return i + 1
			}
			if c < 0x20 || c > 0x3f {
				return i // not a CSI byte: the sequence is broken here
			}
			continue
		}
		switch {
		case c == 0x07:
			return i + 1
		case c == 0x1b && i+1 < len(s) && s[i+1] == '\\':
			return i + 2
		case c == 0xc2 && i+1 < len(s) && s[i+1] == 0x9c:
			return i + 2
		}
	}
	return len(s)
}
