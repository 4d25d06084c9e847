package ui

import (
	"fmt"
	"strings"

	"github.com/charmbracelet/lipgloss"
	"github.com/charmbracelet/x/ansi"

	"marquee/format"
	"marquee/store"
)

// Tile is one metric: a label and its formatted value.
type tile struct{ Label, Value string }

// MetricTiles turns metrics into the four tiles, money formatted from the
// decimal.
func metricTiles(m store.Metrics) []tile {
	return []tile{
		{"Channels", fmt.Sprint(m.Channels)},
		{"Countries", fmt.Sprint(m.Countries)},
		{"Titles", fmt.Sprint(m.Titles)},
		{revenueLabel(m), format.FormatUSD(m.RevenueUSD)},
	}
}

// revenueLabel says what the revenue is made of: channels' estimates,
// their final reports, or both.
func revenueLabel(m store.Metrics) string {
	switch {
	case m.Lines == 0:
		return "Revenue"
	case m.FinalLines == m.Lines:
		return "Revenue (final)"
	case m.FinalLines == 0:
		return "Revenue (estimate)"
	}
	return "Revenue (estimate + final)"
}

// PendingNote is the note under the tiles when lines await conversion.
func pendingNote(m store.Metrics) string {
	switch m.PendingLines {
	case 0:
		return ""
	case 1:
		return "1 line pending FX conversion is not in the revenue"
	}
	return fmt.Sprintf("%d lines pending FX conversion are not in the revenue", m.PendingLines)
}

// RenderTiles draws the tiles as boxes sharing width w (3 lines high).
func renderTiles(s *styles, tiles []tile, w int) string {
	n := len(tiles)
	if n == 0 || w < 4*n {
		return ""
	}
	// The last tile (revenue) is wide enough for its label; the others
	// share what is left.
	last := max(w-(n-1)*(w/n), min(w/2, ansi.StringWidth(tiles[n-1].Label)+5))
	each := (w - last) / (n - 1)
	boxes := make([]string, n)
	for i, t := range tiles {
		bw := each
		if i == n-1 {
			bw = w - (n-1)*each
		}
		// The label sits in the top edge, the value right-aligned inside:
		// three lines hold "Revenue (estimate)" and a long amount at 80 columns.
		label := ansi.Truncate(" "+t.Label+" ", bw-3, "…")
		top := s.Border.Render("╭─") + s.TileLabel.Render(label) +
			s.Border.Render(strings.Repeat("─", max(0, bw-3-ansi.StringWidth(label)))+"╮")
		boxes[i] = top + "\n" +
			s.Border.Render("│") + s.TileValue.Render(fitRight(t.Value+" ", bw-2)) + s.Border.Render("│") + "\n" +
			s.Border.Render("╰"+strings.Repeat("─", bw-2)+"╯")
	}
	return lipgloss.JoinHorizontal(lipgloss.Top, boxes...)
}

// RenderTilesLine is the one-line form for small terminals.
func renderTilesLine(s *styles, tiles []tile, pending, w int) string {
	parts := make([]string, len(tiles))
	for i, t := range tiles {
		label := t.Label
		if i == len(tiles)-1 {
			label = "Revenue"
		}
		parts[i] = s.TileLabel.Render(label+" ") + s.TileValue.Render(t.Value)
	}
	if pending > 0 {
		// The compact layout has no line for PendingNote.
		parts[len(parts)-1] += s.Cursor.Render(fmt.Sprintf(" (%d pending FX)", pending))
	}
	return fitANSI(strings.Join(parts, s.Muted.Render(" · ")), w)
}
