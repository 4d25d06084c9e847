package ui

import (
	"fmt"
	"math"
	"strings"

	"github.com/NimbleMarkets/ntcharts/canvas"
	"github.com/NimbleMarkets/ntcharts/canvas/graph"
	"github.com/NimbleMarkets/ntcharts/linechart"
	"github.com/charmbracelet/bubbles/key"
	tea "github.com/charmbracelet/bubbletea"
	"github.com/shopspring/decimal"

	"marquee/format"
	"marquee/store"
)

// chart is the monthly revenue line. It never forwards input to the
// ntcharts model: that model pans and zooms on arrows and mouse drags,
// while here the arrows move a month cursor and hovering selects a month.
type chart struct {
	c       *common
	keys    chartKeys
	lc      linechart.Model
	rows    []store.MonthRow
	cursor  int   // index into rows; -1 when there are none
	cols    []int // canvas column of each month, for hover
	focused bool
	w, h    int
	zid     zonePrefix
	// graphH is the plot's height in rows and lastLabel the label of the
	// row below, for yLabel while ntcharts draws.
	graphH    int
	lastLabel string
}

func newChart(c *common) *chart {
	s := c.styles
	m := &chart{c: c, keys: newChartKeys(), cursor: -1, zid: c.newZonePrefix()}
	m.lc = linechart.New(1, 1, 0, 1, 0, 1,
		linechart.WithStyles(s.Axis, s.AxisLabel, s.Line),
		// Y is asked for every row; yLabel leaves every other one blank.
		linechart.WithXYSteps(1, 1),
		// Month labels are drawn by labelMonths at the points' own columns.
		linechart.WithXLabelFormatter(func(int, float64) string { return "" }),
		linechart.WithYLabelFormatter(m.yLabel),
	)
	return m
}

// yLabel labels every other row counted from the top, so the top tick
// (the highest month) always has its value, and the bottom row ($0 or
// the lowest month) too. ntcharts asks for the rows bottom up and skips
// a label equal to the one below it, which is how a row is left blank.
// Axis ticks are chart coordinates, not data: a whole-dollar label made
// from the tick value is all the axis needs.
func (m *chart) yLabel(i int, v float64) string {
	if i == 0 {
		m.lastLabel = ""
	}
	if i != 0 && (m.graphH-i)%2 != 0 {
		return m.lastLabel
	}
	m.lastLabel = format.FormatUSDWhole(decimal.NewFromFloat(v))
	return m.lastLabel
}

func (m *chart) Title() string   { return "Revenue by month (USD)" }
func (m *chart) Focus()          { m.focused = true }
func (m *chart) Blur()           { m.focused = false }
func (m *chart) Capturing() bool { return false }

// SetSize sets the content size (inside the panel border) and redraws.
func (m *chart) SetSize(w, h int) tea.Cmd {
	m.w, m.h = w, h
	m.redraw()
	return nil
}

// SetRows replaces the data, keeping the cursor on the same month when that
// month is still shown, else on the last month.
func (m *chart) SetRows(rows []store.MonthRow) {
	var keep store.Month
	had := m.cursor >= 0 && m.cursor < len(m.rows)
	if had {
		keep = m.rows[m.cursor].Period
	}
	m.rows = rows
	m.cursor = len(rows) - 1
	if had {
		for i, r := range rows {
			if r.Period == keep {
				m.cursor = i
			}
		}
	}
	m.redraw()
}

// Selected returns the month under the cursor.
func (m *chart) Selected() (store.MonthRow, bool) {
	if m.cursor < 0 || m.cursor >= len(m.rows) {
		return store.MonthRow{}, false
	}
	return m.rows[m.cursor], true
}

// selectMonth puts the cursor on month p, if the chart has it.
func (m *chart) selectMonth(p store.Month) {
	for i, r := range m.rows {
		if r.Period == p && i != m.cursor {
			m.cursor = i
			m.redraw()
		}
	}
}

func (m *chart) move(to int) {
	if len(m.rows) == 0 {
		return
	}
	m.cursor = max(0, min(len(m.rows)-1, to))
	m.redraw()
}

func (m *chart) Update(msg tea.Msg) tea.Cmd {
	switch msg := msg.(type) {
	case tea.KeyMsg:
		switch {
		case key.Matches(msg, m.keys.Left):
			m.move(m.cursor - 1)
		case key.Matches(msg, m.keys.Right):
			m.move(m.cursor + 1)
		case key.Matches(msg, m.keys.First):
			m.move(0)
		case key.Matches(msg, m.keys.Last):
			m.move(len(m.rows) - 1)
		case key.Matches(msg, m.keys.Drill):
			if r, ok := m.Selected(); ok {
				return func() tea.Msg { return drillMsg{month: r.Period} }
			}
		}
	case tea.MouseMsg:
		if x, _ := m.c.zone(m.zid.whole()).Pos(msg); x >= 0 {
			m.Hover(x)
			// A click opens the month's Detail, what enter does.
			if r, ok := m.Selected(); ok && msg.Action == tea.MouseActionRelease && msg.Button == tea.MouseButtonLeft {
				return func() tea.Msg { return drillMsg{month: r.Period} }
			}
		}
	}
	return nil
}

// Hover selects the month nearest to canvas column x.
func (m *chart) Hover(x int) {
	if i := nearest(m.cols, x); i >= 0 && i != m.cursor {
		m.cursor = i
		m.redraw()
	}
}

