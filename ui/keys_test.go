package ui

import (
	"strings"
	"testing"

	tea "github.com/charmbracelet/bubbletea"
)

func burst(s string) tea.KeyMsg { return tea.KeyMsg{Type: tea.KeyRunes, Runes: []rune(s)} }

// Bubble Tea v1 delivers keys that arrive together (a laggy SSH link, key
// repeat during a slow render) as one KeyRunes message: every rune is a
// key of its own.
func TestBurstOfKeysIsEveryKey(t *testing.T) {
	h := newHarnessOn(t, longFake(), 120, 40)
	h.keys("g")
	h.send(burst("jjj"))
	if c := h.m.table.monthly.cursor; c != 3 {
		t.Fatalf("jjj moved the cursor to row %d, want 3", c)
	}
	h.send(burst("d"))
	h.send(burst("ff"))
	if got, want := h.m.table.detail.offset, 2*h.m.table.detail.pageSize(); got != want {
		t.Fatalf("ff in Detail: offset %d, want %d", got, want)
	}
	// A burst that opens the search types the rest into it.
	h.send(burst("/quiet"))
	if d := h.m.table.detail; !d.searching || d.search.value != "quiet" {
		t.Fatalf("burst /quiet: searching %v, value %q", d.searching, d.search.value)
	}
	// A paste stays one piece of text.
	h.keys("esc")
	h.m.setFocus(paneForm)
	h.send(tea.KeyMsg{Type: tea.KeyRunes, Runes: []rune("2024-02"), Paste: true})
	if v := h.m.form.from.value; v != "2024-02" {
		t.Fatalf("pasted From = %q", v)
	}
}

// g/G and Home/End go to the first and last row of every list and table.
func TestFirstAndLastRow(t *testing.T) {
	h := newHarnessOn(t, longFake(), 120, 40)
	tb := h.m.table.monthly
	for _, k := range []tea.KeyMsg{keyMsg("G"), {Type: tea.KeyEnd}} {
		h.send(keyMsg("g"))
		h.send(k)
		if tb.cursor != 35 || tb.offset != 36-tb.pageSize() {
			t.Fatalf("%s: cursor %d offset %d", k, tb.cursor, tb.offset)
		}
	}
	h.send(tea.KeyMsg{Type: tea.KeyHome})
	if tb.cursor != 0 || tb.offset != 0 {
		t.Fatalf("home: cursor %d offset %d", tb.cursor, tb.offset)
	}
	h.keys("d", "G")
	d := h.m.table.detail
	if d.offset+d.cursor != d.page.Total-1 || d.cursor != len(d.page.Rows)-1 {
		t.Fatalf("G in Detail: row %d of %d", d.offset+d.cursor, d.page.Total)
	}
	h.keys("g")
	if d.offset != 0 || d.cursor != 0 {
		t.Fatalf("g in Detail: offset %d cursor %d", d.offset, d.cursor)
	}
	// An open list: g types into its filter, home and end move.
	h.m.setFocus(paneForm)
	h.m.form.focus = fieldCountries
	h.keys("enter")
	l := h.m.form.lists[1]
	h.send(tea.KeyMsg{Type: tea.KeyEnd})
	if l.cursor != len(l.options)-1 {
		t.Fatalf("end in a list: cursor %d of %d", l.cursor, len(l.options))
	}
	h.send(tea.KeyMsg{Type: tea.KeyHome})
	if l.cursor != 0 {
		t.Fatalf("home in a list: cursor %d", l.cursor)
	}
}

// n and N step through the lines a search found.
func TestNextAndPreviousSearchHit(t *testing.T) {
	h := newHarness(t, 120, 40)
	h.keys("d", "/")
	h.typeText("quiet")
	h.keys("enter")
	d := h.m.table.detail
	h.keys("n", "n")
	if d.cursor != 2 || d.page.Rows[d.cursor].Title != "The Quiet Field" {
		t.Fatalf("n n: cursor %d", d.cursor)
	}
	h.keys("N")
	if d.cursor != 1 {
		t.Fatalf("N: cursor %d", d.cursor)
	}
	if s := statusLine(h.m); !strings.Contains(s, "n/N") {
		t.Fatalf("the hints do not offer n/N with a search applied: %s", s)
	}
}

