package ingest

import (
	"testing"

	"github.com/shopspring/decimal"
)

// v2 testdata files, written the way the channels deliver them: each is
// read whole, with the line items the contract gives.
func TestV2TestdataFiles(t *testing.T) {
	type want struct {
		title, episode, country, unit, qty, amount, cur, start, end, adjustment string
	}
	cases := []struct {
		file, format string
		rows         int
		lines        []want
		ids          map[int][]string
	}{
		{"apple_financial_80012345_0914_ZZ.txt", "apple-financial", 5, []want{
			{"The Long Road", "", "US", "units", "3", "12.60", "USD", "2014-08-31", "2014-09-27", ""},
			{"The Long Road", "", "US", "units", "-1", "-4.20", "USD", "2014-08-31", "2014-09-27", ""},
			{"The Long Road", "", "GB", "units", "2", "7.00", "GBP", "2014-08-31", "2014-09-27", ""},
			{"Night Shift", "", "zz", "units", "1", "0.70", "EUR", "2014-08-31", "2014-09-27", ""},
			{"The Long Road", "", "FR", "units", "4", "12.60", "EUR", "2014-08-31", "2014-09-27", ""},
		}, map[int][]string{3: {"vendor:LF_NIGHTSHIFT", "apple:912345678"}}},
		{"apple_sales_S_W_80012345_20100606.txt", "apple-sales", 5, []want{
			{"The Long Road", "", "US", "units", "2", "8.38", "USD", "2010-05-31", "2010-06-06", ""},
			{"Harbour Lights", "Pilot", "GB", "units", "3", "2.10", "GBP", "2010-05-31", "2010-06-06", ""},
			{"Harbour Lights", "The Crossing", "zz", "units", "1", "0.70", "GBP", "2010-05-31", "2010-06-06", ""},
			{"Harbour Lights", "Harbour Lights, Season 1", "US", "units", "-1", "-6.29", "USD", "2010-05-31", "2010-06-06", ""},
			{"Night Shift", "", "US", "units", "1", "0.97", "USD", "2010-05-31", "2010-06-06", ""},
		}, map[int][]string{1: {"vendor:HL_S1E1", "apple:312345678", "apple-parent:HL_S1"}, 4: {"vendor:LF_NIGHTSHIFT_SD", "apple:312345678"}}},
		{"youtube_ad_revenue_2024-06.csv", "youtube-summary", 4, []want{
			{"The Long Road - Official Trailer", "", "US", "views", "1204", "0.551494", "USD", "2024-06-01", "2024-06-01", ""},
			{"Night Shift (Full Movie)", "", "GB", "views", "312", "0.127613", "USD", "2024-06-01", "2024-06-01", ""},
			{"The Long Road - Official Trailer", "", "US", "views", "0", "0.1", "USD", "2024-06-01", "2024-06-01", "Backpay"},
			{"Night Shift (Full Movie)", "", "zz", "views", "-12", "-0.004", "USD", "2024-06-02", "2024-06-02", "Spam Adjustment"},
		}, map[int][]string{1: {"youtube:-x8Kq2Lm0Ab", "youtube-asset:A223456789", "youtube-custom:NS-FULL"}}},
		{"google_play_transactions_2024-07.csv", "google-play", 4, []want{
			{"The Long Road", "", "US", "rentals", "1", "2.7930", "USD", "2024-07-02", "2024-07-02", ""},
			{"The Long Road", "", "CA", "purchases", "1", "6.9930", "USD", "2024-07-03", "2024-07-03", ""},
			{"Harbour Lights", "Pilot", "US", "purchases", "1", "1.3930", "USD", "2024-07-04", "2024-07-04", ""},
			{"The Long Road", "", "US", "rentals", "-1", "-2.7930", "USD", "2024-07-09", "2024-07-09", ""},
		}, map[int][]string{0: {"google-partner:LR-001", "eidr:10.5240/AAAA-BBBB-CCCC-DDDD-EEEE-F", "youtube:yt8Kq2LmX01", "play-asset:PA100"}}},
		{"pluto_us_2021_q3.csv", "pluto", 6, []want{
			{"Harbour Lights", "Pilot", "zz", "sessions", "1530", "41.20", "USD", "2021-07-01", "2021-07-31", ""},
			{"Harbour Lights", "The Crossing", "zz", "sessions", "1102", "29.64", "USD", "2021-07-01", "2021-07-31", ""},
			{"The Long Road", "", "zz", "sessions", "2211", "88.02", "USD", "2021-07-01", "2021-07-31", ""},
			{"Harbour Lights", "Pilot", "zz", "sessions", "977", "26.10", "USD", "2021-08-01", "2021-08-31", ""},
			{"The Long Road", "", "zz", "sessions", "0", "0", "USD", "2021-08-01", "2021-08-31", ""},
			{"Night Shift Clip", "", "zz", "sessions", "80", "3.05", "USD", "2021-09-01", "2021-09-30", ""},
		}, nil},
	}
	for _, tc := range cases {
		t.Run(tc.file, func(t *testing.T) {
			data := readTestdata(t, tc.file)
			for _, form := range []struct {
				name string
				data []byte
			}{{tc.file, data}, {tc.file + ".gz", gz(t, data)}, {tc.file, utf16With(data, false)}} {
				p, err := Parse(form.name, form.data)
				if err != nil {
					t.Fatal(err)
				}
				checkParsed(t, form.name, p)
				if p.Format != tc.format || p.RowsRead != tc.rows || len(p.Lines) != len(tc.lines) {
					t.Fatalf("%s: format %s, %d rows, %d lines", form.name, p.Format, p.RowsRead, len(p.Lines))
				}
				for i, w := range tc.lines {
					l := p.Lines[i]
					got := want{l.Title, l.Episode, l.Country, l.Unit, l.Quantity.String(), l.Amount.String(), l.Currency,
						l.PeriodStart.String(), l.PeriodEnd.String(), l.Adjustment}
					w.qty, w.amount = decimal.RequireFromString(w.qty).String(), decimal.RequireFromString(w.amount).String()
					if got != w {
						t.Errorf("%s line %d:\n got %+v\nwant %+v", form.name, i, got, w)
					}
				}
				for i, ids := range tc.ids {
					wantIDs(t, p.Lines[i], ids...)
				}
			}
		})
	}
}
