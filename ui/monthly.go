package ui

import (
	"fmt"
	"strings"

	"github.com/charmbracelet/bubbles/key"
	tea "github.com/charmbracelet/bubbletea"
	"github.com/charmbracelet/x/ansi"

	"marquee/store"
)

// monthlyTable lists one row per month, all in memory, sorted on screen.
// enter (or a click on a row) asks for that month's Detail with drillMsg.
type monthlyTable struct {
	c       *common
	keys    tableKeys
	zid     zonePrefix
	rows    []store.MonthRow // as sorted on screen
	raw     []store.MonthRow // as received
	sortCol int
	desc    bool
	cursor  int
	offset  int // first row on screen
	focused bool
	w, h    int
	welcome []string // shown instead of rows while the account has none
}

func newMonthlyTable(c *common, keys tableKeys) *monthlyTable {
	return &monthlyTable{c: c, keys: keys, zid: c.newZonePrefix()}
}

// pageSize is the number of rows the body shows (header and footer apart).
func (t *monthlyTable) pageSize() int { return max(1, t.h-2) }

func (t *monthlyTable) SetSize(w, h int) tea.Cmd {
	t.w, t.h = w, h
	t.scroll()
	return nil
}

// SetMonths replaces the rows, keeping the selected month.
func (t *monthlyTable) SetMonths(rows []store.MonthRow) {
	var keep store.Month
	had := t.cursor < len(t.rows)
	if had {
		keep = t.rows[t.cursor].Period
	}
	t.raw = rows
	t.rows = sortMonths(rows, t.sortCol, t.desc)
	t.cursor = 0
	for i, r := range t.rows {
		if had && r.Period == keep {
			t.cursor = i
		}
	}
	t.scroll()
}

// scroll moves the view just enough to show the cursor, and never leaves
// blank rows at the bottom while rows are hidden above (a taller screen,
// fewer rows).
func (t *monthlyTable) scroll() {
	n := t.pageSize()
	t.offset = max(0, min(t.offset, len(t.rows)-n))
	if t.cursor < t.offset {
		t.offset = t.cursor
	}
	if t.cursor >= t.offset+n {
		t.offset = t.cursor - n + 1
	}
}

// selected is the month under the cursor.
func (t *monthlyTable) selected() (store.Month, bool) {
	if t.cursor >= len(t.rows) {
		return 0, false
	}
	return t.rows[t.cursor].Period, true
}

// selectMonth puts the cursor on month m, if it is a row.
func (t *monthlyTable) selectMonth(m store.Month) {
	for i, r := range t.rows {
		if r.Period == m {
			t.cursor = i
			t.scroll()
		}
	}
}

func (t *monthlyTable) moveBy(d int) {
	t.cursor = max(0, min(len(t.rows)-1, t.cursor+d))
	t.scroll()
}

func (t *monthlyTable) sortBy(col int, toggle bool) {
	switch {
	case col != t.sortCol:
		t.desc = monthlyNaturalDesc[col]
	case toggle:
		t.desc = !t.desc
	}
	t.sortCol = col
	t.SetMonths(t.raw)
	// A new order starts at its top: the best month of a revenue sort is
	// the first row on screen, never hidden above it.
	t.cursor, t.offset = 0, 0
}

// drill asks for the Detail of the selected month.
func (t *monthlyTable) drill() tea.Cmd {
	if t.cursor >= len(t.rows) {
		return nil
	}
	m := t.rows[t.cursor].Period
	return func() tea.Msg { return drillMsg{month: m} }
}

