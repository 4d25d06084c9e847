package ui

import (
	"fmt"
	"strings"

	"github.com/charmbracelet/bubbles/key"
	tea "github.com/charmbracelet/bubbletea"

	"marquee/store"
)

type tableView int

const (
	viewMonthly tableView = iota
	viewDetail
)

// table shows the Monthly rows (all in memory: one per month) or one page
// of Detail rows at a time, asked for with Offset/Limit so millions of lines
// are never loaded at once.
type table struct {
	c       *common
	keys    tableKeys
	view    tableView
	filter  store.Filter // the applied filter
	focused bool
	w, h    int
	zid     string

	months  []store.MonthRow // as sorted on screen
	raw     []store.MonthRow // as received
	mSort   int
	mDesc   bool
	mCursor int
	mOffset int

	dSort     int
	dDesc     bool
	searching bool
	search    textField
	query     string       // the applied search
	drill     *store.Month // set when Detail was opened from a month
	offset    int          // first row of the page
	dCursor   int          // row within the page
	page      store.DetailPage
	loading   bool
	err       error
}

func newTable(c *common) *table {
	return &table{c: c, keys: newTableKeys(), zid: c.zoneID(), search: textField{limit: 60}}
}

func (t *table) Focus() { t.focused = true }
func (t *table) Blur()  { t.focused = false; t.searching = false }

// Capturing: the search input has the keyboard.
func (t *table) Capturing() bool { return t.focused && t.searching }

// SetSize sets the content size. A new height changes the page size, so
// the Detail view asks for its page again.
func (t *table) SetSize(w, h int) tea.Cmd {
	old := t.pageSize()
	t.w, t.h = w, h
	if t.view == viewDetail && t.pageSize() != old {
		return t.request()
	}
	return nil
}

// pageSize is the number of rows the body shows.
func (t *table) pageSize() int { return max(1, t.h-3) }

// SetFilter applies a new filter: the Detail view starts from its first
// page, since the old offset means nothing under another filter. A
// drilled-down month the new dates exclude is left, rather than showing
// an empty table; reset (the Reset button) also leaves the drill-down and
// the search, so that all data shows.
func (t *table) SetFilter(f store.Filter, reset bool) tea.Cmd {
	t.filter = f
	t.offset, t.dCursor = 0, 0
	if d := t.drill; d != nil && (reset || f.From > d.Last() || f.To != 0 && f.To < d.First()) {
		t.drill = nil
	}
	if reset {
		t.query, t.search.value, t.searching = "", "", false
	}
	if t.view == viewDetail {
		return t.request()
	}
	return nil
}

// SetMonths replaces the monthly rows, keeping the selected month.
func (t *table) SetMonths(rows []store.MonthRow) {
	var keep store.Month
	had := t.mCursor < len(t.months)
	if had {
		keep = t.months[t.mCursor].Period
	}
	t.raw = rows
	t.months = sortMonths(rows, t.mSort, t.mDesc)
	t.mCursor = 0
	for i, r := range t.months {
		if had && r.Period == keep {
			t.mCursor = i
		}
	}
}

// SetPage stores a Detail result; the cursor row index is kept, so a
// refresh leaves the selection where it was.
func (t *table) SetPage(q store.DetailQuery, p store.DetailPage, err error) {
	t.loading = false
	t.err = err
	if err != nil {
		return
	}
	t.page = p
	t.offset = q.Offset
	t.dCursor = max(0, min(t.dCursor, len(p.Rows)-1))
}

// Refresh re-asks for the current page after a data change.
func (t *table) Refresh() tea.Cmd {
	if t.view == viewDetail {
		return t.request()
	}
	return nil
}

// Query is the Detail query of the current state.
func (t *table) Query() store.DetailQuery {
	f := t.filter
	if t.drill != nil {
		// Narrow the applied filter to the drilled month, never widen it.
		if first := t.drill.First(); f.From < first {
			f.From = first
		}
		if last := t.drill.Last(); f.To == 0 || f.To > last {
			f.To = last
		}
	}
	return store.DetailQuery{Filter: f, Sort: detailSorts[t.dSort], Desc: t.dDesc,
		Offset: t.offset, Limit: t.pageSize(), Search: t.query}
}

// request asks the root for the current page.
func (t *table) request() tea.Cmd {
	t.loading = true
	return func() tea.Msg { return detailWantedMsg{} }
}

func (t *table) showMonthly() {
	t.view = viewMonthly
	t.drill = nil
	t.searching = false
}

func (t *table) showDetail(drill *store.Month) tea.Cmd {
	t.view = viewDetail
	t.drill = drill
	t.offset, t.dCursor = 0, 0
	return t.request()
}

// drillDown opens the Detail of the selected month.
func (t *table) drillDown() tea.Cmd {
	if t.mCursor >= len(t.months) {
		return nil
	}
	m := t.months[t.mCursor].Period
	return t.showDetail(&m)
}

func (t *table) sortBy(col int, toggle bool) tea.Cmd {
	if t.view == viewMonthly {
		if toggle && col == t.mSort {
			t.mDesc = !t.mDesc
		}
		t.mSort = col
		t.SetMonths(t.raw)
		return nil
	}
	if toggle && col == t.dSort {
		t.dDesc = !t.dDesc
	}
	t.dSort = col
	t.offset, t.dCursor = 0, 0
	return t.request()
}

