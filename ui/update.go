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
		return m, m.handleKey(msg)
	case tea.MouseMsg:
		return m, m.handleMouse(msg)

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
		}
		return m, nil

	case filterAppliedMsg:
		m.filter = msg.filter
		m.status = ""
		return m, tea.Batch(m.querySummary(), m.table.SetFilter(msg.filter, msg.reset))
	case detailWantedMsg:
		return m, m.queryDetail(m.table.detail.Query())
	case drillMsg:
		return m, m.table.Update(msg)
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
			m.status = fmt.Sprintf("exported %s to %s", msg.what, msg.path)
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
			m.showImports = !m.showImports
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
