package ingest

import (
	"errors"
	"slices"
	"strings"
	"testing"

	"github.com/shopspring/decimal"

	"marquee/store"
)

// Files as the channels write them (FORMATS.md v2), one rule each. Every
// case was rejected or mis-read by the v1 adapters.

var appleSalesHeader = []string{"Provider", "Provider Country", "Vendor Identifier", "UPC", "ISRC", "Artist / Show", "Title",
	"Label/Studio/Network", "Product Type Identifier", "Units", "Royalty Price", "Begin Date", "End Date", "Customer Currency",
	"Country Code", "Royalty Currency", "PreOrder", "ISAN", "Apple Identifier", "Customer Price", "CMA", "Asset/Content Flavor",
	"Vendor Offer Code", "Grid", "Promo Code", "Parent Identifier", "Parent Type Id", "Primary Genre"}

// appleSalesRow fills the named cells of an apple-sales row; the rest are
// a single space, as Apple leaves empty cells.
func appleSalesRow(header []string, cells map[string]string) []string {
	row := make([]string, len(header))
	for i, h := range header {
		row[i] = " "
		if v, ok := cells[h]; ok {
			row[i] = v
		}
	}
	return row
}

func film(title, units, price, country string) map[string]string {
	return map[string]string{"Provider": "APPLE", "Vendor Identifier": "LF_LONGROAD_HD", "Artist / Show": "Jane Doe", "Title": title,
		"Units": units, "Royalty Price": price, "Begin Date": "06/01/2024", "End Date": "06/01/2024", "Customer Currency": "USD",
		"Country Code": country, "Royalty Currency": "USD", "Apple Identifier": "912345678", "Customer Price": "1.29"}
}

func table(delim string, rows ...[]string) []byte {
	var b strings.Builder
	for _, r := range rows {
		b.WriteString(strings.Join(r, delim))
		b.WriteString("\n")
	}
	return []byte(b.String())
}

