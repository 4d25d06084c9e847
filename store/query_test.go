package store

import (
	"fmt"
	"math"
	"math/big"
	"math/rand/v2"
	"path/filepath"
	"testing"
	"time"

	"github.com/shopspring/decimal"
)

func TestFilterSemantics(t *testing.T) {
	a := mustAccount(t, openTemp(t), "local")
	post(t, a, "f.csv",
		line("Alpha", "iTunes", "US", "2024-01-31", "1"),
		line("Alpha", "Tubi", "GB", "2024-02-01", "2"),
		line("Beta", "iTunes", "FR", "2024-02-15", "4"),
		line("Beta", "YouTube", "US", "2024-02-29", "8"),
		line("Gamma", "YouTube", "zz", "2024-03-01", "16"),
	)
	cases := []struct {
		name    string
		f       Filter
		revenue string
		titles  int
	}{
		{"empty filter is everything", Filter{}, "31", 3},
		{"inclusive bounds", Filter{From: day("2024-02-01"), To: day("2024-02-29")}, "14", 2},
		{"from only", Filter{From: day("2024-02-29")}, "24", 2},
		{"to only", Filter{To: day("2024-01-31")}, "1", 1},
		{"single day", Filter{From: day("2024-02-15"), To: day("2024-02-15")}, "4", 1},
		{"OR within titles", Filter{Titles: []string{"Alpha", "Gamma"}}, "19", 2},
		{"AND across fields", Filter{Titles: []string{"Alpha", "Beta"}, Countries: []string{"US"}}, "9", 2},
		{"AND with channels", Filter{Countries: []string{"US", "FR"}, Channels: []string{"iTunes"}}, "5", 2},
		{"unknown country", Filter{Countries: []string{"zz"}}, "16", 1},
		{"country case", Filter{Countries: []string{"gb"}}, "2", 1},
		{"a title the account lacks matches nothing", Filter{Titles: []string{"Nope"}}, "0", 0},
		{"a lacking title ORed with a real one", Filter{Titles: []string{"Nope", "Beta"}}, "12", 1},
		{"a channel the account lacks matches nothing", Filter{Channels: []string{"Hulu"}}, "0", 0},
		{"all fields", Filter{From: day("2024-02-01"), To: day("2024-03-31"), Titles: []string{"Beta"}, Countries: []string{"US"}, Channels: []string{"YouTube"}}, "8", 1},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			m := metrics(t, a, c.f)
			if !m.RevenueUSD.Equal(dec(c.revenue)) || m.Titles != c.titles {
				t.Fatalf("revenue %s titles %d, want %s and %d", m.RevenueUSD, m.Titles, c.revenue, c.titles)
			}
			page, err := a.Detail(DetailQuery{Filter: c.f, Limit: 100})
			if err != nil {
				t.Fatal(err)
			}
			sum := decimal.Zero
			for _, r := range page.Rows {
				sum = sum.Add(r.RevenueUSD)
			}
			if page.Total != m.Lines || !sum.Equal(m.RevenueUSD) {
				t.Fatalf("detail total %d sum %s disagree with metrics %d %s", page.Total, sum, m.Lines, m.RevenueUSD)
			}
		})
	}
	if _, err := a.Metrics(Filter{Countries: []string{"QQ"}}); err == nil {
		t.Error("an invalid country code was accepted")
	}
	if _, err := a.Metrics(Filter{From: day("2024-03-01"), To: day("2024-02-01")}); err == nil {
		t.Error("from after to was accepted")
	}
}

func TestMetricsCountDistinct(t *testing.T) {
	a := mustAccount(t, openTemp(t), "local")
	post(t, a, "d.csv",
		line("A", "iTunes", "US", "2024-01-01", "1"),
		line("A", "iTunes", "US", "2024-01-02", "1"),
		line("B", "Tubi", "zz", "2024-02-01", "1"),
		line("C", "Tubi", "GB", "2024-02-01", "-0.5"),
	)
	m := metrics(t, a, Filter{})
	if m.Titles != 3 || m.Channels != 2 || m.Countries != 2 || !m.RevenueUSD.Equal(dec("2.5")) || m.Lines != 4 {
		t.Fatalf("metrics %+v: zz must not count as a country", m)
	}
	rows := monthly(t, a, Filter{})
	if jan := rows["2024-01"]; jan.Titles != 1 || jan.Channels != 1 || jan.Countries != 1 || !jan.RevenueUSD.Equal(dec("2")) {
		t.Errorf("January %+v", jan)
	}
	if feb := rows["2024-02"]; feb.Titles != 2 || feb.Countries != 1 || !feb.RevenueUSD.Equal(dec("0.5")) {
		t.Errorf("February %+v", feb)
	}
}