func (t *table) Update(msg tea.Msg) tea.Cmd {
	switch msg := msg.(type) {
	case tea.KeyMsg:
		if t.searching {
			return t.updateSearch(msg)
		}
		return t.updateKeys(msg)
	case tea.MouseMsg:
		return t.click(msg)
	}
	return nil
}

func (t *table) updateSearch(msg tea.KeyMsg) tea.Cmd {
	switch msg.String() {
	case "enter":
		t.searching = false
		t.query = strings.TrimSpace(t.search.value)
		t.offset, t.dCursor = 0, 0
		return t.request()
	case "esc":
		t.searching = false
		t.search.value = t.query
		return nil
	}
	t.search.update(msg)
	return nil
}

func (t *table) updateKeys(msg tea.KeyMsg) tea.Cmd {
	k := t.keys
	switch {
	case key.Matches(msg, k.Monthly):
		t.showMonthly()
	case key.Matches(msg, k.Detail):
		if t.view != viewDetail || t.drill != nil {
			return t.showDetail(nil)
		}
	case key.Matches(msg, k.Sort):
		n := len(monthlyTitles)
		cur := t.mSort
		if t.view == viewDetail {
			n, cur = len(detailTitles), t.dSort
		}
		return t.sortBy((cur+1)%n, false)
	case key.Matches(msg, k.Reverse):
		if t.view == viewMonthly {
			return t.sortBy(t.mSort, true)
		}
		return t.sortBy(t.dSort, true)
	case key.Matches(msg, k.Search):
		if t.view == viewDetail {
			t.searching = true
			t.search.value = t.query
		}
	case key.Matches(msg, k.Drill):
		if t.view == viewMonthly {
			return t.drillDown()
		}
	case key.Matches(msg, k.Back):
		return t.back()
	case key.Matches(msg, k.Export):
		return t.export()
	case key.Matches(msg, k.Up):
		return t.moveBy(-1)
	case key.Matches(msg, k.Down):
		return t.moveBy(1)
	case key.Matches(msg, k.PageUp):
		return t.moveBy(-t.pageSize())
	case key.Matches(msg, k.PageDown):
		return t.moveBy(t.pageSize())
	}
	return nil
}

// back: esc clears an applied search first, then leaves Detail for Monthly
// with the drilled month still selected.
func (t *table) back() tea.Cmd {
	if t.view != viewDetail {
		return nil
	}
	if t.query != "" {
		t.query, t.search.value = "", ""
		t.offset, t.dCursor = 0, 0
		return t.request()
	}
	t.showMonthly()
	return nil
}

// moveBy moves the cursor; in Detail, crossing a page edge asks for the
// neighbouring page.
func (t *table) moveBy(d int) tea.Cmd {
	if t.view == viewMonthly {
		t.mCursor = max(0, min(len(t.months)-1, t.mCursor+d))
		return nil
	}
	pos := t.offset + t.dCursor + d
	pos = max(0, min(t.page.Total-1, pos))
	if pos < 0 {
		return nil
	}
	size := t.pageSize()
	newOffset := pos / size * size
	t.dCursor = pos - newOffset
	if newOffset != t.offset {
		t.offset = newOffset
		return t.request()
	}
	return nil
}

func (t *table) export() tea.Cmd {
	if t.view == viewMonthly {
		rows := append([]store.MonthRow(nil), t.months...)
		return func() tea.Msg { return exportWantedMsg{months: rows} }
	}
	q := t.Query()
	return func() tea.Msg { return exportWantedMsg{detail: true, query: q} }
}

// click: tabs switch views, headers sort, a row is selected and then
// treated like enter.
func (t *table) click(msg tea.MouseMsg) tea.Cmd {
	if msg.Button == tea.MouseButtonWheelUp {
		return t.moveBy(-1)
	}
	if msg.Button == tea.MouseButtonWheelDown {
		return t.moveBy(1)
	}
	if msg.Action != tea.MouseActionRelease || msg.Button != tea.MouseButtonLeft {
		return nil
	}
	z := t.c.zones
	if z.Get(t.zid + "tab0").InBounds(msg) {
		t.showMonthly()
		return nil
	}
	if z.Get(t.zid + "tab1").InBounds(msg) {
		if t.view != viewDetail || t.drill != nil {
			return t.showDetail(nil)
		}
		return nil
	}
	for i := range detailTitles {
		if z.Get(fmt.Sprintf("%sh%d", t.zid, i)).InBounds(msg) {
			return t.sortBy(i, true)
		}
	}
	for i := 0; i < t.pageSize(); i++ {
		if z.Get(fmt.Sprintf("%sr%d", t.zid, i)).InBounds(msg) {
			if t.view == viewMonthly {
				t.mCursor = t.mOffset + i
				return t.drillDown()
			}
			if i < len(t.page.Rows) {
				t.dCursor = i
			}
			return nil
		}
	}
	return nil
}

func (t *table) ShortHelp() []key.Binding {
	if t.searching {
		return []key.Binding{
			key.NewBinding(key.WithKeys("enter"), key.WithHelp("enter", "search")),
			key.NewBinding(key.WithKeys("esc"), key.WithHelp("esc", "cancel")),
		}
	}
	return t.keys.ShortHelp()
}

func (t *table) FullHelp() [][]key.Binding { return t.keys.FullHelp() }
