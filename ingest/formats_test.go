package ingest

import (
	"bytes"
	"errors"
	"slices"
	"testing"

	"marquee/store"
)

const (
	E = store.Estimated
	F = store.Final
)

// formatCases are the testdata files with every line item they must give.
var formatCases = []struct {
	file     string
	format   string
	rowsRead int
	channels []string
	lines    []line
}{
	{
		// Footers audited; a return (R, negative); a title with runs of
		// spaces; a title with quotes (tab files have no quoting).
		file: "apple_financial_80012345_0914_US.txt", format: "apple-financial", rowsRead: 4, channels: []string{"iTunes"},
		lines: []line{
			{"The Long Road", "iTunes", "US", "2014-09-27", "2014-08-31", "2014-09-27", "", "3", "units", "12.60", "USD", F, "", 2},
			{"The Long Road", "iTunes", "US", "2014-09-27", "2014-08-31", "2014-09-27", "", "-1", "units", "-4.20", "USD", F, "", 3},
			{`Night Shift "Director's Cut"`, "iTunes", "US", "2014-09-27", "2014-08-31", "2014-09-27", "", "12", "units", "25.20", "USD", F, "", 4},
			{`Night Shift "Director's Cut"`, "iTunes", "US", "2014-09-27", "2014-08-31", "2014-09-27", "", "1", "units", "0", "USD", F, "", 5},
		},
	},
	{
		// Older layout: UTF-8 BOM, CRLF, `Sale or Return`,
		// `Artist/Show/Developer`, `Total_Amount:X`, country UK.
		file: "apple_financial_old_0613_GB.txt", format: "apple-financial", rowsRead: 3, channels: []string{"iTunes"},
		lines: []line{
			{"The Long Road", "iTunes", "GB", "2013-06-29", "2013-06-02", "2013-06-29", "", "2", "units", "7.00", "GBP", F, "", 2},
			{"The Long Road", "iTunes", "IE", "2013-06-29", "2013-06-02", "2013-06-29", "", "1", "units", "3.50", "GBP", F, "", 3},
			{"Night Shift", "iTunes", "GB", "2013-06-29", "2013-06-02", "2013-06-29", "", "-2", "units", "-2.10", "GBP", F, "", 4},
		},
	},
	{
		// amount = Units × Royalty Price, exactly; a return; JPY.
		file: "apple_sales_S_D_80012345_20240601.txt", format: "apple-sales", rowsRead: 5, channels: []string{"iTunes"},
		lines: []line{
			{"The Long Road", "iTunes", "US", "2024-06-01", "2024-06-01", "2024-06-01", "", "2", "units", "8.3832", "USD", E, "", 2},
			{"The Long Road", "iTunes", "GB", "2024-06-01", "2024-06-01", "2024-06-01", "", "1", "units", "3.4930", "GBP", E, "", 3},
			{"Night Shift", "iTunes", "DE", "2024-06-01", "2024-06-01", "2024-06-01", "", "3", "units", "6.30", "EUR", E, "", 4},
			{"Night Shift", "iTunes", "FR", "2024-06-01", "2024-06-01", "2024-06-01", "", "-1", "units", "-2.10", "EUR", E, "", 5},
			{"Night Shift", "iTunes", "JP", "2024-06-01", "2024-06-01", "2024-06-01", "", "1", "units", "349", "JPY", E, "", 6},
		},
	},
	{
		// Preamble; currency codes in header names; rentals vs purchases;
		// refunds (Yes, Chargeback) vs `No`; UK and empty countries;
		// an episode titled by its show; a quoted title with a comma.
		file: "google_play_earnings_2024-06.csv", format: "google-play", rowsRead: 6, channels: []string{"Google Play"},
		lines: []line{
			{"The Long Road", "Google Play", "US", "2024-06-03", "2024-06-03", "2024-06-03", "", "1", "purchases", "10.4930", "USD", E, "", 5},
			{"The Long Road", "Google Play", "DE", "2024-06-04", "2024-06-04", "2024-06-04", "", "1", "rentals", "2.7930", "USD", E, "", 6},
			{"Love, Interrupted", "Google Play", "GB", "2024-06-05", "2024-06-05", "2024-06-05", "", "1", "rentals", "3.4930", "USD", E, "", 7},
			{"The Long Road", "Google Play", "US", "2024-06-09", "2024-06-09", "2024-06-09", "", "-1", "purchases", "-10.4930", "USD", E, "", 8},
			{"Harbour Lights", "Google Play", "zz", "2024-06-11", "2024-06-11", "2024-06-11", "", "1", "purchases", "1.3930", "USD", E, "", 9},
			{"The Long Road", "Google Play", "FR", "2024-06-30", "2024-06-30", "2024-06-30", "", "-1", "rentals", "-2.7930", "USD", E, "", 10},
		},
	},
	{
		// One preamble row; YYYYMMDD days; `"1,204"`; blank revenue is
		// zero; ZZ and OU are unknown; revenue column matched by prefix.
		file: "youtube_video_summary_2024-06.csv", format: "youtube-summary", rowsRead: 5, channels: []string{"YouTube"},
		lines: []line{
			{"The Long Road - Official Trailer", "YouTube", "US", "2024-06-01", "2024-06-01", "2024-06-01", "", "1204", "views", "0.551494", "USD", E, "", 3},
			{"The Long Road - Official Trailer", "YouTube", "GB", "2024-06-01", "2024-06-01", "2024-06-01", "", "312", "views", "0.127613", "USD", E, "", 4},
			{"The Long Road - Official Trailer", "YouTube", "zz", "2024-06-01", "2024-06-01", "2024-06-01", "", "7", "views", "0", "USD", E, "", 5},
			{"Night Shift (Full Movie)", "YouTube", "zz", "2024-06-02", "2024-06-02", "2024-06-02", "", "88", "views", "0.244444", "USD", E, "", 6},
			{"Night Shift (Full Movie)", "YouTube", "US", "2024-06-02", "2024-06-02", "2024-06-02", "", "0", "views", "-0.012222", "USD", E, "", 7},
		},
	},
	{
		// Period from the name; 13-decimal earnings kept whole.
		file: "tubi_2024-06.csv", format: "tubi", rowsRead: 3, channels: []string{"Tubi"},
		lines: []line{
			{"The Long Road", "Tubi", "zz", "2024-06-30", "2024-06-01", "2024-06-30", "", "12345", "impressions", "42.1234567890123", "USD", E, "", 2},
			{"Harbour Lights", "Tubi", "zz", "2024-06-30", "2024-06-01", "2024-06-30", "", "980", "impressions", "2.5000000000001", "USD", E, "", 3},
			{"Harbour Lights", "Tubi", "zz", "2024-06-30", "2024-06-01", "2024-06-30", "", "0", "impressions", "0", "USD", E, "", 4},
		},
	},
	{
		// Banner; blank row of commas; header with an empty first cell;
		// ` $ 712.04 `, ` $ -   `, `"383,670"`; Clip Name when Series Name
		// is empty; Total row skipped; CRLF.
		file: "pluto_lantern_2024-05.csv", format: "pluto", rowsRead: 3, channels: []string{"Pluto TV"},
		lines: []line{
			{"Harbour Lights", "Pluto TV", "zz", "2024-05-31", "2024-05-01", "2024-05-31", "", "383670", "sessions", "712.04", "USD", E, "", 4},
			{"Harbour Lights", "Pluto TV", "zz", "2024-05-31", "2024-05-01", "2024-05-31", "", "30118", "sessions", "56.10", "USD", E, "", 5},
			{"The Long Road", "Pluto TV", "zz", "2024-05-31", "2024-05-01", "2024-05-31", "", "812", "sessions", "0", "USD", E, "", 6},
		},
	},
	{
		// LatAm: Channel Name, no TVMs or Sessions (quantity 0); YYYY_MM
		// name; `$ (1.25)`; TOTAL in capitals skipped.
		file: "pluto_latam_2024_05.csv", format: "pluto", rowsRead: 2, channels: []string{"Pluto TV"},
		lines: []line{
			{"El Largo Camino", "Pluto TV", "zz", "2024-05-31", "2024-05-01", "2024-05-31", "", "0", "sessions", "12.50", "USD", E, "", 5},
			{"Luces del Puerto", "Pluto TV", "zz", "2024-05-31", "2024-05-01", "2024-05-31", "", "0", "sessions", "-1.25", "USD", E, "", 6},
		},
	},
	{
		// Any channel; watched_at instead of a period; transaction ids;
		// status; lower-case country; `"1,250.00"`; `(12.00)`.
		file: "canonical_lines.csv", format: "canonical", rowsRead: 4, channels: []string{"Festival Screenings", "Kinow", "Vimeo On Demand"},
		lines: []line{
			{"The Long Road", "Vimeo On Demand", "US", "2024-06-30", "2024-06-01", "2024-06-30", "", "12", "rentals", "47.88", "USD", E, "", 2},
			{"The Long Road", "Kinow", "FR", "2024-06-30", "", "", "2024-06-14T21:30:00+02:00", "1", "purchases", "9.99", "EUR", F, "KN-000123", 3},
			{"Night Shift", "Festival Screenings", "zz", "2024-07-15", "2024-06-01", "2024-06-30", "", "340", "minutes", "1250.00", "GBP", E, "", 4},
			{"Night Shift", "Festival Screenings", "GB", "2024-07-15", "2024-06-01", "2024-06-30", "2024-06-20T10:00:00Z", "-1", "units", "-12.00", "GBP", F, "FS-77", 5},
		},
	},
	{
		// Columns in another order, no optional columns.
		file: "canonical_reordered.csv", format: "canonical", rowsRead: 1, channels: []string{"Indie Streamer"},
		lines: []line{
			{"Harbour Lights", "Indie Streamer", "JP", "2024-06-08", "2024-06-01", "2024-06-07", "", "1000000", "views", "0.000000000001", "JPY", E, "", 2},
		},
	},
}

