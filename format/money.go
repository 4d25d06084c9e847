// Package format turns values into the strings marquee shows, for the
// dashboard and the report command alike: exact money and counts
// (money.go), and text from reports made safe for a terminal (text.go).
// It imports no marquee package.
package format

import (
	"strings"

	"github.com/shopspring/decimal"
)

// FormatUSD formats an amount of US dollars for display: thousands
// separators and exactly three decimals, rounded half away from zero
// ("$10,601.407", "-$1,234.500"). It never goes through float64, so what
// the store summed exactly is what the user reads.
func FormatUSD(d decimal.Decimal) string {
	return formatMoney(d, 3)
}

// FormatUSDWhole formats whole dollars ("$12,000"), for axis labels where
// three decimals would only eat width.
func FormatUSDWhole(d decimal.Decimal) string {
	return formatMoney(d, 0)
}

func formatMoney(d decimal.Decimal, places int32) string {
	r := d.Round(places) // decimal.Round rounds half away from zero
	neg := r.Sign() < 0  // checked after rounding: -0.0001 shows as $0.000
	s := r.Abs().StringFixed(places)
	intPart, frac, _ := strings.Cut(s, ".")
	var b strings.Builder
	if neg {
		b.WriteByte('-')
	}
	b.WriteByte('$')
	b.WriteString(GroupThousands(intPart))
	if places > 0 {
		b.WriteByte('.')
		b.WriteString(frac)
	}
	return b.String()
}

// GroupThousands inserts commas into a string of digits: "1234567" →
// "1,234,567".
func GroupThousands(digits string) string {
	if len(digits) <= 3 {
		return digits
	}
	var b strings.Builder
	head := len(digits) % 3
	if head > 0 {
		b.WriteString(digits[:head])
	}
	for i := head; i < len(digits); i += 3 {
		if b.Len() > 0 {
			b.WriteByte(',')
		}
		b.WriteString(digits[i : i+3])
	}
	return b.String()
}
