package fake

import (
	"fmt"
	"path/filepath"
	"testing"
	"time"

	"marquee/store"
)

// The dashboard's tests trust the fake to answer as the store would. This
// test holds it to that: the fake's lines go into a real temporary store,
// and every query below must get the same answer from both.

// storeOf posts the fake's lines to a fresh store account as one file.
func storeOf(t *testing.T, f *Account) *store.Account {
	t.Helper()
	db, err := store.Open(filepath.Join(t.TempDir(), "marquee.db"), store.Options{Timeout: 5 * time.Second})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { db.Close() })
	a, err := db.Account("lighthouse")
	if err != nil {
		t.Fatal(err)
	}
	// One post per file of the fake, in its import order, each holding
	// the lines whose source is that file.
	pending, stored := 0, 0
	for _, file := range f.files {
		var lines []store.LineItem
		for _, r := range f.lines {
			if r.Source.SHA256 == file.SHA256 {
				lines = append(lines, r.LineItem)
				if r.Pending {
					pending++
				}
			}
		}
		rec, err := a.Post(store.FileRecord{SHA256: file.SHA256, Name: file.Name, Format: "canonical", RowsRead: len(lines)}, lines)
		if err != nil {
			t.Fatal(err)
		}
		// The fake models neither supersession nor duplicates: its data
		// must have none, or the comparison would prove nothing of them.
		if rec.Stored != len(lines) || rec.Superseded != 0 {
			t.Fatalf("the store took %d lines of %s as %+v", len(lines), file.Name, rec)
		}
		stored += rec.Stored
		pending -= rec.Pending
	}
	if stored != len(f.lines) || pending != 0 {
		t.Fatalf("the store took %d of the fake's %d lines, pending off by %d", stored, len(f.lines), pending)
	}
	return a
}

// show prints a value with every decimal in its canonical form, so that
// 1.50 and 1.5 compare equal and nothing else does.
func show(v any) string { return fmt.Sprintf("%+v", v) }

func conformanceFilters() map[string]store.Filter {
	d := func(s string) store.Date {
		day, err := store.ParseDate(s)
		if err != nil {
			panic(err)
		}
		return day
	}
	return map[string]store.Filter{
		"everything":           {},
		"from":                 {From: d("2024-04-16")},
		"to":                   {To: d("2024-03-15")},
		"a day either side":    {From: d("2024-02-14"), To: d("2024-06-16")},
		"one day":              {From: d("2024-05-16"), To: d("2024-05-16")},
		"before any line":      {To: d("2023-12-31")},
		"one title":            {Titles: []string{"Paper Moons"}},
		"the escaped title":    {Titles: []string{fakeTitles[2]}},
		"two titles":           {Titles: []string{"Night Train", "The Quiet Field"}},
		"no such title":        {Titles: []string{"Nope"}},
		"unknown country":      {Countries: []string{store.Unknown}},
		"two countries":        {Countries: []string{"GB", "US"}},
		"one channel":          {Channels: []string{"Vimeo"}},
		"channel and country":  {Channels: []string{"iTunes", "Amazon"}, Countries: []string{"DE", "zz"}},
		"everything at once":   {From: d("2024-03-01"), To: d("2024-08-31"), Titles: []string{"Night Train"}, Channels: []string{"Vimeo"}, Countries: []string{"GB"}},
		"estimates only dates": {From: d("2024-07-01")},
	}
}

func TestSummaryConformsToStore(t *testing.T) {
	f := New()
	s := storeOf(t, f)
	for name, flt := range conformanceFilters() {
		fm, fr, ferr := f.Summary(flt)
		sm, sr, serr := s.Summary(flt)
		if (ferr == nil) != (serr == nil) {
			t.Errorf("%s: fake error %v, store error %v", name, ferr, serr)
			continue
		}
		if show(fm) != show(sm) {
			t.Errorf("%s: metrics\nfake  %s\nstore %s", name, show(fm), show(sm))
		}
		if show(fr) != show(sr) {
			t.Errorf("%s: months\nfake  %s\nstore %s", name, show(fr), show(sr))
		}
	}
}

func TestDetailConformsToStore(t *testing.T) {
	f := New()
	s := storeOf(t, f)
	type page struct{ offset, limit int }
	pages := []page{{0, 0}, {0, 50}, {7, 13}, {150, 50}, {10_000, 10}, {-3, 5}, {0, -1}}
	check := func(name string, q store.DetailQuery) {
		t.Helper()
		fp, ferr := f.Detail(q)
		sp, serr := s.Detail(q)
		if (ferr == nil) != (serr == nil) {
			t.Errorf("%s: fake error %v, store error %v", name, ferr, serr)
			return
		}
		if fp.Total != sp.Total {
			t.Errorf("%s: total: fake %d, store %d", name, fp.Total, sp.Total)
		}
		if len(fp.Rows) != len(sp.Rows) {
			t.Errorf("%s: fake %d rows, store %d", name, len(fp.Rows), len(sp.Rows))
			return
		}
		for i := range fp.Rows {
			if a, b := show(fp.Rows[i]), show(sp.Rows[i]); a != b {
				t.Errorf("%s: row %d\nfake  %s\nstore %s", name, i, a, b)
				return
			}
		}
	}
	for fname, flt := range conformanceFilters() {
		for _, col := range append(store.SortColumns, "") {
			for _, desc := range []bool{false, true} {
				for _, p := range pages {
					q := store.DetailQuery{Filter: flt, Sort: col, Desc: desc, Offset: p.offset, Limit: p.limit}
					check(fmt.Sprintf("%s, sort %q desc=%v, page %d+%d", fname, col, desc, p.offset, p.limit), q)
				}
			}
		}
	}
	for _, search := range []string{"night", "NIGHT", " moons ", "glass", "vim", "united", "germany", "zz", "us", "nothing like it", "\x1b"} {
		for _, col := range []store.SortColumn{store.SortRevenue, store.SortTitle} {
			check(fmt.Sprintf("search %q sort %s", search, col), store.DetailQuery{Search: search, Sort: col, Limit: 500})
			check(fmt.Sprintf("search %q sort %s, one title", search, col),
				store.DetailQuery{Search: search, Sort: col, Limit: 500, Filter: store.Filter{Titles: []string{"Night Train"}}})
		}
	}
	check("unknown sort column", store.DetailQuery{Sort: "budget"})
}

func TestChoicesConformToStore(t *testing.T) {
	f := New()
	s := storeOf(t, f)
	for name, pair := range map[string][2][]string{
		"titles":    {f.Titles(), s.Titles()},
		"channels":  {f.Channels(), s.Channels()},
		"countries": {f.Countries(), s.Countries()},
	} {
		if show(pair[0]) != show(pair[1]) {
			t.Errorf("%s: fake %q, store %q", name, pair[0], pair[1])
		}
	}
}
