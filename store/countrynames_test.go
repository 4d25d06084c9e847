package store

import "testing"

func TestLookupCountry(t *testing.T) {
	for _, tc := range []struct {
		in, want string
		ok       bool
	}{
		{"GB", "GB", true}, {"gb", "GB", true}, {"UK", "GB", true}, {"uk", "GB", true},
		{"Britain", "GB", true}, {"great britain", "GB", true}, {"England", "GB", true},
		{"United Kingdom", "GB", true}, {"  united   kingdom ", "GB", true},
		{"USA", "US", true}, {"America", "US", true}, {"united states", "US", true},
		{"Holland", "NL", true}, {"netherlands", "NL", true},
		{"Germany", "DE", true}, {"cote d'ivoire", "CI", true}, {"Côte d’Ivoire", "CI", true},
		{"bosnia & herzegovina", "BA", true}, {"Bosnia and Herzegovina", "BA", true},
		{"XK", "XK", true}, {"zz", Unknown, true}, {"Unknown", Unknown, true},
		{"UA", "UA", true}, {"Ukraine", "UA", true},
		{"", "", false}, {"QQ", "", false}, {"Atlantis", "", false}, {"brit", "", false},
	} {
		got, ok := LookupCountry(tc.in)
		if got != tc.want || ok != tc.ok {
			t.Errorf("LookupCountry(%q) = %q, %v; want %q, %v", tc.in, got, ok, tc.want, tc.ok)
		}
	}
}

func TestCountryMatches(t *testing.T) {
	for _, tc := range []struct {
		code, query string
		want        bool
	}{
		{"GB", "uk", true}, {"GB", "UK", true}, {"GB", "britain", true}, {"GB", "brit", true},
		{"GB", "kingdom", true}, {"GB", "gb", true}, {"GB", "england", true},
		{"UA", "uk", true}, // "Ukraine" contains "uk": both are offered, GB no longer missing
		{"US", "america", true}, {"US", "usa", true}, {"NL", "holland", true},
		{"FR", "uk", false}, {"DE", "britain", false}, {"GB", "ukr", false},
		{"CI", "ivoire", true}, {"zz", "unknown", true}, {"FR", "", true},
	} {
		if got := CountryMatches(tc.code, tc.query); got != tc.want {
			t.Errorf("CountryMatches(%q, %q) = %v, want %v", tc.code, tc.query, got, tc.want)
		}
	}
}
