package ui

import (
	"github.com/charmbracelet/bubbles/key"
	tea "github.com/charmbracelet/bubbletea"

	"marquee/store"
)

type tableView int

const (
	viewMonthly tableView = iota
	viewDetail
)

// tablePane is the Table pane: the Monthly and Detail tabs over whichever
// table is shown. It owns what joins the two (switching, drilling from a
// month into its Detail, going back); each table owns its rows, cursor,
// sort and scrolling.
type tablePane struct {
	c       *common
	keys    tableKeys
	export  key.Binding // the global export key, offered in the hints
	view    tableView
	monthly *monthlyTable
	detail  *detailTable
	focused bool
	w, h    int
	zid     zonePrefix
}

func newTablePane(c *common, export key.Binding) *tablePane {
	keys := newTableKeys()
	return &tablePane{
		c: c, keys: keys, export: export, zid: c.newZonePrefix(),
		monthly: newMonthlyTable(c, keys),
		detail:  newDetailTable(c, keys),
	}
}

func (t *tablePane) Title() string { return "Table" }

func (t *tablePane) Focus() {
	t.focused = true
	t.monthly.focused, t.detail.focused = true, true
}

func (t *tablePane) Blur() {
	t.focused = false
	t.monthly.focused, t.detail.focused = false, false
	t.detail.searching = false
}

// Capturing: Detail's search line has the keyboard.
func (t *tablePane) Capturing() bool { return t.focused && t.detail.searching }

// shown is the table on screen.
func (t *tablePane) shown() component {
	if t.view == viewDetail {
		return t.detail
	}
	return t.monthly
}

// SetSize gives both tables the space under the tab line. A new height
// changes Detail's page size, so a shown Detail asks for its page again.
func (t *tablePane) SetSize(w, h int) tea.Cmd {
	t.w, t.h = w, h
	old := t.detail.pageSize()
	t.monthly.SetSize(w, h-1)
	t.detail.SetSize(w, h-1)
	if t.view == viewDetail && t.detail.pageSize() != old {
		return t.detail.request()
	}
	return nil
}

// SetFilter hands a new filter to Detail; Monthly's rows come with the
// summary.
func (t *tablePane) SetFilter(f store.Filter, reset bool) tea.Cmd {
	t.detail.setFilter(f, reset)
	if t.view == viewDetail {
		return t.detail.request()
	}
	return nil
}

// Refresh re-asks for the current page after a data change.
func (t *tablePane) Refresh() tea.Cmd {
	t.detail.totalsFor = "" // the data changed: add it up again
	if t.view == viewDetail {
		return t.detail.request()
	}
	return nil
}

func (t *tablePane) showMonthly() {
	t.view = viewMonthly
	t.detail.drill = nil
	t.detail.searching = false
}

// showDetail opens Detail, of one month when drill is set.
func (t *tablePane) showDetail(drill *store.Month) tea.Cmd {
	t.view = viewDetail
	t.detail.drill = drill
	t.detail.offset, t.detail.cursor = 0, 0
	return t.detail.request()
}

func (t *tablePane) Update(msg tea.Msg) tea.Cmd {
	switch msg := msg.(type) {
	case drillMsg:
		m := msg.month
		return t.showDetail(&m)
	case tea.KeyMsg:
		if t.view == viewDetail && t.detail.searching {
			return t.detail.Update(msg)
		}
		switch {
		case key.Matches(msg, t.keys.Monthly):
			t.showMonthly()
			return nil
		case key.Matches(msg, t.keys.Detail):
			if t.view != viewDetail || t.detail.drill != nil {
				return t.showDetail(nil)
			}
			return nil
		case key.Matches(msg, t.keys.Search) && t.view == viewMonthly:
			// Search is Detail's: / from Monthly searches every line.
			cmd := t.showDetail(nil)
			t.detail.Update(msg)
			return cmd
		case key.Matches(msg, t.keys.Back) && t.view == viewDetail && t.detail.query == "":
			// Back to Monthly, the drilled month still selected.
			t.showMonthly()
			return nil
		}
	case tea.MouseMsg:
		if msg.Action == tea.MouseActionRelease && msg.Button == tea.MouseButtonLeft {
			if t.c.hit(t.zid.id(zoneTab, 0), msg) {
				t.showMonthly()
				return nil
			}
			if t.c.hit(t.zid.id(zoneTab, 1), msg) {
				if t.view != viewDetail || t.detail.drill != nil {
					return t.showDetail(nil)
				}
				return nil
			}
		}
	}
	return t.shown().Update(msg)
}

// exportCmd asks the root to export what the shown table holds.
func (t *tablePane) exportCmd() tea.Cmd {
	if t.view == viewMonthly {
		return func() tea.Msg { return exportWantedMsg{} }
	}
	q, drill := t.detail.Query(), t.detail.drill
	return func() tea.Msg { return exportWantedMsg{detail: true, query: q, drill: drill} }
}

// ShortHelp is the shown table's hints and the export key.
func (t *tablePane) ShortHelp() []key.Binding {
	if t.detail.searching {
		return t.detail.ShortHelp()
	}
	return append(t.shown().ShortHelp(), t.export)
}

func (t *tablePane) FullHelp() [][]key.Binding { return t.keys.FullHelp() }

// View renders the tab line over the shown table.
func (t *tablePane) View() string {
	if t.w < 10 || t.h < 4 {
		return ""
	}
	s := t.c.styles
	tab := func(i int, name string, active bool) string {
		return t.c.mark(t.zid.id(zoneTab, i), tabLabel(s, active, name))
	}
	return tab(0, "Monthly (m)", t.view == viewMonthly) + " " + tab(1, "Detail (d)", t.view == viewDetail) +
		"\n" + t.shown().View()
}
