package ingest

import (
	"bytes"
	"errors"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/shopspring/decimal"

	"marquee/store"
)

const (
	adFile  = "apple_sales_detailed_S_D_80012345_20240602.txt"
	adCents = "apple_sales_detailed_S_D_80012345_20240603.txt"
	ypFile  = "youtube_red_rawdata_video_2024-06.csv"
	ysFile  = "youtube_studio_2024-06-01_2024-06-30.csv"
	ysOld   = "youtube_studio_2023-10-01_2023-12-31.csv"
	azFile  = "amazon_pvd_earnings_2024-06.csv"
	voFile  = "vimeo_ott_transactions_2024-06.csv"
	voSubs  = "vimeo_ott_subscriptions_2024-06.csv"
)

// catalog is what a line keeps for the title catalog, per line item.
type catalog struct {
	raw, episode string
	ids          []string
	adjustment   string
}

// newLayoutCases are the testdata files of the v2 layouts with every line
// item they must give, catalog fields included.
var newLayoutCases = []struct {
	file     string
	format   string
	rowsRead int
	channels []string
	// needs names a v2 behaviour of the shared helpers that the file relies
	// on (see v2Missing); the case is skipped while it is missing.
	needs   string
	lines   []line
	catalog []catalog
}{
	{
		// Instants in Pacific time (one past midnight UTC); the local report
		// date, or the download day where it is blank; a return written
		// positive with R, its order id suffixed; an episode under its
		// series (whitespace runs in its name collapsed); a day without a
		// time is a period; a blank country; a short last row.
		file: adFile, format: "apple-sales-detailed", rowsRead: 5, channels: []string{"iTunes"},
		lines: []line{
			{"The Long Road", "iTunes", "US", "2024-06-02", "", "", "2024-06-02T14:23:11-07:00", "1", "units", "13.99", "USD", E, "MLX4Q2P7KJ:LF_LONGROAD_HD", 2},
			{"The Long Road", "iTunes", "GB", "2024-06-03", "", "", "2024-06-02T23:40:05-07:00", "1", "units", "3.4930", "GBP", E, "MLX9T3W1ZQ:LF_LONGROAD_HD", 3},
			{"The Long Road", "iTunes", "US", "2024-06-02", "", "", "2024-06-02T18:02:47-07:00", "-1", "units", "-13.99", "USD", E, "MLX4Q2P7KJ:LF_LONGROAD_HD-return", 4},
			{"Harbour Lights", "iTunes", "DE", "2024-06-02", "2024-06-02", "2024-06-02", "", "1", "units", "1.39", "EUR", E, "MLXB7R4D2N:LF_HARBOUR_S1E03", 5},
			{"Night Shift", "iTunes", "zz", "2024-06-02", "", "", "2024-06-02T07:05:00-07:00", "1", "units", "349", "JPY", E, "MLXC1K8V5S:LF_NIGHTSHIFT", 6},
		},
		catalog: []catalog{
			{raw: "The Long Road", ids: []string{"vendor:LF_LONGROAD_HD", "apple:912345678", "isan:0000-0003-1A2B-0000-X-0000-0000-Y", "upc:859712345678"}},
			{raw: "The Long Road", ids: []string{"vendor:LF_LONGROAD_HD", "apple:912345678"}},
			{raw: "The Long Road", ids: []string{"vendor:LF_LONGROAD_HD", "apple:912345678", "isan:0000-0003-1A2B-0000-X-0000-0000-Y", "upc:859712345678"}},
			{raw: "Low Tide", episode: "Low Tide", ids: []string{"vendor:LF_HARBOUR_S1E03", "apple:923456701", "apple-parent:LF_HARBOUR_S1"}},
			{raw: "Night Shift", ids: []string{"vendor:LF_NIGHTSHIFT", "apple:912345679"}},
		},
	},
	{
		// Prices below 1 without a leading zero (.70, .97); headers spelled
		// `Artist/Show`, `Sale / Return`, `Order ID`, `Download date (PST)`;
		// CRLF; a return already written negative stays negative.
		file: adCents, format: "apple-sales-detailed", rowsRead: 3, channels: []string{"iTunes"},
		needs: "numbers",
		lines: []line{
			{"Harbour Lights", "iTunes", "FR", "2024-06-03", "", "", "2024-06-03T09:15:30-07:00", "1", "units", "0.70", "EUR", E, "MLXD4F6H8J:LF_HARBOUR_S1E01", 2},
			{"Harbour Lights", "iTunes", "FR", "2024-06-03", "", "", "2024-06-03T11:00:00-07:00", "-1", "units", "-0.70", "EUR", E, "MLXD4F6H8J:LF_HARBOUR_S1E01-return", 3},
			{"Paper Boats", "iTunes", "AU", "2024-06-04", "2024-06-03", "2024-06-03", "", "3", "units", "2.91", "AUD", E, "MLXE2G5K9L:LF_SHORTS_01", 4},
		},
		catalog: []catalog{
			{raw: "First Light", episode: "First Light", ids: []string{"vendor:LF_HARBOUR_S1E01", "apple:923456699", "apple-parent:LF_HARBOUR_S1"}},
			{raw: "First Light", episode: "First Light", ids: []string{"vendor:LF_HARBOUR_S1E01", "apple:923456699", "apple-parent:LF_HARBOUR_S1"}},
			{raw: "Paper Boats", ids: []string{"vendor:LF_SHORTS_01", "apple:934567801"}},
		},
	},
	{
		// UTF-8 BOM; a title row; watch time in minutes with a thousands
		// comma; a space before an id starting with `-`; a quoted title with
		// a comma; a blank revenue and a blank watch time are zero; `ZZ`;
		// a blank row; Backpay for an earlier day and a Revenue Correction
		// kept with their type; no Custom ID on one row.
		file: ypFile, format: "youtube-premium", rowsRead: 6, channels: []string{"YouTube"},
		lines: []line{
			{"The Long Road (Full Movie)", "YouTube", "US", "2024-06-01", "2024-06-01", "2024-06-01", "", "1834.25", "minutes", "0.5", "USD", E, "", 3},
			{"The Long Road (Full Movie)", "YouTube", "GB", "2024-06-01", "2024-06-01", "2024-06-01", "", "212.5", "minutes", "0.0626", "USD", E, "", 4},
			{"Night Shift, Director's Cut", "YouTube", "DE", "2024-06-02", "2024-06-02", "2024-06-02", "", "96.75", "minutes", "0.024444", "USD", E, "", 5},
			{"The Long Road (Full Movie)", "YouTube", "zz", "2024-06-02", "2024-06-02", "2024-06-02", "", "0.5", "minutes", "0", "USD", E, "", 6},
			{"The Long Road (Full Movie)", "YouTube", "US", "2024-05-15", "2024-05-15", "2024-05-15", "", "0", "minutes", "0.122222", "USD", E, "", 8},
			{"The Long Road (Full Movie)", "YouTube", "US", "2024-06-01", "2024-06-01", "2024-06-01", "", "0", "minutes", "-0.012222", "USD", E, "", 9},
		},
		catalog: []catalog{
			{raw: "The Long Road (Full Movie)", ids: []string{"youtube:dQw4w9WgXcQ", "youtube-asset:A123456789", "youtube-custom:LR-FEATURE"}},
			{raw: "The Long Road (Full Movie)", ids: []string{"youtube:dQw4w9WgXcQ", "youtube-asset:A123456789", "youtube-custom:LR-FEATURE"}},
			{raw: "Night Shift, Director's Cut", ids: []string{"youtube:-Xy3kLm9PqR", "youtube-asset:A123456790"}},
			{raw: "The Long Road (Full Movie)", ids: []string{"youtube:dQw4w9WgXcQ", "youtube-asset:A123456789", "youtube-custom:LR-FEATURE"}},
			{raw: "The Long Road (Full Movie)", ids: []string{"youtube:dQw4w9WgXcQ", "youtube-asset:A123456789", "youtube-custom:LR-FEATURE"}, adjustment: "Backpay"},
			{raw: "The Long Road  (Full Movie)", ids: []string{"youtube:dQw4w9WgXcQ", "youtube-asset:A123456789", "youtube-custom:LR-FEATURE"}, adjustment: "Revenue Correction"},
		},
	},
	{
		// The period from the range in the name; the Total row skipped; a
		// blank revenue is zero; a quoted title with doubled quotes; an id
		// starting with `-`; columns Studio adds that marquee does not read.
		file: ysFile, format: "youtube-studio", rowsRead: 3, channels: []string{"YouTube"},
		lines: []line{
			{"The Long Road - Official Trailer", "YouTube", "zz", "2024-06-30", "2024-06-01", "2024-06-30", "", "12011", "views", "11.204", "USD", E, "", 3},
			{"Night Shift (Full Movie)", "YouTube", "zz", "2024-06-30", "2024-06-01", "2024-06-30", "", "3001", "views", "37.308", "USD", E, "", 4},
			{`Behind the Scenes: "The Long Road"`, "YouTube", "zz", "2024-06-30", "2024-06-01", "2024-06-30", "", "222", "views", "0", "USD", E, "", 5},
		},
		catalog: []catalog{
			{raw: "The Long Road - Official Trailer", ids: []string{"youtube:dQw4w9WgXcQ"}},
			{raw: "Night Shift (Full Movie)", ids: []string{"youtube:kX9pLm2Qr7s"}},
			{raw: `Behind the Scenes: "The Long Road"`, ids: []string{"youtube:-Ab3dEf6GhI"}},
		},
	},
	{
		// An older export: `Your estimated revenue (USD)`, no Views column
		// (quantity 0), `Video Title` capitalised, a quarter's range,
		// `"1,190.00"`, whitespace runs in a title.
		file: ysOld, format: "youtube-studio", rowsRead: 2, channels: []string{"YouTube"},
		lines: []line{
			{"Night Shift (Full Movie)", "YouTube", "zz", "2023-12-31", "2023-10-01", "2023-12-31", "", "0", "views", "1190.00", "USD", E, "", 3},
			{"The Long Road - Official Trailer", "YouTube", "zz", "2023-12-31", "2023-10-01", "2023-12-31", "", "0", "views", "14.88", "USD", E, "", 4},
		},
		catalog: []catalog{
			{raw: "Night Shift  (Full Movie)", ids: []string{"youtube:kX9pLm2Qr7s"}},
			{raw: "The Long Road - Official Trailer", ids: []string{"youtube:dQw4w9WgXcQ"}},
		},
	},
	{
		// UTF-8 BOM; `Title / ItemSet ID` and `Is refund` spelled apart from
		// the contract; rentals and purchases by Quantity; a refund written
		// positive and one written negative; UK; hours streamed with a
		// thousands comma; free-with-ads by impressions where no time was
		// streamed, by hours where some was; episodes under their item set;
		// a blank row; whitespace runs kept in the raw title (trimmed).
		file: azFile, format: "amazon-pvd", rowsRead: 7, channels: []string{"Amazon Prime Video"},
		lines: []line{
			{"The Long Road", "Amazon Prime Video", "US", "2024-06-30", "2024-06-01", "2024-06-30", "", "12", "rentals", "23.94", "USD", F, "", 2},
			{"The Long Road", "Amazon Prime Video", "US", "2024-06-30", "2024-06-01", "2024-06-30", "", "3", "purchases", "19.49", "USD", F, "", 3},
			{"The Long Road", "Amazon Prime Video", "GB", "2024-06-30", "2024-06-01", "2024-06-30", "", "-1", "rentals", "-1.25", "GBP", F, "", 4},
			{"The Long Road", "Amazon Prime Video", "US", "2024-06-30", "2024-06-01", "2024-06-30", "", "1204.5", "hours", "602.25", "USD", F, "", 5},
			{"Harbour Lights - Season 1", "Amazon Prime Video", "DE", "2024-06-30", "2024-06-01", "2024-06-30", "", "12400", "impressions", "49.60", "EUR", F, "", 7},
			{"Harbour Lights - Season 1", "Amazon Prime Video", "DE", "2024-06-30", "2024-06-01", "2024-06-30", "", "31.5", "hours", "1.60", "EUR", F, "", 8},
			{"Night Shift", "Amazon Prime Video", "CA", "2024-06-30", "2024-06-01", "2024-06-30", "", "-1", "purchases", "-4.99", "CAD", F, "", 9},
		},
		catalog: []catalog{
			{raw: "The Long Road", ids: []string{"asin:B0CLR1ROAD", "amazon:amzn1.dv.gti.4f1a9c2e-long-road"}},
			{raw: "The Long Road", ids: []string{"asin:B0CLR1ROAD", "amazon:amzn1.dv.gti.4f1a9c2e-long-road"}},
			{raw: "The Long Road", ids: []string{"asin:B0CLR1ROAD", "amazon:amzn1.dv.gti.4f1a9c2e-long-road"}},
			{raw: "The  Long Road", ids: []string{"asin:B0CLR1ROAD", "amazon:amzn1.dv.gti.4f1a9c2e-long-road"}},
			{raw: "Low Tide", episode: "Low Tide", ids: []string{"asin:B0CHARB103", "amazon:amzn1.dv.gti.77c0e5d1-harbour-s1e3"}},
			{raw: "First Light", episode: "First Light", ids: []string{"asin:B0CHARB101", "amazon:amzn1.dv.gti.77c0e5d1-harbour-s1e1"}},
			{raw: "Night Shift", ids: []string{"asin:B0CNIGHTSH", "amazon:amzn1.dv.gti.9d3b7a40-night-shift"}},
		},
	},
	{
		// `YYYY-MM-DD HH:MM:SS UTC`, RFC 3339 and `+0000` instants; amount
		// less the Vimeo fee; a refunded rental adds a reversal at the refund
		// instant (next month) with its own transaction id; a blank country;
		// a quoted title with a comma; whitespace runs kept in the raw title;
		// customer columns (user_email) not read.
		file: voFile, format: "vimeo-ott", rowsRead: 4, channels: []string{"Vimeo OTT"},
		lines: []line{
			{"The Long Road", "Vimeo OTT", "US", "2024-06-03", "", "", "2024-06-03T18:22:10Z", "1", "rentals", "4.24", "USD", E, "81234001", 2},
			{"The Long Road", "Vimeo OTT", "GB", "2024-06-05", "", "", "2024-06-05T09:00:00Z", "1", "purchases", "13.74", "USD", E, "81234002", 3},
			{"Night Shift, Director's Cut", "Vimeo OTT", "DE", "2024-06-28", "", "", "2024-06-28T23:50:00Z", "1", "rentals", "3.29", "USD", E, "81234003", 4},
			{"Night Shift, Director's Cut", "Vimeo OTT", "DE", "2024-07-01", "", "", "2024-07-01T08:15:00Z", "-1", "rentals", "-3.29", "USD", E, "81234003-refund", 4},
			{"Harbour Lights: The Complete Series", "Vimeo OTT", "zz", "2024-06-30", "", "", "2024-06-30T22:10:05Z", "1", "purchases", "18.49", "USD", E, "81234004", 5},
		},
		catalog: []catalog{
			{raw: "The Long Road", ids: []string{"vimeo:55012"}},
			{raw: "The Long Road", ids: []string{"vimeo:55012"}},
			{raw: "Night Shift, Director's Cut", ids: []string{"vimeo:55013"}},
			{raw: "Night Shift, Director's Cut", ids: []string{"vimeo:55013"}},
			{raw: "Harbour  Lights: The Complete Series", ids: []string{"vimeo:55020"}},
		},
	},
	{
		// Subscriptions: `country` for `country_code` (lower case `gb`); a
		// charge without a product named after the site; a renewal (units
		// 2) still one; an instant without a zone is UTC; a same-day refund.
		file: voSubs, format: "vimeo-ott", rowsRead: 4, channels: []string{"Vimeo OTT"},
		needs: "subscriptions",
		lines: []line{
			{"Lantern Films Club", "Vimeo OTT", "US", "2024-06-01", "", "", "2024-06-01T00:00:04Z", "1", "subscriptions", "5.10", "USD", E, "90001001", 2},
			{"Lantern Films Club - Annual", "Vimeo OTT", "CA", "2024-06-02", "", "", "2024-06-02T12:00:00Z", "1", "subscriptions", "55.89", "USD", E, "90001002", 3},
			{"Lantern Films Club", "Vimeo OTT", "GB", "2024-06-15", "", "", "2024-06-15T07:30:00Z", "1", "subscriptions", "5.10", "USD", E, "90001003", 4},
			{"Lantern Films Club - Annual", "Vimeo OTT", "AU", "2024-06-20", "", "", "2024-06-20T10:00:00Z", "1", "subscriptions", "55.89", "USD", E, "90001004", 5},
			{"Lantern Films Club - Annual", "Vimeo OTT", "AU", "2024-06-20", "", "", "2024-06-20T16:45:00Z", "-1", "subscriptions", "-55.89", "USD", E, "90001004-refund", 5},
		},
		catalog: []catalog{
			{raw: "Lantern Films Club"},
			{raw: "Lantern Films Club - Annual", ids: []string{"vimeo:77001"}},
			{raw: "Lantern Films Club"},
			{raw: "Lantern Films Club - Annual", ids: []string{"vimeo:77001"}},
			{raw: "Lantern Films Club - Annual", ids: []string{"vimeo:77001"}},
		},
	},
}