func TestParseFormats(t *testing.T) {
	for _, tc := range formatCases {
		t.Run(tc.file, func(t *testing.T) {
			data := readTestdata(t, tc.file)
			p, err := Parse(tc.file, data)
			if err != nil {
				t.Fatal(err)
			}
			if p.Format != tc.format || p.RowsRead != tc.rowsRead || !slices.Equal(p.Channels, tc.channels) {
				t.Errorf("format %q rows %d channels %q; want %q %d %q", p.Format, p.RowsRead, p.Channels, tc.format, tc.rowsRead, tc.channels)
			}
			if p.Rates != nil {
				t.Errorf("line format gave rates")
			}
			checkLines(t, tc.file, data, p, tc.lines)
		})
	}
}

// TestParseEncodings reads every line format through every encoding and
// compression FORMATS.md allows: the items must not change, only the hash.
func TestParseEncodings(t *testing.T) {
	variants := []struct {
		name   string
		suffix string
		encode func(testing.TB, []byte) []byte
	}{
		{"utf8-bom-toggled", "", func(_ testing.TB, b []byte) []byte {
			if bytes.HasPrefix(b, []byte("\xef\xbb\xbf")) {
				return b[3:]
			}
			return append([]byte("\xef\xbb\xbf"), b...)
		}},
		{"utf16le", "", func(_ testing.TB, b []byte) []byte { return utf16With(b, false) }},
		{"utf16be", "", func(_ testing.TB, b []byte) []byte { return utf16With(b, true) }},
		{"gzip", ".gz", gz},
		{"gzip-utf16le", ".gz", func(t testing.TB, b []byte) []byte { return gz(t, utf16With(b, false)) }},
	}
	for _, tc := range formatCases {
		for _, v := range variants {
			t.Run(tc.file+"/"+v.name, func(t *testing.T) {
				data := v.encode(t, readTestdata(t, tc.file))
				name := tc.file + v.suffix
				p, err := Parse(name, data)
				if err != nil {
					t.Fatal(err)
				}
				if p.Format != tc.format {
					t.Fatalf("format %q, want %q", p.Format, tc.format)
				}
				checkLines(t, name, data, p, tc.lines)
			})
		}
	}
}

