package ui

import (
	"fmt"

	"github.com/charmbracelet/bubbles/key"
	tea "github.com/charmbracelet/bubbletea"

	"marquee/format"
)

// Update routes messages: results to the panes (dropping stale ones),
// keys to overlays, global bindings or the focused pane, mouse events by
// zone.
func (m *Model) Update(msg tea.Msg) (tea.Model, tea.Cmd) {
	switch msg := msg.(type) {
	case tea.WindowSizeMsg:
		m.w, m.h = msg.Width, msg.Height
		return m, m.layout()
	case tea.KeyMsg:
		return m, m.following(func() tea.Cmd { return m.handleBurst(msg) })
	case tea.MouseMsg:
		return m, m.following(func() tea.Cmd { return m.handleMouse(msg) })

	case summaryResultMsg:
		if msg.seq != m.summarySeq {
			return m, nil // stale: a newer filter or refresh is on its way
		}
		m.queryErr = msg.err
		if msg.err == nil {
			m.loaded = true
			m.metrics = msg.metrics
			m.chart.SetRows(msg.months)
			m.table.monthly.SetMonths(msg.months)
			// New data: the table follows the chart, which stays on its
			// month or goes to the newest.
			if r, ok := m.chart.Selected(); ok {
				m.table.monthly.selectMonth(r.Period)
			}
			m.table.monthly.welcome = nil
			if msg.metrics.Lines == 0 && isEmptyFilter(m.filter) {
				m.table.monthly.welcome = m.opts.GettingStarted.lines()
			}
		}
		return m, m.layout()
	case detailResultMsg:
		if msg.seq != m.detailSeq {
			return m, nil
		}
		m.table.detail.SetPage(msg.query, msg.page, msg.err)
		if msg.totals != nil {
			m.table.detail.setTotals(msg.query, *msg.totals)
		}
		return m, nil
	case choicesMsg:
		if msg.seq != m.choicesSeq {
			return m, nil
		}
		m.form.SetChoices(msg.titles, msg.countries, msg.channels)
		if msg.filesErr == nil {
			m.files = msg.files
			m.refreshImports()
		}
		return m, nil

	case filterAppliedMsg:
		m.filter = msg.filter
		m.status = ""
		return m, tea.Batch(m.querySummary(), m.table.SetFilter(msg.filter, msg.reset))
	case detailWantedMsg:
		return m, m.queryDetail(m.table.detail.Query())
	case drillMsg:
		// From the chart or the Monthly table: the Detail is the table's.
		if m.focus != paneTable {
			m.setFocus(paneTable)
		}
		return m, tea.Batch(m.table.Update(msg), m.layout())
	case exportWantedMsg:
		if m.opts.ExportVia != "" {
			m.openOverlay(newExportOverlay(m.c, remoteExport(m.opts.ExportVia, m.filter, msg)))
			return m, nil
		}
		m.status = "exporting…"
		e := export{detail: msg.detail, filter: m.filter, query: msg.query, drill: msg.drill}
		return m, exportCmd(m.opts.Account, m.opts.ExportDir, m.c.now(), e)
	case exportDoneMsg:
		if msg.err != nil {
			m.status = "export failed: " + msg.err.Error()
		} else {
			m.status = fmt.Sprintf("exported %s to %s (%s)", msg.what, msg.path, msg.scope)
		}
		return m, nil

	case dataChangedMsg:
		cmds := []tea.Cmd{waitForChange(m.sub)}
		if !m.refreshPending {
			m.refreshPending = true
			cmds = append(cmds, refreshAfter())
		}
		return m, tea.Batch(cmds...)
	case inboxChangedMsg:
		before := m.inbox
		m.inbox = m.opts.Inbox.Status()
		switch in := m.inbox; {
		case in.LastError != "" && (in.Rejected > before.Rejected || in.LastError != before.LastError):
			// Say why at once; `i` keeps showing it.
			m.status = "inbox: " + in.LastError
		case in.Imported > before.Imported && in.LastImported != "":
			m.status = fmt.Sprintf("inbox: imported %s, %s added", format.Sanitize(in.LastImported), plural(in.LastAdded, "line item"))
		}
		m.refreshImports()
		return m, waitForInbox(m.inboxSub)
	case refreshMsg:
		m.refreshPending = false
		return m, m.refreshAll()
	case tickMsg:
		return m, tick()

	case tzChangedMsg:
		if m.overlay != nil {
			m.overlay.Update(msg)
		}
		if msg.err != nil {
			return m, nil
		}
		cmd := m.refreshAll()
		if _, ok := m.overlay.(*settings); ok {
			m.overlay = nil
		}
		m.status = "time zone set to " + m.tz
		return m, cmd
	}
	return m, nil
}

