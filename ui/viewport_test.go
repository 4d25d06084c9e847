package ui

import (
	"strings"
	"testing"

	tea "github.com/charmbracelet/bubbletea"

	"marquee/store"
)

// A new sort puts the cursor and the view on the first row, so the answer
// to "what was my best month?" is the row at the top; the footer says
// where the view is and what it hides.
func TestNewSortShowsTheTop(t *testing.T) {
	h := newHarnessOn(t, longFake(), 120, 40)
	tb := h.m.table.monthly
	if len(tb.rows) != 36 || tb.pageSize() >= 36 {
		t.Fatalf("%d months, %d on screen: the table is not long", len(tb.rows), tb.pageSize())
	}
	n := tb.pageSize()
	// It opens on the newest month, the last row, with the older above.
	if v := h.m.View(); !strings.Contains(v, "▲ 22 above · 23–36 of 36 months") {
		t.Fatalf("no position or scroll hint (page %d):\n%s", n, v)
	}
	h.keys("g")
	if v := h.m.View(); !strings.Contains(v, "1–14 of 36 months · ▼ 22 below") {
		t.Fatalf("no position or scroll hint at the top:\n%s", v)
	}
	h.keys("j", "j", "j", "j", "j")
	for _, sort := range [][]string{{"s", "s", "s", "s"}, {"S"}, {"s"}} {
		h.keys("j", "j", "j")
		h.keys(sort...)
		if tb.cursor != 0 || tb.offset != 0 {
			t.Fatalf("after sort %v by %s: cursor %d, view from %d", sort, monthlyTitles[tb.sortCol], tb.cursor, tb.offset)
		}
	}
	for i := 0; i < 20; i++ {
		h.keys("j")
	}
	v := h.m.View()
	if !strings.Contains(v, "▲ 7 above") || !strings.Contains(v, "8–21 of 36 months") || !strings.Contains(v, "▼ 15 below") {
		t.Fatalf("footer after 20 rows down:\n%s", v)
	}
	// A header click sorts anew as well.
	h.m.View()
	click(h, h.m.table.monthly.zid.id(zoneHeader, 4))
	if tb.cursor != 0 || tb.offset != 0 {
		t.Fatalf("after a header click: cursor %d, view from %d", tb.cursor, tb.offset)
	}
}

// Detail says what its page hides too.
func TestDetailScrollHint(t *testing.T) {
	h := newHarness(t, 120, 40)
	h.keys("d")
	if v := h.m.View(); !strings.Contains(v, "1–14 of 108 lines · ▼ 94 below") {
		t.Fatalf("detail footer:\n%s", v)
	}
	h.keys("pgdown")
	if v := h.m.View(); !strings.Contains(v, "▲ 14 above · 15–28 of 108 lines · ▼ 80 below") {
		t.Fatalf("detail footer on page 2:\n%s", v)
	}
}

// Data that arrives before the terminal's size still fills the view once
// the size is known: the demo at 80×24 opened on one row.
func TestViewFilledWhenSizeComesLate(t *testing.T) {
	a := longFake()
	m := New(testOptions(t, a)).(*Model)
	h := &harness{t: t, m: m, a: a}
	h.send(runNow(m.querySummary()))
	h.send(tea.WindowSizeMsg{Width: 80, Height: 24})
	tb := m.table.monthly
	if tb.cursor != 35 || tb.offset != 36-tb.pageSize() {
		t.Fatalf("cursor %d, view from %d; want the last %d rows", tb.cursor, tb.offset, tb.pageSize())
	}
	// Fewer rows than before (a filter) pull the view back as well.
	h.send(filterAppliedMsg{filter: store.Filter{From: store.DateOf(2024, 1, 1)}})
	if tb.offset != 0 {
		t.Fatalf("8 months shown from row %d", tb.offset)
	}
}
