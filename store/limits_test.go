package store

import (
	"errors"
	"fmt"
	"strings"
	"testing"
)

// A file that would take an account past a limit on distinct names is
// refused whole, naming the column and the counts; the account keeps
// taking files whose names it has. The real channel limit, at its edge;
// titles go through the same code, and two million lines are too many
// for a unit test.
func TestFileBeyondANameLimitIsRefusedWithItsColumn(t *testing.T) {
	for _, c := range []struct {
		column string
		limit  int
		line   func(i int) LineItem
	}{
		{"channel", MaxChannels, func(i int) LineItem { return line("Film", fmt.Sprint("Channel ", i), "US", "2024-01-01", "1") }},
	} {
		t.Run(c.column, func(t *testing.T) {
			a := mustAccount(t, openTemp(t), "local")
			var first []LineItem
			for i := range c.limit - 10 {
				first = append(first, c.line(i))
			}
			post(t, a, "first.csv", first...)
			var second []LineItem
			for i := range 20 {
				second = append(second, c.line(c.limit-10+i))
			}
			_, err := a.Post(fileRecord("second.csv", len(second)), second)
			var le *LimitError
			if !errors.As(err, &le) || le.Column != c.column || le.Held != c.limit-10 || le.New != 11 || le.Limit != c.limit {
				t.Fatalf("%v (%+v), want a limit error on column %s", err, le, c.column)
			}
			if !strings.Contains(err.Error(), "column "+c.column) || !strings.Contains(err.Error(), fmt.Sprint(c.limit)) {
				t.Errorf("message %q names neither the column nor the limit", err)
			}
			if m := metrics(t, a, Filter{}); m.Lines != c.limit-10 {
				t.Errorf("%d lines stored, want the first file's %d only", m.Lines, c.limit-10)
			}
			// Up to the limit, and names already held, still import.
			post(t, a, "third.csv", second[:10]...)
			post(t, a, "fourth.csv", first[:5]...)
			if m := metrics(t, a, Filter{}); m.Lines != c.limit+5 {
				t.Errorf("%d lines, want %d", m.Lines, c.limit+5)
			}
		})
	}
}

// 70,000 titles on 300 channels (the old limits were 65,536 and 256) in
// one file: stored, and every title, channel and country answers for
// its own lines, through the aggregates and through the scan.
func TestAnAccountHoldsMoreThanTheOldNameLimits(t *testing.T) {
	const titles, channels = 70_000, 300
	db := openTemp(t)
	a := mustAccount(t, db, "local")
	var lines []LineItem
	for i := range titles {
		l := line(fmt.Sprint("Film ", i), fmt.Sprint("Channel ", i%channels), []string{"US", "GB", "FR"}[i%3], "2024-01-01", fmt.Sprint(i))
		l.PeriodStart += Date(i % 60)
		l.PeriodEnd = l.PeriodStart
		if i%2 == 0 {
			l.Status = Final
		}
		lines = append(lines, l)
	}
	post(t, a, "big.csv", lines...)
	m := metrics(t, a, Filter{})
	if m.Titles != titles || m.Channels != channels || m.Countries != 3 || m.Lines != titles {
		t.Fatalf("metrics %+v", m)
	}
	for _, i := range []int{0, 1, 65_535, 65_536, 69_999} {
		want := dec(fmt.Sprint(i))
		title := fmt.Sprint("Film ", i)
		if m := metrics(t, a, Filter{Titles: []string{title}}); m.Lines != 1 || !m.RevenueUSD.Equal(want) {
			t.Errorf("%s: %+v, want one line of %s", title, m, want)
		}
		ch := fmt.Sprint("Channel ", i%channels)
		if m := metrics(t, a, Filter{Titles: []string{title}, Channels: []string{ch}}); m.Lines != 1 || !m.RevenueUSD.Equal(want) {
			t.Errorf("%s on %s: %+v", title, ch, m)
		}
		page, err := a.Detail(DetailQuery{Filter: Filter{Titles: []string{title}}})
		if err != nil || len(page.Rows) != 1 || page.Rows[0].Channel != ch || page.Rows[0].Title != title {
			t.Errorf("%s detail: %v %+v", title, err, page)
		}
	}
	if m := metrics(t, a, Filter{Channels: []string{"Channel 299"}}); m.Lines != titles/channels {
		t.Errorf("channel 299: %+v, want %d lines", m, titles/channels)
	}
	// The same after a reopen, and check finds the columns right.
	db.Close()
	db2, err := Open(db.Path(), Options{})
	if err != nil {
		t.Fatal(err)
	}
	defer db2.Close()
	b := mustAccount(t, db2, "local")
	if m2 := metrics(t, b, Filter{}); m2.Lines != m.Lines || m2.Titles != m.Titles || m2.Channels != m.Channels || !m2.RevenueUSD.Equal(m.RevenueUSD) {
		t.Errorf("after reopen %+v, want %+v", m2, m)
	}
	if r, err := db2.Check(); err != nil || !r.Clean() {
		t.Errorf("check: %v %v", err, r.Damage)
	}
}