func TestParseECBRates(t *testing.T) {
	for _, enc := range []string{"plain", "gzip"} {
		t.Run(enc, func(t *testing.T) {
			data := readTestdata(t, "eurofxref-hist.csv")
			name := "eurofxref-hist.csv"
			if enc == "gzip" {
				data, name = gz(t, data), name+".gz"
			}
			p, err := Parse(name, data)
			if err != nil {
				t.Fatal(err)
			}
			if p.Format != "ecb-rates" || p.RowsRead != 3 || p.Lines != nil || p.Channels != nil {
				t.Fatalf("format %q rows %d lines %d channels %q", p.Format, p.RowsRead, len(p.Lines), p.Channels)
			}
			// 41 columns: 30 rates a day in 2024 (11 N/A), 32 in 1999 (9 N/A).
			if len(p.Rates) != 30+30+32 {
				t.Errorf("%d rates", len(p.Rates))
			}
			want := []struct {
				i        int
				date     string
				currency string
				perEUR   string
			}{
				{0, "2024-06-28", "USD", "1.0705"},
				{1, "2024-06-28", "JPY", "171.94"},
				{2, "2024-06-28", "BGN", "1.9558"},
				{3, "2024-06-28", "CZK", "25.042"}, // CYP is N/A
				{29, "2024-06-28", "ZAR", "19.4970"},
				{30, "2024-06-27", "USD", "1.0700"},
				{60, "1999-01-04", "USD", "1.1789"},
				{62, "1999-01-04", "CYP", "0.58231"}, // BGN is N/A
				{len(p.Rates) - 1, "1999-01-04", "ZAR", "6.9358"},
			}
			for _, w := range want {
				r := p.Rates[w.i]
				if r.Date.String() != w.date || r.Currency != w.currency || r.PerEUR.String() != normDec(t, w.perEUR) {
					t.Errorf("rate %d = %s %s %s, want %s %s %s", w.i, r.Date, r.Currency, r.PerEUR, w.date, w.currency, w.perEUR)
				}
			}
			for _, r := range p.Rates {
				if r.Currency == "EEK" && r.Date.String() != "1999-01-04" {
					t.Errorf("N/A became a rate: %+v", r)
				}
			}
		})
	}
}