// Instants are bucketed by the account's zone, and changing the zone moves
// them at once.
func TestTimeZonesAroundMonthBoundaries(t *testing.T) {
	a := mustAccount(t, openTemp(t), "local")
	post(t, a, "tz.csv",
		instant("T", "YouTube", "US", "2024-03-01T05:00:00Z", "1"),     // LA: Feb 29 21:00
		instant("T", "YouTube", "US", "2024-03-31T20:00:00Z", "10"),    // Kathmandu: Apr 1 01:45
		instant("T", "YouTube", "US", "2024-03-31T18:14:00Z", "100"),   // Kathmandu: Mar 31 23:59
		instant("T", "YouTube", "US", "2024-03-31T18:15:00Z", "1000"),  // Kathmandu: Apr 1 00:00
		instant("T", "YouTube", "US", "2024-11-03T08:30:00Z", "10000"), // LA: Nov 3 01:30 PST, after DST ends
	)
	cases := []struct {
		zone string
		want map[string]string
	}{
		{"UTC", map[string]string{"2024-03": "1111", "2024-11": "10000"}},
		{"America/Los_Angeles", map[string]string{"2024-02": "1", "2024-03": "1110", "2024-11": "10000"}},
		{"Asia/Kathmandu", map[string]string{"2024-03": "101", "2024-04": "1010", "2024-11": "10000"}},
	}
	for _, c := range cases {
		t.Run(c.zone, func(t *testing.T) {
			if err := a.SetTimeZone(c.zone); err != nil {
				t.Fatal(err)
			}
			got := monthly(t, a, Filter{})
			if len(got) != len(c.want) {
				t.Fatalf("months %v, want %v", got, c.want)
			}
			for period, rev := range c.want {
				if !got[period].RevenueUSD.Equal(dec(rev)) {
					t.Errorf("%s = %s, want %s", period, got[period].RevenueUSD, rev)
				}
			}
			// The --tz override gives the same answer without changing the account.
			loc, _ := time.LoadLocation(c.zone)
			a.SetTimeZone("UTC")
			over, _ := a.Monthly(Filter{Location: loc})
			if len(over) != len(c.want) {
				t.Errorf("override: %v", over)
			}
			// Day bounds apply to the local watch date.
			if c.zone == "Asia/Kathmandu" {
				m := metrics(t, a, Filter{From: day("2024-04-01"), To: day("2024-04-01"), Location: loc})
				if !m.RevenueUSD.Equal(dec("1010")) {
					t.Errorf("Kathmandu April 1 = %s", m.RevenueUSD)
				}
			}
		})
	}
	page, _ := a.Detail(DetailQuery{Filter: Filter{Location: mustLoc("America/Los_Angeles")}, Sort: SortRevenue})
	if page.Rows[0].WatchDate != day("2024-02-29") {
		t.Errorf("detail watch date in LA = %s", page.Rows[0].WatchDate)
	}
}

func mustLoc(name string) *time.Location {
	l, err := time.LoadLocation(name)
	if err != nil {
		panic(err)
	}
	return l
}

