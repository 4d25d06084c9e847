package ingest

import (
	"strconv"
	"strings"
	"time"
	"unicode/utf8"

	"marquee/store"
)

// column is one column an adapter reads, matched by name (see headerKey),
// never by position: channels reorder and rename columns.
type column struct {
	names []string // accepted names; names[0] is the one errors mention
	// prefix is a fallback: with no cell named exactly, a cell starting
	// with a name matches, e.g. "Partner Revenue (USD)".
	prefix   bool
	optional bool
}

func col(names ...string) column    { return column{names: names} }
func optCol(names ...string) column { return column{names: names, optional: true} }
func prefixCol(name string) column  { return column{names: []string{name}, prefix: true} }

// maxCellBytes bounds a cell a column reads: a title, an episode name, a
// number, a date. A 100 MB title was accepted once, and every open of the
// account then cost 205 MB more memory.
const maxCellBytes = 512

// cellBounds are tighter bounds for the columns whose values are short by
// nature, by the name errors mention (lower case). Codes the parser checks
// against a list (country, currency, unit) need none to be safe, but a
// bound makes the error about the length, not a megabyte quoted back.
var cellBounds = map[string]int{
	"channel":        128,
	"transaction_id": 256,
	"status":         64,
	"unit":           64,
	"currency":       64,
	"country":        128,
}

// maxBytes is how long a cell of the column may be.
func (c column) maxBytes() int {
	if n, ok := cellBounds[strings.ToLower(c.names[0])]; ok {
		return n
	}
	return maxCellBytes
}

// headerKey is a header name as it is compared (FORMATS.md v2): trimmed,
// case-folded, runs of spaces collapsed, and no spaces around `/`, so that
// `Artist / Show` is `Artist/Show` and `Country of Sale` is `Country Of Sale`.
func headerKey(h string) string {
	h = strings.TrimSpace(h)
	clean := true
	for i := 0; i < len(h); i++ {
		if c := h[i]; c == ' ' || c == '\t' || (c >= 'A' && c <= 'Z') || c >= utf8.RuneSelf {
			clean = false
			break
		}
	}
	if clean {
		return h
	}
	var b strings.Builder
	b.Grow(len(h))
	for i, f := range strings.Fields(h) {
		if i > 0 {
			last := b.String()[b.Len()-1]
			if last != '/' && f[0] != '/' {
				b.WriteByte(' ')
			}
		}
		b.WriteString(f)
	}
	return strings.ToLower(b.String())
}

// exact reports whether key (a headerKey) is one of the column's names.
func (c column) exact(key string) bool {
	for _, n := range c.names {
		if key == headerKey(n) {
			return true
		}
	}
	return false
}

// byPrefix reports whether key starts with one of the column's names.
func (c column) byPrefix(key string) bool {
	for _, n := range c.names {
		if strings.HasPrefix(key, headerKey(n)) {
			return true
		}
	}
	return false
}

// layout is a header resolved once: rows are then read by index, with no
// per-row name lookups.
type layout struct {
	idx   []int    // cell index per column, -1 for an absent optional one
	names []string // header text per column, as the file spells it
	max   []int    // bytes a cell of each column may hold
	need  int      // cells a data row must have to fill every required column
	// optional marks the columns a short row may end before: Apple drops
	// the trailing empty cells of a report's last row, so a cut-off
	// optional cell reads as empty.
	optional []bool
	width    int // cells in the header
	wide     int // cells in the last data row, 0 before the first
	memo     []dateMemo
}

// dateMemo remembers a column's last date: reports repeat the same date
// down a column, and comparing ten bytes beats parsing them.
type dateMemo struct {
	raw  string
	date store.Date
}

// sameMonth reads a YYYY-MM-DD cell that differs from the remembered date
// in its day only, as a daily report's dates do from row to row: the day
// is checked against the month, and the rest is known. Anything else is
// left to parseDate.
func (m *dateMemo) sameMonth(v string) (store.Date, bool) {
	if len(v) != 10 || len(m.raw) != 10 || m.raw[4] != '-' || m.raw[7] != '-' || v[:8] != m.raw[:8] {
		return 0, false
	}
	day, ok := digits(v[8:10])
	y, _ := digits(m.raw[:4])
	mo, _ := digits(m.raw[5:7])
	was, _ := digits(m.raw[8:10])
	if !ok || day < 1 || day > daysIn(y, time.Month(mo)) {
		return 0, false
	}
	d := m.date + store.Date(day-was)
	if d < store.MinDate || d > store.MaxDate {
		return 0, false // parseDate says why
	}
	return d, true
}

