package report

import (
	"io"
	"strconv"
	"strings"
	"unicode"
	"unicode/utf8"
)

// Titles and channels come from third-party reports and may hold escape
// sequences; a CSV or JSON report piped to a terminal must not replay
// them. Both formats keep the value readable instead of dropping what
// the text output drops.

// unsafeRune is a control character (C0, DEL, C1) or a bidi override.
func unsafeRune(r rune) bool {
	return unicode.IsControl(r) || (r >= 0x202A && r <= 0x202E) || (r >= 0x2066 && r <= 0x2069) || r == 0x200E || r == 0x200F
}

// escapeControls writes unsafe runes of a CSV cell as Go escapes (\x1b,
// \u009b): CSV has no escapes of its own, and a visible \x1b tells the
// reader more than a character silently gone.
func escapeControls(s string) string {
	if !strings.ContainsFunc(s, unsafeRune) {
		return s
	}
	var b strings.Builder
	for _, r := range s {
		if unsafeRune(r) {
			q := strconv.QuoteRune(r)
			b.WriteString(q[1 : len(q)-1])
			continue
		}
		b.WriteRune(r)
	}
	return b.String()
}

// jsonSafe is a writer of encoding/json's output that also escapes what
// the encoder leaves raw: DEL, C1 controls and bidi overrides (it escapes
// C0 itself, ESC as \u001b). JSON's structure is ASCII, so such a rune can
// only be inside a string, where \uXXXX means the same rune: the value is
// unchanged for a JSON reader. The encoder writes each value in one call,
// so no rune is split between calls.
type jsonSafe struct{ w io.Writer }

func (j jsonSafe) Write(p []byte) (int, error) {
	clean := true
	for i := 0; i < len(p); {
		r, n := utf8.DecodeRune(p[i:])
		if r == 0x7f || (r >= 0x80 && unsafeRune(r)) {
			clean = false
			break
		}
		i += n
	}
	if clean {
		return j.w.Write(p)
	}
	out := make([]byte, 0, len(p)+32)
	for i := 0; i < len(p); {
		r, n := utf8.DecodeRune(p[i:])
		if r == 0x7f || (r >= 0x80 && unsafeRune(r)) {
			out = append(out, `\u`...)
			out = append(out, "0123456789abcdef"[r>>12&15], "0123456789abcdef"[r>>8&15], "0123456789abcdef"[r>>4&15], "0123456789abcdef"[r&15])
		} else {
			out = append(out, p[i:i+n]...)
		}
		i += n
	}
	if _, err := j.w.Write(out); err != nil {
		return 0, err
	}
	return len(p), nil
}
