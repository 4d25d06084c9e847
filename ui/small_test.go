package ui

import (
	"strings"
	"testing"

	"marquee/store"
	"marquee/ui/internal/fake"
)

// lineWith is the first line of the screen containing s.
func lineWith(v, s string) string {
	for _, l := range strings.Split(v, "\n") {
		if strings.Contains(l, s) {
			return l
		}
	}
	return ""
}

// Columns take the width their contents need: long channel names and
// units are not cut at 120 or 200 columns while Title takes blank cells,
// and at 200 Monthly's Revenue sits beside the other figures.
func TestColumnsFollowTheTerminal(t *testing.T) {
	a := fake.New()
	m := store.MonthOf(2024, 3)
	r1 := fake.Row(m, "Night Train", "Vimeo On Demand", "GB", 1500, 2)
	r2 := fake.Row(m, "Night Train", "Fandango at Home", "US", 2500, 3)
	r2.Unit = "transactions"
	a.Post(r1, r2)
	for _, w := range []int{120, 200} {
		h := newHarnessOn(t, a, w, 40)
		h.keys("d", "/")
		h.typeText("night")
		h.keys("enter")
		v := h.m.View()
		for _, want := range []string{"Vimeo On Demand", "Fandango at Home", "3 transactions"} {
			if !strings.Contains(v, want) {
				t.Errorf("%d columns: %q is cut:\n%s", w, want, lineWith(v, "Night Train"))
			}
		}
	}
	h := newHarnessOn(t, a, 200, 60)
	l := lineWith(h.m.View(), "Jan 2024")
	if i := strings.Index(l, "$"); i < 0 || i > 90 {
		t.Fatalf("Revenue is %d cells in at 200 columns: %q", i, l)
	}
}

// The chart's top tick is labelled at every size.
func TestChartTopTickLabelled(t *testing.T) {
	for _, sz := range [][2]int{{80, 24}, {100, 32}, {120, 40}, {200, 60}, {120, 41}} {
		h := newHarness(t, sz[0], sz[1])
		h.keys("tab") // the chart, shown alone in the compact layout
		v := h.m.chart.View()
		lines := strings.Split(zoneMarker.ReplaceAllString(v, ""), "\n")
		if len(lines) < 2 || !strings.Contains(lines[1], "$") {
			t.Errorf("%dx%d: top tick unlabelled:\n%s", sz[0], sz[1], strings.Join(lines, "\n"))
		}
	}
}

// The revenue tile says which statuses its lines have.
func TestRevenueTileSaysStatus(t *testing.T) {
	h := newHarness(t, 120, 40)
	for _, c := range []struct {
		f    store.Filter
		want string
	}{
		{store.Filter{}, "Revenue (estimate + final)"},
		{store.Filter{To: store.DateOf(2024, 6, 30)}, "Revenue (final)"},
		{store.Filter{From: store.DateOf(2024, 7, 1)}, "Revenue (estimate)"},
	} {
		h.send(filterAppliedMsg{filter: c.f})
		if v := h.m.View(); !strings.Contains(v, c.want) {
			t.Errorf("filter %s: no %q:\n%s", filterSummary(c.f), c.want, lineWith(v, "Channels"))
		}
	}
}

// Counts read as English.
func TestOneIsSingular(t *testing.T) {
	h := newHarness(t, 120, 40)
	h.send(filterAppliedMsg{filter: store.Filter{From: store.DateOf(2024, 3, 1), To: store.DateOf(2024, 3, 31)}})
	if v := h.m.View(); !strings.Contains(v, "1 month ·") {
		t.Errorf("one month:\n%s", lineWith(v, "sorted by"))
	}
	h.send(filterAppliedMsg{filter: store.Filter{From: store.DateOf(2024, 3, 1), To: store.DateOf(2024, 3, 31),
		Titles: []string{"Paper Moons"}, Countries: []string{"GB"}}})
	h.keys("d")
	if v := h.m.View(); !strings.Contains(v, "1–1 of 1 line") || strings.Contains(v, "1 lines") {
		t.Errorf("one line:\n%s", v)
	}
}

// The first sort by a column is its natural order: text A→Z, dates,
// money and quantities largest (newest) first; again reverses.
func TestNaturalSortOrder(t *testing.T) {
	h := newHarness(t, 120, 40)
	h.keys("d")
	d := h.m.table.detail
	for _, c := range []struct {
		col  int
		desc bool
	}{{7, true}, {2, false}, {5, true}, {3, false}, {1, true}, {0, true}, {8, false}} {
		h.m.View()
		click(h, d.zid.id(zoneHeader, c.col))
		if d.sortCol != c.col || d.desc != c.desc {
			t.Errorf("first click on %s: desc %v, want %v", detailTitles[c.col], d.desc, c.desc)
		}
	}
	click(h, d.zid.id(zoneHeader, 8))
	if !d.desc {
		t.Error("a second click did not reverse")
	}
	mt := h.m.table.monthly
	h.keys("m", "s", "s", "s", "s") // Revenue
	if monthlyTitles[mt.sortCol] != "Revenue" || !mt.desc {
		t.Errorf("Monthly by %s desc %v, want Revenue descending", monthlyTitles[mt.sortCol], mt.desc)
	}
}
