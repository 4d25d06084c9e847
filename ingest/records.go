package ingest

import (
	"io"
	"math"
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
	open  bool // the file ends in it, without a line break after it
}

// recordReader splits decoded text into records. With quotes it reads
// RFC 4180 CSV (quoted fields may hold delimiters, "" and newlines; a quote
// inside an unquoted field is literal, as spreadsheet exports write them);
// without, it splits lines on the delimiter only, which is how Apple writes
// its tab-separated reports. Cells are substrings of the text, so reading
// allocates nothing per cell. It is hand-written rather than encoding/csv
// to keep exact line numbers, reject unterminated quotes while tolerating
// bare ones, and stay fast.
//
// The text comes a chunk at a time from a textSource: s is a window of it
// that starts at the record being read (or before) and holds at least that
// record's first line. A record longer than maxRow is an error, which is
// what bounds the window, whatever the size of the file. Every scan starts
// where the last one stopped, so reading is linear in the text.
type recordReader struct {
	name   string
	src    *textSource // nil: s is the whole text
	next   int         // the chunk of src to read next
	atEOF  bool        // s ends where the text ends
	s      string
	start  int // where the record being read begins in s
	pos    int
	line   int // line of s[pos]
	eol    int // index of the '\n' ending the line at pos, or len(s) at the end
	delim  byte
	quotes bool
	maxRow int
	first  int      // line the record being read starts on
	open   bool     // the last record read ended the text without a line break
	cells  []string // reused between records
}

// newRecordReader reads records from text as a whole.
func newRecordReader(name, text string, delim byte) *recordReader {
	return &recordReader{name: name, s: text, atEOF: true, line: 1, delim: delim, quotes: delim != '\t', maxRow: DefaultRowBytes}
}

// newSourceReader reads records from src a chunk at a time.
func newSourceReader(src *textSource, delim byte, maxRow int) *recordReader {
	return &recordReader{name: src.name, src: src, line: 1, delim: delim, quotes: delim != '\t', maxRow: maxRow}
}

// more appends the next chunk of text to the window, first dropping what
// precedes the current record. It returns how far the window's content
// moved, which the caller subtracts from the indices it holds, and false
// at the end of the text.
func (r *recordReader) more() (int, bool, error) {
	if r.atEOF {
		return 0, false, nil
	}
	if len(r.s)-r.start > r.maxRow {
		return 0, false, r.tooLong()
	}
	c, err := r.src.chunk(r.next)
	if err == io.EOF {
		r.atEOF = true
		return 0, false, nil
	}
	if err != nil {
		return 0, false, err
	}
	r.next++
	shift := r.start
	r.s = r.s[shift:] + c
	r.start, r.pos, r.eol = 0, r.pos-shift, r.eol-shift
	return shift, true, nil
}

// reach makes s[j] part of the window unless the text ends before it, and
// returns how far indices moved (see more).
func (r *recordReader) reach(j int) (int, error) {
	moved := 0
	for j >= len(r.s) {
		shift, ok, err := r.more()
		if err != nil || !ok {
			return moved, err
		}
		moved += shift
		j -= shift
	}
	return moved, nil
}

func (r *recordReader) tooLong() error {
	return &ParseError{File: r.name, Line: r.first, Reason: "a row longer than " + byteSize(int64(r.maxRow)) +
		" (a quote left open, or not a report?)", Err: ErrTooLarge}
}

// read returns the next record, valid until the following call, and its
// first line; io.EOF at the end.
func (r *recordReader) read() ([]string, int, error) {
	r.start = r.pos
	for r.pos >= len(r.s) {
		if _, ok, err := r.more(); err != nil {
			return nil, 0, err
		} else if !ok {
			return nil, 0, io.EOF
		}
	}
	start := r.line
	r.first = start
	r.open = false
	r.cells = r.cells[:0]
	if err := r.findEOL(); err != nil {
		return nil, start, err
	}
	cells, err := r.record(start)
	if err == nil && r.pos-r.start > r.maxRow {
		return nil, start, r.tooLong()
	}
	return cells, start, err
}

func (r *recordReader) record(start int) ([]string, error) {
	if line := r.s[r.pos:r.eol]; !r.quotes || strings.IndexByte(line, '"') < 0 {
		return r.split(line, start)
	}
	for {
		if len(r.cells) == maxCells {
			return nil, &ParseError{File: r.name, Line: start, Reason: "more than " + strconv.Itoa(maxCells) + " cells in one row", Err: ErrSyntax}
		}
		cell, last, err := r.field()
		if err != nil {
			return nil, err
		}
		r.cells = append(r.cells, cell)
		if last {
			return r.cells, nil
		}
	}
}

// split reads a record that is one line without quotes, most records of
// most files, as field would cell by cell but in one tight loop.
func (r *recordReader) split(line string, start int) ([]string, error) {
	var ok bool
	if r.cells, ok = splitLine(r.cells, line, r.delim); !ok {
		return nil, &ParseError{File: r.name, Line: start, Reason: "more than " + strconv.Itoa(maxCells) + " cells in one row", Err: ErrSyntax}
	}
	last := &r.cells[len(r.cells)-1]
	*last = strings.TrimSuffix(*last, "\r")
	r.pos = r.eol
	if r.eol < len(r.s) {
		r.pos++
		r.line++
	} else {
		r.open = true
	}
	return r.cells, nil
}

