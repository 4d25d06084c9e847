package store

import (
	"fmt"
	"path/filepath"
	"testing"

	"github.com/shopspring/decimal"
)

// Posts that extend one month's partition, crossing raw blocks and column
// segments part way and carrying revenues too large for the fixed column,
// must leave in memory what a reopen reads back from disk, row for row.
func TestPostsIntoOneMonthSurviveReopen(t *testing.T) {
	path := filepath.Join(t.TempDir(), "m.db")
	db, err := Open(path, Options{})
	if err != nil {
		t.Fatal(err)
	}
	a := mustAccount(t, db, "local")
	want := decimal.Zero
	n := 0
	file := func(name string, rows int) {
		lines := make([]LineItem, rows)
		for i := range lines {
			amount := fmt.Sprintf("%d.%04d", i%300, (n+i)%10000)
			if i%997 == 0 {
				amount = fmt.Sprintf("%d123456789.12345678901234", i) // flagBig
			}
			lines[i] = line(fmt.Sprintf("Film %d", i%7), []string{"iTunes", "Tubi"}[i%2], "US",
				fmt.Sprintf("2024-06-%02d", 1+i%30), amount)
			lines[i].Source.Line = n + i + 2
			want = want.Add(lines[i].Amount)
		}
		n += rows
		post(t, a, name, lines...)
	}
	file("a.csv", 100)
	file("b.csv", segmentRows+300) // from row 100: a partly filled block and segment
	file("c.csv", 77)
	before := metrics(t, a, Filter{})
	page, err := a.Detail(DetailQuery{Sort: SortRevenue, Desc: true, Limit: 400})
	if err != nil {
		t.Fatal(err)
	}
	if before.Lines != n || !before.RevenueUSD.Equal(want) {
		t.Fatalf("metrics = %+v, want %d lines and %s", before, n, want)
	}
	db.Close()

	db, err = Open(path, Options{})
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	a = mustAccount(t, db, "local")
	if after := metrics(t, a, Filter{}); after != before && !(after.Lines == before.Lines && after.RevenueUSD.Equal(before.RevenueUSD) &&
		after.Titles == before.Titles && after.Channels == before.Channels && after.PendingLines == before.PendingLines) {
		t.Fatalf("after reopen metrics = %+v, before %+v", after, before)
	}
	page2, err := a.Detail(DetailQuery{Sort: SortRevenue, Desc: true, Limit: 400})
	if err != nil {
		t.Fatal(err)
	}
	for i, r := range page2.Rows {
		w := page.Rows[i]
		if r.Title != w.Title || !r.Amount.Equal(w.Amount) || !r.RevenueUSD.Equal(w.RevenueUSD) || r.Source != w.Source || r.WatchDate != w.WatchDate {
			t.Fatalf("row %d after reopen = %+v, before %+v", i, r, w)
		}
	}
}
