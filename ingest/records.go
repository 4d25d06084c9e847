package ingest

import (
	"io"
	"strconv"
	"strings"
)

// maxCells bounds a record's width: a 10 MB line of commas must be an error,
// not ten million strings.
const maxCells = 4096

// row is one non-blank record and the 1-based line it starts on.
type row struct {
	line  int
	cells []string
}

// recordReader splits decoded text into records. With quotes it reads
// RFC 4180 CSV (quoted fields may hold delimiters, "" and newlines; a quote
// inside an unquoted field is literal, as spreadsheet exports write them);
// without, it splits lines on the delimiter only, which is how Apple writes
// its tab-separated reports. Cells are substrings of the text, so reading
// allocates nothing per cell. It is hand-written rather than encoding/csv
// to keep exact line numbers, reject unterminated quotes while tolerating
// bare ones, and stay fast.
type recordReader struct {
	name   string
	s      string
	pos    int
	line   int // line of s[pos]
	eol    int // index of the '\n' ending the line at pos, or len(s)
	delim  byte
	quotes bool
	cells  []string // reused between records
}

func newRecordReader(name, text string, delim byte) *recordReader {
	return &recordReader{name: name, s: text, line: 1, delim: delim, quotes: delim != '\t'}
}

// read returns the next record, valid until the following call, and its
// first line; io.EOF at the end.
func (r *recordReader) read() ([]string, int, error) {
	if r.pos >= len(r.s) {
		return nil, 0, io.EOF
	}
	start := r.line
	r.cells = r.cells[:0]
	r.findEOL()
	if line := r.s[r.pos:r.eol]; !r.quotes || strings.IndexByte(line, '"') < 0 {
		return r.split(line, start)
	}
	for {
		if len(r.cells) == maxCells {
			return nil, start, &ParseError{File: r.name, Line: start, Reason: "more than " + strconv.Itoa(maxCells) + " cells in one row", Err: ErrSyntax}
		}
		cell, last, err := r.field()
		if err != nil {
			return nil, start, err
		}
		r.cells = append(r.cells, cell)
		if last {
			return r.cells, start, nil
		}
	}
}

// split reads a record that is one line without quotes, most records of
// most files, as field would cell by cell but in one tight loop.
func (r *recordReader) split(line string, start int) ([]string, int, error) {
	var ok bool
	if r.cells, ok = splitLine(r.cells, line, r.delim); !ok {
		return nil, start, &ParseError{File: r.name, Line: start, Reason: "more than " + strconv.Itoa(maxCells) + " cells in one row", Err: ErrSyntax}
	}
	last := &r.cells[len(r.cells)-1]
	*last = strings.TrimSuffix(*last, "\r")
	r.pos = r.eol
	if r.eol < len(r.s) {
		r.pos++
		r.line++
	}
	return r.cells, start, nil
}

// field reads one field at r.pos and says whether it ended the record.
func (r *recordReader) field() (string, bool, error) {
	s, i := r.s, r.pos
	if r.quotes {
		j := i
		for j < len(s) && (s[j] == ' ' || s[j] == '\t') {
			j++
		}
		if j < len(s) && s[j] == '"' {
			return r.quoted(j + 1)
		}
	}
	// IndexByte is vectorised: scanning the line for the delimiter this
	// way is several times faster than a byte loop.
	if k := strings.IndexByte(s[i:r.eol], r.delim); k >= 0 {
		r.pos = i + k + 1
		return s[i : i+k], false, nil
	}
	cell := strings.TrimSuffix(s[i:r.eol], "\r")
	r.pos = r.eol
	if r.eol < len(s) {
		r.pos++
		r.line++
	}
	return cell, true, nil
}

// findEOL locates the end of the line at r.pos.
func (r *recordReader) findEOL() {
	if k := strings.IndexByte(r.s[r.pos:], '\n'); k >= 0 {
		r.eol = r.pos + k
	} else {
		r.eol = len(r.s)
	}
}

// quoted reads a quoted field whose content starts at i.
func (r *recordReader) quoted(i int) (string, bool, error) {
	s, start := r.s, r.line
	var b []byte // only used when the field holds a doubled quote
	from := i
	for {
		k := strings.IndexByte(s[i:], '"')
		if k < 0 {
			return "", false, &ParseError{File: r.name, Line: start, Reason: "quoted field never ends (file cut short?)", Err: ErrSyntax}
		}
		k += i
		r.line += strings.Count(s[i:k], "\n")
		if k+1 < len(s) && s[k+1] == '"' {
			b = append(b, s[from:k+1]...)
			i, from = k+2, k+2
			continue
		}
		var cell string
		if b != nil {
			cell = string(append(b, s[from:k]...))
		} else {
			cell = s[from:k]
		}
		j := k + 1
		for j < len(s) && s[j] == ' ' {
			j++
		}
		if j < len(s) && s[j] == '\r' {
			j++
		}
		switch {
		case j == len(s):
			r.pos = j
			return cell, true, nil
		case s[j] == '\n':
			r.pos = j + 1
			r.line++
			return cell, true, nil
		case s[j] == r.delim && s[j-1] != '\r':
			r.pos = j + 1
			r.findEOL() // the quoted field may have spanned lines
			return cell, false, nil
		}
		return "", false, &ParseError{File: r.name, Line: r.line, Reason: "unexpected " + quote(s[j:j+1]) + " after a closing quote", Err: ErrSyntax}
	}
}

func isBlank(cells []string) bool {
	for _, c := range cells {
		if strings.TrimSpace(c) != "" {
			return false
		}
	}
	return true
}

// headRows is how many non-blank rows format detection looks at: enough for
// any preamble or banner a channel writes.
const headRows = 32

// readHead reads up to headRows non-blank rows. A read error ends the head
// early and is returned, so the parse that continues from here meets it.
func readHead(rd *recordReader) ([]row, error) {
	var head []row
	for len(head) < headRows {
		cells, line, err := rd.read()
		if err == io.EOF {
			return head, nil
		}
		if err != nil {
			return head, err
		}
		if isBlank(cells) {
			continue
		}
		head = append(head, row{line: line, cells: append([]string(nil), cells...)})
	}
	return head, nil
}

// rowIter yields the data rows after the header: the rest of the head, then
// the rest of the file. Blank rows never reach an adapter.
type rowIter struct {
	pending []row
	rd      *recordReader
	err     error // a read error met while reading the head
}

// each calls fn for every remaining non-blank row, stopping at the first
// error. The row's cells are only valid during the call.
func (it *rowIter) each(fn func(row) error) error {
	for _, r := range it.pending {
		if err := fn(r); err != nil {
			return err
		}
	}
	if it.err != nil {
		return it.err
	}
	for {
		cells, line, err := it.rd.read()
		if err == io.EOF {
			return nil
		}
		if err != nil {
			return err
		}
		if isBlank(cells) {
			continue
		}
		if err := fn(row{line: line, cells: cells}); err != nil {
			return err
		}
	}
}
