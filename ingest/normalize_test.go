package ingest

import (
	"testing"

	"marquee/store"
)

func TestNormalizeTitle(t *testing.T) {
	cases := map[string]string{
		"The Long Road":          "The Long Road",
		"  The  Long   Road ":    "The Long Road",
		"The\tLong\r\nRoad":      "The Long Road",
		"Le\u00a0Long\u2003Road": "Le Long Road",
		"Épisode 1":              "Épisode 1",
		"":                       "",
		"   ":                    "",
		"X":                      "X",
	}
	for in, want := range cases {
		if got := normalizeTitle(in); got != want {
			t.Errorf("normalizeTitle(%q) = %q, want %q", in, got, want)
		}
	}
}

func TestNormalizeCountry(t *testing.T) {
	ok := map[string]string{
		"US": "US", "us": "US", " fr ": "FR", "UK": "GB", "uk": "GB", "GB": "GB", "XK": "XK",
		"": store.Unknown, "  ": store.Unknown, "ZZ": store.Unknown, "zz": store.Unknown, "OU": store.Unknown, "XX": store.Unknown,
	}
	for in, want := range ok {
		if got, good := normalizeCountry(in); !good || got != want {
			t.Errorf("normalizeCountry(%q) = %q, %v; want %q", in, got, good, want)
		}
	}
	for _, in := range []string{"USA", "U", "QQ", "EU", "1A", "Ü1", "é", "United States", "U S"} {
		if got, good := normalizeCountry(in); good {
			t.Errorf("normalizeCountry(%q) = %q, want rejection", in, got)
		}
	}
}

func TestNormalizeCurrency(t *testing.T) {
	ok := map[string]string{"USD": "USD", "eur": "EUR", " JPY ": "JPY", "GBP": "GBP", "XOF": "XOF", "CYP": "CYP", "HRK": "HRK", "SLE": "SLE"}
	for in, want := range ok {
		if got, good := normalizeCurrency(in); !good || got != want {
			t.Errorf("normalizeCurrency(%q) = %q, %v; want %q", in, got, good, want)
		}
	}
	for _, in := range []string{"", "US", "USDD", "XYZ", "ABC", "XXX", "XAU", "XTS", "$", "€", "U$D", "usd1"} {
		if got, good := normalizeCurrency(in); good {
			t.Errorf("normalizeCurrency(%q) = %q, want rejection", in, got)
		}
	}
}

func TestCurrencyTable(t *testing.T) {
	if n := len(currencyCodes); n < 150 || n > 200 {
		t.Errorf("%d currencies", n)
	}
	for _, c := range currencyCodes {
		if len(c) != 3 || !isUpperWord(c) {
			t.Errorf("bad code %q", c)
		}
		if got, ok := normalizeCurrency(c); !ok || got != c {
			t.Errorf("normalizeCurrency(%q) = %q, %v", c, got, ok)
		}
	}
	n := 0
	for _, i := range currencyIndex {
		if i != 0 {
			n++
		}
	}
	if n != len(currencyCodes) {
		t.Errorf("%d codes indexed of %d (a code listed twice?)", n, len(currencyCodes))
	}
}

func TestNormalizeUnit(t *testing.T) {
	for _, u := range store.Units {
		if got, ok := normalizeUnit(" " + u + " "); !ok || got != u {
			t.Errorf("normalizeUnit(%q) = %q", u, got)
		}
	}
	if got, ok := normalizeUnit("Views"); !ok || got != "views" {
		t.Errorf("normalizeUnit(Views) = %q", got)
	}
	for _, in := range []string{"", "view", "streams", "units "} {
		if _, ok := normalizeUnit(in + "x"); ok {
			t.Errorf("normalizeUnit(%q) accepted", in+"x")
		}
	}
}