func TestV2Rules(t *testing.T) {
	renamed := slices.Clone(appleSalesHeader)
	renamed[slices.Index(renamed, "Title")] = "Title / Episode / Season"
	renamedFilm := film("The Long Road", "1", "4.19", "US")
	renamedFilm["Title / Episode / Season"] = "The Long Road"
	episode := film("Pilot", "3", ".70", "GB")
	episode["Artist / Show"] = "Harbour Lights"
	episode["Parent Identifier"] = "HL_S1"
	episode["Vendor Identifier"] = "HL_S1E1"

	cases := []struct {
		name, file string
		data       []byte
		check      func(t *testing.T, p *Parsed)
	}{
		{"a price without a leading zero", "apple_sales_S_D_80012345_20240601.txt",
			table("\t", appleSalesHeader, appleSalesRow(appleSalesHeader, film("The Long Road", "2", ".97", "US"))),
			func(t *testing.T, p *Parsed) { wantAmount(t, p.Lines[0], "1.94") }},
		{"Title / Episode / Season", "apple_sales_S_D_80012345_20100601.txt",
			table("\t", renamed, appleSalesRow(renamed, renamedFilm)),
			func(t *testing.T, p *Parsed) { wantTitle(t, p.Lines[0], "The Long Road", "", "The Long Road") }},
		{"a blank Country Code is unknown", "apple_sales_S_D_80012345_20240601.txt",
			table("\t", appleSalesHeader, appleSalesRow(appleSalesHeader, film("The Long Road", "1", "4.19", " "))),
			func(t *testing.T, p *Parsed) { wantCountry(t, p.Lines[0], store.Unknown) }},
		{"an Apple TV episode sells under its series", "apple_sales_S_D_80012345_20240601.txt",
			table("\t", appleSalesHeader, appleSalesRow(appleSalesHeader, episode)),
			func(t *testing.T, p *Parsed) {
				wantTitle(t, p.Lines[0], "Harbour Lights", "Pilot", "Pilot")
				wantAmount(t, p.Lines[0], "2.10")
				wantIDs(t, p.Lines[0], "vendor:HL_S1E1", "apple:912345678", "apple-parent:HL_S1")
			}},
		{"header names in another case and spacing", "apple_financial_80012345_0914_US.txt",
			table("\t",
				[]string{"start date", "END DATE", "UPC", "ISRC / ISBN", "Vendor Identifier", "Quantity", "Partner Share", "Extended  Partner Share",
					"Partner share currency", "Sale or Return", "Apple Identifier", "Artist / Show / Developer / Author", "Title", "Region", "Country of Sale"},
				[]string{"08/31/2014", "09/27/2014", "", "", "LF_LONGROAD_HD", "3", "4.20", "12.60", "USD", "S", "912345678", "Jane Doe", "The Long Road", "Americas", "US"},
				[]string{"08/31/2014", "09/27/2014", "", "", "LF_LONGROAD_HD", "1", "4.20", "4.20", "USD", "S", "912345678", "Jane Doe", "The Long Road", "Americas", ""},
			),
			func(t *testing.T, p *Parsed) {
				wantAmount(t, p.Lines[0], "12.60")
				wantCountry(t, p.Lines[1], store.Unknown)
				wantIDs(t, p.Lines[0], "vendor:LF_LONGROAD_HD", "apple:912345678")
			}},
		{"Apple's per-country summary block is audited, not data", "apple_financial_80012345_0914_ZZ.txt",
			appleSingleFile("3", "12.60"),
			func(t *testing.T, p *Parsed) {
				if len(p.Lines) != 3 || p.RowsRead != 3 {
					t.Fatalf("%d lines, %d rows", len(p.Lines), p.RowsRead)
				}
			}},
		{"YouTube's five Partner Revenue columns: the exact name is the total", "youtube_ad_revenue_2024-06.csv",
			[]byte("Adjustment Type,Day,Country,Video ID,Channel ID,Asset ID,Video Title,Owned Views,YouTube Revenue Split," +
				"Partner Revenue (Auction),Partner Revenue (Reserved),Partner Revenue (Partner Sold YouTube Served),Partner Revenue (Partner Sold Partner Served),Partner Revenue\n" +
				"None,20240601,US,dQw4w9WgXcQ,UCx1,A1,The Long Road - Official Trailer,1204,0.5,0.30,0.10,0.05,0.02,0.47\n"),
			func(t *testing.T, p *Parsed) { wantAmount(t, p.Lines[0], "0.47") }},
		{"YouTube adjustment rows are kept with their type", "youtube_ad_revenue_2024-06.csv",
			[]byte("Adjustment Type,Day,Country,Video ID,Asset ID,Custom ID,Video Title,Owned Views,Partner Revenue\n" +
				"None,20240601,US, -x8Kq2Lm,A1,LR-TRAILER,The Long Road - Official Trailer,10,0.47\n" +
				"Backpay,20240601,US, -x8Kq2Lm,A1,LR-TRAILER,The Long Road - Official Trailer,0,0.12\n" +
				"Spam Adjustment,20240602,US, -x8Kq2Lm,A1,LR-TRAILER,The Long Road - Official Trailer,-3,-0.02\n"),
			func(t *testing.T, p *Parsed) {
				if len(p.Lines) != 3 {
					t.Fatalf("%d lines", len(p.Lines))
				}
				for i, want := range []string{"", "Backpay", "Spam Adjustment"} {
					if p.Lines[i].Adjustment != want {
						t.Errorf("line %d: adjustment %q, want %q", i, p.Lines[i].Adjustment, want)
					}
				}
				wantIDs(t, p.Lines[2], "youtube:-x8Kq2Lm", "youtube-asset:A1", "youtube-custom:LR-TRAILER")
			}},
		{"Google VOD is a rental, EST a purchase", "google_play_earnings_2024-06.csv",
			[]byte("Per Transaction Report\nStart Date: 2024-06-01\nEnd Date: 2024-06-30\n\n" +
				"Country,Transaction Date,Name of Title,Season Title,Show Title,Transaction Type,Refund/Chargeback,Final Partner Earnings (USD),EIDR Title ID,YouTube Video ID\n" +
				"US,2024-06-03,The Long Road,,,VOD,No,2.79,10.5240/AAAA-BBBB,yt123\n" +
				"US,2024-06-04,The Long Road,,,EST,No,10.49,10.5240/AAAA-BBBB,\n" +
				"US,2024-06-05,Pilot,Season 1,Harbour Lights,EST,,1.39,,\n" +
				"US,2024-06-06,The Long Road,,,Bundle,,3.00,,\n"),
			func(t *testing.T, p *Parsed) {
				for i, want := range []string{"rentals", "purchases", "purchases", "units"} {
					if p.Lines[i].Unit != want {
						t.Errorf("line %d: unit %s, want %s", i, p.Lines[i].Unit, want)
					}
				}
				wantTitle(t, p.Lines[2], "Harbour Lights", "Pilot", "Pilot")
				wantIDs(t, p.Lines[0], "eidr:10.5240/AAAA-BBBB", "youtube:yt123")
				if want := []string{`1 row: Transaction Type "Bundle" is not a rental or a purchase; counted as units`}; !slices.Equal(p.Notes, want) {
					t.Errorf("notes %q, want %q", p.Notes, want)
				}
			}},
		{"Pluto's quarterly layout has the month on each row", "pluto_us_2021_q3.csv",
			[]byte("Month,Series,Title,Clip Name,Season #,Episode #,Total Viewing Minutes,Sessions,Revenue by Title\n" +
				"2021-07,Harbour Lights,Pilot,Harbour Lights S1E1,1,1,\"12,400\",\"1,530\",$ 41.20 \n" +
				"Aug 2021,,The Long Road,The Long Road,,,-,0, $ -   \n" +
				"9/1/21,,,Night Shift Clip,,,900,80,3.05\n" +
				"Total,,,,,,,,44.25\n"),
			func(t *testing.T, p *Parsed) {
				if len(p.Lines) != 3 {
					t.Fatalf("%d lines", len(p.Lines))
				}
				wantTitle(t, p.Lines[0], "Harbour Lights", "Pilot", "Pilot")
				wantTitle(t, p.Lines[1], "The Long Road", "", "The Long Road")
				wantTitle(t, p.Lines[2], "Night Shift Clip", "", "Night Shift Clip")
				for i, m := range []string{"2021-07", "2021-08", "2021-09"} {
					l := p.Lines[i]
					if l.PeriodStart.Month().String() != m || l.PeriodEnd.Month().String() != m || l.PeriodStart.Month().First() != l.PeriodStart {
						t.Errorf("line %d: period %s..%s, want %s", i, l.PeriodStart, l.PeriodEnd, m)
					}
				}
				wantAmount(t, p.Lines[0], "41.20")
				if !p.Lines[0].Quantity.Equal(dec("1530")) || p.Lines[0].Unit != "sessions" {
					t.Errorf("quantity %s %s", p.Lines[0].Quantity, p.Lines[0].Unit)
				}
			}},
		{"a quarter in a file name", "pluto_us_2021_q3.csv", readTestdata(t, "pluto_lantern_2024-05.csv"),
			func(t *testing.T, p *Parsed) {
				if l := p.Lines[0]; l.PeriodStart.String() != "2021-07-01" || l.PeriodEnd.String() != "2021-09-30" {
					t.Errorf("period %s..%s", l.PeriodStart, l.PeriodEnd)
				}
			}},
		{"the unit subscriptions", "lines.csv",
			[]byte("report_date,period_start,period_end,title,channel,country,quantity,unit,amount,currency\n" +
				"2024-06-30,2024-06-01,2024-06-30,The Long Road,Vimeo OTT,US,1,subscriptions,4.99,USD\n"),
			func(t *testing.T, p *Parsed) {
				if p.Lines[0].Unit != "subscriptions" {
					t.Errorf("unit %s", p.Lines[0].Unit)
				}
			}},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			p, err := Parse(tc.file, tc.data)
			if err != nil {
				t.Fatal(err)
			}
			checkParsed(t, tc.file, p)
			tc.check(t, p)
		})
	}
}