// v2Missing says why a case that needs a v2 behaviour of the shared
// helpers (another branch's work) cannot pass yet, or "" once it is there:
// the skip lifts itself when the branches are merged.
func v2Missing(needs string) string {
	switch needs {
	case "numbers":
		if _, ok := parseNumber(".97"); !ok {
			return "needs v2 numbers without a leading zero (.97) from the ingest branch"
		}
	case "subscriptions":
		if !slices.Contains(store.Units, "subscriptions") {
			return "needs the subscriptions unit (store.Units) from the ingest branch"
		}
	}
	return ""
}

func TestParseNewLayouts(t *testing.T) {
	for _, tc := range newLayoutCases {
		t.Run(tc.file, func(t *testing.T) {
			if why := v2Missing(tc.needs); why != "" {
				t.Skip(why)
			}
			data := readTestdata(t, tc.file)
			p, err := Parse(tc.file, data)
			if err != nil {
				t.Fatal(err)
			}
			if p.Format != tc.format || p.RowsRead != tc.rowsRead || !slices.Equal(p.Channels, tc.channels) {
				t.Errorf("format %q rows %d channels %q; want %q %d %q", p.Format, p.RowsRead, p.Channels, tc.format, tc.rowsRead, tc.channels)
			}
			checkLines(t, tc.file, data, p, tc.lines)
			checkCatalog(t, tc.file, p, tc.catalog)
		})
	}
}

