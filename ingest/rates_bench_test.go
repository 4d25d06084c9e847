package ingest

import (
	"archive/zip"
	"bytes"
	"fmt"
	"path/filepath"
	"testing"
	"time"

	"marquee/store"
)

// ecbCurrencies is the column set of the real eurofxref-hist.csv, with the
// day each currency's rates begin and end there (zero: still quoted). The
// withdrawn ones (CYP, ROL, TRL…) are N/A after their last day, as in the
// ECB's file, and ROL and TRL are written as integers.
var ecbCurrencies = []struct {
	code     string
	from, to string
	rate     float64
}{
	{"USD", "", "", 1.0705}, {"JPY", "", "", 171.94}, {"BGN", "2000-07-19", "", 1.9558},
	{"CYP", "", "2007-12-31", 0.5853}, {"CZK", "", "", 25.042}, {"DKK", "", "", 7.4575},
	{"EEK", "", "2010-12-31", 15.6466}, {"GBP", "", "", 0.84638}, {"HUF", "", "", 395.20},
	{"LTL", "", "2014-12-31", 3.4528}, {"LVL", "", "2013-12-31", 0.7028}, {"MTL", "", "2007-12-31", 0.4293},
	{"PLN", "", "", 4.3090}, {"ROL", "", "2005-06-30", 36000}, {"RON", "2005-07-01", "", 4.9768},
	{"SEK", "", "", 11.3595}, {"SIT", "", "2006-12-29", 239.64}, {"SKK", "", "2008-12-31", 30.126},
	{"CHF", "", "", 0.9634}, {"ISK", "", "", 149.10}, {"NOK", "", "", 11.4130}, {"HRK", "", "2022-12-30", 7.5365},
	{"RUB", "", "2022-03-01", 80.12}, {"TRL", "", "2004-12-31", 1800000}, {"TRY", "2005-01-03", "", 35.1223},
	{"AUD", "", "", 1.6079}, {"BRL", "", "", 5.8915}, {"CAD", "", "", 1.4670}, {"CNY", "", "", 7.7748},
	{"HKD", "", "", 8.3594}, {"IDR", "", "", 17487.81}, {"ILS", "", "", 4.0251}, {"INR", "", "", 89.2495},
	{"KRW", "", "", 1475.18}, {"MXN", "", "", 19.5654}, {"MYR", "", "", 5.0501}, {"NZD", "", "", 1.7588},
	{"PHP", "", "", 62.757}, {"SGD", "", "", 1.4513}, {"THB", "", "", 39.324}, {"ZAR", "", "", 19.4970},
}

// extraCurrencies widen a scaled-up history: real ISO 4217 codes the ECB
// does not quote, so that a 4× file has four times the rates of the real one.
var extraCurrencies = []string{"AED", "ARS", "BDT", "BHD", "CLP", "COP", "EGP", "GHS", "JOD", "KES",
	"KWD", "KZT", "LKR", "MAD", "NGN", "OMR", "PEN", "PKR", "QAR", "SAR", "TND", "TWD", "UAH", "VND",
	"XOF", "UYU", "BOB", "PYG", "DZD", "ETB", "TZS", "UGX", "ZMW", "GEL", "AMD", "AZN", "BYN", "MDL",
	"MKD", "RSD", "ALL"}

// ecbHistory writes a eurofxref-hist.csv the way the ECB does: newest first,
// working days only from the first day back, a trailing comma on every row,
// N/A outside a currency's life. wide adds the extra currencies (4× needs
// both more days and more columns: 1970 bounds how far back days go).
func ecbHistory(last string, days int, wide bool) []byte {
	var b bytes.Buffer
	b.WriteString("Date")
	type cur struct {
		code     string
		from, to time.Time
		rate     float64
		integer  bool
	}
	var cs []cur
	parse := func(s string) time.Time {
		if s == "" {
			return time.Time{}
		}
		t, _ := time.Parse(time.DateOnly, s)
		return t
	}
	for _, c := range ecbCurrencies {
		cs = append(cs, cur{c.code, parse(c.from), parse(c.to), c.rate, c.code == "ROL" || c.code == "TRL"})
	}
	if wide {
		for i, code := range extraCurrencies {
			cs = append(cs, cur{code: code, rate: 3.5 + float64(i)})
		}
	}
	for _, c := range cs {
		b.WriteString("," + c.code)
	}
	b.WriteString(",\n")
	d := parse(last)
	for n := 0; n < days; d = d.AddDate(0, 0, -1) {
		if wd := d.Weekday(); wd == time.Saturday || wd == time.Sunday {
			continue
		}
		b.WriteString(d.Format(time.DateOnly))
		for i, c := range cs {
			switch {
			case !c.from.IsZero() && d.Before(c.from), !c.to.IsZero() && d.After(c.to):
				b.WriteString(",N/A")
			case c.integer:
				fmt.Fprintf(&b, ",%d", int64(c.rate)+int64(n%97))
			default:
				// A wobble that keeps four or five significant places.
				fmt.Fprintf(&b, ",%.4f", c.rate*(1+float64((n*7+i*13)%200-100)/2000))
			}
		}
		b.WriteString(",\n")
		n++
	}
	return b.Bytes()
}

