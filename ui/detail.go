package ui

import (
	"fmt"
	"strings"

	"github.com/charmbracelet/bubbles/key"
	tea "github.com/charmbracelet/bubbletea"

	"marquee/format"
	"marquee/store"
)

// detailTable shows one page of line items at a time, asked for with
// Offset/Limit so millions of lines are never loaded at once. The root
// runs the query: request says a page is wanted, Query says which.
type detailTable struct {
	c         *common
	keys      tableKeys
	search    textField
	searchKey typingKeys
	zid       zonePrefix
	filter    store.Filter // the applied filter
	sortCol   int
	desc      bool
	searching bool
	query     string       // the applied search
	drill     *store.Month // set when Detail was opened from a month
	offset    int          // first row of the page
	cursor    int          // row within the page
	page      store.DetailPage
	loading   bool
	err       error
	totals    store.Totals // of totalsFor, the drill-down or search shown
	totalsFor string       // totalsKey of the query totals adds up; "" none
	focused   bool
	w, h      int
}

func newDetailTable(c *common, keys tableKeys) *detailTable {
	return &detailTable{c: c, keys: keys, search: newTextField(60), searchKey: newTypingKeys(), zid: c.newZonePrefix()}
}

// pageSize is the number of rows the body shows (header and footer apart).
func (t *detailTable) pageSize() int { return max(1, t.h-2) }

// SetSize sets the size; the pane asks for a page of the new size.
func (t *detailTable) SetSize(w, h int) tea.Cmd {
	t.w, t.h = w, h
	return nil
}

// setFilter applies a new filter: Detail starts from its first page, since
// the old offset means nothing under another filter. A drilled-down month
// the new dates exclude is left, rather than showing an empty table; reset
// (the Reset button) also leaves the drill-down and the search, so that all
// data shows.
func (t *detailTable) setFilter(f store.Filter, reset bool) {
	t.filter = f
	t.offset, t.cursor = 0, 0
	if d := t.drill; d != nil && (reset || f.From > d.Last() || f.To != 0 && f.To < d.First()) {
		t.drill = nil
	}
	if reset {
		t.query, t.search.value, t.searching = "", "", false
	}
}

// SetPage stores a result; the cursor row index is kept, so a refresh
// leaves the selection where it was.
func (t *detailTable) SetPage(q store.DetailQuery, p store.DetailPage, err error) {
	t.loading = false
	t.err = err
	if err != nil {
		return
	}
	t.page = p
	t.offset = q.Offset
	t.cursor = max(0, min(t.cursor, len(p.Rows)-1))
}

// Query is the Detail query of the current state.
func (t *detailTable) Query() store.DetailQuery {
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
	return store.DetailQuery{Filter: f, Sort: detailSorts[t.sortCol], Desc: t.desc,
		Offset: t.offset, Limit: t.pageSize(), Search: t.query}
}

// totalsKey names what a query selects, whatever its page and sort.
func totalsKey(q store.DetailQuery) string {
	return fmt.Sprintf("%v|%q", q.Filter, q.Search)
}

// needTotals reports whether q is a drill-down or a search whose totals
// are not known yet.
func (t *detailTable) needTotals(q store.DetailQuery) bool {
	return (t.drill != nil || q.Search != "") && totalsKey(q) != t.totalsFor
}

func (t *detailTable) setTotals(q store.DetailQuery, tot store.Totals) {
	t.totals, t.totalsFor = tot, totalsKey(q)
}

// totalsView is the footer's sum of a drill-down or search: "$1,234.567
// · 1,200 views · 30 rentals", while it is that of the query on screen.
func (t *detailTable) totalsView() string {
	q := t.Query()
	if t.drill == nil && q.Search == "" || t.totalsFor != totalsKey(q) {
		return ""
	}
	parts := []string{"total " + format.FormatUSD(t.totals.RevenueUSD)}
	if t.totals.Pending > 0 {
		parts[0] += fmt.Sprintf(" + %d pending FX", t.totals.Pending)
	}
	for _, u := range t.totals.Quantities {
		parts = append(parts, formatQuantity(u.Quantity, format.Sanitize(u.Unit)))
	}
	return strings.Join(parts, " · ")
}

// request asks the root for the current page.
func (t *detailTable) request() tea.Cmd {
	t.loading = true
	return func() tea.Msg { return detailWantedMsg{} }
}

func (t *detailTable) sortBy(col int, toggle bool) tea.Cmd {
	if detailSorts[col] == "" {
		return nil // a column the store cannot order
	}
	switch {
	case col != t.sortCol:
		t.desc = detailNaturalDesc[col]
	case toggle:
		t.desc = !t.desc
	}
	t.sortCol = col
	t.offset, t.cursor = 0, 0
	return t.request()
}

// moveBy moves the cursor; crossing a page edge asks for the neighbouring
// page.
func (t *detailTable) moveBy(d int) tea.Cmd {
	pos := t.offset + t.cursor + d
	pos = max(0, min(t.page.Total-1, pos))
	size := t.pageSize()
	newOffset := pos / size * size
	t.cursor = pos - newOffset
	if newOffset != t.offset {
		t.offset = newOffset
		return t.request()
	}
	return nil
}

