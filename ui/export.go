package ui

import (
	"encoding/csv"
	"fmt"
	"os"
	"path/filepath"
	"time"

	tea "github.com/charmbracelet/bubbletea"

	"marquee/format"
)

// exportPath names the file after the view and the moment.
func exportPath(dir, view string, now time.Time) string {
	return filepath.Join(dir, fmt.Sprintf("marquee-%s-%s.csv", view, now.Format("20060102-150405")))
}

// exportCmd writes the view to CSV. Detail pages through the store 1,000
// lines at a time, so a large export does not hold all rows in memory.
func exportCmd(a Account, dir string, now time.Time, msg exportWantedMsg) tea.Cmd {
	return func() tea.Msg {
		view := "monthly"
		if msg.detail {
			view = "detail"
		}
		path := exportPath(dir, view, now)
		n, err := writeExport(a, path, msg)
		if err != nil {
			return exportDoneMsg{path: path, err: err}
		}
		return exportDoneMsg{path: path, rows: n}
	}
}

func writeExport(a Account, path string, msg exportWantedMsg) (n int, err error) {
	if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
		return 0, fmt.Errorf("export: %w", err)
	}
	f, err := os.OpenFile(path, os.O_CREATE|os.O_EXCL|os.O_WRONLY, 0o644)
	if err != nil {
		return 0, fmt.Errorf("export: %w", err)
	}
	defer func() {
		if cerr := f.Close(); err == nil && cerr != nil {
			err = fmt.Errorf("export: %w", cerr)
		}
	}()
	w := csv.NewWriter(f)
	write := func(cells []string) {
		out := make([]string, len(cells))
		for i, c := range cells {
			out[i] = format.CSVSafe(c)
		}
		_ = w.Write(out) // the error surfaces from w.Error below
	}
	filter := msg.query.Filter
	if !msg.detail {
		write([]string{"watch_period", "titles", "channels", "countries", "revenue_usd", "pending_lines"})
		for _, r := range msg.months {
			write([]string{r.Period.String(), fmt.Sprint(r.Titles), fmt.Sprint(r.Channels), fmt.Sprint(r.Countries),
				r.RevenueUSD.StringFixed(3), fmt.Sprint(r.PendingLines)})
			n++
		}
	} else {
		write([]string{"report_date", "watch_date", "title", "channel", "country", "quantity", "unit", "revenue_usd", "status", "pending_fx"})
		q := msg.query
		q.Filter = filter
		q.Offset, q.Limit = 0, 1000
		for {
			p, err := a.Detail(q)
			if err != nil {
				return n, fmt.Errorf("export: %w", err)
			}
			for _, r := range p.Rows {
				rev := r.RevenueUSD.StringFixed(3)
				if r.Pending {
					rev = ""
				}
				write([]string{r.ReportDate.String(), r.WatchDate.String(), format.Sanitize(r.Title), format.Sanitize(r.Channel), r.Country,
					r.Quantity.String(), format.Sanitize(r.Unit), rev, r.Status.String(), fmt.Sprint(r.Pending)})
				n++
			}
			q.Offset += len(p.Rows)
			if len(p.Rows) == 0 || q.Offset >= p.Total {
				break
			}
		}
	}
	w.Flush()
	if err := w.Error(); err != nil {
		return n, fmt.Errorf("export: %w", err)
	}
	return n, nil
}
