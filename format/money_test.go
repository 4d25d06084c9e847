package format

import (
	"testing"

	"github.com/shopspring/decimal"
)

func TestFormatUSD(t *testing.T) {
	cases := []struct{ in, want string }{
		{"10601.407", "$10,601.407"},
		{"0", "$0.000"},
		{"1234.5", "$1,234.500"},
		{"-1234.5", "-$1,234.500"},
		{"0.0005", "$0.001"},
		{"-0.0005", "-$0.001"},
		{"-0.0004", "$0.000"},
		{"999999.9995", "$1,000,000.000"},
		{"1234567890123.1234567890123", "$1,234,567,890,123.123"},
	}
	for _, c := range cases {
		if got := FormatUSD(decimal.RequireFromString(c.in)); got != c.want {
			t.Errorf("FormatUSD(%s) = %s, want %s", c.in, got, c.want)
		}
	}
}