// Apple fiscal months: 08/31–09/27 is September, 09/28–11/01 is October.
func TestMidpointRule(t *testing.T) {
	cases := []struct{ start, end, want string }{
		{"2014-08-31", "2014-09-27", "2014-09-13"},
		{"2014-09-28", "2014-11-01", "2014-10-15"},
		{"2024-06-01", "2024-06-30", "2024-06-15"}, // 30 days: the earlier middle day
		{"2024-06-01", "2024-06-01", "2024-06-01"},
		{"2024-06-01", "2024-06-02", "2024-06-01"},
	}
	a := mustAccount(t, openTemp(t), "local")
	for i, c := range cases {
		if got := Midpoint(day(c.start), day(c.end)); got != day(c.want) {
			t.Errorf("Midpoint(%s, %s) = %s, want %s", c.start, c.end, got, c.want)
		}
		l := line(fmt.Sprint("T", i), "iTunes", "US", c.end, "1")
		l.PeriodStart = day(c.start)
		post(t, a, fmt.Sprint("m", i), l)
	}
	rows := monthly(t, a, Filter{})
	if rows["2014-09"].Titles != 1 || rows["2014-10"].Titles != 1 {
		t.Fatalf("fiscal months bucketed as %v", rows)
	}
}

// The sum of a million random 13-decimal amounts equals the exact sum.
func TestRevenueIsExact(t *testing.T) {
	n := 1_000_000
	if testing.Short() {
		n = 100_000
	}
	path := filepath.Join(t.TempDir(), "exact.db")
	db, err := Open(path, Options{})
	if err != nil {
		t.Fatal(err)
	}
	a := mustAccount(t, db, "local")
	rng := rand.New(rand.NewPCG(1, 2))
	lines := make([]LineItem, n)
	exact := new(big.Int)
	for i := range lines {
		units := rng.Int64N(2_000_000_000_000_000) - 500_000_000_000_000 // ±200,000 USD at 13 places
		if i%1000 == 0 {
			units *= 4000 // some beyond the int64 column: the decimal path
		}
		exact.Add(exact, big.NewInt(units))
		lines[i] = line("T", "Tubi", "zz", "2024-05-01", "0")
		lines[i].Amount = decimal.New(units, -13)
		lines[i].PeriodStart = day("2024-01-01") + Date(i%365)
		lines[i].PeriodEnd = lines[i].PeriodStart
	}
	rec, err := a.Post(fileRecord("million", n), lines)
	if err != nil || rec.Stored != n {
		t.Fatalf("post: %v %+v", err, rec)
	}
	m := metrics(t, a, Filter{})
	if want := decimal.NewFromBigInt(exact, -13); !m.RevenueUSD.Equal(want) {
		t.Fatalf("sum %s, want %s", m.RevenueUSD, want)
	}
	monthSum := decimal.Zero
	for _, r := range monthly(t, a, Filter{}) {
		monthSum = monthSum.Add(r.RevenueUSD)
	}
	if !monthSum.Equal(m.RevenueUSD) {
		t.Fatalf("monthly rows sum %s, metrics %s", monthSum, m.RevenueUSD)
	}
	// Reopened, the columns (several segments a month, some values
	// beyond the fixed column) load back to the same total.
	db.Close()
	db, err = Open(path, Options{ReadOnly: true})
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	if again := metrics(t, mustAccount(t, db, "local"), Filter{}); !again.RevenueUSD.Equal(m.RevenueUSD) || again.Lines != n {
		t.Fatalf("after reopen %s over %d lines", again.RevenueUSD, again.Lines)
	}
}

func TestSupersessionInBothOrders(t *testing.T) {
	estimates := []LineItem{
		line("A", "iTunes", "US", "2024-09-01", "5"),  // in the fiscal September
		line("A", "iTunes", "GB", "2024-09-27", "7"),  // last day of it
		line("A", "iTunes", "US", "2024-09-28", "11"), // after it: stays
		line("A", "Tubi", "US", "2024-09-10", "13"),   // other channel: stays
	}
	final := line("A", "iTunes", "US", "2024-09-27", "100")
	final.PeriodStart, final.Status = day("2024-08-31"), Final
	for _, order := range []string{"estimates first", "final first"} {
		t.Run(order, func(t *testing.T) {
			a := mustAccount(t, openTemp(t), "local")
			var estRec, finRec FileRecord
			if order == "estimates first" {
				estRec = post(t, a, "est", estimates...)
				finRec = post(t, a, "fin", final)
			} else {
				finRec = post(t, a, "fin", final)
				estRec = post(t, a, "est", estimates...)
			}
			if got := estRec.Superseded + finRec.Superseded; got != 2 {
				t.Errorf("superseded counts %d + %d, want 2", estRec.Superseded, finRec.Superseded)
			}
			m := metrics(t, a, Filter{})
			if !m.RevenueUSD.Equal(dec("124")) || m.Lines != 3 {
				t.Fatalf("metrics %+v, want 100+11+13 over 3 lines", m)
			}
			page, _ := a.Detail(DetailQuery{Limit: 10})
			if page.Total != 3 {
				t.Fatalf("detail shows %d lines, superseded ones included", page.Total)
			}
		})
	}
}

