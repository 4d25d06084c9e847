package ui

import (
	"fmt"
	"sort"
	"strings"

	"github.com/charmbracelet/x/ansi"
	"github.com/shopspring/decimal"

	"marquee/format"
	"marquee/store"
)

// Pure presentation of table rows: column sets, sorting of the in-memory
// monthly rows and cell formatting. No model state here.

// column describes one table column.
type column struct {
	title string
	width int // the least it takes; it widens to its widest cell
	right bool
	min   int  // narrowest the column may be squeezed to
	flex  bool // the first to give way when the terminal is narrow
	// drop, when not 0, lets a narrow screen hide the column, highest
	// first, once the others would be squeezed past their narrowest.
	drop   int
	hidden bool
}

var monthlyTitles = []string{"Watch Period", "Titles", "Channels", "Countries", "Revenue"}

// A column's first sort is its natural order (true: descending): text
// A→Z, and dates, money and counts largest or newest first, the way a
// filmmaker asks "what sold best?" and "what came in last?". S or a
// second click reverses it. docs/dashboard.md says so.
var (
	monthlyNaturalDesc = []bool{true, true, true, true, true}
	detailNaturalDesc  = []bool{true, true, false, false, false, true, true, true, false}
)

// monthlyColumns lays out the Monthly view for width w and these rows.
func monthlyColumns(w int, rows [][]string) []column {
	cols := []column{{title: "Watch Period", width: 14}, {title: "Titles", width: 9, right: true},
		{title: "Channels", width: 11, right: true}, {title: "Countries", width: 12, right: true},
		{title: "Revenue", width: 12, right: true}}
	return layoutColumns(cols, rows, w)
}

// MonthCells formats one Monthly row; a trailing * marks months with lines
// still waiting for an exchange rate.
func monthCells(r store.MonthRow) []string {
	rev := format.FormatUSD(r.RevenueUSD)
	if r.PendingLines > 0 {
		rev += "*"
	}
	return []string{monthLabel(r.Period), fmt.Sprint(r.Titles), fmt.Sprint(r.Channels), fmt.Sprint(r.Countries), rev}
}

// sortMonths sorts a copy of rows by Monthly column col; ties keep period
// order so the table does not shuffle on refresh.
func sortMonths(rows []store.MonthRow, col int, desc bool) []store.MonthRow {
	out := append([]store.MonthRow(nil), rows...)
	less := func(a, b store.MonthRow) int {
		switch col {
		case 1:
			return a.Titles - b.Titles
		case 2:
			return a.Channels - b.Channels
		case 3:
			return a.Countries - b.Countries
		case 4:
			return a.RevenueUSD.Cmp(b.RevenueUSD)
		}
		return int(a.Period - b.Period)
	}
	sort.SliceStable(out, func(i, j int) bool {
		c := less(out[i], out[j])
		if c == 0 {
			return out[i].Period < out[j].Period
		}
		if desc {
			return c > 0
		}
		return c < 0
	})
	return out
}

var detailTitles = []string{"Watch Date", "Report Date", "Title", "Channel", "Country", "Quantity", "Amount", "Revenue", "Status"}

// detailSorts maps Detail columns to the store's sort keys; "" is a column
// the store cannot sort by (an amount in mixed currencies has no order).
var detailSorts = []store.SortColumn{store.SortWatchDate, store.SortReportDate, store.SortTitle, store.SortChannel,
	store.SortCountry, store.SortQuantity, "", store.SortRevenue, store.SortStatus}

// detailColumns lays Detail out for width w and these rows. The watch date
// comes first: filters and drill-downs work on it. Where the width runs
// short, the report date goes first, then the amount as reported: the USD
// revenue and the watch date stay.
func detailColumns(w int, rows [][]string) []column {
	cols := []column{{title: "Watch Date", width: 13, min: 10}, {title: "Report Date", width: 13, min: 10, drop: 2},
		{title: "Title", width: 12, min: 4, flex: true},
		{title: "Channel", width: 10, min: 8}, {title: "Country", width: 8, min: 7},
		{title: "Quantity", width: 10, right: true, min: 9}, {title: "Amount", width: 12, right: true, min: 12, drop: 1},
		{title: "Revenue", width: 11, right: true, min: 11}, {title: "Status", width: 9, min: 9}}
	return layoutColumns(cols, rows, w)
}