// field reads one field at r.pos and says whether it ended the record.
// The line at r.pos is in the window whole (findEOL).
func (r *recordReader) field() (string, bool, error) {
	s, i := r.s, r.pos
	if r.quotes {
		j := i
		for j < r.eol && (s[j] == ' ' || s[j] == '\t') {
			j++
		}
		if j < r.eol && s[j] == '"' {
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
	} else {
		r.open = true
	}
	return cell, true, nil
}

// findEOL locates the end of the line at r.pos, reading on until the
// window holds it.
func (r *recordReader) findEOL() error {
	from := r.pos
	for {
		if k := strings.IndexByte(r.s[from:], '\n'); k >= 0 {
			r.eol = from + k
			return nil
		}
		from = len(r.s)
		shift, ok, err := r.more()
		if err != nil {
			return err
		}
		if !ok {
			r.eol = len(r.s)
			return nil
		}
		from -= shift
	}
}

// quoted reads a quoted field whose content starts at i.
func (r *recordReader) quoted(i int) (string, bool, error) {
	start := r.line
	var b []byte // only used when the field holds a doubled quote
	from := i
	// moved shifts the indices held here after the window moved.
	var k, j int
	moved := func(shift int) { i, from, k, j = i-shift, from-shift, k-shift, j-shift }
	for {
		k = strings.IndexByte(r.s[i:], '"')
		if k < 0 {
			r.line += strings.Count(r.s[i:], "\n")
			i = len(r.s)
			shift, ok, err := r.more()
			if err != nil {
				return "", false, err
			}
			if !ok {
				return "", false, &ParseError{File: r.name, Line: start, Reason: "quoted field never ends (file cut short?)", Err: ErrSyntax}
			}
			moved(shift)
			continue
		}
		k += i
		r.line += strings.Count(r.s[i:k], "\n")
		shift, err := r.reach(k + 1)
		if err != nil {
			return "", false, err
		}
		moved(shift)
		if k+1 < len(r.s) && r.s[k+1] == '"' {
			b = append(b, r.s[from:k+1]...)
			i, from = k+2, k+2
			continue
		}
		var cell string
		if b != nil {
			cell = string(append(b, r.s[from:k]...))
		} else {
			cell = r.s[from:k]
		}
		j = k + 1
		for {
			shift, err := r.reach(j)
			if err != nil {
				return "", false, err
			}
			moved(shift)
			if j < len(r.s) && (r.s[j] == ' ' || r.s[j] == '\r') {
				if r.s[j] == '\r' {
					j++
					if shift, err := r.reach(j); err != nil {
						return "", false, err
					} else {
						moved(shift)
					}
					break
				}
				j++
				continue
			}
			break
		}
		s := r.s
		switch {
		case j == len(s):
			r.pos = j
			r.eol = j
			r.open = true
			return cell, true, nil
		case s[j] == '\n':
			r.pos = j + 1
			r.line++
			return cell, true, nil
		case s[j] == r.delim && s[j-1] != '\r':
			r.pos = j + 1
			if j > r.eol { // the quoted field spanned lines
				if err := r.findEOL(); err != nil {
					return "", false, err
				}
			}
			return cell, false, nil
		}
		return "", false, &ParseError{File: r.name, Line: r.line, Reason: "unexpected " + quote(s[j:j+1]) + " after a closing quote", Err: ErrSyntax}
	}
}

// skipLineBreaks passes over empty lines ("\n", "\r\n") at r.pos, blank
// records that every caller skips, a byte at a time rather than a record
// at a time: 2 GiB of line breaks from a 4 MB gzip file take seconds, not
// minutes. It reads no further than chunk upTo of the source.
func (r *recordReader) skipLineBreaks(upTo int) {
	for {
		i := r.pos
		for i < len(r.s) {
			if r.s[i] == '\n' {
				i++
				r.line++
			} else if r.s[i] == '\r' && i+1 < len(r.s) && r.s[i+1] == '\n' {
				i += 2
				r.line++
			} else {
				break
			}
		}
		r.pos = i
		if i < len(r.s) || r.next > upTo {
			return
		}
		r.start = r.pos
		if _, ok, err := r.more(); err != nil || !ok {
			return // read meets the error, or the end
		}
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

// headChunks bounds the text detection reads to find them: the source
// keeps every chunk read while formats are detected, and a file of blank
// lines (a gzip bomb of line breaks) must not be kept whole.
const headChunks = 4

// readHead reads up to headRows non-blank rows, within headChunks chunks
// of text. A read error ends the head early and is returned, so the parse
// that continues from here meets it.
func readHead(rd *recordReader) ([]row, error) {
	var head []row
	for len(head) < headRows && rd.next <= headChunks {
		rd.skipLineBreaks(headChunks)
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
		head = append(head, row{line: line, cells: append([]string(nil), cells...), open: rd.open})
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
		it.rd.skipLineBreaks(math.MaxInt)
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
		if err := fn(row{line: line, cells: cells, open: it.rd.open}); err != nil {
			return err
		}
	}
}
