package ui

import (
	"strings"

	"github.com/shopspring/decimal"

	"marquee/format"
	"marquee/ui/internal/fake"
	"testing"

	"marquee/store"
)

func TestMonthlySorting(t *testing.T) {
	h := newHarness(t, 120, 40)
	tb := h.m.table
	if tb.monthly.rows[0].Period.String() != "2024-01" {
		t.Fatalf("default order starts %s", tb.monthly.rows[0].Period)
	}
	h.keys("s", "s", "s", "s") // → Revenue, in its natural order: descending
	if monthlyTitles[tb.monthly.sortCol] != "Revenue" {
		t.Fatalf("sort column = %s", monthlyTitles[tb.monthly.sortCol])
	}
	for i := 1; i < len(tb.monthly.rows); i++ {
		if tb.monthly.rows[i-1].RevenueUSD.LessThan(tb.monthly.rows[i].RevenueUSD) {
			t.Fatalf("not descending by revenue at %d", i)
		}
	}
	h.keys("S")
	for i := 1; i < len(tb.monthly.rows); i++ {
		if tb.monthly.rows[i-1].RevenueUSD.GreaterThan(tb.monthly.rows[i].RevenueUSD) {
			t.Fatalf("not ascending by revenue at %d", i)
		}
	}
}

func TestDetailSortingAndPaging(t *testing.T) {
	h := newHarness(t, 120, 40)
	h.keys("d")
	tb := h.m.table
	if tb.view != viewDetail || len(tb.detail.page.Rows) == 0 {
		t.Fatalf("detail not shown: view %v rows %d", tb.view, len(tb.detail.page.Rows))
	}
	limit := tb.detail.pageSize()
	if len(tb.detail.page.Rows) != limit || tb.detail.page.Total <= limit {
		t.Fatalf("page has %d rows of %d (limit %d)", len(tb.detail.page.Rows), tb.detail.page.Total, limit)
	}
	h.keys("s", "s", "S") // past Report Date to Title, descending
	if q := tb.detail.Query(); q.Sort != store.SortTitle || !q.Desc {
		t.Fatalf("query sort = %s desc=%v", q.Sort, q.Desc)
	}
	for i := 1; i < len(tb.detail.page.Rows); i++ {
		if tb.detail.page.Rows[i-1].Title < tb.detail.page.Rows[i].Title {
			t.Fatal("detail page not sorted by title descending")
		}
	}
	h.keys("pgdown")
	if tb.detail.offset != limit || tb.detail.Query().Limit != limit {
		t.Fatalf("after pgdown offset %d limit %d; want %d", tb.detail.offset, tb.detail.Query().Limit, limit)
	}
	// Search narrows and restarts at the first page.
	h.keys("/")
	h.typeText("quiet")
	h.keys("enter")
	if tb.detail.offset != 0 || tb.detail.query != "quiet" {
		t.Fatalf("search: offset %d query %q", tb.detail.offset, tb.detail.query)
	}
	for _, r := range tb.detail.page.Rows {
		if r.Title != "The Quiet Field" {
			t.Fatalf("search kept %q", r.Title)
		}
	}
	h.keys("esc") // clears the search first
	if tb.detail.query != "" || tb.view != viewDetail {
		t.Fatal("esc did not clear the search")
	}
}

func TestDrillDownAndBack(t *testing.T) {
	h := newHarness(t, 120, 40)
	h.keys("g", "down", "down") // Mar 2024
	h.keys("enter")
	tb := h.m.table
	if tb.view != viewDetail || tb.detail.drill == nil || tb.detail.drill.String() != "2024-03" {
		t.Fatalf("drill-down: view %v drill %v", tb.view, tb.detail.drill)
	}
	q := tb.detail.Query()
	if q.Filter.From.String() != "2024-03-01" || q.Filter.To.String() != "2024-03-31" {
		t.Fatalf("drill filter %s..%s", q.Filter.From, q.Filter.To)
	}
	for _, r := range tb.detail.page.Rows {
		if r.WatchDate.Month().String() != "2024-03" {
			t.Fatalf("row of %s in March detail", r.WatchDate)
		}
	}
	h.keys("esc")
	if tb.view != viewMonthly || tb.monthly.rows[tb.monthly.cursor].Period.String() != "2024-03" {
		t.Fatalf("esc: view %v cursor on %s", tb.view, tb.monthly.rows[tb.monthly.cursor].Period)
	}
}