// resolve finds each column in the header. A used column that is absent or
// appears twice rejects the file. A column with a prefix fallback takes the
// cell named exactly when there is one, and only else the cells that start
// with its name: YouTube's ad-revenue report has five `Partner Revenue…`
// columns of which `Partner Revenue` is the total.
func resolve(fc *fileContext, header row, cols []column) (*layout, error) {
	l := &layout{
		idx: make([]int, len(cols)), names: make([]string, len(cols)), max: make([]int, len(cols)),
		width: len(header.cells), memo: make([]dateMemo, len(cols)), optional: make([]bool, len(cols)),
	}
	keys := make([]string, len(header.cells))
	for j, h := range header.cells {
		keys[j] = headerKey(h)
	}
	for i, c := range cols {
		l.idx[i] = -1
		l.names[i] = c.names[0]
		l.max[i] = c.maxBytes()
		match := c.exact
		for pass := 0; pass < 2 && l.idx[i] < 0; pass++ {
			if pass == 1 {
				if !c.prefix {
					break
				}
				match = c.byPrefix
			}
			for j, k := range keys {
				if !match(k) {
					continue
				}
				h := strings.TrimSpace(header.cells[j])
				if l.idx[i] >= 0 {
					return nil, fc.fail(header.line, h, ErrDuplicateColumn,
						"column appears twice in the header (cells "+strconv.Itoa(l.idx[i]+1)+" and "+strconv.Itoa(j+1)+")")
				}
				l.idx[i], l.names[i] = j, h
			}
		}
		if l.idx[i] < 0 && !c.optional {
			return nil, fc.fail(header.line, c.names[0], ErrMissingColumn, "the header has no such column")
		}
		l.optional[i] = c.optional
		if !c.optional && l.idx[i]+1 > l.need {
			l.need = l.idx[i] + 1
		}
	}
	return l, nil
}

// fits checks that a data row reaches every used column: rows may be
// shorter than the header only when what is cut off is not read. Filled
// cells beyond the header mean the row was split wrongly, typically an
// unquoted `$ 1,234.00`, which would otherwise import as 1.
//
// The last row of a file that ends without a line break, shorter than the
// row before it (or the header), was cut: an upload that stalled, or a
// copy taken while it was written. It is an error, not the end of the
// report, or the file would import in part.
func (l *layout) fits(fc *fileContext, r row) error {
	if len(r.cells) > l.width && !isBlank(r.cells[l.width:]) {
		return fc.fail(r.line, "", ErrSyntax, "row has "+strconv.Itoa(len(r.cells))+" cells but the header only "+
			strconv.Itoa(l.width)+" (an unquoted comma in a value?)")
	}
	wide := l.wide
	if wide == 0 {
		wide = l.width
	}
	if r.open && len(r.cells) < wide {
		return fc.fail(r.line, "", ErrSyntax, "the file ends inside this row ("+strconv.Itoa(len(r.cells))+" cells of "+
			strconv.Itoa(wide)+", no line break after it): cut short, or still being written?")
	}
	l.wide = len(r.cells)
	if len(r.cells) >= l.need {
		return l.bounded(fc, r)
	}
	for i, j := range l.idx {
		if j >= len(r.cells) && !l.optional[i] {
			return fc.fail(r.line, l.names[i], ErrMissingColumn,
				"row has only "+strconv.Itoa(len(r.cells))+" cells and ends before this column")
		}
	}
	return l.bounded(fc, r)
}

// bounded checks that no cell read is longer than its column allows
// (spaces around it aside).
func (l *layout) bounded(fc *fileContext, r row) error {
	for i, j := range l.idx {
		if j < 0 || j >= len(r.cells) || len(r.cells[j]) <= l.max[i] {
			continue
		}
		if v := strings.TrimSpace(r.cells[j]); len(v) > l.max[i] {
			return fc.fail(r.line, l.names[i], ErrTooLong, "the value is "+strconv.Itoa(len(v))+" bytes long, more than the "+
				strconv.Itoa(l.max[i])+" this column allows: "+quote(v))
		}
	}
	return nil
}

// get returns the cell of column i, "" for an absent optional column or
// one a short row ends before.
func (l *layout) get(r row, i int) string {
	if j := l.idx[i]; j >= 0 && j < len(r.cells) {
		return r.cells[j]
	}
	return ""
}

// has reports whether optional column i is in the header.
func (l *layout) has(i int) bool { return l.idx[i] >= 0 }

// headerHas reports whether any cell of the row names the column; adapters
// use it to recognise their header.
func headerHas(r row, names ...string) bool {
	for _, n := range names {
		found := false
		key := headerKey(n)
		for _, h := range r.cells {
			if headerKey(h) == key {
				found = true
				break
			}
		}
		if !found {
			return false
		}
	}
	return true
}

// firstCell is the row's first cell, trimmed.
func firstCell(r row) string {
	if len(r.cells) == 0 {
		return ""
	}
	return strings.TrimSpace(r.cells[0])
}

// eachLine resolves cols in the header and calls fill for every data row
// with a line item preset to base, then counts the row and keeps the item:
// all an adapter needs whose rows map one to one to line items.
func eachLine(fc *fileContext, header row, rows *rowIter, cols []column, base store.LineItem, fill func(r row, l *layout, li *store.LineItem) error) error {
	l, err := resolve(fc, header, cols)
	if err != nil {
		return err
	}
	return rows.each(func(r row) error {
		if err := l.fits(fc, r); err != nil {
			return err
		}
		li := base
		if err := fill(r, l, &li); err != nil {
			return err
		}
		fc.out.RowsRead++
		return fc.emit(&li, r.line)
	})
}