func (t *detailTable) Update(msg tea.Msg) tea.Cmd {
	switch msg := msg.(type) {
	case tea.KeyMsg:
		if t.searching {
			return t.updateSearch(msg)
		}
		k := t.keys
		switch {
		case key.Matches(msg, k.Sort):
			next := (t.sortCol + 1) % len(detailTitles)
			for detailSorts[next] == "" {
				next = (next + 1) % len(detailTitles)
			}
			return t.sortBy(next, false)
		case key.Matches(msg, k.Reverse):
			return t.sortBy(t.sortCol, true)
		case key.Matches(msg, k.Search):
			t.searching = true
			t.search.value = t.query
		case key.Matches(msg, k.Back):
			// esc clears an applied search; the pane handles it otherwise.
			if t.query != "" {
				t.query, t.search.value = "", ""
				t.offset, t.cursor = 0, 0
				return t.request()
			}
		case key.Matches(msg, k.Up):
			return t.moveBy(-1)
		case key.Matches(msg, k.Down):
			return t.moveBy(1)
		case key.Matches(msg, k.PageUp):
			return t.moveBy(-t.pageSize())
		case key.Matches(msg, k.PageDown):
			return t.moveBy(t.pageSize())
		case key.Matches(msg, k.Top):
			return t.moveBy(-(t.offset + t.cursor))
		case key.Matches(msg, k.Bottom):
			return t.moveBy(t.page.Total)
		case key.Matches(msg, k.NextHit) && t.query != "":
			// Every line shown matches the search: the next hit is the
			// next line, across pages.
			return t.moveBy(1)
		case key.Matches(msg, k.PrevHit) && t.query != "":
			return t.moveBy(-1)
		}
	case tea.MouseMsg:
		return t.click(msg)
	}
	return nil
}

func (t *detailTable) updateSearch(msg tea.KeyMsg) tea.Cmd {
	switch {
	case key.Matches(msg, t.searchKey.Apply):
		t.searching = false
		t.query = strings.TrimSpace(t.search.value)
		t.offset, t.cursor = 0, 0
		return t.request()
	case key.Matches(msg, t.searchKey.Cancel):
		t.searching = false
		t.search.value = t.query
		return nil
	}
	t.search.update(msg)
	return nil
}

// click: the wheel moves, a header sorts, a row is selected.
func (t *detailTable) click(msg tea.MouseMsg) tea.Cmd {
	switch {
	case msg.Button == tea.MouseButtonWheelUp:
		return t.moveBy(-1)
	case msg.Button == tea.MouseButtonWheelDown:
		return t.moveBy(1)
	case msg.Action != tea.MouseActionRelease || msg.Button != tea.MouseButtonLeft:
		return nil
	}
	for i := range detailTitles {
		if t.c.hit(t.zid.id(zoneHeader, i), msg) {
			return t.sortBy(i, true)
		}
	}
	for i := 0; i < len(t.page.Rows) && i < t.pageSize(); i++ {
		if t.c.hit(t.zid.id(zoneRow, i), msg) {
			t.cursor = i
			return nil
		}
	}
	return nil
}

// ShortHelp offers what works now: n/N only with a search applied, d only
// in a drilled-down month, and esc says what it will do.
func (t *detailTable) ShortHelp() []key.Binding {
	if t.searching {
		return t.searchKey.ShortHelp()
	}
	k := t.keys
	hints := []key.Binding{k.Monthly}
	if t.drill != nil {
		all := k.Detail
		all.SetHelp("d", "all lines")
		hints = append(hints, all)
	}
	hints = append(hints, k.Sort, k.Search)
	back := k.Back
	if t.query != "" {
		hints = append(hints, k.NextHit)
		back.SetHelp("esc", "clear search")
	}
	return append(hints, back)
}

func (t *detailTable) FullHelp() [][]key.Binding {
	k := t.keys
	return [][]key.Binding{{k.Up, k.Down, k.PageUp, k.PageDown, k.Top, k.Bottom}, {k.Sort, k.Reverse, k.Search, k.NextHit, k.Back}}
}

// View renders header, rows and footer in t.w×t.h.
func (t *detailTable) View() string {
	cells := make([][]string, 0, len(t.page.Rows))
	for _, r := range t.page.Rows {
		cells = append(cells, detailCells(r))
	}
	cols := detailColumns(t.w-1, cells)
	lines := []string{tableHeader(t.c, t.zid, cols, t.sortCol, t.desc)}
	switch {
	case t.err != nil:
		lines = append(lines, t.c.styles.Err.Render(fit(format.Sanitize(t.err.Error()), t.w)))
	case len(t.page.Rows) == 0 && !t.loading:
		lines = append(lines, t.c.styles.Muted.Render("No lines match."))
	}
	for i, r := range cells {
		if i >= t.pageSize() {
			break
		}
		lines = append(lines, tableRow(t.c, t.zid, i, renderCells(cols, r), rowMark(i == t.cursor, t.focused)))
	}
	return tableFrame(t.c, lines, t.footer(), t.w, t.h)
}

func (t *detailTable) footer() string {
	if t.searching {
		return "search: " + t.search.view(true) + "   (enter apply · esc cancel)"
	}
	var parts []string
	parts = append(parts, position(t.offset, min(len(t.page.Rows), t.pageSize()), t.page.Total, "line"))
	if t.drill != nil {
		parts = append(parts, monthLabel(*t.drill)+" (esc back)")
	}
	if t.query != "" {
		parts = append(parts, fmt.Sprintf("search %q", t.query))
	}
	if tot := t.totalsView(); tot != "" {
		parts = append(parts, tot)
	}
	if t.loading {
		parts = append(parts, "loading…")
	}
	return strings.Join(parts, " · ")
}
