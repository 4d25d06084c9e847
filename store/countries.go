package store

import "sort"

// Unknown is the country code of lines whose country a channel did not
// report or reported as unknown (ZZ, OU, XX, empty).
const Unknown = "zz"

// countryID returns the compact id of an ISO code (1..250) or of Unknown (0).
func countryID(code string) (uint8, bool) {
	if code == Unknown {
		return 0, true
	}
	i := sort.Search(len(countryTable), func(i int) bool { return countryTable[i].Code >= code })
	if i < len(countryTable) && countryTable[i].Code == code {
		return uint8(i + 1), true
	}
	return 0, false
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
