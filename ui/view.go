package ui

import (
	"fmt"
	"regexp"
	"sort"
	"strings"
	"time"

	"github.com/charmbracelet/lipgloss"
	"github.com/charmbracelet/x/ansi"

	"marquee/format"
)

// View draws the screen and lets the zone manager record where the
// clickable parts ended up.
func (m *Model) View() string {
	if m.w == 0 || m.h == 0 {
		return ""
	}
	if m.closed {
		// The zone worker is gone; strip the markers without feeding it.
		return zoneMarker.ReplaceAllString(m.render(), "")
	}
	return m.c.zones.Scan(m.render())
}

// zoneMarker matches bubblezone's markers (ESC [ digits z). Compiled once
// and never mutated, so sharing it between sessions is safe.
var zoneMarker = regexp.MustCompile("\x1b\\[[0-9]+z")

func (m *Model) render() string {
	b := m.computeLayout()
	s := m.c.styles
	lines := []string{m.headerView(), s.Muted.Render(fit("Filters: "+FilterSummary(m.filter), m.w))}
	var body string
	switch {
	case m.settings != nil:
		body = panel(s, "Settings", true, m.w, m.h-3, m.settings.View())
		return strings.Join([]string{lines[0], lines[1], body, m.statusView(b)}, "\n")
	case m.showHelp:
		body = panel(s, "Help", true, m.w, m.h-3, m.helpView())
		return strings.Join([]string{lines[0], lines[1], body, m.statusView(b)}, "\n")
	case m.exportHint != "":
		body = panel(s, "Export", true, m.w, m.h-3, exportHintView(s, m.exportHint, m.w-4))
		return strings.Join([]string{lines[0], lines[1], body, m.statusView(b)}, "\n")
	}
	tiles := MetricTiles(m.metrics)
	if b.wide {
		lines = append(lines, RenderTiles(s, tiles, m.w))
		if b.note {
			lines = append(lines, s.Cursor.Render(fit(PendingNote(m.metrics), m.w)))
		}
		mid := lipgloss.JoinHorizontal(lipgloss.Top,
			m.paneView(paneChart, b.chartW, b.chartH),
			m.paneView(paneForm, b.formW, b.formH))
		lines = append(lines, mid, m.paneView(paneTable, b.tableW, b.tableH))
	} else {
		lines = append(lines, RenderTilesLine(s, tiles, m.metrics.PendingLines, m.w), m.paneTabs())
		lines = append(lines, m.paneView(m.focus, b.chartW, b.bodyH))
	}
	lines = append(lines, m.statusView(b))
	return strings.Join(lines, "\n")
}

func (m *Model) paneView(p pane, w, h int) string {
	var title, body string
	switch p {
	case paneChart:
		title, body = "Revenue by month (USD)", m.chart.View()
	case paneForm:
		title, body = "Filter", m.form.View()
	case paneTable:
		title, body = "Table", m.table.View()
	}
	if !m.loaded && p != paneForm {
		body = m.c.styles.Muted.Render("loading…")
	}
	if m.queryErr != nil && p != paneForm {
		body = m.c.styles.Err.Render(format.Sanitize(m.queryErr.Error()))
	}
	return m.c.zones.Mark(fmt.Sprintf("%spane%d", m.zid, p), panel(m.c.styles, title, m.focus == p, w, h, body))
}

// tabLabel renders a tab; the active one is bracketed as well as highlighted,
// so it reads without colour (NO_COLOR, goldens).
func tabLabel(s *Styles, active bool, name string) string {
	if active {
		return s.ActiveTab.Render("[" + name + "]")
	}
	return s.Tab.Render(" " + name + " ")
}

// paneTabs is the compact mode's pane switcher.
func (m *Model) paneTabs() string {
	s := m.c.styles
	var parts []string
	for p := pane(0); p < paneCount; p++ {
		l := tabLabel(s, p == m.focus, paneNames[p])
		parts = append(parts, m.c.zones.Mark(fmt.Sprintf("%sptab%d", m.zid, p), l))
	}
	return fitANSI(strings.Join(parts, " ")+s.Muted.Render("  tab: next pane"), m.w)
}

func (m *Model) headerView() string {
	s := m.c.styles
	left := s.Header.Render("marquee") + s.Muted.Render(" │ ") + s.Header.Render(m.name)
	right := s.Muted.Render("time zone ") + m.tz
	if m.demo {
		right += " " + s.Demo.Render(" DEMO ")
	}
	gap := m.w - ansi.StringWidth(left) - ansi.StringWidth(right)
	if gap < 1 {
		return fitANSI(left+" "+right, m.w)
	}
	return left + strings.Repeat(" ", gap) + right
}

// freshness is "updated 2 min ago" from the newest import.
func (m *Model) freshness() string {
	var latest = m.latestImport("")
	return Ago(m.c.now(), latest)
}

func (m *Model) statusView(b layoutBox) string {
	s := m.c.styles
	parts := []string{m.freshness()}
	if n := m.metrics.PendingLines; n > 0 {
		parts = append(parts, fmt.Sprintf("%d pending FX", n))
	}
	parts = append(parts, m.inboxParts()...)
	left := strings.Join(parts, " · ")
	var right string
	switch {
	case m.showImports:
		right = m.importsLine()
	case m.status != "":
		right = format.Sanitize(m.status)
	case m.settings != nil || m.showHelp || m.exportHint != "":
		right = "esc close"
	default:
		right = shortHelp(s, append(m.focusedKeys(), m.keys.ShortHelp()...), m.w-ansi.StringWidth(left)-3)
	}
	return fitANSI(s.Status.Render(left)+s.Muted.Render(" │ ")+right, m.w)
}

// importsLine lists the last import per channel (toggled with i).
func (m *Model) importsLine() string {
	chans := map[string]bool{}
	for _, f := range m.files {
		for _, c := range f.Channels {
			chans[c] = true
		}
	}
	names := make([]string, 0, len(chans))
	for c := range chans {
		names = append(names, c)
	}
	sort.Strings(names)
	var lastErr string
	if m.inbox.LastError != "" {
		lastErr = " │ last inbox error: " + format.Sanitize(m.inbox.LastError)
	}
	if len(names) == 0 {
		return "no imports yet" + lastErr
	}
	parts := make([]string, len(names))
	for i, c := range names {
		parts[i] = format.Sanitize(c) + " " + strings.TrimPrefix(Ago(m.c.now(), m.latestImport(c)), "updated ")
	}
	return "last import: " + strings.Join(parts, " · ") + lastErr
}

// latestImport is the newest import time, of one channel or of all ("").
func (m *Model) latestImport(channel string) (t0 time.Time) {
	for _, f := range m.files {
		match := channel == ""
		for _, c := range f.Channels {
			match = match || c == channel
		}
		if match && f.ImportedAt.After(t0) {
			t0 = f.ImportedAt
		}
	}
	return t0
}

// helpView lists every key; below 30 rows the global and chart keys share
// one block so everything fits on an 80×24 screen.
func (m *Model) helpView() string {
	if m.h < 30 {
		merged := append(m.keys.FullHelp(), m.chart.keys.FullHelp()...)
		return renderFullHelp(m.c.styles, []helpSection{
			{"Everywhere · Chart", keyGroups(merged)},
			{"Filter form", m.form.keys},
			{"Table", m.table.keys},
		}, m.w-2)
	}
	return renderFullHelp(m.c.styles, []helpSection{
		{"Everywhere", m.keys},
		{"Chart", m.chart.keys},
		{"Filter form", m.form.keys},
		{"Table", m.table.keys},
	}, m.w-2)
}