// DetailCells formats one Detail row. Every string from the data is
// sanitised; a pending line shows that it has no USD value yet.
func detailCells(r store.DetailRow) []string {
	country := r.Country
	if country == store.Unknown {
		country = "Unknown"
	}
	rev := format.FormatUSD(r.RevenueUSD)
	if r.Pending {
		rev = "pending FX"
	}
	title := r.Title
	if r.Episode != "" {
		title += " · " + r.Episode // a series' line names its episode
	}
	return []string{r.WatchDate.String(), r.ReportDate.String(), format.Sanitize(title), format.Sanitize(r.Channel), format.Sanitize(country),
		formatQuantity(r.Quantity, format.Sanitize(r.Unit)), formatQuantity(r.Amount, format.Sanitize(r.Currency)), rev, r.Status.String()}
}

// FormatQuantity groups thousands and appends the unit: "1,200 views".
func formatQuantity(q decimal.Decimal, unit string) string {
	s := q.String()
	neg := strings.HasPrefix(s, "-")
	s = strings.TrimPrefix(s, "-")
	i, f, hasF := strings.Cut(s, ".")
	out := format.GroupThousands(i)
	if hasF {
		out += "." + f
	}
	if neg {
		out = "-" + out
	}
	if unit != "" {
		out += " " + unit
	}
	return out
}

// layoutColumns widens each column to its widest cell (its title and a
// sort arrow included), so channel names and units are not cut while
// there is room; what is left of w stays at the end of the row rather
// than pushing the last figures away from the others. When w is tight
// the fixed columns shrink, widest first, while the flexible one would
// get under 16 cells, and then the flexible one takes what is left.
func layoutColumns(cols []column, rows [][]string, w int) []column {
	for i := range cols {
		c := &cols[i]
		c.width = max(c.width, ansi.StringWidth(c.title)+2)
		for _, r := range rows {
			if i < len(r) {
				c.width = max(c.width, ansi.StringWidth(r[i]))
			}
		}
	}
	// A droppable column gives way before any other is cut.
	for neededWidth(cols) > w && hideOne(cols) {
	}
	flex := -1
	used := -1 // the spaces between the columns shown
	for i, c := range cols {
		switch {
		case c.hidden:
			continue
		case c.flex:
			flex = i
			used++
			continue
		}
		used += c.width + 1
	}
	if flex < 0 {
		for used > w && shrinkWidest(cols, -1) {
			used--
		}
		return cols
	}
	want := min(cols[flex].width, 16)
	for w-used < want && shrinkWidest(cols, flex) {
		used--
	}
	cols[flex].width = max(cols[flex].min, min(cols[flex].width, w-used))
	return cols
}

// neededWidth is the width the shown columns and their gaps take with
// every fixed column at its content's width and the flexible one at the
// 16 cells it is given before others shrink.
func neededWidth(cols []column) int {
	n := -1
	for _, c := range cols {
		switch {
		case c.hidden:
		case c.flex:
			n += min(c.width, 16) + 1
		default:
			n += c.width + 1
		}
	}
	return n
}

// hideOne hides the shown column with the highest drop.
func hideOne(cols []column) bool {
	hi := -1
	for i, c := range cols {
		if !c.hidden && c.drop > 0 && (hi < 0 || c.drop > cols[hi].drop) {
			hi = i
		}
	}
	if hi < 0 {
		return false
	}
	cols[hi].hidden = true
	return true
}

// shrinkWidest takes one cell from the column with the most to spare
// above its minimum, never from column skip nor a hidden one.
func shrinkWidest(cols []column, skip int) bool {
	wi := -1
	for i, c := range cols {
		if i != skip && !c.hidden && c.width > max(c.min, 6) && (wi < 0 || c.width-c.min > cols[wi].width-cols[wi].min) {
			wi = i
		}
	}
	if wi < 0 {
		return false
	}
	cols[wi].width--
	return true
}

// renderCells lays out one row of cells in the columns.
func renderCells(cols []column, cells []string) string {
	parts := make([]string, 0, len(cols))
	for i, c := range cols {
		v := ""
		if i < len(cells) {
			v = cells[i]
		}
		switch {
		case c.hidden:
		case c.right:
			parts = append(parts, fitRight(v, c.width))
		default:
			parts = append(parts, fit(v, c.width))
		}
	}
	return strings.Join(parts, " ")
}
