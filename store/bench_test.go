package store

import (
	"fmt"
	"math/rand/v2"
	"os"
	"path/filepath"
	"runtime"
	"testing"
	"time"

	"github.com/shopspring/decimal"
)

// The benchmark databases are built once and kept in the temp folder:
// building 10 million lines takes a minute, querying them milliseconds.
//
//	go test -run '^$' -bench . -benchtime 20x ./store            (1M)
//	MARQUEE_BENCH_ROWS=10000000 go test -run '^$' -bench . ./store (10M)
func benchRows() []int {
	if s := os.Getenv("MARQUEE_BENCH_ROWS"); s != "" {
		var n int
		fmt.Sscan(s, &n)
		return []int{n}
	}
	return []int{1_000_000}
}

var (
	benchTitles    = func() []string { return names("Title", 50) }()
	benchChannels  = []string{"iTunes", "Google Play", "YouTube", "Tubi", "Pluto TV", "Amazon", "Vimeo", "Roku", "Plex", "Kanopy", "Hoopla", "Fandango"}
	benchCountries = func() []string {
		out := []string{Unknown}
		for _, c := range countryTable[:149] {
			out = append(out, c.Code)
		}
		return out
	}()
)

func names(prefix string, n int) []string {
	out := make([]string, n)
	for i := range out {
		out[i] = fmt.Sprintf("%s %02d", prefix, i)
	}
	return out
}

// benchAccount opens (building on first use) a database of n line items:
// 50 titles, 12 channels, 150 countries with zz, five years, a third of the
// lines watched at an instant, a fifth in euros or pounds.
func benchAccount(b *testing.B, n int) (string, *DB, *Account) {
	b.Helper()
	path := filepath.Join(os.TempDir(), fmt.Sprintf("marquee-bench-schema%d-%d.db", schemaVersion, n))
	if _, err := os.Stat(path); err != nil {
		b.Logf("building %s", path)
		if err := buildBench(path+".tmp", n); err != nil {
			b.Fatal(err)
		}
		os.Rename(path+".tmp", path)
	}
	db, err := Open(path, Options{})
	if err != nil {
		b.Fatal(err)
	}
	a, err := db.Account("bench")
	if err != nil {
		b.Fatal(err)
	}
	return path, db, a
}

func buildBench(path string, n int) error {
	os.Remove(path)
	db, err := Open(path, Options{})
	if err != nil {
		return err
	}
	defer db.Close()
	var rates []Rate
	start := DateOf(2021, time.January, 1)
	for d := start - 20; d < start+5*366; d++ {
		rates = append(rates, Rate{d, "USD", decimal.New(10850+int64(d%50), -4)}, Rate{d, "GBP", decimal.New(8570+int64(d%30), -4)})
	}
	if _, _, err := db.PostRates(fileRecord("bench-rates", len(rates)), rates); err != nil {
		return err
	}
	a, err := db.Account("bench")
	if err != nil {
		return err
	}
	rng := rand.New(rand.NewPCG(6, 7))
	const perFile = 500_000
	for f := 0; f*perFile < n; f++ {
		lines := make([]LineItem, min(perFile, n-f*perFile))
		for i := range lines {
			// Popular titles and countries sell more: a skewed pick.
			t := benchTitles[min(rng.IntN(50), rng.IntN(50))]
			c := benchCountries[min(rng.IntN(150), rng.IntN(150))]
			d := start + Date(rng.IntN(5*365))
			l := LineItem{
				Title: t, Channel: benchChannels[rng.IntN(12)], Country: c, ReportDate: d + 30,
				PeriodStart: d, PeriodEnd: d, Quantity: decimal.NewFromInt(1 + rng.Int64N(20)), Unit: "views",
				Amount: decimal.New(rng.Int64N(5_000_000), -4), Currency: "USD",
			}
			switch k := rng.IntN(15); {
			case k < 5:
				l.PeriodStart, l.PeriodEnd = 0, 0
				l.WatchedAt = d.Time().Add(time.Duration(rng.IntN(86400)) * time.Second)
			case k < 7:
				l.PeriodStart, l.PeriodEnd = d-d%28, d-d%28+27
			case k == 7:
				l.Currency = "EUR"
			case k == 8:
				l.Currency = "GBP"
			}
			lines[i] = l
		}
		if _, err := a.Post(fileRecord(fmt.Sprint("bench-", f), len(lines)), lines); err != nil {
			return err
		}
	}
	return nil
}

// benchFilter is the figure: 2 titles, 10 countries, 12 months.
func benchFilter() Filter {
	return Filter{
		From:      DateOf(2023, time.January, 1),
		To:        DateOf(2023, time.December, 31),
		Titles:    []string{benchTitles[3], benchTitles[17]},
		Countries: []string{"US", "GB", "FR", "DE", "JP", "BR", "IN", "CA", "AU", "MX"},
	}
}

func BenchmarkSummary(b *testing.B) {
	for _, n := range benchRows() {
		_, db, a := benchAccount(b, n)
		for _, c := range []struct {
			name string
			f    Filter
		}{
			{"filter", benchFilter()},
			{"all", Filter{}},
			{"timezone", Filter{Location: mustLoc("Asia/Kathmandu")}},
		} {
			b.Run(fmt.Sprintf("%s/rows=%d", c.name, n), func(b *testing.B) {
				for b.Loop() {
					if _, _, err := a.Summary(c.f); err != nil {
						b.Fatal(err)
					}
				}
			})
		}
		b.Run(fmt.Sprintf("detail/rows=%d", n), func(b *testing.B) {
			for b.Loop() {
				if _, err := a.Detail(DetailQuery{Filter: benchFilter(), Sort: SortRevenue, Desc: true, Limit: 50}); err != nil {
					b.Fatal(err)
				}
			}
		})
		db.Close()
	}
}

// BenchmarkColdOpen measures opening the database to the first metrics,
// with the file in the page cache (a warm disk, a cold process).
func BenchmarkColdOpen(b *testing.B) {
	for _, n := range benchRows() {
		path, db, _ := benchAccount(b, n)
		db.Close()
		b.Run(fmt.Sprintf("rows=%d", n), func(b *testing.B) {
			for b.Loop() {
				db, err := Open(path, Options{})
				if err != nil {
					b.Fatal(err)
				}
				a, err := db.Account("bench")
				if err != nil {
					b.Fatal(err)
				}
				if _, err := a.Metrics(Filter{}); err != nil {
					b.Fatal(err)
				}
				db.Close()
				runtime.GC()
			}
		})
	}
}

// BenchmarkPost measures posting a 100k-line file.
func BenchmarkPost(b *testing.B) {
	lines := make([]LineItem, 100_000)
	for i := range lines {
		lines[i] = line(benchTitles[i%50], benchChannels[i%12], benchCountries[i%150], "2024-01-01", "1.2345")
		lines[i].PeriodStart += Date(i % 365)
		lines[i].PeriodEnd = lines[i].PeriodStart
	}
	a := mustAccount(b, openTemp(b), "bench")
	i := 0
	for b.Loop() {
		if _, err := a.Post(fileRecord(fmt.Sprint("post-", i), len(lines)), lines); err != nil {
			b.Fatal(err)
		}
		i++
	}
	b.ReportMetric(float64(len(lines)*b.N)/b.Elapsed().Seconds(), "rows/s")
}
