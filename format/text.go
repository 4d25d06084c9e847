package format

import (
	"strings"
	"unicode"

	"github.com/charmbracelet/x/ansi"
)

// Sanitize makes a string from the data safe to print: titles and file
// names come from third-party reports and may carry escape sequences that
// would recolour, retitle or clear the user's terminal. Whole ANSI sequences
// are removed first, then any remaining control character (C0, DEL, C1,
// a lone ESC) and bidi overrides; tabs and newlines become spaces so a cell
// stays one line.
func Sanitize(s string) string {
	if isPlain(s) {
		return s
	}
	s = ansi.Strip(s)
	var b strings.Builder
	b.Grow(len(s))
	for _, r := range s {
		switch {
		case r == '\t' || r == '\n' || r == '\r':
			b.WriteByte(' ')
		case unicode.IsControl(r), isBidiControl(r):
			// dropped
		default:
			b.WriteRune(r)
		}
	}
	return b.String()
}

// isPlain is the fast path: printable ASCII needs no work.
func isPlain(s string) bool {
	for i := 0; i < len(s); i++ {
		if s[i] < 0x20 || s[i] >= 0x7f {
			return false
		}
	}
	return true
}

func isBidiControl(r rune) bool {
	return (r >= 0x202A && r <= 0x202E) || (r >= 0x2066 && r <= 0x2069) || r == 0x200E || r == 0x200F
}

// CSVSafe neutralises a cell a spreadsheet would run as a formula: a
// leading = + - @ gets a single quote in front. Negative money is a formula
// character too, so "-$1.000" is exported as "'-$1.000"; that is the price
// of never opening a file that executes.
func CSVSafe(s string) string {
	if s != "" {
		switch s[0] {
		case '=', '+', '-', '@', '\t', '\r':
			return "'" + s
		}
	}
	return s
}

// Width is the number of terminal cells s takes.
func Width(s string) int { return ansi.StringWidth(s) }
