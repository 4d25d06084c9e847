package ingest

import (
	"errors"
	"strings"
	"testing"
)

// mutate returns a testdata file with one substring replaced, so each
// rejection is tested on an otherwise realistic file.
func mutate(t *testing.T, file, old, new string) []byte {
	t.Helper()
	s := string(readTestdata(t, file))
	if !strings.Contains(s, old) {
		t.Fatalf("%s does not contain %q", file, old)
	}
	return []byte(strings.Replace(s, old, new, 1))
}

const (
	afUS   = "apple_financial_80012345_0914_US.txt"
	afOld  = "apple_financial_old_0613_GB.txt"
	asFile = "apple_sales_S_D_80012345_20240601.txt"
	gpFile = "google_play_earnings_2024-06.csv"
	ytFile = "youtube_video_summary_2024-06.csv"
	tbFile = "tubi_2024-06.csv"
	plFile = "pluto_lantern_2024-05.csv"
	cnFile = "canonical_lines.csv"
	ecFile = "eurofxref-hist.csv"
)

func TestParseRejects(t *testing.T) {
	cases := []struct {
		name string
		file string // the name given to Parse
		data func(t *testing.T) []byte
		kind error
		msg  string // the whole message, or a part of it
	}{
		// Numbers.
		{"number", tbFile, func(t *testing.T) []byte { return mutate(t, tbFile, ",980,", ",12x,") }, ErrNumber,
			`tubi_2024-06.csv line 3 column "IMPRESSIONS": "12x" is not a number`},
		{"exponent", tbFile, func(t *testing.T) []byte { return mutate(t, tbFile, "42.1234567890123", "1e400") }, ErrNumber,
			`tubi_2024-06.csv line 2 column "ESTIMATED PARTNER EARNINGS": "1e400" is not a number`},
		{"double minus", afUS, func(t *testing.T) []byte { return mutate(t, afUS, "\t-4.20\t", "\t--5\t") }, ErrNumber,
			`line 3 column "Extended Partner Share": "--5" is not a number`},
		{"NaN", cnFile, func(t *testing.T) []byte { return mutate(t, cnFile, ",47.88,", ",NaN,") }, ErrNumber, `line 2 column "amount": "NaN" is not a number`},
		{"Inf", cnFile, func(t *testing.T) []byte { return mutate(t, cnFile, ",47.88,", ",Inf,") }, ErrNumber, `"Inf" is not a number`},
		{"decimal comma", plFile, func(t *testing.T) []byte { return mutate(t, plFile, " $ 56.10 ", `" $ 56,10 "`) }, ErrNumber,
			`line 5 column "Net Revenue per Clip": " $ 56,10 " is not a number`},
		{"unquoted thousands", plFile, func(t *testing.T) []byte { return mutate(t, plFile, "$ 712.04", "$ 1,712.04") }, ErrSyntax,
			`pluto_lantern_2024-05.csv line 4: row has 11 cells but the header only 10 (an unquoted comma in a value?)`},
		{"empty quantity", ytFile, func(t *testing.T) []byte { return mutate(t, ytFile, ",312,", ",,") }, ErrNumber,
			`line 4 column "Owned Views": a number is required, the cell is empty`},
		{"bad footer", afUS, func(t *testing.T) []byte { return mutate(t, afUS, "Total_Units\t15", "Total_Units\tfifteen") }, ErrNumber, `line 9 column "Total_Units"`},
		{"zero rate", ecFile, func(t *testing.T) []byte { return mutate(t, ecFile, ",171.94,", ",0,") }, ErrNumber, `line 2 column "JPY": "0" is not a rate`},

		// Dates.
		{"february 30", afUS, func(t *testing.T) []byte {
			return mutate(t, afUS, "08/31/2014\t09/27/2014\t\t\tLF_NIGHTSHIFT", "02/30/2024\t09/27/2014\t\t\tLF_NIGHTSHIFT")
		}, ErrDate,
			`line 4 column "Start Date": "02/30/2024" is not a calendar date`},
		{"year 0", cnFile, func(t *testing.T) []byte { return mutate(t, cnFile, "2024-06-30,2024-06-01", "0000-06-30,2024-06-01") }, ErrDate,
			`line 2 column "report_date": "0000-06-30" is outside 1970-01-02..2199-12-31`},
		{"month 13", gpFile, func(t *testing.T) []byte { return mutate(t, gpFile, "2024-06-04", "2024-13-04") }, ErrDate, `line 6 column "Transaction Date"`},
		{"not a date", ytFile, func(t *testing.T) []byte { return mutate(t, ytFile, "20240602,OU", "June 2,OU") }, ErrDate, `"June 2" is not a date (MM/DD/YYYY, YYYY-MM-DD or YYYYMMDD)`},
		{"watched_at", cnFile, func(t *testing.T) []byte { return mutate(t, cnFile, "2024-06-14T21:30:00+02:00", "2024-06-14 21:30") }, ErrDate, `column "watched_at": "2024-06-14 21:30" is not an RFC 3339 instant`},
		{"ecb date", ecFile, func(t *testing.T) []byte { return mutate(t, ecFile, "1999-01-04", "1999-01-32") }, ErrDate, `line 4 column "Date"`},

		// Countries, currencies, units, status.
		{"country", gpFile, func(t *testing.T) []byte { return mutate(t, gpFile, "DE,2024-06-04", "Germany,2024-06-04") }, ErrCountry,
			`line 6 column "Country": "Germany" is not an ISO 3166-1 alpha-2 country code`},
		{"country code not assigned", asFile, func(t *testing.T) []byte { return mutate(t, asFile, "\tDE\t", "\tQQ\t") }, ErrCountry, `column "Country Code": "QQ"`},
		{"currency", afUS, func(t *testing.T) []byte { return mutate(t, afUS, "\t-4.20\tUSD\t", "\t-4.20\tXYZ\t") }, ErrCurrency,
			`line 3 column "Partner Share Currency": "XYZ" is not an ISO 4217 currency code`},
		{"currency symbol", cnFile, func(t *testing.T) []byte { return mutate(t, cnFile, ",EUR,", ",€,") }, ErrCurrency, `column "currency"`},
		{"ecb currency", ecFile, func(t *testing.T) []byte { return mutate(t, ecFile, ",JPY,", ",ABC,") }, ErrCurrency, `line 1 column "ABC"`},
		{"unit", cnFile, func(t *testing.T) []byte { return mutate(t, cnFile, ",minutes,", ",streams,") }, ErrUnit,
			`line 4 column "unit": "streams" is not a unit (one of units, views, impressions, sessions, minutes, hours, rentals, purchases, subscriptions)`},
		{"status", cnFile, func(t *testing.T) []byte { return mutate(t, cnFile, ",final", ",draft") }, ErrStatus, `line 3 column "status": "draft" is not a status`},

		// Audit.
		{"Total_Amount", afUS, func(t *testing.T) []byte { return mutate(t, afUS, "Total_Amount\t33.60", "Total_Amount\t33.61") }, ErrAudit,
			`line 8 column "Total_Amount": audit failed: Total_Amount is 33.61 but the rows' Extended Partner Share sums to 33.6`},
		{"Total_Rows", afUS, func(t *testing.T) []byte { return mutate(t, afUS, "Total_Rows\t4", "Total_Rows\t5") }, ErrAudit, `Total_Rows is 5 but the file has 4 data rows`},
		{"Total_Units", afUS, func(t *testing.T) []byte { return mutate(t, afUS, "Total_Units\t15", "Total_Units\t16") }, ErrAudit, `Total_Units is 16 but the rows' Quantity sums to 15`},
		{"Total_Amount: old form", afOld, func(t *testing.T) []byte { return mutate(t, afOld, "Total_Amount:8.40", "Total_Amount:8.04") }, ErrAudit, `column "Total_Amount"`},
		{"row dropped", afUS, func(t *testing.T) []byte {
			s := string(readTestdata(t, afUS))
			lines := strings.Split(s, "\n")
			return []byte(strings.Join(append(lines[:2:2], lines[3:]...), "\n"))
		}, ErrAudit, `Total_Rows is 4 but the file has 3 data rows`},
		{"footer twice", afUS, func(t *testing.T) []byte {
			return mutate(t, afUS, "Total_Units\t15", "Total_Units\t15\nTotal_Units\t15")
		}, ErrAudit, `Total_Units appears twice`},

		// Periods.
		{"name without period", "tubi_june.csv", func(t *testing.T) []byte { return readTestdata(t, tbFile) }, ErrPeriodFromName,
			`tubi_june.csv: name must contain YYYY-MM (or YYYY_MM, YYYYMM) for the report month, or YYYY_qN for a quarter, e.g. tubi_june_2024-06.csv; or pass --period YYYY-MM`},
		{"name month 13", "tubi_2024-13.csv", func(t *testing.T) []byte { return readTestdata(t, tbFile) }, ErrPeriodFromName,
			`tubi_2024-13.csv: "2024-13" in the name is not a month: name must contain YYYY-MM (or YYYY_MM, YYYYMM) for the report month, or YYYY_qN for a quarter, e.g. tubi_2024-06.csv`},
		{"pluto name", "pluto.csv.gz", func(t *testing.T) []byte { return gz(t, readTestdata(t, plFile)) }, ErrPeriodFromName, `e.g. pluto_2024-06.csv`},
		{"period backwards", asFile, func(t *testing.T) []byte {
			return mutate(t, asFile, "\t06/01/2024\t06/01/2024\tEUR\tDE", "\t06/01/2024\t05/31/2024\tEUR\tDE")
		}, ErrPeriod, `line 4 column "End Date": the period ends (2024-05-31) before it starts (2024-06-01)`},
		{"no period, no instant", cnFile, func(t *testing.T) []byte { return mutate(t, cnFile, ",2024-06-14T21:30:00+02:00,", ",,") }, ErrPeriod,
			`line 3 column "period_start": the row has neither watched_at nor period_start and period_end`},
		{"half period", cnFile, func(t *testing.T) []byte {
			return mutate(t, cnFile, "2024-06-30,2024-06-01,2024-06-30", "2024-06-30,2024-06-01,")
		}, ErrPeriod, `period_start is set but period_end is empty`},

		// Columns.
		{"missing column", afUS, func(t *testing.T) []byte { return mutate(t, afUS, "Country Of Sale", "Territory") }, ErrMissingColumn,
			`line 1 column "Country Of Sale": the header has no such column`},
		{"missing start date", afUS, func(t *testing.T) []byte { return mutate(t, afUS, "Start Date", "Begin") }, ErrMissingColumn, `line 1 column "Start Date"`},
		{"missing canonical title", cnFile, func(t *testing.T) []byte { return mutate(t, cnFile, ",title,", ",name,") }, ErrMissingColumn, `line 1 column "title"`},
		{"missing revenue", ytFile, func(t *testing.T) []byte { return mutate(t, ytFile, "Partner Revenue (Pro Rata + Per Sub)", "Revenue") }, ErrMissingColumn, `column "Partner Revenue"`},
		{"short row", tbFile, func(t *testing.T) []byte {
			return mutate(t, tbFile, "LANTERN01,980,2.5000000000001,2.5510", "LANTERN01,980")
		}, ErrMissingColumn,
			`line 3 column "ESTIMATED PARTNER EARNINGS": row has only 6 cells and ends before this column`},
		{"short ecb row", ecFile, func(t *testing.T) []byte { return mutate(t, ecFile, ",39.257,19.6390,", "") }, ErrMissingColumn, `line 3 column "THB"`},
		{"duplicate column", cnFile, func(t *testing.T) []byte { return mutate(t, cnFile, "transaction_id", "title") }, ErrDuplicateColumn,
			`line 1 column "title": column appears twice in the header (cells 4 and 12)`},
		// Two columns matching the prefix are an error only when no column
		// is named Partner Revenue exactly (see TestPartnerRevenueExactFirst).
		{"duplicate prefix column", ytFile, func(t *testing.T) []byte {
			return mutate(t, ytFile, "YouTube Revenue Split", "Partner Revenue (Auction)")
		}, ErrDuplicateColumn, `column "Partner Revenue`},
		{"duplicate ecb currency", ecFile, func(t *testing.T) []byte { return mutate(t, ecFile, ",GBP,", ",USD,") }, ErrDuplicateColumn, `column "USD"`},

		// Required values.
		{"empty title", tbFile, func(t *testing.T) []byte { return mutate(t, tbFile, "movie,The Long Road,", "movie,  ,") }, ErrRequired, `line 2 column "PROGRAM NAME": the title is empty`},
		{"empty channel", cnFile, func(t *testing.T) []byte { return mutate(t, cnFile, ",Kinow,", ",,") }, ErrRequired, `line 3 column "channel": the channel is empty`},

		// Layout.
		{"unknown format", "report.csv", func(*testing.T) []byte { return []byte("Week,Views,Revenue\n2024-06-01,10,1.00\n") }, ErrUnknownFormat,
			`report.csv: not a known report layout (tried apple-financial, apple-sales-detailed, apple-sales, google-play, youtube-premium, youtube-summary, youtube-studio, tubi, pluto, amazon-pvd, vimeo-ott, canonical, ecb-rates)`},
		{"two preamble rows for youtube", ytFile, func(t *testing.T) []byte {
			return append([]byte("Content owner: Lantern\n"), readTestdata(t, ytFile)...)
		}, ErrUnknownFormat, `tried`},
		{"wrong delimiter", tbFile, func(t *testing.T) []byte {
			return []byte(strings.ReplaceAll(string(readTestdata(t, tbFile)), ",", ";"))
		}, ErrUnknownFormat, `tried`},
		{"apple file saved as CSV", afUS, func(t *testing.T) []byte {
			return []byte(strings.ReplaceAll(string(readTestdata(t, afUS)), "\t", ","))
		}, ErrUnknownFormat, `tried`},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			p, err := Parse(tc.file, tc.data(t))
			if p != nil {
				t.Errorf("got a result with the error: %+v", p)
			}
			if !errors.Is(err, tc.kind) {
				t.Fatalf("error %v, want %v", err, tc.kind)
			}
			var pe *ParseError
			if !errors.As(err, &pe) || pe.File != tc.file {
				t.Errorf("not a *ParseError for %s: %#v", tc.file, err)
			}
			if !strings.Contains(err.Error(), tc.msg) {
				t.Errorf("message\n %s\ndoes not contain\n %s", err, tc.msg)
			}
		})
	}
}

func TestParseErrorMessage(t *testing.T) {
	cases := []struct {
		err  ParseError
		want string
	}{
		{ParseError{File: "tubi_2024-06.csv", Line: 7, Column: "IMPRESSIONS", Reason: `"12x" is not a number`, Err: ErrNumber},
			`tubi_2024-06.csv line 7 column "IMPRESSIONS": "12x" is not a number`},
		{ParseError{File: "a.csv", Line: 3, Reason: "quoted field never ends", Err: ErrSyntax}, `a.csv line 3: quoted field never ends`},
		{ParseError{File: "a.csv", Err: ErrEmpty}, `a.csv: empty file`},
	}
	for _, tc := range cases {
		if got := tc.err.Error(); got != tc.want {
			t.Errorf("got %s, want %s", got, tc.want)
		}
		if !errors.Is(&tc.err, tc.err.Err) {
			t.Errorf("%v does not unwrap", tc.err)
		}
	}
}
