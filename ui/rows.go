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
}

var monthlyTitles = []string{"Watch Period", "Titles", "Channels", "Countries", "Revenue"}

// A column's first sort is its natural order (true: descending): text
// A→Z, and dates, money and counts largest or newest first, the way a
// filmmaker asks "what sold best?" and "what came in last?". S or a
// second click reverses it. docs/dashboard.md says so.
var (
	monthlyNaturalDesc = []bool{true, true, true, true, true}
	detailNaturalDesc  = []bool{true, false, false, false, true, true, false}
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

var detailTitles = []string{"Report Date", "Title", "Channel", "Country", "Quantity", "Revenue", "Status"}

// detailSorts maps Detail columns to the store's sort keys.
var detailSorts = []store.SortColumn{store.SortReportDate, store.SortTitle, store.SortChannel,
	store.SortCountry, store.SortQuantity, store.SortRevenue, store.SortStatus}

func detailColumns(w int, rows [][]string) []column {
	cols := []column{{title: "Report Date", width: 13, min: 10}, {title: "Title", width: 12, min: 4, flex: true},
		{title: "Channel", width: 10, min: 8}, {title: "Country", width: 8, min: 7},
		{title: "Quantity", width: 10, right: true, min: 9}, {title: "Revenue", width: 11, right: true, min: 11},
		{title: "Status", width: 9, min: 9}}
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
	return []string{r.ReportDate.String(), format.Sanitize(r.Title), format.Sanitize(r.Channel), format.Sanitize(country),
		formatQuantity(r.Quantity, format.Sanitize(r.Unit)), rev, r.Status.String()}
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
	flex := -1
	used := len(cols) - 1 // the spaces between columns
	for i, c := range cols {
		if c.flex {
			flex = i
			continue
		}
		used += c.width
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

// shrinkWidest takes one cell from the column with the most to spare
// above its minimum, never from column skip.
func shrinkWidest(cols []column, skip int) bool {
	wi := -1
	for i, c := range cols {
		if i != skip && c.width > max(c.min, 6) && (wi < 0 || c.width-c.min > cols[wi].width-cols[wi].min) {
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
	parts := make([]string, len(cols))
	for i, c := range cols {
		v := ""
		if i < len(cells) {
			v = cells[i]
		}
		if c.right {
			parts[i] = fitRight(v, c.width)
		} else {
			parts[i] = fit(v, c.width)
		}
	}
	return strings.Join(parts, " ")
}