// TestParseNewLayoutsEncoded reads every v2 file with its BOM toggled, as
// UTF-16LE and gzipped: the line items must not change.
func TestParseNewLayoutsEncoded(t *testing.T) {
	variants := []struct {
		name, suffix string
		encode       func(testing.TB, []byte) []byte
	}{
		{"utf8-bom-toggled", "", func(_ testing.TB, b []byte) []byte {
			if bytes.HasPrefix(b, []byte("\xef\xbb\xbf")) {
				return b[3:]
			}
			return append([]byte("\xef\xbb\xbf"), b...)
		}},
		{"utf16le", "", func(_ testing.TB, b []byte) []byte { return utf16With(b, false) }},
		{"gzip", ".gz", gz},
	}
	for _, tc := range newLayoutCases {
		for _, v := range variants {
			t.Run(tc.file+"/"+v.name, func(t *testing.T) {
				if why := v2Missing(tc.needs); why != "" {
					t.Skip(why)
				}
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
				checkCatalog(t, name, p, tc.catalog)
			})
		}
	}
}

func checkCatalog(t *testing.T, name string, p *Parsed, want []catalog) {
	t.Helper()
	if len(want) != len(p.Lines) {
		t.Fatalf("%s: %d catalog rows for %d lines", name, len(want), len(p.Lines))
	}
	for i, w := range want {
		g := p.Lines[i]
		if g.RawTitle != w.raw || g.Episode != w.episode || !slices.Equal(g.Identifiers, w.ids) || g.Adjustment != w.adjustment {
			t.Errorf("%s line item %d: raw %q episode %q ids %q adjustment %q\nwant raw %q episode %q ids %q adjustment %q",
				name, i, g.RawTitle, g.Episode, g.Identifiers, g.Adjustment, w.raw, w.episode, w.ids, w.adjustment)
		}
	}
}

