package ingest

import (
	"errors"
	"strconv"
	"strings"
	"unicode"
)

// Sentinel errors: every *ParseError unwraps to one of them, so callers and
// tests can match the kind of failure with errors.Is while users read the
// sentence.
var (
	ErrUnknownFormat   = errors.New("unknown report format")
	ErrNumber          = errors.New("not a number")
	ErrDate            = errors.New("not a date")
	ErrCountry         = errors.New("not a country code")
	ErrCurrency        = errors.New("not a currency code")
	ErrAudit           = errors.New("footer total does not match the rows")
	ErrPeriodFromName  = errors.New("no period in the file name")
	ErrMissingColumn   = errors.New("missing column")
	ErrDuplicateColumn = errors.New("duplicate column")
	ErrEncoding        = errors.New("invalid text encoding")
	ErrEmpty           = errors.New("empty file")
	ErrUnit            = errors.New("unknown unit")
	ErrSyntax          = errors.New("malformed CSV")
	ErrRequired        = errors.New("required value is empty")
	ErrPeriod          = errors.New("invalid period")
	ErrStatus          = errors.New("unknown status")
	ErrArchive         = errors.New("broken or oversized archive")
	ErrTooLarge        = errors.New("file or row too large")
	ErrTooLong         = errors.New("value too long")
)

// ParseError says where and why a file was rejected.
type ParseError struct {
	File   string
	Line   int    // 1-based; 0 when the error is about the whole file
	Column string // header name as written in the file; "" when not about a column
	Reason string // the sentence a user reads
	Err    error  // one of the sentinels above
}

func (e *ParseError) Error() string {
	var b strings.Builder
	b.WriteString(printable(e.File))
	if e.Line > 0 {
		b.WriteString(" line ")
		b.WriteString(strconv.Itoa(e.Line))
	}
	if e.Column != "" {
		b.WriteString(" column ")
		b.WriteString(quote(e.Column)) // header cells can be megabytes long too
	}
	b.WriteString(": ")
	switch {
	case e.Reason != "":
		b.WriteString(e.Reason)
	case e.Err != nil:
		b.WriteString(e.Err.Error())
	}
	return b.String()
}

func (e *ParseError) Unwrap() error { return e.Err }

// maxQuoted bounds how much of a bad cell an error repeats: a 10 MB cell
// must not become a 10 MB error message.
const maxQuoted = 60

// quote renders a cell for an error message, shortened when long.
func quote(s string) string {
	if len(s) <= maxQuoted {
		return strconv.Quote(s)
	}
	cut := maxQuoted
	for cut > 0 && !isRuneStart(s[cut]) {
		cut--
	}
	return strconv.Quote(s[:cut]) + "…"
}

func isRuneStart(b byte) bool { return b&0xC0 != 0x80 }

// printable writes control characters (C0, DEL, C1) and bidi controls as
// Go escapes: file names come from uploaders and may hold escape sequences
// or line breaks, which must not reach a terminal, a log line or a note as
// they are, yet must still tell one file from another.
func printable(s string) string {
	plain := true
	for i := 0; i < len(s); i++ {
		if s[i] < 0x20 || s[i] >= 0x7f {
			plain = false
			break
		}
	}
	if plain {
		return s
	}
	var b strings.Builder
	for _, r := range s {
		if unicode.IsControl(r) || (r >= 0x202A && r <= 0x202E) || (r >= 0x2066 && r <= 0x2069) || r == 0x200E || r == 0x200F {
			q := strconv.QuoteRune(r)
			b.WriteString(q[1 : len(q)-1])
			continue
		}
		b.WriteRune(r)
	}
	return b.String()
}
