package ui

import (
	"fmt"
	"regexp"
	"strings"
	"time"

	"github.com/charmbracelet/lipgloss"
	"github.com/charmbracelet/x/ansi"

	"marquee/format"
	"marquee/store"
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
	lines := []string{m.headerView(), s.Muted.Render(fit("Filters: "+filterSummary(m.filter), m.w))}
	if o := m.overlay; o != nil {
		body := panel(s, o.Title(), true, m.w, m.h-3, o.View())
		return strings.Join([]string{lines[0], lines[1], body, m.statusView()}, "\n")
	}
	tiles := metricTiles(m.metrics)
	if b.wide {
		lines = append(lines, renderTiles(s, tiles, m.w))
		if b.note {
			lines = append(lines, s.Cursor.Render(fit(pendingNote(m.metrics), m.w)))
		}
		mid := lipgloss.JoinHorizontal(lipgloss.Top, m.paneView(paneChart, b), m.paneView(paneForm, b))
		lines = append(lines, mid, m.paneView(paneTable, b))
	} else {
		lines = append(lines, renderTilesLine(s, tiles, m.metrics.PendingLines, m.w), m.paneTabs())
		lines = append(lines, m.paneView(m.focus, b))
	}
	lines = append(lines, m.statusView())
	return strings.Join(lines, "\n")
}

// paneView frames pane p; the panes that show query results say so while
// the first result is on its way, or when the query failed.
func (m *Model) paneView(p paneID, b layoutBox) string {
	pn := m.panes[p]
	body := pn.View()
	if !m.loaded && p != paneForm {
		body = m.c.styles.Muted.Render("loading…")
	}
	if m.queryErr != nil && p != paneForm {
		body = m.c.styles.Err.Render(format.Sanitize(m.queryErr.Error()))
	}
	return m.c.mark(m.zid.id(zonePane, int(p)), panel(m.c.styles, pn.Title(), m.focus == p, b.size[p].w, b.size[p].h, body))
}

// tabLabel renders a tab; the active one is bracketed as well as highlighted,
// so it reads without colour (NO_COLOR, goldens).
func tabLabel(s *styles, active bool, name string) string {
	if active {
		return s.ActiveTab.Render("[" + name + "]")
	}
	return s.Tab.Render(" " + name + " ")
}

// paneTabs is the compact mode's pane switcher.
func (m *Model) paneTabs() string {
	s := m.c.styles
	var parts []string
	for p := paneID(0); p < paneCount; p++ {
		l := tabLabel(s, p == m.focus, paneNames[p])
		parts = append(parts, m.c.mark(m.zid.id(zonePaneTab, int(p)), l))
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
	return ago(m.c.now(), latest)
}

func (m *Model) statusView() string {
	s := m.c.styles
	parts := []string{m.freshness()}
	if n := m.metrics.PendingLines; n > 0 {
		parts = append(parts, fmt.Sprintf("%d pending FX", n))
	}
	parts = append(parts, m.inboxParts()...)
	left := strings.Join(parts, " · ")
	var right string
	switch {
	case m.status != "":
		right = format.Sanitize(m.status)
	case m.overlay != nil:
		right = shortHelp(s, m.overlay.ShortHelp(), m.w-ansi.StringWidth(left)-3)
	default:
		right = shortHelp(s, append(m.focusedKeys(), m.keys.ShortHelp()...), m.w-ansi.StringWidth(left)-3)
	}
	return fitANSI(s.Status.Render(left)+s.Muted.Render(" │ ")+right, m.w)
}

// refreshImports brings an open imports list up to date.
func (m *Model) refreshImports() {
	if o, ok := m.overlay.(*importsOverlay); ok {
		o.set(m.files, m.inbox.LastError, func(f store.FileRecord) string {
			return strings.TrimPrefix(ago(m.c.now(), f.ImportedAt), "updated ")
		})
	}
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