// handleBurst splits keys that arrived together: Bubble Tea v1 delivers
// "jjj" typed (or repeated) faster than it reads as one KeyRunes message,
// and each rune is a key of its own. A paste stays whole, for the field
// it goes into.
func (m *Model) handleBurst(msg tea.KeyMsg) tea.Cmd {
	if msg.Type != tea.KeyRunes || msg.Paste || len(msg.Runes) < 2 {
		return m.handleKey(msg)
	}
	var cmds []tea.Cmd
	for _, r := range msg.Runes {
		if m.closed {
			break // q was one of them
		}
		one := tea.KeyMsg{Type: tea.KeyRunes, Runes: []rune{r}, Alt: msg.Alt}
		if r == ' ' {
			one.Type = tea.KeySpace
		}
		cmds = append(cmds, m.handleKey(one))
	}
	return tea.Sequence(cmds...)
}

// following runs input through handle and then keeps the chart's cursor
// and the Monthly table's selection on one month: whichever moved, the
// other follows.
func (m *Model) following(handle func() tea.Cmd) tea.Cmd {
	chartWas, _ := m.chart.Selected()
	tableWas, _ := m.table.monthly.selected()
	cmd := handle()
	c, cok := m.chart.Selected()
	t, tok := m.table.monthly.selected()
	switch {
	case cok && c.Period != chartWas.Period:
		m.table.monthly.selectMonth(c.Period)
	case tok && t != tableWas:
		m.chart.selectMonth(t)
	}
	return cmd
}

func (m *Model) handleKey(msg tea.KeyMsg) tea.Cmd {
	if key.Matches(msg, m.keys.ForceQuit) {
		return m.quit()
	}
	m.status = "" // a message stays until the next key, then the key hints return
	if o := m.overlay; o != nil {
		switch {
		case key.Matches(msg, o.CloseKey()):
			m.overlay = nil
			return nil
		case !o.Capturing() && key.Matches(msg, m.keys.Quit):
			return m.quit()
		}
		return o.Update(msg)
	}
	switch {
	case key.Matches(msg, m.keys.Next):
		m.setFocus((m.focus + 1) % paneCount)
		return m.layout()
	case key.Matches(msg, m.keys.Prev):
		m.setFocus((m.focus + paneCount - 1) % paneCount)
		return m.layout()
	}
	if !m.capturing() {
		switch {
		case key.Matches(msg, m.keys.Quit):
			return m.quit()
		case key.Matches(msg, m.keys.Help):
			m.openOverlay(newHelpOverlay(m.c, m.helpSections()))
			return nil
		case key.Matches(msg, m.keys.Settings):
			m.openOverlay(newSettings(m.c, m.opts.Account, m.tz))
			return nil
		case key.Matches(msg, m.keys.Channels):
			o := newImportsOverlay(m.c, m.table.keys)
			m.openOverlay(o)
			m.refreshImports()
			return nil
		case key.Matches(msg, m.keys.Export):
			return m.table.exportCmd()
		case m.focus != paneTable && (key.Matches(msg, m.table.keys.Monthly) || key.Matches(msg, m.table.keys.Detail)):
			// m and d reach the table from any pane.
			m.setFocus(paneTable)
			cmd := m.table.Update(msg)
			return tea.Batch(cmd, m.layout())
		}
	}
	return m.panes[m.focus].Update(msg)
}

// handleMouse: plain motion only hovers the chart and is otherwise dropped,
// so moving the pointer never scrolls or pans anything; a press focuses the
// pane under it; the pane then acts on the release (what enter does).
func (m *Model) handleMouse(msg tea.MouseMsg) tea.Cmd {
	if m.overlay != nil {
		return nil
	}
	if msg.Action == tea.MouseActionMotion && msg.Button == tea.MouseButtonNone {
		if m.paneVisible(paneChart) {
			return m.chart.Update(msg)
		}
		return nil
	}
	if msg.Action == tea.MouseActionMotion {
		return nil // drags: nothing here is draggable
	}
	for p := paneID(0); p < paneCount; p++ {
		if m.c.hit(m.zid.id(zonePaneTab, int(p)), msg) {
			if msg.Action == tea.MouseActionRelease {
				m.setFocus(p)
				return m.layout()
			}
			return nil
		}
	}
	for p := paneID(0); p < paneCount; p++ {
		if !m.paneVisible(p) || !m.c.hit(m.zid.id(zonePane, int(p)), msg) {
			continue
		}
		if msg.Action == tea.MouseActionPress && msg.Button == tea.MouseButtonLeft && m.focus != p {
			m.setFocus(p)
		}
		return m.panes[p].Update(msg)
	}
	return nil
}