// TestYouTubeStudioPeriod: Table data has no dates; the range comes from
// the name of the file or of its archive, and without one the file is
// rejected with a message that says what to do.
func TestYouTubeStudioPeriod(t *testing.T) {
	data := readTestdata(t, ysFile)
	cases := []struct {
		name     string
		from, to string // "" for a rejection
		reason   string
	}{
		{"Content 2024-06-01_2024-06-30 Lantern Films.zip:Table data.csv", "2024-06-01", "2024-06-30", ""},
		{"/exports/2023-01-01_2023-12-31/Content 2024-05-01_2024-05-31.zip:Table data.csv", "2024-05-01", "2024-05-31", ""},
		{"Table data 2024-06-15_2024-06-15.csv", "2024-06-15", "2024-06-15", ""},
		{"Table data.csv", "", "", "--period 2024-06-01..2024-06-30"},
		{"Table data 2024-06-31_2024-07-30.csv", "", "", `"2024-06-31_2024-07-30" in the name is not a date range`},
		{"Table data 2024-06-30_2024-06-01.csv", "", "", `"2024-06-30_2024-06-01" in the name is not a date range`},
		{"Table data 12024-06-01_2024-06-30.csv", "", "", "does not say which dates it covers"},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			p, err := Parse(tc.name, data)
			if tc.from == "" {
				if !errors.Is(err, ErrPeriodFromName) || !strings.Contains(err.Error(), tc.reason) {
					t.Fatalf("error %v, want ErrPeriodFromName saying %q", err, tc.reason)
				}
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			for _, l := range p.Lines {
				if l.PeriodStart.String() != tc.from || l.PeriodEnd.String() != tc.to || l.ReportDate.String() != tc.to {
					t.Fatalf("period %s..%s report %s, want %s..%s", l.PeriodStart, l.PeriodEnd, l.ReportDate, tc.from, tc.to)
				}
			}
		})
	}
}