// Tubi's figures carry 13 decimals: all of them must survive, trailing
// zeros included, since the store sums them exactly.
func TestTubiKeepsThirteenDecimals(t *testing.T) {
	p, err := Parse("tubi_2024-06.csv", readTestdata(t, "tubi_2024-06.csv"))
	if err != nil {
		t.Fatal(err)
	}
	for i, want := range []string{"42.1234567890123", "2.5000000000001", "0.0000000000000"} {
		if got := p.Lines[i].Amount.StringFixed(13); got != want || p.Lines[i].Amount.Exponent() != -13 {
			t.Errorf("line %d amount %s (exp %d), want %s", i, got, p.Lines[i].Amount.Exponent(), want)
		}
	}
}

func TestFormats(t *testing.T) {
	want := []string{"apple-financial", "apple-sales-detailed", "apple-sales", "google-play", "youtube-premium", "youtube-summary", "youtube-studio", "tubi", "pluto", "amazon-pvd", "vimeo-ott", "canonical", "ecb-rates"}
	if got := Formats(); !slices.Equal(got, want) {
		t.Errorf("Formats() = %q", got)
	}
	Formats()[0] = "mutated"
	if Formats()[0] != want[0] {
		t.Error("Formats shares its slice")
	}
}

// Parse keeps no shared state: many files at once, under -race, give the
// same items as one at a time.
func TestParseConcurrent(t *testing.T) {
	done := make(chan error)
	for range 4 {
		for _, tc := range formatCases {
			data := readTestdata(t, tc.file)
			go func() {
				p, err := Parse(tc.file, data)
				if err == nil && len(p.Lines) != len(tc.lines) {
					err = errors.New(tc.file + ": wrong number of lines")
				}
				done <- err
			}()
		}
	}
	for range 4 * len(formatCases) {
		if err := <-done; err != nil {
			t.Error(err)
		}
	}
}