// appleSingleFile is an "All Countries/Territories (Single File)" report
// whose summary gives US USD the quantity and amount passed.
func appleSingleFile(usQuantity, usAmount string) []byte {
	return table("\t",
		[]string{"Start Date", "End Date", "UPC", "ISRC/ISBN", "Vendor Identifier", "Quantity", "Partner Share", "Extended Partner Share",
			"Partner Share Currency", "Sales or Return", "Apple Identifier", "Artist/Show/Developer/Author", "Title",
			"Label/Studio/Network/Developer/Publisher", "Grid", "Product Type Identifier", "ISAN/Other Identifier", "Country Of Sale",
			"Pre-order Flag", "Promo Code", "Customer Price", "Customer Currency"},
		[]string{"08/31/2014", "09/27/2014", "", "", "LF_LONGROAD_HD", "3", "4.20", "12.60", "USD", "S", "912345678", "Jane Doe", "The Long Road",
			"Lantern Films LLC", "", "D", "", "US", "", "", "5.99", "USD"},
		[]string{"08/31/2014", "09/27/2014", "", "", "LF_LONGROAD_HD", "2", "3.50", "7.00", "GBP", "S", "912345678", "Jane Doe", "The Long Road",
			"Lantern Films LLC", "", "D", "", "GB", "", "", "4.99", "GBP"},
		[]string{"08/31/2014", "09/27/2014", "", "", "LF_LONGROAD_HD", "-1", "3.50", "-3.50", "GBP", "R", "912345678", "Jane Doe", "The Long Road",
			"Lantern Films LLC", "", "D", "", "GB", "", "", "4.99", "GBP"},
		[]string{""},
		[]string{"Country Of Sale", "Partner Share Currency", "Quantity", "Extended Partner Share", "Earned", "Pre-Tax Subtotal"},
		[]string{"US", "USD", usQuantity, usAmount, "12.60", "12.60"},
		[]string{"GB", "GBP", "1", "3.50", "3.50", "3.50"},
	)
}

