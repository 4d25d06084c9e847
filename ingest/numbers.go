package ingest

import (
	"strings"

	"github.com/shopspring/decimal"
)

// maxNumberLen bounds a numeric cell: longer is not a figure a report
// writes, and big-number parsing of megabytes would be slow.
const maxNumberLen = 100

// parseNumber reads a cell by the FORMATS.md number rules: spaces, a leading
// `$` and thousands separators are stripped; `$ -` alone is zero; `(12.00)`
// is -12.00; a missing leading zero is valid (`.97`, `-.5`). The grammar is deliberately narrower than decimal.NewFromString:
// no exponents, NaN, Inf, repeated signs, or commas out of thousands
// position (a European `1,5` must not silently become 15).
func parseNumber(s string) (decimal.Decimal, bool) {
	if d, ok := plainNumber(s); ok {
		return d, true
	}
	return formattedNumber(s)
}

// plainNumber is the fast path for cells like `-12.50`: ASCII digits, one
// optional leading minus and one optional point, 18 digits at most.
func plainNumber(s string) (decimal.Decimal, bool) {
	v, scale, ok := plainDigits(s)
	if !ok {
		return decimal.Decimal{}, false
	}
	return decimal.New(v, -scale), true
}

// plainDigits reads what plainNumber accepts as the coefficient and the
// number of places, so that a caller may share the decimal it becomes.
func plainDigits(s string) (int64, int32, bool) {
	i, neg := 0, false
	if len(s) > 0 && s[0] == '-' {
		i, neg = 1, true
	}
	var v int64
	digits, scale, point := 0, int32(0), false
	for ; i < len(s); i++ {
		c := s[i]
		switch {
		case c >= '0' && c <= '9':
			if digits == 18 {
				return 0, 0, false
			}
			v = v*10 + int64(c-'0')
			digits++
			if point {
				scale++
			}
		case c == '.' && !point:
			// `.97` is 0.97: Apple writes prices below 1 without the zero.
			point = true
		default:
			return 0, 0, false
		}
	}
	if digits == 0 || (point && scale == 0) {
		return 0, 0, false
	}
	if neg {
		v = -v
	}
	return v, scale, true
}

// formattedNumber handles everything plainNumber does not: currency signs,
// spaces, thousands separators, parentheses, long digit strings.
func formattedNumber(s string) (decimal.Decimal, bool) {
	if len(s) > maxNumberLen {
		return decimal.Decimal{}, false
	}
	s = stripSpaces(s)
	// Prefixes in any sensible order, each at most once: (12.00), $(12.00),
	// ($12.00), -$5, $-5, and `$ -` for zero. A sign never joins parentheses.
	var sign byte
	parens, dollar := false, false
prefixes:
	for len(s) > 0 {
		switch c := s[0]; {
		case c == '(' && !parens && sign == 0 && s[len(s)-1] == ')':
			parens, s = true, s[1:len(s)-1]
		case (c == '-' || c == '+') && sign == 0 && !parens:
			sign, s = c, s[1:]
		case c == '$' && !dollar:
			dollar, s = true, s[1:]
		default:
			break prefixes
		}
	}
	if s == "" {
		// `$ -` is how spreadsheets print zero; a bare `-` or `$` is not.
		return decimal.Zero, dollar && sign == '-' && !parens
	}
	neg := parens || sign == '-'
	intPart, frac, hasPoint := strings.Cut(s, ".")
	if intPart == "" && hasPoint {
		intPart = "0" // `$.97`, `(.50)`: a missing leading zero is valid
	}
	if !groupedDigits(intPart) || (hasPoint && !allDigits(frac)) {
		return decimal.Decimal{}, false
	}
	clean := strings.ReplaceAll(intPart, ",", "")
	if hasPoint {
		clean += "." + frac
	}
	if neg {
		clean = "-" + clean
	}
	if d, ok := plainNumber(clean); ok {
		return d, true
	}
	d, err := decimal.NewFromString(clean)
	return d, err == nil
}

// stripSpaces removes ASCII spaces and tabs and the no-break spaces that
// spreadsheets use as thousands separators or padding.
func stripSpaces(s string) string {
	if !strings.ContainsAny(s, " \t\u00a0\u202f") {
		return s
	}
	var b strings.Builder
	for _, r := range s {
		switch r {
		case ' ', '\t', '\u00a0', '\u202f':
		default:
			b.WriteRune(r)
		}
	}
	return b.String()
}

func allDigits(s string) bool {
	if s == "" {
		return false
	}
	for i := 0; i < len(s); i++ {
		if s[i] < '0' || s[i] > '9' {
			return false
		}
	}
	return true
}

// groupedDigits accepts `1234` or `1,234,567`: commas only every three
// digits from the right.
func groupedDigits(s string) bool {
	if !strings.Contains(s, ",") {
		return allDigits(s)
	}
	groups := strings.Split(s, ",")
	if len(groups[0]) < 1 || len(groups[0]) > 3 || !allDigits(groups[0]) {
		return false
	}
	for _, g := range groups[1:] {
		if len(g) != 3 || !allDigits(g) {
			return false
		}
	}
	return true
}
