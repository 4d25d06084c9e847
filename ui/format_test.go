package ui

import (
	"strings"
	"testing"

	"github.com/shopspring/decimal"

	"marquee/format"
)

func TestFormatUSD(t *testing.T) {
	for in, want := range map[string]string{
		"10601.407":   "$10,601.407",
		"0":           "$0.000",
		"1234.5":      "$1,234.500",
		"-1234.5":     "-$1,234.500",
		"999.9995":    "$1,000.000", // half away from zero
		"-999.9995":   "-$1,000.000",
		"1.0004":      "$1.000",
		"-0.0004":     "$0.000", // no negative zero
		"1234567.891": "$1,234,567.891",
		"100":         "$100.000",
		"123456":      "$123,456.000",
	} {
		if got := format.FormatUSD(decimal.RequireFromString(in)); got != want {
			t.Errorf("format.FormatUSD(%s) = %q, want %q", in, got, want)
		}
	}
	if got := format.FormatUSDWhole(decimal.RequireFromString("12345.5")); got != "$12,346" {
		t.Errorf("FormatUSDWhole = %q", got)
	}
}

func TestSanitize(t *testing.T) {
	for in, want := range map[string]string{
		"Plain Title":                      "Plain Title",
		"\x1b]0;pwned\x07Glass Harbor":     "Glass Harbor",
		"Red \x1b[31mAlert\x1b[0m":         "Red Alert",
		"bell\x07 and lone esc\x1b":        "bell and lone esc",
		"tab\there\nnewline":               "tab here newline",
		"c1\u009b31mcontrol":               "c131mcontrol",
		"bidi\u202eevil":                   "bidievil",
		"Amélie – Ünïcode":                 "Amélie – Ünïcode",
		"\x1bP1;2|secret\x1b\\after (DCS)": "after (DCS)",
	} {
		got := format.Sanitize(in)
		if got != want {
			t.Errorf("format.Sanitize(%q) = %q, want %q", in, got, want)
		}
		if strings.ContainsAny(got, "\x1b\x07\u009b") {
			t.Errorf("format.Sanitize(%q) left a control character", in)
		}
	}
}

func TestCSVSafe(t *testing.T) {
	for in, want := range map[string]string{
		"=SUM(A1)": "'=SUM(A1)", "+1": "'+1", "-2": "'-2", "@x": "'@x", "ok": "ok", "": "",
	} {
		if got := format.CSVSafe(in); got != want {
			t.Errorf("format.CSVSafe(%q) = %q, want %q", in, got, want)
		}
	}
}
