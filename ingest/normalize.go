package ingest

import (
	"strings"
	"unicode"
	"unicode/utf8"

	"marquee/store"
)

// normalizeTitle trims a title and collapses inner whitespace runs to one
// space, so "The  Film" and "The Film " are one title. The result may be a
// substring of s: fileContext.intern copies it before it is kept.
func normalizeTitle(s string) string {
	clean := true
	prevSpace := true // a leading space is not clean either
	for i := 0; i < len(s); i++ {
		c := s[i]
		if c >= utf8.RuneSelf {
			clean = false // let strings.Fields judge Unicode spaces
			break
		}
		sp := c == ' '
		if (sp && prevSpace) || (c != ' ' && asciiSpace(c)) {
			clean = false
			break
		}
		prevSpace = sp
	}
	if clean && !prevSpace || s == "" {
		return s
	}
	return strings.Join(strings.FieldsFunc(s, unicode.IsSpace), " ")
}

func asciiSpace(c byte) bool {
	return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\v' || c == '\f'
}

// countryCodes interns every two-letter code, so a line item's country
// never pins the file's text in memory, and says which are ISO 3166-1 (per
// store.IsCountry) without a search per row. Built once, never written after.
var countryCodes = func() (t [26 * 26]struct {
	code  string
	valid bool
}) {
	for a := 0; a < 26; a++ {
		for b := 0; b < 26; b++ {
			c := &t[a*26+b]
			c.code = string([]byte{byte('A' + a), byte('A' + b)})
			c.valid = store.IsCountry(c.code)
		}
	}
	return t
}()

// normalizeCountry maps a cell to ISO 3166-1 alpha-2 (upper case) or
// store.Unknown: UK means GB; empty, ZZ, OU and XX mean unknown.
func normalizeCountry(s string) (string, bool) {
	s = strings.TrimSpace(s)
	if s == "" {
		return store.Unknown, true
	}
	if len(s) != 2 {
		return "", false
	}
	a, b := upperASCII(s[0]), upperASCII(s[1])
	if a < 'A' || a > 'Z' || b < 'A' || b > 'Z' {
		return "", false
	}
	c := countryCodes[int(a-'A')*26+int(b-'A')]
	switch c.code {
	case "UK":
		return "GB", true
	case "ZZ", "OU", "XX":
		return store.Unknown, true
	}
	return c.code, c.valid
}

func upperASCII(c byte) byte {
	if c >= 'a' && c <= 'z' {
		return c - 'a' + 'A'
	}
	return c
}

// normalizeCurrency upper-cases a code and checks it against ISO 4217. The
// returned string comes from the table, not the file.
func normalizeCurrency(s string) (string, bool) {
	s = strings.TrimSpace(s)
	if len(s) != 3 {
		return "", false
	}
	i := 0
	for j := 0; j < 3; j++ {
		c := upperASCII(s[j])
		if c < 'A' || c > 'Z' {
			return "", false
		}
		i = i*26 + int(c-'A')
	}
	if n := currencyIndex[i]; n != 0 {
		return currencyCodes[n-1], true
	}
	return "", false
}

// normalizeUnit accepts the units of store.Units, any case.
func normalizeUnit(s string) (string, bool) {
	for _, u := range store.Units {
		if s == u { // as written, the common case: no trimming or folding
			return u, true
		}
	}
	s = strings.TrimSpace(s)
	for _, u := range store.Units {
		if strings.EqualFold(s, u) {
			return u, true
		}
	}
	return "", false
}
