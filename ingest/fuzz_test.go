package ingest

import (
	"errors"
	"slices"
	"strings"
	"testing"
	"time"

	"marquee/store"
)

// fuzzParse seeds a fuzz target with a format's testdata files (plain and
// in the other encodings) and checks that Parse never panics, never returns
// both a result and an error, and that every result keeps the invariants
// the store relies on.
func fuzzParse(f *testing.F, name string, files ...string) {
	for _, file := range files {
		data := readTestdata(f, file)
		f.Add(data)
		f.Add(utf16With(data, false))
		f.Add(gz(f, data))
	}
	f.Fuzz(func(t *testing.T, data []byte) { parseChecked(t, name, data) })
}

// parseChecked parses data and checks the result's invariants, or that
// the error is one a user can read.
func parseChecked(t *testing.T, name string, data []byte) {
	// A hang is a bug too; Go's fuzzer has no per-input timeout, so crash
	// the worker (which saves the input) when one parse takes this long.
	hang := time.AfterFunc(10*time.Second, func() { panic("Parse has run for 10s") })
	defer hang.Stop()
	p, err := Parse(name, data)
	if (p == nil) == (err == nil) {
		t.Fatalf("result %v and error %v", p, err)
	}
	if err != nil {
		checkError(t, name, err)
		return
	}
	checkParsed(t, name, p)
}

var sentinels = []error{
	ErrUnknownFormat, ErrNumber, ErrDate, ErrCountry, ErrCurrency, ErrAudit, ErrPeriodFromName, ErrMissingColumn,
	ErrDuplicateColumn, ErrEncoding, ErrEmpty, ErrUnit, ErrSyntax, ErrRequired, ErrPeriod, ErrStatus, ErrArchive,
	ErrTooLarge, ErrTooLong,
}

func checkError(t *testing.T, name string, err error) {
	var pe *ParseError
	if !errors.As(err, &pe) || (pe.File != name && !strings.HasPrefix(pe.File, name+":")) || pe.Line < 0 || pe.Reason == "" {
		t.Fatalf("bad error %#v", err)
	}
	if !slices.ContainsFunc(sentinels, func(s error) bool { return errors.Is(err, s) }) {
		t.Fatalf("error wraps no sentinel: %v", err)
	}
}

func checkParsed(t *testing.T, name string, p *Parsed) {
	if !slices.Contains(Formats(), p.Format) {
		t.Fatalf("format %q", p.Format)
	}
	if p.Format == "ecb-rates" {
		for _, r := range p.Rates {
			if !isCurrencyCode(r.Currency) || !r.PerEUR.IsPositive() || r.Date < store.MinDate || r.Date > store.MaxDate {
				t.Fatalf("bad rate %+v", r)
			}
		}
		return
	}
	// One row is one line, except that a refunded Vimeo OTT row adds its reversal.
	if p.RowsRead > len(p.Lines) || (p.Format != "vimeo-ott" && p.RowsRead != len(p.Lines)) || p.Rates != nil {
		t.Fatalf("%d rows read, %d lines, %d rates", p.RowsRead, len(p.Lines), len(p.Rates))
	}
	var channels []string
	inRange := func(d store.Date) bool { return d >= store.MinDate && d <= store.MaxDate }
	for _, l := range p.Lines {
		currencyOK := isCurrencyCode(l.Currency)
		_, unitOK := normalizeUnit(l.Unit)
		switch {
		case l.Title == "" || normalizeTitle(l.Title) != l.Title, l.Channel == "" || normalizeTitle(l.Channel) != l.Channel:
			t.Fatalf("bad title or channel %+v", l)
		case !store.IsCountry(l.Country), !currencyOK, !unitOK:
			t.Fatalf("bad code %+v", l)
		case !inRange(l.ReportDate):
			t.Fatalf("bad report date %+v", l)
		case !l.HasInstant() && (!inRange(l.PeriodStart) || l.PeriodEnd < l.PeriodStart || !inRange(l.PeriodEnd)):
			t.Fatalf("bad period %+v", l)
		case l.Source.File != name && !strings.HasPrefix(l.Source.File, name+":") || l.Source.Line < 1 || len(l.Source.SHA256) != 64:
			t.Fatalf("bad source %+v", l.Source)
		case l.Episode != normalizeTitle(l.Episode), l.Adjustment != normalizeTitle(l.Adjustment), strings.TrimSpace(l.RawTitle) != l.RawTitle:
			t.Fatalf("bad episode, adjustment or raw title %+v", l)
		case slices.ContainsFunc(l.Identifiers, func(id string) bool { k, v, ok := strings.Cut(id, ":"); return !ok || k == "" || v == "" }):
			t.Fatalf("bad identifiers %q", l.Identifiers)
		}
		for _, id := range l.Identifiers {
			if scheme, value, ok := strings.Cut(id, ":"); !ok || scheme == "" || scheme != strings.ToLower(scheme) || value == "" || strings.TrimSpace(value) != value {
				t.Fatalf("bad identifier %q in %+v", id, l)
			}
		}
		if l.Episode != normalizeTitle(l.Episode) || l.Adjustment != normalizeTitle(l.Adjustment) {
			t.Fatalf("bad episode or adjustment %+v", l)
		}
		if !slices.Contains(channels, l.Channel) {
			channels = append(channels, l.Channel)
		}
	}
	slices.Sort(channels)
	if !slices.Equal(channels, p.Channels) {
		t.Fatalf("channels %q, lines have %q", p.Channels, channels)
	}
}

