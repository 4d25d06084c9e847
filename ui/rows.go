package ui

import (
	"fmt"
	"sort"
	"strings"

	"github.com/shopspring/decimal"

	"marquee/format"
	"marquee/store"
)

// Pure presentation of table rows: column sets, sorting of the in-memory
// monthly rows and cell formatting. No model state here.

// column describes one table column.
type column struct {
	title string
	width int // 0: takes the remaining width
	right bool
	min   int // narrowest the column may be squeezed to
	// drop, when not 0, lets a narrow screen hide the column, highest
	// first, once every column is at its narrowest.
	drop   int
	hidden bool
}

var monthlyTitles = []string{"Watch Period", "Titles", "Channels", "Countries", "Revenue"}

// monthlyColumns lays out the Monthly view for width w.
func monthlyColumns(w int) []column {
	cols := []column{{title: "Watch Period", width: 14}, {title: "Titles", width: 9, right: true},
		{title: "Channels", width: 11, right: true}, {title: "Countries", width: 12, right: true},
		{title: "Revenue", right: true}}
	return layoutColumns(cols, w)
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

// detailColumns lays Detail out for width w. The watch date comes first:
// filters and drill-downs work on it. Where the width runs short, the
// report date goes first, then the amount as reported: the USD revenue and
// the watch date stay.
func detailColumns(w int) []column {
	cols := []column{{title: "Watch Date", width: 13, min: 10}, {title: "Report Date", width: 12, min: 10, drop: 2},
		{title: "Title"}, {title: "Channel", width: 14, min: 8},
		{title: "Country", width: 8, min: 7}, {title: "Quantity", width: 14, right: true, min: 9},
		{title: "Amount", width: 15, right: true, min: 12, drop: 1},
		{title: "Revenue", width: 14, right: true, min: 11}, {title: "Status", width: 9, min: 9}}
	return layoutColumns(cols, w)
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
	return []string{r.WatchDate.String(), r.ReportDate.String(), format.Sanitize(r.Title), format.Sanitize(r.Channel), format.Sanitize(country),
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

// layoutColumns gives the flexible column what is left of w (one space
// between columns), hiding droppable columns and shrinking fixed ones when
// w is tight.
func layoutColumns(cols []column, w int) []column {
	for narrowest(cols) > w-16 && hideOne(cols) {
	}
	fixed := -1
	flex := -1
	for i, c := range cols {
		switch {
		case c.hidden:
		case c.width == 0:
			flex = i
			fixed++
		default:
			fixed += c.width + 1
		}
	}
	rest := w - fixed
	for rest < 16 && shrinkWidest(cols) {
		rest++
	}
	if flex >= 0 {
		cols[flex].width = max(rest, 4)
	}
	return cols
}

// narrowest is the width the shown fixed columns and their gaps need at
// the least.
func narrowest(cols []column) int {
	n := -1
	for _, c := range cols {
		switch {
		case c.hidden:
		case c.width == 0:
			n++
		default:
			n += min(c.width, max(c.min, 6)) + 1
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

func shrinkWidest(cols []column) bool {
	wi := -1
	for i, c := range cols {
		if !c.hidden && c.width > max(c.min, 6) && (wi < 0 || c.width-c.min > cols[wi].width-cols[wi].min) {
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