// Chart data and Totals repeat Table data by day: no adapter may take
// them, so that an archive lists them as skipped and a loose copy is
// rejected rather than counted twice.
func TestYouTubeStudioChartAndTotalsAreNotReports(t *testing.T) {
	for _, file := range []string{"youtube_studio_Chart data.csv", "youtube_studio_Totals.csv"} {
		_, err := Parse(file, readTestdata(t, file))
		if !errors.Is(err, ErrUnknownFormat) {
			t.Errorf("%s: %v, want ErrUnknownFormat", file, err)
		}
	}
}

// Overlapping Vimeo exports import each transaction once: the rows the
// second export repeats, the refund's reversal included, are duplicates.
func TestVimeoOTTOverlappingExportsImportOnce(t *testing.T) {
	im := testImporter(t)
	dir := t.TempDir()
	first := readTestdata(t, voFile)
	r := im.ImportBytes(filepath.Join(dir, "vimeo_june.csv"), first)
	if r.Rejected() || r.Record.Stored != 5 || r.Record.Duplicates != 0 {
		t.Fatalf("first export %+v", r)
	}
	lines := strings.SplitAfter(string(first), "\n")
	overlap := lines[0] + lines[3] + lines[4] +
		"81234005,55012,The Long Road,rental,4321,Lantern Films,4.99,499,USD,0.00,0,0.75,75,4.99,499,3300230,1,,,,2024-07-02 10:00:00 UTC,,FR,completed,jo@example.fr\n"
	r = im.ImportBytes(filepath.Join(dir, "vimeo_june_july.csv"), []byte(overlap))
	if r.Rejected() || r.Record.Stored != 1 || r.Record.Duplicates != 3 {
		t.Fatalf("overlapping export %+v, want 1 stored and 3 duplicates", r)
	}
	if got, pending := revenue(t, im.Account); !got.Equal(decimal.RequireFromString("40.71")) || pending != 0 {
		t.Fatalf("revenue %s (%d pending), want 40.71", got, pending)
	}
}

