package main

import (
	"fmt"
	"strings"

	"marquee/store"
)

// The dataset's dimensions: 50 titles, 12 channels, 150 countries with
// unknown (zz), five years.
const (
	firstYear = 2021
	years     = 5
	// zoneA is the account's time zone; zoneB the one step 5 changes to.
	zoneA = "America/Los_Angeles"
	zoneB = "Asia/Kathmandu"
)

// dims holds the dataset's names; built once by newDims, read only after.
type dims struct {
	titles, channels, countries []string
}

var channelNames = []string{"iTunes", "Google Play", "YouTube", "Tubi", "Pluto TV", "Amazon", "Vimeo", "Roku", "Plex", "Kanopy", "Hoopla", "Fandango"}

// isoCodes lists more codes than needed; the first 149 that marquee
// accepts are used.
const isoCodes = `US GB FR DE JP BR IN CA AU MX ES IT NL SE NO DK FI PL PT IE BE AT CH CZ HU RO
GR TR UA IL SA AE EG ZA NG KE MA AR CL CO PE VE EC UY PY BO CR PA GT HN SV NI DO JM TT PR HT BS BB
KR CN TW HK SG MY TH VN PH ID PK BD LK NP NZ FJ PG IS EE LV LT MD GE AM AZ KZ UZ KG TJ TM MN AF IQ
JO LB KW QA BH OM YE ET TZ UG RW GH CI SN CM AO MZ ZM ZW BW NA MG MU TN DZ LY SD SK SI HR RS BA ME
MK AL BG CY MT LU LI MC AD SM XK BT MV KH LA MM BN TL GL FO GI RU BY IR SY CU`

func newDims() (dims, error) {
	d := dims{channels: channelNames, countries: []string{store.Unknown}}
	for i := range 50 {
		d.titles = append(d.titles, fmt.Sprintf("Film %02d", i))
	}
	// Names that need CSV quoting, as real titles do.
	d.titles[7] = "Love, Interrupted"
	d.titles[21] = `The "Last" Reel`
	for _, c := range strings.Fields(isoCodes) {
		if len(d.countries) == 150 {
			break
		}
		if c != store.Unknown && store.IsCountry(c) {
			d.countries = append(d.countries, c)
		}
	}
	if len(d.countries) != 150 {
		return d, fmt.Errorf("only %d country codes", len(d.countries))
	}
	return d, nil
}

// filterQuery is the filter: 2 titles, 10 countries, 12 months.
func (d dims) filterQuery() query {
	return query{
		from:      "2023-01-01",
		to:        "2023-12-31",
		titles:    []string{d.titles[3], d.titles[7]},
		countries: []string{"US", "GB", "FR", "DE", "JP", "BR", "IN", "CA", "AU", "MX"},
	}
}