// fullHistoryDays is the real file's row count on 2025-11-28: every working
// day since 1999-01-04.
const fullHistoryDays = 6_747

func zipOf(tb testing.TB, name string, data []byte) []byte {
	tb.Helper()
	var b bytes.Buffer
	zw := zip.NewWriter(&b)
	w, err := zw.Create(name)
	if err != nil {
		tb.Fatal(err)
	}
	w.Write(data)
	if err := zw.Close(); err != nil {
		tb.Fatal(err)
	}
	return b.Bytes()
}

// BenchmarkImportECBHistory imports the full ECB history, zipped as the ECB
// ships it, into a fresh store holding some pending lines, and files twice
// and four times its size: the time must grow with the file, not faster.
func BenchmarkImportECBHistory(b *testing.B) {
	for _, size := range []struct {
		name string
		days int
		wide bool
	}{
		{"1x", fullHistoryDays, false},
		{"2x", 2 * fullHistoryDays, false},
		{"4x", 2 * fullHistoryDays, true},
	} {
		b.Run(size.name, func(b *testing.B) {
			csv := ecbHistory("2025-11-28", size.days, size.wide)
			data := zipOf(b, "eurofxref-hist.csv", csv)
			rates := 0
			i := 0
			for b.Loop() {
				b.StopTimer()
				db, err := store.Open(filepath.Join(b.TempDir(), fmt.Sprint("rates", i, ".db")), store.Options{})
				if err != nil {
					b.Fatal(err)
				}
				a, _ := db.Account("local")
				im := &Importer{DB: db, Account: a}
				if r := im.ImportBytes("sales.csv", pendingLines()); r.Rejected() {
					b.Fatal(r.Err)
				}
				i++
				b.StartTimer()
				r := im.ImportBytes("eurofxref-hist.zip", data)
				if r.Rejected() || r.Record.RowsRead != size.days {
					b.Fatalf("%+v", r)
				}
				rates = r.Record.Stored
				b.StopTimer()
				db.Close()
				b.StartTimer()
			}
			b.ReportMetric(float64(size.days)*float64(b.N)/b.Elapsed().Seconds(), "rows/s")
			b.ReportMetric(float64(rates), "rates")
		})
	}
}

// pendingLines is a canonical file of euro and yen lines spread over the
// history, pending until the rates arrive, so that the benchmark also pays
// for converting lines.
func pendingLines() []byte {
	var b bytes.Buffer
	b.WriteString("report_date,period_start,period_end,title,channel,country,quantity,unit,amount,currency\n")
	d := time.Date(2000, 1, 15, 0, 0, 0, 0, time.UTC)
	for i := 0; i < 2000; i++ {
		day := d.AddDate(0, 0, i*4).Format(time.DateOnly)
		cur := [...]string{"EUR", "JPY", "GBP"}[i%3]
		fmt.Fprintf(&b, "%s,%s,%s,Night Shift,Kinow,FR,1,views,%d.50,%s\n", day, day, day, i%40, cur)
	}
	return b.Bytes()
}

// BenchmarkRerate imports rates over stores holding 100,000 and 200,000
// pending lines: converting them must grow with the lines, not faster.
func BenchmarkRerate(b *testing.B) {
	rates := zipOf(b, "eurofxref-hist.csv", ecbHistory("2025-11-28", 2000, false))
	for _, n := range []int{100_000, 200_000} {
		b.Run(fmt.Sprint(n/1000, "k"), func(b *testing.B) {
			lines := pendingSpread(n)
			i := 0
			converted := 0
			for b.Loop() {
				b.StopTimer()
				db, err := store.Open(filepath.Join(b.TempDir(), fmt.Sprint("rerate", i, ".db")), store.Options{})
				if err != nil {
					b.Fatal(err)
				}
				a, _ := db.Account("local")
				im := &Importer{DB: db, Account: a}
				if r := im.ImportBytes("sales.csv", lines); r.Rejected() {
					b.Fatal(r.Err)
				}
				i++
				b.StartTimer()
				r := im.ImportBytes("eurofxref-hist.zip", rates)
				if r.Rejected() {
					b.Fatal(r.Err)
				}
				converted = r.Converted
				b.StopTimer()
				db.Close()
				b.StartTimer()
			}
			b.ReportMetric(float64(converted), "converted")
		})
	}
}

// pendingSpread is n canonical lines in euros, yen and pounds over seven
// years, all pending until rates arrive.
func pendingSpread(n int) []byte {
	var b bytes.Buffer
	b.WriteString("report_date,period_start,period_end,title,channel,country,quantity,unit,amount,currency\n")
	d := time.Date(2018, 1, 15, 0, 0, 0, 0, time.UTC)
	for i := 0; i < n; i++ {
		day := d.AddDate(0, 0, i%2500).Format(time.DateOnly)
		fmt.Fprintf(&b, "%s,%s,%s,Night Shift %d,Kinow,FR,1,views,%d.50,%s\n", day, day, day, i%50, i%40, [...]string{"EUR", "JPY", "GBP"}[i%3])
	}
	return b.Bytes()
}