// A page request made before a search but delivered after it must not
// bring back rows the search excludes: commands answer in any order.
func TestLateRequestDoesNotUndoASearch(t *testing.T) {
	h := newHarness(t, 120, 40)
	h.keys("d")
	tb := h.m.table
	late := tb.Refresh() // a data-change refresh, still in flight
	h.keys("/")
	h.typeText("quiet")
	h.keys("enter")
	h.send(late()) // arrives last
	if tb.detail.query != "quiet" || len(tb.detail.page.Rows) == 0 {
		t.Fatalf("query %q, %d rows", tb.detail.query, len(tb.detail.page.Rows))
	}
	for _, r := range tb.detail.page.Rows {
		if r.Title != "The Quiet Field" {
			t.Fatalf("a late request undid the search: %q shown", r.Title)
		}
	}
}

// Detail leads with the watch date, the date filters and drill-downs use,
// and shows the amount as reported beside the USD revenue; on a narrow
// screen the report date and the amount give way, the watch date stays.
func TestDetailShowsWatchDateAndAmount(t *testing.T) {
	for _, tc := range []struct {
		w          int
		want, lose []string
	}{
		{120, []string{"Watch Date", "Report Date", "Amount", "Revenue", "37.123 USD"}, nil},
		{80, []string{"Watch Dat", "Revenue", "Status"}, []string{"Report Date", "Amount"}},
	} {
		h := newHarness(t, tc.w, 40)
		h.keys("d")
		view := h.m.View()
		for _, s := range tc.want {
			if !strings.Contains(view, s) {
				t.Errorf("%d columns: no %q in\n%s", tc.w, s, view)
			}
		}
		for _, s := range tc.lose {
			if strings.Contains(view, s) {
				t.Errorf("%d columns: %q should give way in\n%s", tc.w, s, view)
			}
		}
		if q := h.m.table.detail.Query(); q.Sort != store.SortWatchDate {
			t.Errorf("default sort %s, want watch_date", q.Sort)
		}
	}
}

// The store cannot order amounts in mixed currencies: clicking Amount or
// cycling with s never asks it to.
func TestDetailAmountIsNotASort(t *testing.T) {
	h := newHarness(t, 120, 40)
	h.keys("d")
	for i := 0; i < len(detailTitles); i++ {
		h.keys("s")
		if q := h.m.table.detail.Query(); q.Sort == "" {
			t.Fatalf("s reached an unsortable column at step %d", i)
		}
	}
}

// A drill-down and a search say what they add up to: lines, revenue (the
// month's own Monthly figure) and quantity per unit, once per query, and
// again when the data changes.
func TestDetailTotals(t *testing.T) {
	h := newHarness(t, 200, 16) // pages shorter than March
	var march store.MonthRow
	for _, r := range h.m.table.monthly.rows {
		if r.Period.String() == "2024-03" {
			march = r
		}
	}
	h.keys("d")
	if strings.Contains(h.m.View(), "total $") {
		t.Fatal("totals shown for all lines, not asked for")
	}
	h.keys("m", "g", "down", "down", "enter") // March 2024
	units := map[string]decimal.Decimal{}
	q := h.m.table.detail.Query()
	q.Offset, q.Limit = 0, 10000
	page, _ := h.a.Detail(q)
	for _, r := range page.Rows {
		units[r.Unit] = units[r.Unit].Add(r.Quantity)
	}
	want := "total " + format.FormatUSD(march.RevenueUSD)
	for _, u := range []string{"rentals", "views"} {
		want += " · " + formatQuantity(units[u], u)
	}
	if footer := h.m.table.detail.footer(); !strings.Contains(footer, want) {
		t.Fatalf("footer %q, want %q", footer, want)
	}

	if p := h.m.table.detail.page; p.Total <= len(p.Rows) {
		t.Fatalf("March fits one page (%d lines): the page move below proves nothing", p.Total)
	}
	_, before := h.a.Calls()
	h.keys("pgdown")
	if _, after := h.a.Calls(); after-before != 1 {
		t.Fatalf("a page move made %d detail calls: the totals were added up again", after-before)
	}

	h.a.Post(fake.Row(store.MonthOf(2024, 3), "Night Train", "iTunes", "US", 1000, 3))
	h.send(refreshMsg{})
	units["rentals"] = units["rentals"].Add(decimal.NewFromInt(3))
	if footer := h.m.table.detail.footer(); !strings.Contains(footer, formatQuantity(units["rentals"], "rentals")) ||
		!strings.Contains(footer, format.FormatUSD(march.RevenueUSD.Add(decimal.NewFromInt(1)))) {
		t.Fatalf("after an import the footer still says %q", footer)
	}
}
