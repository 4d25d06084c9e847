package store

import (
	"strings"
	"unicode"

	"golang.org/x/text/unicode/norm"
)

// countryAliases are the names people type for a country that are neither
// its ISO code nor its English name in countryTable: "UK" and "Britain"
// for GB, "America" for US. Keys are folded as foldName folds.
var countryAliases = map[string]string{
	"uk": "GB", "britain": "GB", "great britain": "GB", "england": "GB", "scotland": "GB",
	"wales": "GB", "northern ireland": "GB", "united kingdom of great britain and northern ireland": "GB",
	"usa": "US", "america": "US", "united states of america": "US", "us of a": "US",
	"holland": "NL", "the netherlands": "NL",
	"south korea": "KR", "korea": "KR", "republic of korea": "KR",
	"north korea": "KP", "czech republic": "CZ", "ivory coast": "CI", "cote divoire": "CI",
	"cabo verde": "CV", "eswatini": "SZ", "north macedonia": "MK", "turkiye": "TR",
	"uae": "AE", "emirates": "AE", "russian federation": "RU", "viet nam": "VN",
	"holy see": "VA", "vatican": "VA", "palestine": "PS", "burma": "MM", "persia": "IR",
	"bosnia": "BA", "trinidad": "TT",
	"deutschland": "DE", "espana": "ES", "brasil": "BR",
	"kosovo": "XK", "hong kong": "HK", "macau": "MO", "macao": "MO",
	"unknown": Unknown,
}

// LookupCountry turns what a person typed into a country code: an ISO
// 3166-1 alpha-2 code in any case ("uk" is GB, as import reads it), the
// English name ("germany"), or a common alias ("Britain", "USA",
// "Holland"). It reports false for anything else.
func LookupCountry(s string) (string, bool) {
	s = strings.TrimSpace(s)
	if len(s) == 2 {
		code := strings.ToUpper(s)
		switch code {
		case "UK":
			return "GB", true
		case "ZZ":
			return Unknown, true
		}
		if IsCountry(code) {
			return code, true
		}
	}
	key := foldName(s)
	if code, ok := countryAliases[key]; ok {
		return code, true
	}
	for _, c := range countryTable {
		if foldName(c.Name) == key {
			return c.Code, true
		}
	}
	return "", false
}

// CountryMatch says how well a search query names code: 0 exactly (its
// code, English name or an alias: "uk", "(US)", "britain"), 1 by the
// start of its name, 2 somewhere in its name or an alias ("brit",
// "kingdom"), -1 not at all. The country picker lists the best first, so
// "us" puts the United States before Australia and Belarus.
func CountryMatch(code, query string) int {
	q := foldName(query)
	if q == "" {
		return 0
	}
	if c, ok := LookupCountry(q); ok && c == code {
		return 0
	}
	name := foldName(CountryName(code))
	switch {
	case strings.HasPrefix(name, q):
		return 1
	case strings.Contains(name, q):
		return 2
	}
	for alias, c := range countryAliases {
		if c == code && strings.Contains(alias, q) {
			return 2
		}
	}
	return -1
}

// CountryMatches reports whether a search query names code at all.
func CountryMatches(code, query string) bool { return CountryMatch(code, query) >= 0 }

// foldName folds a name for comparison: lower case, accents and
// punctuation dropped, "&" read as "and", runs of spaces as one.
func foldName(s string) string {
	var b strings.Builder
	space := false
	for _, r := range norm.NFD.String(strings.ReplaceAll(s, "&", " and ")) {
		switch {
		case unicode.Is(unicode.Mn, r), r == '’', r == '\'', r == '.':
			// accents and apostrophes vanish: "Côte d’Ivoire" is "cote divoire"
		case unicode.IsLetter(r) || unicode.IsDigit(r):
			if space && b.Len() > 0 {
				b.WriteByte(' ')
			}
			space = false
			b.WriteRune(unicode.ToLower(r))
		default:
			space = true
		}
	}
	return b.String()
}