func (t *monthlyTable) Update(msg tea.Msg) tea.Cmd {
	switch msg := msg.(type) {
	case tea.KeyMsg:
		k := t.keys
		switch {
		case key.Matches(msg, k.Sort):
			t.sortBy((t.sortCol+1)%len(monthlyTitles), false)
		case key.Matches(msg, k.Reverse):
			t.sortBy(t.sortCol, true)
		case key.Matches(msg, k.Drill):
			return t.drill()
		case key.Matches(msg, k.Up):
			t.moveBy(-1)
		case key.Matches(msg, k.Down):
			t.moveBy(1)
		case key.Matches(msg, k.PageUp):
			t.moveBy(-t.pageSize())
		case key.Matches(msg, k.PageDown):
			t.moveBy(t.pageSize())
		case key.Matches(msg, k.Top):
			t.moveBy(-len(t.rows))
		case key.Matches(msg, k.Bottom):
			t.moveBy(len(t.rows))
		}
	case tea.MouseMsg:
		return t.click(msg)
	}
	return nil
}

// click: the wheel moves, a header sorts, a row is selected and drilled
// into (what enter does).
func (t *monthlyTable) click(msg tea.MouseMsg) tea.Cmd {
	switch {
	case msg.Button == tea.MouseButtonWheelUp:
		t.moveBy(-1)
		return nil
	case msg.Button == tea.MouseButtonWheelDown:
		t.moveBy(1)
		return nil
	case msg.Action != tea.MouseActionRelease || msg.Button != tea.MouseButtonLeft:
		return nil
	}
	for i := range monthlyTitles {
		if t.c.hit(t.zid.id(zoneHeader, i), msg) {
			t.sortBy(i, true)
			return nil
		}
	}
	for i := 0; i < t.pageSize(); i++ {
		if t.c.hit(t.zid.id(zoneRow, i), msg) {
			t.cursor = t.offset + i
			return t.drill()
		}
	}
	return nil
}

func (t *monthlyTable) ShortHelp() []key.Binding {
	return []key.Binding{t.keys.Detail, t.keys.Sort, t.keys.Search, t.keys.Drill}
}

func (t *monthlyTable) FullHelp() [][]key.Binding {
	k := t.keys
	return [][]key.Binding{{k.Up, k.Down, k.PageUp, k.PageDown, k.Top, k.Bottom}, {k.Sort, k.Reverse, k.Drill}}
}

// View renders header, rows and footer in t.w×t.h.
func (t *monthlyTable) View() string {
	cells := make([][]string, len(t.rows))
	for i, r := range t.rows {
		cells[i] = monthCells(r)
	}
	cols := monthlyColumns(t.w-1, cells)
	lines := []string{tableHeader(t.c, t.zid, cols, t.sortCol, t.desc)}
	switch {
	case len(t.rows) == 0 && t.welcome != nil:
		for _, l := range t.welcome {
			// Wrap rather than cut: the header must be readable whole.
			for _, part := range strings.Split(ansi.Wrap(l, t.w, ","), "\n") {
				lines = append(lines, fit(part, t.w))
			}
		}
	case len(t.rows) == 0:
		lines = append(lines, t.c.styles.Muted.Render("No months match these filters."))
	}
	n := t.pageSize()
	for i := t.offset; i < len(t.rows) && i < t.offset+n; i++ {
		lines = append(lines, tableRow(t.c, t.zid, i-t.offset, renderCells(cols, cells[i]), rowMark(i == t.cursor, t.focused)))
	}
	return tableFrame(t.c, lines, t.footer(), t.w, t.h)
}

func (t *monthlyTable) footer() string {
	count := plural(len(t.rows), "month")
	if len(t.rows) > t.pageSize() {
		count = position(t.offset, min(t.pageSize(), len(t.rows)-t.offset), len(t.rows), "month")
	}
	line := fmt.Sprintf("%s · sorted by %s · enter: month detail", count, monthlyTitles[t.sortCol])
	for _, r := range t.rows {
		if r.PendingLines > 0 {
			return line + " · * lines pending FX"
		}
	}
	return line
}

// tableFrame pads or cuts the lines to h-1 and sets the footer last.
func tableFrame(c *common, lines []string, footer string, w, h int) string {
	for len(lines) < h-1 {
		lines = append(lines, "")
	}
	lines = append(lines[:max(0, h-1)], c.styles.Muted.Render(fit(footer, w)))
	return strings.Join(lines, "\n")
}