// The chart's cursor and the Monthly table's selection are one month:
// moving either moves the other, and enter on the chart opens the Detail
// of its month.
func TestChartAndTableMoveTogether(t *testing.T) {
	h := newHarness(t, 120, 40)
	sel := func() (string, string) {
		c, _ := h.m.chart.Selected()
		tb := h.m.table.monthly
		return c.Period.String(), tb.rows[tb.cursor].Period.String()
	}
	if c, tb := sel(); c != "2024-08" || tb != "2024-08" {
		t.Fatalf("at start the chart is on %s, the table on %s; want the newest month", c, tb)
	}
	h.keys("g", "j", "j")
	if c, tb := sel(); c != "2024-03" || tb != "2024-03" {
		t.Fatalf("after j j: chart %s, table %s", c, tb)
	}
	h.keys("tab", "l", "l") // chart
	if c, tb := sel(); c != "2024-05" || tb != "2024-05" {
		t.Fatalf("after l l on the chart: chart %s, table %s", c, tb)
	}
	// The table shows the month it follows, though the chart has the keys.
	if l := lineWith(h.m.View(), "May 2024    "); !strings.Contains(l, "›May 2024") {
		t.Fatalf("the table does not mark the chart's month: %q", l)
	}
	h.keys("enter")
	tp := h.m.table
	if h.m.focus != paneTable || tp.view != viewDetail || tp.detail.drill == nil || tp.detail.drill.String() != "2024-05" {
		t.Fatalf("enter on the chart: focus %v view %v drill %v", h.m.focus, tp.view, tp.detail.drill)
	}
}

// Hints offer only keys that work where they are shown.
func TestHintsOfferWorkingKeys(t *testing.T) {
	h := newHarness(t, 200, 60)
	s := statusLine(h.m)
	if strings.Contains(s, "m monthly") {
		t.Errorf("Monthly offers m, which does nothing there: %s", s)
	}
	if !strings.Contains(s, "/ search") {
		t.Errorf("Monthly hints lack / search: %s", s)
	}
	h.keys("/") // opens the search of all lines
	if d := h.m.table.detail; h.m.table.view != viewDetail || !d.searching {
		t.Fatalf("/ in Monthly: view %v searching %v", h.m.table.view, d.searching)
	}
	h.keys("esc")
	s = statusLine(h.m)
	if strings.Contains(s, "month detail") || strings.Contains(s, "d detail") {
		t.Errorf("Detail offers enter month detail or d: %s", s)
	}
	for _, want := range []string{"m monthly", "/ search", "esc back"} {
		if !strings.Contains(s, want) {
			t.Errorf("Detail hints lack %q: %s", want, s)
		}
	}
	h.keys("tab") // chart
	if s := statusLine(h.m); !strings.Contains(s, "enter month detail") {
		t.Errorf("chart hints lack enter: %s", s)
	}
}

// A click on the chart opens the Detail of the month under the pointer.
func TestChartClickDrillsIn(t *testing.T) {
	h := newHarness(t, 120, 40)
	c := h.m.chart
	waitZone(t, h.m, c.zid.whole())
	waitZone(t, h.m, h.m.zid.id(zonePane, int(paneChart)))
	zi := h.m.c.zone(c.zid.whole())
	for _, a := range []tea.MouseAction{tea.MouseActionPress, tea.MouseActionRelease} {
		h.send(tea.MouseMsg{X: zi.StartX + c.cols[2], Y: zi.StartY + 2, Action: a, Button: tea.MouseButtonLeft})
	}
	tp := h.m.table
	if tp.view != viewDetail || tp.detail.drill == nil || tp.detail.drill.String() != "2024-03" || h.m.focus != paneTable {
		t.Fatalf("click on Mar: view %v drill %v focus %v", tp.view, tp.detail.drill, h.m.focus)
	}
}