func TestPendingLinesConvertWhenRatesArrive(t *testing.T) {
	db := openTemp(t)
	a := mustAccount(t, db, "local")
	gbp := line("A", "iTunes", "GB", "2024-06-30", "10.00")
	gbp.PeriodStart, gbp.Currency = day("2024-06-01"), "GBP"
	eur := line("A", "iTunes", "DE", "2024-06-28", "3")
	eur.Currency = "EUR"
	stale := line("A", "iTunes", "GB", "2024-07-20", "1")
	stale.Currency = "GBP" // 20 days after the last rate: stays pending
	usd := line("A", "iTunes", "US", "2024-06-30", "1.5")
	rec := post(t, a, "sales", gbp, eur, stale, usd)
	if rec.Pending != 3 {
		t.Fatalf("pending %d, want 3", rec.Pending)
	}
	m := metrics(t, a, Filter{})
	if m.PendingLines != 3 || !m.RevenueUSD.Equal(dec("1.5")) {
		t.Fatalf("before rates %+v", m)
	}
	rates := []Rate{
		{day("2024-06-28"), "USD", dec("1.0705")},
		{day("2024-06-28"), "GBP", dec("0.84638")},
		{day("2024-06-27"), "USD", dec("1.0703")},
		{day("2024-06-27"), "GBP", dec("0.84755")},
	}
	_, converted, err := db.PostRates(fileRecord("eurofxref.csv", 4), rates)
	if err != nil || converted != 2 {
		t.Fatalf("PostRates: %d converted, %v", converted, err)
	}
	// GBP on 06-30 uses the 06-28 rates (the newest on or before): 10 × 1.0705 / 0.84638.
	wantGBP := dec("10.00").Mul(dec("1.0705")).DivRound(dec("0.84638"), 12)
	if wantGBP.String() != "12.647983175406" {
		t.Fatalf("expected conversion %s", wantGBP)
	}
	want := dec("1.5").Add(wantGBP).Add(dec("3.2115"))
	m = metrics(t, a, Filter{})
	if m.PendingLines != 1 || !m.RevenueUSD.Equal(want) {
		t.Fatalf("after rates %+v, want revenue %s and 1 pending", m, want)
	}
	// The conversion is persisted with the rates.
	if _, _, err := db.PostRates(fileRecord("eurofxref.csv", 4), rates); err == nil {
		t.Error("the same rates file imported twice")
	}
	later := line("B", "Tubi", "FR", "2024-06-29", "2")
	later.Currency = "EUR"
	if rec := post(t, a, "later", later); rec.Pending != 0 {
		t.Errorf("a line imported after its rates is pending")
	}
}

