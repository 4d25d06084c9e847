package store

// Unknown is the country code of lines whose country a channel did not
// report or reported as unknown (ZZ, OU, XX, empty).
const Unknown = "zz"

// countryIDs maps a two-letter code, as (first-'A')*26+(second-'A'), to
// its id, or to 0 where it is not a country. Built once; never written.
var countryIDs = func() (t [26 * 26]uint8) {
	for i, c := range countryTable {
		t[int(c.Code[0]-'A')*26+int(c.Code[1]-'A')] = uint8(i + 1)
	}
	return t
}()

// countryID returns the compact id of an ISO code (1..250) or of Unknown
// (0). Every imported line asks, so it is a table lookup.
func countryID(code string) (uint8, bool) {
	if code == Unknown {
		return 0, true
	}
	if len(code) != 2 || code[0] < 'A' || code[0] > 'Z' || code[1] < 'A' || code[1] > 'Z' {
		return 0, false
	}
	id := countryIDs[int(code[0]-'A')*26+int(code[1]-'A')]
	return id, id != 0
}

func countryCode(id uint8) string {
	if id == 0 {
		return Unknown
	}
	return countryTable[id-1].Code
}

// IsCountry reports whether code is an upper-case ISO 3166-1 alpha-2 code
// (XK, Kosovo, included) or Unknown.
func IsCountry(code string) bool {
	_, ok := countryID(code)
	return ok
}

// CountryName returns the English name of a code, "Unknown" for zz, and the
// code itself when it is not a country.
func CountryName(code string) string {
	id, ok := countryID(code)
	switch {
	case !ok:
		return code
	case id == 0:
		return "Unknown"
	}
	return countryTable[id-1].Name
}