// TestParseNewLayoutsRejects: what the v2 layouts refuse, each on an
// otherwise realistic file, with the sentence a user reads.
func TestParseNewLayoutsRejects(t *testing.T) {
	cases := []struct {
		name, file string
		old, new   string // the file with old replaced by new
		kind       error
		msg        string
	}{
		{"apple unknown sale or return", adFile, "\t06/02/2024\tS\tUSD\tUS", "\t06/02/2024\tX\tUSD\tUS", ErrStatus,
			`line 2 column "Sale/Return": "X" is neither S (sale) nor R (return)`},
		{"apple bad download time", adFile, "06/02/2024 14:23:11", "06/02/2024 25:23:11", ErrDate,
			`line 2 column "Download Date (PST)": "06/02/2024 25:23:11" is not a date and time (MM/DD/YYYY HH:MM:SS)`},
		{"apple bad download day", adFile, "06/02/2024 14:23:11", "02/30/2024 14:23:11", ErrDate, `line 2 column "Download Date (PST)": "02/30/2024 14:23:11" is not a calendar date`},
		{"apple episode without series column", adFile, "Artist / Show", "Artist", ErrMissingColumn,
			`line 5 column "Parent Identifier": an episode row (Parent Identifier set) needs the Artist / Show column for its series`},
		{"apple episode without series", adFile, "Harbour  Lights ", " ", ErrRequired, `line 5 column "Artist / Show": the title is empty`},
		{"apple no order id column", adFile, "Order Id", "Order", ErrMissingColumn, `line 1 column "Order Id": the header has no such column`},
		{"premium bad day", ypFile, "Backpay,20240515,", "Backpay,20240532,", ErrDate, `line 8 column "Day": "20240532" is not a calendar date`},
		{"premium bad watch time", ypFile, ",212.5,", ",212,5,", ErrSyntax, `line 4`},
		{"studio bad views", ysFile, ",3001,", ",3.001k,", ErrNumber, `line 4 column "Views": "3.001k" is not a number`},
		{"studio empty title", ysFile, "kX9pLm2Qr7s,Night Shift (Full Movie),", "kX9pLm2Qr7s,,", ErrRequired, `line 4 column "Video title": the title is empty`},
		{"amazon unknown refund flag", azFile, ",12,No,", ",12,Maybe,", ErrStatus, `line 2 column "Is refund": "Maybe" is neither Yes nor No`},
		{"amazon empty consumption type", azFile, ",Buy,HD,12.99,", ",,HD,12.99,", ErrRequired, `line 3 column "Consumption Type": the consumption type is empty`},
		{"amazon period backwards", azFile, "72%,2024-06-01,2024-06-30\n", "72%,2024-07-01,2024-06-30\n", ErrPeriod, `line 2 column "Period End": the period ends (2024-06-30) before it starts (2024-07-01)`},
		{"amazon territory", azFile, ",NA,CA,", ",NA,Canada,", ErrCountry, `line 9 column "Territory": "Canada" is not an ISO 3166-1 alpha-2 country code`},
		{"vimeo unknown purchase type", voFile, "55012,The Long Road,rental,", "55012,The Long Road,gift,", ErrUnit,
			`line 2 column "purchase_type": "gift" is not a purchase type marquee knows (rental, purchase or subscription)`},
		{"vimeo refund before sale", voFile, "2024-07-01 08:15:00 UTC", "2024-06-01 08:15:00 UTC", ErrPeriod,
			`line 4 column "refunded_at": the refund (2024-06-01T08:15:00Z) is dated before the sale (2024-06-28T23:50:00Z)`},
		{"vimeo bad instant", voFile, "2024-06-03 18:22:10 UTC", "03/06/2024 18:22", ErrDate,
			`line 2 column "created_at": "03/06/2024 18:22" is not a date and time (YYYY-MM-DD HH:MM:SS [UTC] or RFC 3339)`},
		{"vimeo empty instant", voFile, "2024-06-03 18:22:10 UTC", "", ErrDate, `line 2 column "created_at": a date and time is required, the cell is empty`},
		{"vimeo empty id", voFile, "81234002,", ",", ErrRequired, `line 3 column "id": the transaction id is empty`},
		{"vimeo bad fee", voFile, ",0.75,75,", ",0.75 USD,75,", ErrNumber, `line 2 column "vhx_fee": "0.75 USD" is not a number`},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			p, err := Parse(tc.file, mutate(t, tc.file, tc.old, tc.new))
			if p != nil {
				t.Errorf("got a result with the error: %+v", p)
			}
			if !errors.Is(err, tc.kind) || !strings.Contains(err.Error(), tc.msg) {
				t.Fatalf("error\n %v\nwant %v containing\n %s", err, tc.kind, tc.msg)
			}
		})
	}
}