func FuzzAppleFinancial(f *testing.F) {
	fuzzParse(f, "apple_financial_0914.txt", afUS, afOld, "apple_financial_80012345_0914_ZZ.txt")
}

func FuzzAppleSales(f *testing.F) {
	fuzzParse(f, "apple_sales_20240601.txt.gz", asFile, "apple_sales_S_W_80012345_20100606.txt")
}

func FuzzAppleSalesDetailed(f *testing.F) {
	fuzzParse(f, "apple_sales_detailed_20240602.txt", adFile, adCents)
}

func FuzzGooglePlay(f *testing.F) {
	fuzzParse(f, "google_play_2024-06.csv", gpFile, "google_play_transactions_2024-07.csv")
}

func FuzzYouTubeSummary(f *testing.F) {
	fuzzParse(f, "youtube_summary_2024-06.csv", ytFile, "youtube_ad_revenue_2024-06.csv")
}

func FuzzYouTubePremium(f *testing.F) {
	fuzzParse(f, "youtube_red_rawdata_video_2024-06.csv", ypFile)
}

func FuzzYouTubeStudio(f *testing.F) {
	fuzzParse(f, "Content 2024-06-01_2024-06-30 Lantern Films.zip:Table data.csv", ysFile, ysOld)
}

func FuzzTubi(f *testing.F) {
	fuzzParse(f, "tubi_2024-06.csv", tbFile)
}

func FuzzPluto(f *testing.F) {
	fuzzParse(f, "pluto_2024_05.csv", plFile, "pluto_latam_2024_05.csv", "pluto_us_2021_q3.csv")
}

func FuzzAmazonPVD(f *testing.F) {
	fuzzParse(f, "amazon_pvd_earnings_2024-06.csv", azFile)
}

func FuzzVimeoOTT(f *testing.F) {
	files := []string{voFile}
	if v2Missing("subscriptions") == "" { // the store must know the unit first
		files = append(files, voSubs)
	}
	fuzzParse(f, "vimeo_ott_transactions_2024-06.csv", files...)
}

func FuzzCanonical(f *testing.F) {
	fuzzParse(f, "canonical.csv", cnFile, "canonical_reordered.csv")
}

func FuzzECBRates(f *testing.F) {
	fuzzParse(f, "eurofxref-hist.csv", ecFile)
}

// isCurrencyCode reports whether code is an accepted ISO 4217 code exactly
// as the store keeps it (upper case, untrimmed).
func isCurrencyCode(code string) bool {
	c, ok := normalizeCurrency(code)
	return ok && c == code
}
