package ui

import (
	"bufio"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"time"
	"unicode"

	tea "github.com/charmbracelet/bubbletea"

	"marquee/report"
	"marquee/store"
)

// export is what `e` writes: the view on screen under its filter, with a
// Detail drill-down and search, through the report command's own CSV
// writer, so the file holds exactly what `marquee report` prints for it.
type export struct {
	detail bool
	filter store.Filter      // the applied filter (Monthly)
	query  store.DetailQuery // Detail: filter narrowed to the drill-down, sort and search
	drill  *store.Month
}

// fileName says what the file holds: the view, the drilled month or the
// date range, "filtered" when titles, countries or channels narrow it, the
// search, and the moment.
func (e export) fileName(now time.Time) string {
	parts := []string{"marquee", "monthly"}
	f := e.filter
	if e.detail {
		parts[1], f = "detail", e.query.Filter
	}
	switch {
	case e.drill != nil:
		parts = append(parts, e.drill.String())
	case f.From != 0 || f.To != 0:
		parts = append(parts, rangeName(f.From, f.To))
	}
	if len(f.Titles)+len(f.Countries)+len(f.Channels) > 0 {
		parts = append(parts, "filtered")
	}
	if s := slug(e.query.Search); e.detail && s != "" {
		parts = append(parts, "search-"+s)
	}
	return strings.Join(append(parts, now.Format("20060102-150405")), "-")
}

func rangeName(from, to store.Date) string {
	name := func(d store.Date, none string) string {
		if d == 0 {
			return none
		}
		return d.String()
	}
	return name(from, "start") + "_to_" + name(to, "end")
}

// slug keeps a search readable in a file name: letters and digits, runs of
// anything else as one dash, at most 24 characters.
func slug(s string) string {
	var b strings.Builder
	dash := false
	for _, r := range strings.ToLower(s) {
		if b.Len() >= 24 {
			break
		}
		if unicode.IsLetter(r) && r < unicode.MaxASCII || unicode.IsDigit(r) && r < unicode.MaxASCII {
			if dash && b.Len() > 0 {
				b.WriteByte('-')
			}
			dash = false
			b.WriteRune(r)
		} else {
			dash = true
		}
	}
	return b.String()
}

// what names the export for the status line, and scope the filter it
// was made under: the line shows the path before the filter, so that a
// narrow terminal cuts the filter, not where the file went.
func (e export) what(rows int) (what, scope string) {
	if !e.detail {
		return plural(rows, "monthly row"), filterSummary(e.filter)
	}
	s := plural(rows, "line")
	if e.drill != nil {
		s += " of " + monthLabel(*e.drill)
	}
	if e.query.Search != "" {
		s += fmt.Sprintf(" matching %q", e.query.Search)
	}
	return s, filterSummary(e.query.Filter)
}

// exportCmd writes the export into dir. Detail streams line by line, so a
// large export does not hold its rows in memory.
func exportCmd(a Account, dir string, now time.Time, e export) tea.Cmd {
	return func() tea.Msg {
		path, rows, err := writeExport(a, dir, now, e)
		what, scope := e.what(rows)
		return exportDoneMsg{path: path, what: what, scope: scope, err: err}
	}
}

func writeExport(a Account, dir string, now time.Time, e export) (path string, rows int, err error) {
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return "", 0, fmt.Errorf("export: %w", err)
	}
	f, path, err := createUnique(dir, e.fileName(now), ".csv")
	if err != nil {
		return "", 0, fmt.Errorf("export: %w", err)
	}
	w := bufio.NewWriter(f)
	src := &countingSource{Account: a}
	if e.detail {
		err = report.WriteDetail(w, src, e.query, "csv")
	} else {
		err = report.Write(w, src, e.filter, "monthly", "csv")
	}
	if ferr := w.Flush(); err == nil {
		err = ferr
	}
	if cerr := f.Close(); err == nil {
		err = cerr
	}
	if err != nil {
		os.Remove(path) // half a file is worse than none
		return path, 0, fmt.Errorf("export: %w", err)
	}
	return path, src.rows, nil
}

// createUnique creates dir/name+ext, or name-2, name-3 … when a file of
// that name exists: two exports in one second never overwrite each other.
func createUnique(dir, name, ext string) (*os.File, string, error) {
	for i := 1; i <= 100; i++ {
		path := filepath.Join(dir, name+ext)
		if i > 1 {
			path = filepath.Join(dir, fmt.Sprintf("%s-%d%s", name, i, ext))
		}
		f, err := os.OpenFile(path, os.O_CREATE|os.O_EXCL|os.O_WRONLY, 0o644)
		if !errors.Is(err, fs.ErrExist) {
			return f, path, err
		}
	}
	return nil, "", fmt.Errorf("%s: 100 files of that name exist already", filepath.Join(dir, name+ext))
}

// countingSource counts the rows a report writes: Monthly rows or lines.
type countingSource struct {
	Account
	rows int
}

func (s *countingSource) Summary(f store.Filter) (store.Metrics, []store.MonthRow, error) {
	m, rows, err := s.Account.Summary(f)
	s.rows = len(rows)
	return m, rows, err
}

func (s *countingSource) EachDetail(q store.DetailQuery, fn func(store.DetailRow) error) error {
	return s.Account.EachDetail(q, func(r store.DetailRow) error {
		s.rows++
		return fn(r)
	})
}
