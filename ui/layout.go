package ui

import tea "github.com/charmbracelet/bubbletea"

// layoutBox is where everything goes for the current terminal size.
type layoutBox struct {
	wide  bool            // all panes at once; else one pane at a time
	note  bool            // the pending-FX note has its own line
	bodyH int             // rows between the top lines and the status bar
	size  [paneCount]cell // each pane's panel size, borders included
}

// cell is a width and a height.
type cell struct{ w, h int }

const formPanelW = 46

// computeLayout: at 100×32 and up the chart and form sit side by side over
// the table; below that the panes collapse into tabs and the tiles into one
// line, which keeps 80×24 usable.
func (m *Model) computeLayout() layoutBox {
	var b layoutBox
	b.wide = m.w >= 100 && m.h >= 32
	// Above the panes: header and filter summary, then either the boxed
	// tiles (3 lines, plus the pending note) or the tiles line and pane tabs.
	top := 4
	if b.wide {
		b.note = m.metrics.PendingLines > 0
		top = 5
		if b.note {
			top++
		}
	}
	b.bodyH = max(0, m.h-top-1)
	if !b.wide {
		for p := range b.size {
			b.size[p] = cell{m.w, b.bodyH}
		}
		return b
	}
	mid := max(10, b.bodyH*45/100)
	b.size[paneForm] = cell{formPanelW, mid}
	b.size[paneChart] = cell{m.w - formPanelW, mid}
	b.size[paneTable] = cell{m.w, b.bodyH - mid}
	return b
}

// layout pushes the sizes down to the panes and the overlay; the table
// may need a page of another size.
func (m *Model) layout() tea.Cmd {
	b := m.computeLayout()
	m.sizeOverlay()
	var cmds []tea.Cmd
	for p, pn := range m.panes {
		cmds = append(cmds, pn.SetSize(b.size[p].w-2, b.size[p].h-2))
	}
	return tea.Batch(cmds...)
}

// paneVisible: in compact mode only the focused pane is on screen.
func (m *Model) paneVisible(p paneID) bool {
	return m.computeLayout().wide || m.focus == p
}
