// Package report is every table marquee prints outside the dashboard: the
// metrics, Monthly and Detail views as aligned text, CSV or JSON for scripts
// and cron jobs (report.go, with the flags both the CLI and `ssh HOST
// report` parse in request.go), and the CLI's account, title, import and
// progress lines. Its output is a stable interface; change it only by
// adding. It imports store and format, never a terminal library.
package report

import (
	"encoding/csv"
	"encoding/json"
	"fmt"
	"io"
	"strconv"
	"strings"

	"github.com/shopspring/decimal"

	"marquee/format"
	"marquee/store"
)

// Views and formats the report command knows.
var (
	Views   = []string{"metrics", "monthly", "detail"}
	Formats = []string{"text", "csv", "json"}
)

// Source is what a report reads: an account handle.
type Source interface {
	Summary(store.Filter) (store.Metrics, []store.MonthRow, error)
	EachDetail(store.DetailQuery, func(store.DetailRow) error) error
}

// Write prints one view of the account under the filter.
func Write(w io.Writer, src Source, f store.Filter, view, fmtName string) error {
	switch view {
	case "metrics", "monthly":
		m, rows, err := src.Summary(f)
		if err != nil {
			return err
		}
		if view == "metrics" {
			return writeTable(w, fmtName, metricsTable(m), metricsJSON(m))
		}
		return writeTable(w, fmtName, monthlyTable(rows), monthlyJSON(rows))
	case "detail":
		return WriteDetail(w, src, store.DetailQuery{Filter: f, Sort: store.SortReportDate}, fmtName)
	}
	return fmt.Errorf("unknown view %q: use metrics, monthly or detail", view)
}

// table is a view as cells: text cells are sanitised and CSV-neutralised,
// money cells carry the exact decimal and its display form.
type table struct {
	header []string
	right  []bool // right-aligned (numeric) columns in text
	rows   [][]cell
}

type cell struct {
	text    string // exact form: CSV and machine use
	shown   string // text form; empty means text
	numeric bool   // a number: never neutralised, its minus sign is data
}

func (c cell) display() string {
	if c.shown != "" {
		return c.shown
	}
	return c.text
}

func money(d decimal.Decimal) cell {
	return cell{text: d.String(), shown: format.FormatUSD(d), numeric: true}
}
func number(n int) cell            { return cell{text: strconv.Itoa(n), numeric: true} }
func exact(d decimal.Decimal) cell { return cell{text: d.String(), numeric: true} }
func text(s string) cell           { return cell{text: s} }

func metricsTable(m store.Metrics) table {
	return table{
		header: []string{"metric", "value"},
		right:  []bool{false, true},
		rows: [][]cell{
			{text("titles"), number(m.Titles)},
			{text("channels"), number(m.Channels)},
			{text("countries"), number(m.Countries)},
			{text("revenue_usd"), money(m.RevenueUSD)},
			{text("pending_lines"), number(m.PendingLines)},
		},
	}
}

type metricsDoc struct {
	Titles       int    `json:"titles"`
	Channels     int    `json:"channels"`
	Countries    int    `json:"countries"`
	RevenueUSD   string `json:"revenue_usd"`
	PendingLines int    `json:"pending_lines"`
}

func metricsJSON(m store.Metrics) any {
	return metricsDoc{m.Titles, m.Channels, m.Countries, m.RevenueUSD.String(), m.PendingLines}
}

func monthlyTable(rows []store.MonthRow) table {
	t := table{
		header: []string{"period", "titles", "channels", "countries", "revenue_usd"},
		right:  []bool{false, true, true, true, true},
	}
	for _, r := range rows {
		t.rows = append(t.rows, []cell{text(r.Period.String()), number(r.Titles), number(r.Channels), number(r.Countries), money(r.RevenueUSD)})
	}
	return t
}

type monthDoc struct {
	Period     string `json:"period"`
	Titles     int    `json:"titles"`
	Channels   int    `json:"channels"`
	Countries  int    `json:"countries"`
	RevenueUSD string `json:"revenue_usd"`
}

func monthlyJSON(rows []store.MonthRow) any {
	out := make([]monthDoc, 0, len(rows))
	for _, r := range rows {
		out = append(out, monthDoc{r.Period.String(), r.Titles, r.Channels, r.Countries, r.RevenueUSD.String()})
	}
	return out
}

// detailHeader: the columns scripts rely on keep their places; the
// v2 ones (episode, adjustment) come after them.
var detailHeader = []string{"report_date", "watch_date", "title", "channel", "country", "quantity", "unit", "amount", "currency", "revenue_usd", "status", "episode", "adjustment"}

type detailDoc struct {
	ReportDate string  `json:"report_date"`
	WatchDate  string  `json:"watch_date"`
	Title      string  `json:"title"`
	Channel    string  `json:"channel"`
	Country    string  `json:"country"`
	Quantity   string  `json:"quantity"`
	Unit       string  `json:"unit"`
	Amount     string  `json:"amount"`
	Currency   string  `json:"currency"`
	RevenueUSD *string `json:"revenue_usd"` // null while pending
	Status     string  `json:"status"`
	// Where the line has them: a series' episode, the name the report
	// gave the line where it differs from the title, and the channel's
	// type of a correction (YouTube's Adjustment Type).
	Episode    string `json:"episode,omitempty"`
	RawTitle   string `json:"raw_title,omitempty"`
	Adjustment string `json:"adjustment,omitempty"`
}