func TestAppleSummaryAuditRejectsAMismatch(t *testing.T) {
	cases := []struct {
		data []byte
		want string
	}{
		{appleSingleFile("4", "12.60"), `line 7 column "Quantity": audit failed: the summary gives US USD a Quantity of 4 but its data rows sum to 3`},
		{appleSingleFile("3", "12.61"), `line 7 column "Extended Partner Share": audit failed: the summary gives US USD an Extended Partner Share of 12.61 but its data rows sum to 12.6`},
		{bytesWithout(appleSingleFile("3", "12.60"), "GB\tGBP\t1\t3.50\t3.50\t3.50\n"), "the data rows have sales in GB GBP that the per-country summary does not list"},
		{append(appleSingleFile("3", "12.60"), "FR\tEUR\t1\t1.00\t1.00\t1.00\n"...), `line 9 column "Quantity": audit failed: the summary gives FR EUR a Quantity of 1 but its data rows sum to 0`},
	}
	for _, tc := range cases {
		_, err := Parse("apple_financial_80012345_0914_ZZ.txt", tc.data)
		if !errors.Is(err, ErrAudit) || !strings.Contains(err.Error(), tc.want) {
			t.Errorf("got %v, want an audit error containing %q", err, tc.want)
		}
	}
}

func bytesWithout(b []byte, s string) []byte { return []byte(strings.Replace(string(b), s, "", 1)) }

func wantAmount(t *testing.T, l store.LineItem, want string) {
	t.Helper()
	if !l.Amount.Equal(dec(want)) {
		t.Errorf("amount %s, want %s", l.Amount, want)
	}
}

func wantCountry(t *testing.T, l store.LineItem, want string) {
	t.Helper()
	if l.Country != want {
		t.Errorf("country %q, want %q", l.Country, want)
	}
}

func wantTitle(t *testing.T, l store.LineItem, title, episode, raw string) {
	t.Helper()
	if l.Title != title || l.Episode != episode || l.RawTitle != raw {
		t.Errorf("title %q episode %q raw %q; want %q %q %q", l.Title, l.Episode, l.RawTitle, title, episode, raw)
	}
}

func wantIDs(t *testing.T, l store.LineItem, want ...string) {
	t.Helper()
	if !slices.Equal(l.Identifiers, want) {
		t.Errorf("identifiers %q, want %q", l.Identifiers, want)
	}
}

func dec(s string) decimal.Decimal { return decimal.RequireFromString(s) }