// nearest returns the index of the column closest to x (the earlier one
// on a tie), or -1 when there are none.
func nearest(cols []int, x int) int {
	best, bestD := -1, math.MaxInt
	for i, c := range cols {
		d := c - x
		if d < 0 {
			d = -d
		}
		if d < bestD {
			best, bestD = i, d
		}
	}
	return best
}

// chartRanges returns explicit X and Y ranges: X spans the month indexes
// (a single month sits in the middle), Y starts at zero (or the lowest
// negative month) and ends at the highest month, never collapsing to an
// empty range that ntcharts would refuse.
func chartRanges(ys []float64) (minX, maxX, minY, maxY float64) {
	minX, maxX = 0, float64(len(ys)-1)
	if len(ys) <= 1 {
		minX, maxX = -1, 1
	}
	for _, y := range ys {
		minY = math.Min(minY, y)
		maxY = math.Max(maxY, y)
	}
	if maxY <= minY {
		maxY = minY + 1
	}
	return minX, maxX, minY, maxY
}

// redraw repaints the canvas; called after every data, cursor or size
// change because an ntcharts canvas keeps what was drawn on it.
func (m *chart) redraw() {
	m.cols = nil
	if m.w < 10 || m.h < 4 || len(m.rows) == 0 {
		return
	}
	s := m.c.styles
	ys := make([]float64, len(m.rows))
	for i, r := range m.rows {
		// The only float in the app: the plotted Y coordinate.
		ys[i], _ = r.RevenueUSD.Float64()
	}
	minX, maxX, minY, maxY := chartRanges(ys)
	m.lc.SetXYRange(minX, maxX, minY, maxY)
	m.lc.SetViewXYRange(minX, maxX, minY, maxY)
	m.graphH = m.h - 1 - 2 // the canvas less the X axis and its labels
	m.lc.Resize(m.w, m.h-1)
	m.lc.Clear()
	m.lc.DrawXYAxisAndLabel()
	pts := make([]canvas.Float64Point, len(ys))
	for i, y := range ys {
		pts[i] = canvas.Float64Point{X: float64(i), Y: y}
	}
	for i := 1; i < len(pts); i++ {
		m.lc.DrawBrailleLineWithStyle(pts[i-1], pts[i], s.Line)
	}
	// Points go where the braille line passes through them: the braille
	// grid's own mapping, not DrawRune's, which rounds differently.
	grid := graph.NewBrailleGrid(m.lc.GraphWidth(), m.lc.GraphHeight(), minX, maxX, minY, maxY)
	left := m.lc.Origin().X + 1
	m.cols = make([]int, len(pts))
	// With under three columns per month, point markers would bury the
	// line; then only the cursor gets one.
	dots := m.lc.GraphWidth() >= 3*len(pts)
	for i, p := range pts {
		gp := grid.GridPoint(p)
		cp := canvas.Point{X: left + gp.X/2, Y: gp.Y / 4}
		m.cols[i] = cp.X
		switch {
		case i == m.cursor:
			m.lc.Canvas.SetCell(cp, canvas.NewCellWithStyle('◆', s.Cursor))
		case dots:
			m.lc.Canvas.SetCell(cp, canvas.NewCellWithStyle('●', s.Point))
		}
	}
	m.labelMonths()
}

// labelMonths writes month labels under the X axis: the cursor's month
// first, then every other month that fits without touching a neighbour.
func (m *chart) labelMonths() {
	y := m.lc.Origin().Y + 1
	taken := make([]bool, m.w+1)
	put := func(i int) {
		l := monthShort(m.rows[i].Period)
		x := m.cols[i] - len(l)/2
		x = max(m.lc.Origin().X+1, min(m.w-len(l), x))
		for j := max(0, x-1); j <= x+len(l) && j < len(taken); j++ {
			if taken[j] {
				return
			}
		}
		for j := x; j < x+len(l); j++ {
			taken[j] = true
		}
		st := m.c.styles.AxisLabel
		if i == m.cursor {
			st = m.c.styles.Cursor
		}
		m.lc.Canvas.SetStringWithStyle(canvas.Point{X: x, Y: y}, l, st)
	}
	if m.cursor >= 0 {
		put(m.cursor)
	}
	for i := range m.rows {
		if i != m.cursor {
			put(i)
		}
	}
}

// CursorLabel is the line above the chart: "Jun 2024 · $1,234.567".
func cursorLabel(r store.MonthRow) string {
	l := monthLabel(r.Period) + " · " + format.FormatUSD(r.RevenueUSD)
	switch {
	case r.PendingLines == 1:
		l += " (1 line pending FX)"
	case r.PendingLines > 1:
		l += fmt.Sprintf(" (%d lines pending FX)", r.PendingLines)
	}
	return l
}

func (m *chart) ShortHelp() []key.Binding  { return m.keys.ShortHelp() }
func (m *chart) FullHelp() [][]key.Binding { return m.keys.FullHelp() }

func (m *chart) View() string {
	s := m.c.styles
	r, ok := m.Selected()
	if !ok {
		return s.Muted.Render("No revenue for these filters.")
	}
	if m.cols == nil {
		return s.Cursor.Render(cursorLabel(r))
	}
	var b strings.Builder
	b.WriteString(s.Cursor.Render(cursorLabel(r)))
	b.WriteString("\n")
	b.WriteString(m.c.mark(m.zid.whole(), m.lc.View()))
	return b.String()
}
