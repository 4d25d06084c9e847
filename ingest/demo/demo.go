// Package demo generates the demo catalogue: five titles on eleven channels
// in 105 countries over three years, earning exactly $10,601.407 — the
// example filmmakers know from the product documentation. It is generated,
// not shipped, so it always matches the store's own rules.
package demo

import (
	"crypto/sha256"
	"fmt"
	"math/rand/v2"
	"time"

	"github.com/shopspring/decimal"

	"marquee/store"
)

// Target is the demo's unfiltered revenue.
var Target = decimal.RequireFromString("10601.407")

// Titles of the demo catalogue.
var Titles = []string{"The Long Way Home", "Salt & Iron", "Night Ferry", "Quiet Harvest", "Paper Moons"}

// countries are the 105 markets the demo sells in, biggest first.
var countries = []string{
	"US", "GB", "CA", "AU", "DE", "FR", "JP", "BR", "MX", "ES", "IT", "NL", "SE", "NO", "DK", "FI", "IE", "NZ", "IN", "KR",
	"CH", "AT", "BE", "PT", "PL", "CZ", "HU", "RO", "GR", "TR", "IL", "AE", "SA", "ZA", "NG", "KE", "EG", "MA", "AR", "CL",
	"CO", "PE", "UY", "EC", "VE", "CR", "PA", "GT", "DO", "PR", "JM", "TT", "SG", "MY", "TH", "ID", "PH", "VN", "TW", "HK",
	"CN", "PK", "BD", "LK", "NP", "KZ", "UA", "RU", "BG", "HR", "SI", "SK", "RS", "BA", "EE", "LV", "LT", "IS", "LU", "MT",
	"CY", "GE", "AM", "AZ", "QA", "KW", "BH", "OM", "JO", "LB", "GH", "TZ", "UG", "ET", "SN", "CI", "CM", "TN", "DZ", "BO",
	"PY", "HN", "SV", "NI", "BS",
}

// first and last month of the demo (36 months).
var (
	firstMonth = store.MonthOf(2023, time.November)
	lastMonth  = store.MonthOf(2026, time.October)
)

// file is one simulated channel report.
type file struct {
	name   string
	format string
	lines  []store.LineItem
}

// Write stores the demo dataset in the account: exchange rates first, then
// one file per channel report, then marks the account as demo. Writing it
// twice changes nothing (every file is a duplicate the second time).
func Write(db *store.DB, a *store.Account) error {
	rates := rates()
	if !a.HasFile(sha("demo-rates")) {
		if _, _, err := db.PostRates(record("demo-rates", "ecb-rates", len(rates)), rates); err != nil {
			return fmt.Errorf("demo rates: %w", err)
		}
	}
	for _, f := range files() {
		if a.HasFile(sha(f.name)) {
			continue
		}
		if _, err := a.Post(record(f.name, f.format, len(f.lines)), f.lines); err != nil {
			return fmt.Errorf("demo %s: %w", f.name, err)
		}
	}
	// The last file, a year of library licensing, tops the total up to
	// Target to the tenth of a cent whatever rounding the conversions
	// above produced.
	const topUp = "demo-kanopy-licensing.csv"
	if !a.HasFile(sha(topUp)) {
		m, err := a.Metrics(store.Filter{})
		if err != nil {
			return err
		}
		lines := kanopy(Target.Sub(m.RevenueUSD))
		if _, err := a.Post(record(topUp, "canonical", len(lines)), numbered(topUp, "canonical", lines).lines); err != nil {
			return err
		}
	}
	return a.MarkDemo()
}

func record(name, format string, rows int) store.FileRecord {
	return store.FileRecord{SHA256: sha(name), Name: name, Format: format, RowsRead: rows}
}

func sha(name string) string {
	sum := sha256.Sum256([]byte("marquee demo v1 " + name))
	return fmt.Sprintf("%x", sum)
}

// files builds every simulated report. The generator is seeded, so the
// demo is the same on every machine.
func files() []file {
	g := &gen{rng: rand.New(rand.NewPCG(2023, 11))}
	return []file{
		g.youtubeDaily(),
		g.itunesFinal(),
		g.itunesEstimates(),
		g.googlePlay(),
		g.vimeoViews(),
		g.monthlyAVOD("Tubi", "demo-tubi.csv", "impressions", "0.0012345678901"),
		g.monthlyAVOD("Pluto TV", "demo-pluto.csv", "sessions", "0.0007"),
		g.amazon(),
		g.monthlyAVOD("Roku Channel", "demo-roku.csv", "views", "0.0011"),
		g.plex(),
		g.fandango(),
	}
}

type gen struct {
	rng *rand.Rand
}

// money returns a random amount between lo and hi cents, exact.
func (g *gen) money(lo, hi int64) decimal.Decimal {
	return decimal.New(lo+g.rng.Int64N(hi-lo+1), -2)
}