// exportRange with `import --period`: it gives a range to a name without
// one, agrees with a name that has the same, and is refused when the two
// disagree. (The ingest branch's Stream.Period feeds it at the merge.)
func TestYouTubeStudioExportRangeWithPeriod(t *testing.T) {
	day := func(s string) store.Date {
		d, err := parseDate(s)
		if err != nil {
			t.Fatal(err)
		}
		return d
	}
	june1, june30, may1, may31 := day("2024-06-01"), day("2024-06-30"), day("2024-05-01"), day("2024-05-31")
	cases := []struct {
		name             string
		givenFrom, given store.Date
		from, to         store.Date
		reason           string
	}{
		{"Table data.csv", june1, june30, june1, june30, ""},
		{"Table data 2024-06-31_2024-07-30.csv", june1, june30, june1, june30, ""}, // a bad range in the name, overridden
		{"Content 2024-06-01_2024-06-30.zip:Table data.csv", june1, june30, june1, june30, ""},
		{"Content 2024-06-01_2024-06-30.zip:Table data.csv", may1, may31, 0, 0,
			"the name says the period is 2024-06-01..2024-06-30 but --period says 2024-05-01..2024-05-31; rename the file or drop --period"},
		{"Table data.csv", 0, 0, 0, 0, "a YouTube Studio export does not say which dates it covers"},
	}
	for _, tc := range cases {
		from, to, reason := exportRange(tc.name, tc.givenFrom, tc.given)
		if from != tc.from || to != tc.to || !strings.Contains(reason, tc.reason) || (tc.reason == "") != (reason == "") {
			t.Errorf("%s with %s..%s: %s..%s %q, want %s..%s %q", tc.name, tc.givenFrom, tc.given, from, to, reason, tc.from, tc.to, tc.reason)
		}
	}
}