func TestDetailSortingAndPaging(t *testing.T) {
	a := mustAccount(t, openTemp(t), "local")
	var lines []LineItem
	for i := 0; i < 300; i++ {
		l := line(fmt.Sprintf("Title %03d", i%7), "Tubi", []string{"US", "GB", "FR"}[i%3], "2024-01-01", fmt.Sprintf("%d.5", i))
		l.PeriodStart += Date(i % 60)
		l.PeriodEnd = l.PeriodStart
		l.ReportDate = l.PeriodEnd
		l.Quantity = decimal.NewFromInt(int64(1000 - i))
		lines = append(lines, l)
	}
	post(t, a, "many", lines...)
	for _, col := range SortColumns {
		for _, desc := range []bool{false, true} {
			var seen []DetailRow
			for off := 0; ; off += 50 {
				page, err := a.Detail(DetailQuery{Sort: col, Desc: desc, Offset: off, Limit: 50})
				if err != nil {
					t.Fatal(err)
				}
				if page.Total != 300 {
					t.Fatalf("total %d", page.Total)
				}
				if len(page.Rows) == 0 {
					break
				}
				seen = append(seen, page.Rows...)
			}
			if len(seen) != 300 {
				t.Fatalf("%s: paged through %d rows", col, len(seen))
			}
			for i := 1; i < len(seen); i++ {
				c := compareRows(col, seen[i-1], seen[i])
				if desc {
					c = -c
				}
				if c > 0 {
					t.Fatalf("%s desc=%v: row %d out of order: %+v then %+v", col, desc, i, seen[i-1].LineItem, seen[i].LineItem)
				}
			}
		}
	}
	page, _ := a.Detail(DetailQuery{Search: "france", Limit: 500})
	if page.Total != 100 {
		t.Errorf("search by country name found %d", page.Total)
	}
	page, _ = a.Detail(DetailQuery{Search: "title 003", Limit: 500})
	if page.Total != 43 {
		t.Errorf("search by title found %d", page.Total)
	}
}

func compareRows(col SortColumn, x, y DetailRow) int {
	switch col {
	case SortRevenue:
		return x.RevenueUSD.Cmp(y.RevenueUSD)
	case SortQuantity:
		return x.Quantity.Cmp(y.Quantity)
	case SortTitle:
		return cmpString(x.Title, y.Title)
	case SortChannel:
		return cmpString(x.Channel, y.Channel)
	case SortCountry:
		id1, _ := countryID(x.Country)
		id2, _ := countryID(y.Country)
		return int(id1) - int(id2)
	case SortWatchDate:
		return int(x.WatchDate - y.WatchDate)
	case SortStatus:
		return int(x.Status) - int(y.Status)
	}
	return int(x.ReportDate - y.ReportDate)
}

func cmpString(a, b string) int {
	switch {
	case a < b:
		return -1
	case a > b:
		return 1
	}
	return 0
}

func TestDetailWithHugeOffsetAndLimit(t *testing.T) {
	a := mustAccount(t, openTemp(t), "local")
	post(t, a, "x", line("A", "Tubi", "US", "2024-01-01", "1"), line("B", "Tubi", "US", "2024-01-02", "2"))
	for _, q := range []DetailQuery{
		{Offset: math.MaxInt - 10, Limit: 50},
		{Offset: 1, Limit: math.MaxInt},
		{Offset: math.MaxInt, Limit: math.MaxInt},
	} {
		page, err := a.Detail(q)
		if err != nil || page.Total != 2 {
			t.Fatalf("%+v: %v, total %d", q, err, page.Total)
		}
	}
	if page, _ := a.Detail(DetailQuery{Offset: 1, Limit: math.MaxInt}); len(page.Rows) != 1 {
		t.Fatalf("offset 1: %d rows", len(page.Rows))
	}
}

// A final line reported with both an instant and a period covers its
// period, and keeps both through storage.
func TestFinalLineWithInstantAndPeriod(t *testing.T) {
	a := mustAccount(t, openTemp(t), "local")
	est := line("A", "Kinow", "FR", "2024-06-03", "10")
	final := instant("A", "Kinow", "FR", "2024-06-15T12:00:00Z", "50")
	final.PeriodStart, final.PeriodEnd, final.Status = day("2024-06-01"), day("2024-06-30"), Final
	post(t, a, "estimates", est)
	rec := post(t, a, "final", final)
	if m := metrics(t, a, Filter{}); !m.RevenueUSD.Equal(dec("50")) || m.Lines != 1 || rec.Superseded != 1 {
		t.Fatalf("metrics %+v, superseded %d: the final line's period must cover June 3", m, rec.Superseded)
	}
	page, _ := a.Detail(DetailQuery{})
	r := page.Rows[0]
	if r.PeriodStart != day("2024-06-01") || r.PeriodEnd != day("2024-06-30") || !r.WatchedAt.Equal(final.WatchedAt) || r.WatchDate != day("2024-06-15") {
		t.Fatalf("stored as %+v", r.LineItem)
	}
}
