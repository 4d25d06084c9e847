package store

import "testing"

func TestCountryIDs(t *testing.T) {
	for i, c := range countryTable {
		if id, ok := countryID(c.Code); !ok || int(id) != i+1 || countryCode(id) != c.Code {
			t.Errorf("%s: id %d %v", c.Code, id, ok)
		}
	}
	for _, code := range []string{"UK", "XX", "OU", "ZZ", "gb", "G", "GBR", "", "a\x00"} {
		if IsCountry(code) {
			t.Errorf("%q accepted as a country", code)
		}
	}
	if !IsCountry(Unknown) || !IsCountry("XK") || CountryName("zz") != "Unknown" || CountryName("GB") != "United Kingdom" {
		t.Error("zz, XK or names wrong")
	}
}