func (g *gen) pick(s []string) string { return s[g.rng.IntN(len(s))] }

func numbered(name, format string, lines []store.LineItem) file {
	for i := range lines {
		lines[i].Source = store.Source{File: name, Line: i + 2}
	}
	return file{name: name, format: format, lines: lines}
}

func monthly(title, channel, country string, m store.Month, amount decimal.Decimal, currency, unit string, qty int64) store.LineItem {
	return store.LineItem{
		Title: title, Channel: channel, Country: country,
		ReportDate: m.Last(), PeriodStart: m.First(), PeriodEnd: m.Last(),
		Quantity: decimal.NewFromInt(qty), Unit: unit, Amount: amount, Currency: currency,
	}
}

func daily(title, channel, country string, d store.Date, amount decimal.Decimal, currency, unit string, qty int64) store.LineItem {
	l := monthly(title, channel, country, 0, amount, currency, unit, qty)
	l.ReportDate, l.PeriodStart, l.PeriodEnd = d, d, d
	return l
}

// youtubeDaily: daily lines in every one of the 105 countries.
func (g *gen) youtubeDaily() file {
	var lines []store.LineItem
	for m := firstMonth; m <= lastMonth; m++ {
		for i := 0; i < 40; i++ {
			c := countries[(int(m-firstMonth)*40+i)%len(countries)]
			d := m.First() + store.Date(g.rng.IntN(28))
			lines = append(lines, daily(g.pick(Titles), "YouTube", c, d, g.money(1, 400), "USD", "views", 10+g.rng.Int64N(900)))
		}
	}
	return numbered("demo-youtube-summary.csv", "youtube-summary", lines)
}

// itunesFinal: Apple's fiscal-month financial reports in several
// currencies, final, up to three months before the end.
func (g *gen) itunesFinal() file {
	var lines []store.LineItem
	cur := map[string]string{"US": "USD", "GB": "GBP", "CA": "CAD", "AU": "AUD", "DE": "EUR", "FR": "EUR", "JP": "JPY"}
	for m := firstMonth; m <= lastMonth-3; m++ {
		start, end := fiscalMonth(m)
		for _, c := range []string{"US", "GB", "CA", "AU", "DE", "FR", "JP"} {
			amount := g.money(200, 2400)
			if cur[c] == "JPY" {
				amount = amount.Mul(decimal.NewFromInt(150)).Round(0)
			}
			l := monthly(g.pick(Titles), "iTunes", c, m, amount, cur[c], "units", 1+g.rng.Int64N(12))
			l.PeriodStart, l.PeriodEnd, l.ReportDate, l.Status = start, end, end, store.Final
			lines = append(lines, l)
		}
	}
	// A return: negative units and amount.
	ret := lines[len(lines)-1]
	ret.Quantity, ret.Amount = decimal.NewFromInt(-1), g.money(300, 500).Neg()
	lines = append(lines, ret)
	return numbered("demo-apple-financial.txt", "apple-financial", lines)
}

// fiscalMonth approximates Apple's calendar: months end on the last
// Saturday of the calendar month.
func fiscalMonth(m store.Month) (start, end store.Date) {
	lastSaturday := func(m store.Month) store.Date {
		d := m.Last()
		for d.Time().Weekday() != time.Saturday {
			d--
		}
		return d
	}
	return lastSaturday(m-1) + 1, lastSaturday(m)
}

// itunesEstimates: daily Sales and Trends estimates for the last four
// months; the first of them is covered by a final report and superseded.
func (g *gen) itunesEstimates() file {
	var lines []store.LineItem
	for m := lastMonth - 3; m <= lastMonth; m++ {
		for i := 0; i < 12; i++ {
			d := m.First() + store.Date(g.rng.IntN(28))
			lines = append(lines, daily(g.pick(Titles), "iTunes", g.pick(countries[:10]), d, g.money(300, 900), "USD", "units", 1))
		}
	}
	return numbered("demo-apple-sales.txt.gz", "apple-sales", lines)
}

// googlePlay: one line per transaction, with a refund.
func (g *gen) googlePlay() file {
	var lines []store.LineItem
	for m := firstMonth; m <= lastMonth; m++ {
		for i := 0; i < 6; i++ {
			d := m.First() + store.Date(g.rng.IntN(28))
			unit := "purchases"
			if i%2 == 0 {
				unit = "rentals"
			}
			lines = append(lines, daily(g.pick(Titles), "Google Play", g.pick(countries[:30]), d, g.money(199, 999), "USD", unit, 1))
		}
	}
	refund := lines[7]
	refund.Quantity, refund.Amount = decimal.NewFromInt(-1), refund.Amount.Neg()
	refund.ReportDate, refund.PeriodStart, refund.PeriodEnd = refund.ReportDate+3, refund.PeriodStart+3, refund.PeriodEnd+3
	lines = append(lines, refund)
	return numbered("demo-google-play.csv", "google-play", lines)
}