func detailCells(r store.DetailRow) []cell {
	rev := money(r.RevenueUSD)
	if r.Pending {
		rev = cell{text: "", shown: "pending", numeric: true}
	}
	return []cell{
		text(r.ReportDate.String()), text(r.WatchDate.String()), text(r.Title), text(r.Channel), text(r.Country),
		exact(r.Quantity), text(r.Unit), exact(r.Amount), text(r.Currency), rev, text(r.Status.String()), text(r.Episode), text(r.Adjustment),
	}
}

// WriteDetail streams every line item of q, in q's order, ignoring its
// page: a detail report may hold millions. The dashboard's export calls
// it with the search and sort on screen, so a file and a report of the
// same view are the same bytes.
func WriteDetail(w io.Writer, src Source, q store.DetailQuery, fmtName string) error {
	switch fmtName {
	case "json":
		enc := newEncoder(w)
		if _, err := io.WriteString(w, "["); err != nil {
			return err
		}
		sep := "\n"
		err := src.EachDetail(q, func(r store.DetailRow) error {
			if _, err := io.WriteString(w, sep); err != nil {
				return err
			}
			sep = ","
			doc := detailDoc{r.ReportDate.String(), r.WatchDate.String(), r.Title, r.Channel, r.Country,
				r.Quantity.String(), r.Unit, r.Amount.String(), r.Currency, nil, r.Status.String(),
				r.Episode, r.RawTitle, r.Adjustment}
			if !r.Pending {
				s := r.RevenueUSD.String()
				doc.RevenueUSD = &s
			}
			return enc.Encode(doc)
		})
		if err != nil {
			return err
		}
		_, err = io.WriteString(w, "]\n")
		return err
	case "csv":
		cw := csv.NewWriter(w)
		cw.Write(detailHeader)
		err := src.EachDetail(q, func(r store.DetailRow) error { return cw.Write(csvRecord(detailCells(r))) })
		cw.Flush()
		if err != nil {
			return err
		}
		return cw.Error()
	case "text":
		// Aligned text needs every width first; a detail text report is
		// for reading, so holding its rows is fine.
		t := table{header: detailHeader, right: []bool{false, false, false, false, false, true, false, true, false, true, false, false, false}}
		err := src.EachDetail(q, func(r store.DetailRow) error {
			t.rows = append(t.rows, detailCells(r))
			return nil
		})
		if err != nil {
			return err
		}
		return writeText(w, t)
	}
	return fmt.Errorf("unknown format %q: use text, csv or json", fmtName)
}

func writeTable(w io.Writer, fmtName string, t table, doc any) error {
	switch fmtName {
	case "text":
		return writeText(w, t)
	case "csv":
		cw := csv.NewWriter(w)
		cw.Write(t.header)
		for _, r := range t.rows {
			cw.Write(csvRecord(r))
		}
		cw.Flush()
		return cw.Error()
	case "json":
		return newEncoder(w).Encode(doc)
	}
	return fmt.Errorf("unknown format %q: use text, csv or json", fmtName)
}

// newEncoder writes JSON as it is: titles keep their "&" and "<".
func newEncoder(w io.Writer) *json.Encoder {
	enc := json.NewEncoder(jsonSafe{w})
	enc.SetEscapeHTML(false)
	return enc
}

// csvRecord gives the exact values; a text cell a spreadsheet would run as
// a formula gets a leading quote.
func csvRecord(cells []cell) []string {
	out := make([]string, len(cells))
	for i, c := range cells {
		out[i] = c.text
		if !c.numeric {
			out[i] = format.CSVSafe(escapeControls(c.text))
		}
	}
	return out
}

func writeText(w io.Writer, t table) error {
	widths := make([]int, len(t.header))
	shown := make([][]string, len(t.rows))
	for i, h := range t.header {
		widths[i] = len(h)
	}
	for r, row := range t.rows {
		shown[r] = make([]string, len(row))
		for i, c := range row {
			s := format.Sanitize(c.display())
			shown[r][i] = s
			widths[i] = max(widths[i], format.Width(s))
		}
	}
	line := func(cells []string) string {
		var b strings.Builder
		for i, s := range cells {
			pad := strings.Repeat(" ", widths[i]-format.Width(s))
			if i > 0 {
				b.WriteString("  ")
			}
			if t.right[i] {
				b.WriteString(pad + s)
			} else if i < len(cells)-1 {
				b.WriteString(s + pad)
			} else {
				b.WriteString(s)
			}
		}
		return strings.TrimRight(b.String(), " ") + "\n"
	}
	if _, err := io.WriteString(w, line(t.header)); err != nil {
		return err
	}
	for _, row := range shown {
		if _, err := io.WriteString(w, line(row)); err != nil {
			return err
		}
	}
	return nil
}
