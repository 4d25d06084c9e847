package main

import (
	"fmt"
	"math/rand/v2"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"sync/atomic"
	"testing"

	"github.com/shopspring/decimal"

	"marquee/ingest"
	"marquee/store"
)

// Imports run while 20 readers query: every answer is a consistent
// snapshot, its totals exactly those of a whole number of imported files
// (run it with -race).
func TestReadersSeeWholeImports(t *testing.T) {
	const files, rows, readers = 12, 300, 20
	dir := t.TempDir()
	db, err := store.Open(filepath.Join(dir, "m.db"), store.Options{})
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	a, err := db.Account(defaultAccount)
	if err != nil {
		t.Fatal(err)
	}

	// Each file: one title, amounts in USD summing to a known exact total.
	rng := rand.New(rand.NewPCG(11, 12))
	paths := make([]string, files)
	revenue := map[string]int{} // cumulative revenue (as a string) → files imported
	lines := map[int]int{}      // cumulative line count → files imported
	var sum decimal.Decimal
	revenue[sum.String()], lines[0] = 0, 0
	for f := range files {
		var b strings.Builder
		b.WriteString(canonicalHeader)
		for i := range rows {
			amt := decimal.New(rng.Int64N(1_000_000)+1, -4)
			sum = sum.Add(amt)
			fmt.Fprintf(&b, "2024-%02d-28,2024-%02d-01,2024-%02d-28,Film %02d,Vimeo,%s,1,rentals,%s,USD\n",
				1+f%12, 1+f%12, 1+f%12, f, []string{"US", "GB", "DE"}[i%3], amt)
		}
		paths[f] = filepath.Join(dir, fmt.Sprintf("f%02d.csv", f))
		if err := os.WriteFile(paths[f], []byte(b.String()), 0o644); err != nil {
			t.Fatal(err)
		}
		revenue[sum.String()] = f + 1
		lines[(f+1)*rows] = f + 1
	}

	var done atomic.Bool
	var wg sync.WaitGroup
	var queries atomic.Int64
	seen := make([]map[int]bool, readers) // per reader: file counts observed
	errs := make(chan error, readers+1)
	for r := range readers {
		seen[r] = map[int]bool{}
		wg.Add(1)
		go func() {
			defer wg.Done()
			for i := 0; ; i++ {
				last := done.Load() // one more pass after the imports end
				var f store.Filter
				if i%4 == 1 {
					f.Countries = []string{"US", "GB", "DE"} // the filtered path; same lines
				}
				m, months, err := a.Summary(f)
				if err != nil {
					errs <- err
					return
				}
				n, ok := revenue[m.RevenueUSD.String()]
				if !ok {
					errs <- fmt.Errorf("reader %d saw revenue %s: not a whole number of files", r, m.RevenueUSD)
					return
				}
				var monthly decimal.Decimal
				for _, mr := range months {
					monthly = monthly.Add(mr.RevenueUSD)
				}
				if !monthly.Equal(m.RevenueUSD) || m.Titles != n {
					errs <- fmt.Errorf("reader %d: one answer mixes states: months sum to %s, total %s, %d titles for %d files", r, monthly, m.RevenueUSD, m.Titles, n)
					return
				}
				if i%5 == 0 {
					page, err := a.Detail(store.DetailQuery{Limit: 10})
					if err != nil {
						errs <- err
						return
					}
					if _, ok := lines[page.Total]; !ok {
						errs <- fmt.Errorf("reader %d saw %d lines: not a whole number of files", r, page.Total)
						return
					}
				}
				seen[r][n] = true
				queries.Add(1)
				if last {
					return
				}
			}
		}()
	}
	im := &ingest.Importer{DB: db, Account: a}
	for _, p := range paths {
		if res := im.ImportFile(p); res.Err != nil || res.Record.Stored != rows {
			t.Fatalf("%s: %v, %d stored", p, res.Err, res.Record.Stored)
		}
	}
	done.Store(true)
	wg.Wait()
	close(errs)
	for err := range errs {
		t.Error(err)
	}
	states := map[int]bool{}
	for _, s := range seen {
		for n := range s {
			states[n] = true
		}
	}
	t.Logf("%d queries by %d readers saw %d distinct states of %d", queries.Load(), readers, len(states), files+1)
	if !states[files] {
		t.Error("no reader saw the final state")
	}
	if len(states) < 3 {
		t.Errorf("readers saw only %d states: they did not run during the imports", len(states))
	}
}