// vimeoViews: per-view rentals with a watched_at instant, some near
// midnight so the time zone moves them between days and months.
func (g *gen) vimeoViews() file {
	var lines []store.LineItem
	for m := firstMonth; m <= lastMonth; m++ {
		for i := 0; i < 8; i++ {
			at := m.First().Time().Add(time.Duration(g.rng.IntN(28*24*60)) * time.Minute)
			if i == 0 && m > firstMonth {
				at = m.First().Time().Add(-time.Duration(1+g.rng.IntN(300)) * time.Minute) // just before the month
			}
			l := daily(g.pick(Titles), "Vimeo On Demand", g.pick(countries[:20]), store.DateIn(at, time.UTC), g.money(299, 599), "USD", "rentals", 1)
			l.PeriodStart, l.PeriodEnd, l.WatchedAt = 0, 0, at
			l.TransactionID = fmt.Sprintf("vimeo-%s-%d", m, i)
			lines = append(lines, l)
		}
	}
	return numbered("demo-vimeo.csv", "canonical", lines)
}

// monthlyAVOD: consolidated monthly lines without a country (zz), with
// the long decimals ad-supported channels report.
func (g *gen) monthlyAVOD(channel, name, unit, rate string) file {
	var lines []store.LineItem
	r := decimal.RequireFromString(rate)
	for m := firstMonth; m <= lastMonth; m++ {
		for _, t := range Titles[:3] {
			qty := 200 + g.rng.Int64N(2200)
			lines = append(lines, monthly(t, channel, store.Unknown, m, r.Mul(decimal.NewFromInt(qty)), "USD", unit, qty))
		}
	}
	return numbered(name, "canonical", lines)
}

// amazon: monthly lines per country in euros and pounds.
func (g *gen) amazon() file {
	var lines []store.LineItem
	for m := firstMonth; m <= lastMonth; m++ {
		for _, c := range []string{"DE", "GB", "FR", "IT", "ES"} {
			cur := "EUR"
			if c == "GB" {
				cur = "GBP"
			}
			lines = append(lines, monthly(g.pick(Titles), "Amazon Prime Video", c, m, g.money(100, 900), cur, "hours", 5+g.rng.Int64N(80)))
		}
	}
	return numbered("demo-amazon.csv", "canonical", lines)
}

// plex: weekly lines in Canadian dollars.
func (g *gen) plex() file {
	var lines []store.LineItem
	start := firstMonth.First()
	for w := 0; w < 150; w += 3 {
		s := start + store.Date(7*w)
		l := monthly(g.pick(Titles), "Plex", g.pick([]string{"CA", "US", "AU"}), 0, g.money(50, 400), "CAD", "minutes", 100+g.rng.Int64N(5000))
		l.PeriodStart, l.PeriodEnd, l.ReportDate = s, s+6, s+6
		lines = append(lines, l)
	}
	return numbered("demo-plex.csv", "canonical", lines)
}

// fandango: a few purchases in the US.
func (g *gen) fandango() file {
	var lines []store.LineItem
	for m := firstMonth; m <= lastMonth; m += 2 {
		d := m.First() + store.Date(g.rng.IntN(28))
		lines = append(lines, daily(g.pick(Titles), "Fandango at Home", "US", d, g.money(400, 900), "USD", "purchases", 1))
	}
	return numbered("demo-fandango.csv", "canonical", lines)
}

// kanopy spreads total over the last twelve months, exactly: eleven equal
// parts rounded to the cent and the rest in the last.
func kanopy(total decimal.Decimal) []store.LineItem {
	part := total.Div(decimal.NewFromInt(12)).Round(2)
	var lines []store.LineItem
	rest := total
	for m := lastMonth - 11; m <= lastMonth; m++ {
		amount := part
		if m == lastMonth {
			amount = rest
		}
		rest = rest.Sub(amount)
		lines = append(lines, monthly(Titles[int(m)%len(Titles)], "Kanopy", "US", m, amount, "USD", "sessions", 150+int64(m%7)*9))
	}
	return lines
}

// rates are ECB-style reference rates (units per EUR) for every working
// day of the demo period.
func rates() []store.Rate {
	base := map[string]string{"USD": "1.0850", "GBP": "0.8570", "CAD": "1.4650", "AUD": "1.6420", "JPY": "158.20"}
	var out []store.Rate
	i := 0
	for d := firstMonth.First() - 10; d <= lastMonth.Last()+10; d++ {
		if wd := d.Time().Weekday(); wd == time.Saturday || wd == time.Sunday {
			continue
		}
		i++
		wobble := decimal.New(int64(i%37-18), -4)
		for cur, v := range base {
			out = append(out, store.Rate{Date: d, Currency: cur, PerEUR: decimal.RequireFromString(v).Add(wobble)})
		}
	}
	return out
}
