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
func MonthCells(r store.MonthRow) []string {
	rev := format.FormatUSD(r.RevenueUSD)
	if r.PendingLines > 0 {
		rev += "*"
	}
	return []string{MonthLabel(r.Period), fmt.Sprint(r.Titles), fmt.Sprint(r.Channels), fmt.Sprint(r.Countries), rev}
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

func detailColumns(w int) []column {
	cols := []column{{title: "Report Date", width: 13, min: 10}, {title: "Title"}, {title: "Channel", width: 14, min: 8},
		{title: "Country", width: 8, min: 7}, {title: "Quantity", width: 14, right: true, min: 9},
		{title: "Revenue", width: 14, right: true, min: 11}, {title: "Status", width: 9, min: 9}}
	return layoutColumns(cols, w)
}

// DetailCells formats one Detail row. Every string from the data is
// sanitised; a pending line shows that it has no USD value yet.
func DetailCells(r store.DetailRow) []string {
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
	return []string{r.ReportDate.String(), format.Sanitize(title), format.Sanitize(r.Channel), format.Sanitize(country),
		FormatQuantity(r.Quantity, format.Sanitize(r.Unit)), rev, r.Status.String()}
}

// FormatQuantity groups thousands and appends the unit: "1,200 views".
func FormatQuantity(q decimal.Decimal, unit string) string {
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
// between columns), shrinking fixed columns when w is tight.
func layoutColumns(cols []column, w int) []column {
	fixed := len(cols) - 1
	flex := -1
	for i, c := range cols {
		if c.width == 0 {
			flex = i
			continue
		}
		fixed += c.width
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

func shrinkWidest(cols []column) bool {
	wi := -1
	for i, c := range cols {
		if c.width > max(c.min, 6) && (wi < 0 || c.width-c.min > cols[wi].width-cols[wi].min) {
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
