package ingest

import (
	"bufio"
	"bytes"
	"compress/gzip"
	"errors"
	"io"
	"strconv"
	"strings"
	"unicode/utf16"
	"unicode/utf8"
)

// textSource turns the raw bytes of a report, read a chunk at a time, into
// UTF-8 text chunks: gunzip by magic bytes (names lie), then BOM sniffing.
// Anything that is not valid text is an ErrEncoding error naming its line.
// Only one chunk is decoded at a time, so what a file costs is a chunk and
// the longest row, not the file (a gzip bomb costs time, bounded by
// Limits.FileBytes, not memory).
//
// During format detection several record readers read the head of the
// same text: the source then keeps the chunks it hands out, so each reader
// sees them all, until release.
type textSource struct {
	name    string
	raw     *countingReader // the file as read: progress
	in      io.Reader       // the decompressed stream
	order   byte            // 0 UTF-8, 'l' UTF-16LE, 'b' UTF-16BE
	sniffed bool            // the BOM is looked for
	started bool            // the line ends are sniffed
	crOnly  bool            // classic Mac line ends: CR becomes LF
	limit   int64           // decoded bytes allowed
	decoded int64           // decoded bytes so far
	lines   int             // '\n' in the text handed out so far
	carry   []byte          // an incomplete character at the end of the last read
	tail    []byte          // decoded text after the last line break, not yet handed out
	buf     []byte          // raw read buffer, reused
	out     []byte          // UTF-16 decoding buffer, reused
	err     error           // sticky: the end (io.EOF) or why the text stopped
	keep    bool
	kept    []string
}

// countingReader counts the bytes read through it.
type countingReader struct {
	r io.Reader
	n int64
}

func (c *countingReader) Read(p []byte) (int, error) {
	n, err := c.r.Read(p)
	c.n += int64(n)
	return n, err
}

// newTextSource reads r, at most limit decoded bytes of it.
func newTextSource(name string, r io.Reader, limit int64) (*textSource, error) {
	return newTextSourceSized(name, r, limit, chunkBytes)
}

// newTextSourceSized reads chunks of size bytes; tests make them tiny to
// put a chunk boundary everywhere.
func newTextSourceSized(name string, r io.Reader, limit int64, size int) (*textSource, error) {
	t := &textSource{name: name, raw: &countingReader{r: r}, limit: limit, keep: true, buf: make([]byte, size)}
	br := bufio.NewReaderSize(t.raw, 4096)
	t.in = br
	if magic, _ := br.Peek(2); len(magic) == 2 && magic[0] == 0x1f && magic[1] == 0x8b {
		zr, err := gzip.NewReader(br)
		if err != nil {
			return nil, gzipError(name, zr, err)
		}
		t.in = zr
	}
	// A top-level archive is opened before its text is read; one here is
	// inside an archive or a .gz, and is not opened in turn.
	magic, _ := br.Peek(4)
	if zr, ok := t.in.(*gzip.Reader); ok {
		// The first bytes inside the gzip stream go to carry, which the
		// first read puts in front of the rest.
		head := make([]byte, 4)
		n, err := io.ReadFull(zr, head)
		if err != nil && err != io.EOF && err != io.ErrUnexpectedEOF {
			return nil, &ParseError{File: name, Reason: "corrupt gzip data: " + err.Error(), Err: ErrEncoding}
		}
		magic, t.carry = head[:n], head[:n]
	}
	if isZip(magic) {
		return nil, &ParseError{File: name, Reason: "a zip archive inside another archive or a .gz: unpack it and import its files", Err: ErrArchive}
	}
	return t, nil
}

// chunk returns the i-th chunk of text; io.EOF after the last. While the
// source keeps its chunks any i already read may be asked again; after
// release only the one remaining reader asks, each index once.
func (t *textSource) chunk(i int) (string, error) {
	if i < len(t.kept) {
		c := t.kept[i]
		if !t.keep {
			t.kept[i] = "" // read for the last time
		}
		return c, nil
	}
	if t.err != nil {
		return "", t.err
	}
	c, err := t.decodeChunk()
	if err != nil {
		t.err = err
		return "", err
	}
	if t.keep {
		t.kept = append(t.kept, c)
	}
	return c, nil
}

// release ends format detection: chunks are no longer kept once read.
func (t *textSource) release() { t.keep = false }

// rawRead is how many bytes of the file have been read.
func (t *textSource) rawRead() int64 { return t.raw.n }

func (t *textSource) decodeChunk() (string, error) {
	for {
		text, eof, err := t.decodeSome()
		if err != nil {
			return "", err
		}
		if len(text) > 0 {
			return text, nil
		}
		if eof {
			return "", io.EOF
		}
	}
}

// decodeSome reads up to a chunk and decodes it, holding back a character
// cut by the chunk's end for the next read.
func (t *textSource) decodeSome() (string, bool, error) {
	n := copy(t.buf, t.carry)
	m, err := fill(t.in, t.buf[n:])
	eof := err == io.EOF
	// A read that fails (corrupt gzip data) fails after what it read: that
	// is checked first, as it would have been had it come in a chunk of
	// its own.
	var readErr error
	if err != nil && !eof {
		readErr = gzipError(t.name, t.in, err)
	}
	data := t.buf[:n+m]
	if !t.sniffed {
		t.sniffed = true
		switch {
		case bytes.HasPrefix(data, []byte{0xEF, 0xBB, 0xBF}):
			data = data[3:]
		case bytes.HasPrefix(data, []byte{0xFF, 0xFE}):
			t.order, data = 'l', data[2:]
		case bytes.HasPrefix(data, []byte{0xFE, 0xFF}):
			t.order, data = 'b', data[2:]
		}
	}
	// bad is a decoding error just after text: a NUL before it is
	// reported first, so the error is the file's first, however the file
	// falls into chunks.
	var text []byte
	var cut int
	var bad error
	if t.order == 0 {
		cut = len(data)
		if !eof {
			cut = completeUTF8(data)
		}
		text = data[:cut]
		if !utf8.Valid(text) {
			text = text[:firstInvalidUTF8(text)]
			bad = t.fail(text, "invalid UTF-8 (save the report as UTF-8 or UTF-16 with a byte-order mark)")
		}
	} else {
		text, cut, bad = t.decodeUTF16(data, eof)
	}
	// NUL never occurs in a text report: it means binary data, or UTF-16
	// saved without a byte-order mark, which we cannot tell from UTF-8.
	if i := bytes.IndexByte(text, 0); i >= 0 {
		return "", false, t.fail(text[:i], "NUL byte: not a text report (binary, or UTF-16 without a byte-order mark)")
	}
	if bad != nil {
		return "", false, bad
	}
	if readErr != nil {
		return "", false, readErr
	}
	t.carry = append(t.carry[:0], data[cut:]...)
	if !t.started && len(text) > 0 {
		t.started = true
		// Classic Mac line ends (CR only) from old spreadsheet exports,
		// judged by the first chunk: a megabyte without a line feed.
		t.crOnly = bytes.IndexByte(text, '\n') < 0 && bytes.IndexByte(text, '\r') >= 0
	}
	if t.decoded += int64(len(text)); t.decoded > t.limit {
		return "", false, &ParseError{File: t.name, Reason: "the text is larger than " + byteSize(t.limit) + " (a compressed file expands beyond it)", Err: ErrTooLarge}
	}
	if t.crOnly {
		for i, c := range text { // text is this source's own buffer
			if c == '\r' {
				text[i] = '\n'
			}
		}
	}
	// A chunk ends at a line break: the partial line after the last one
	// waits for the next chunk, so a record reader starts each chunk
	// afresh instead of copying the chunk onto what is left of the last.
	emit, hold := text, text[:0]
	if k := bytes.LastIndexByte(text, '\n'); !eof && k >= 0 {
		emit, hold = text[:k+1], text[k+1:]
	}
	var b strings.Builder
	b.Grow(len(t.tail) + len(emit))
	b.Write(t.tail)
	b.Write(emit)
	t.tail = append(t.tail[:0], hold...)
	s := b.String()
	t.lines += strings.Count(s, "\n")
	return s, eof && len(t.carry) == 0, nil
}

// fill reads until p is full or the reader fails; io.EOF only at the end
// (io.ReadFull would also turn gzip's own io.ErrUnexpectedEOF, a stream
// cut short, into a plain end).
func fill(r io.Reader, p []byte) (int, error) {
	n := 0
	for n < len(p) {
		m, err := r.Read(p[n:])
		n += m
		if err != nil {
			return n, err
		}
	}
	return n, nil
}

// fail is an encoding error at the end of before, the text of the current
// chunk that precedes it.
func (t *textSource) fail(before []byte, reason string) error {
	line := t.lines + 1 + bytes.Count(before, []byte{'\n'})
	return &ParseError{File: t.name, Line: line, Reason: reason, Err: ErrEncoding}
}

// completeUTF8 is the length of b without a character its end cuts off.
func completeUTF8(b []byte) int {
	for i := len(b) - 1; i >= 0 && i >= len(b)-utf8.UTFMax; i-- {
		if utf8.RuneStart(b[i]) {
			if !utf8.FullRune(b[i:]) {
				return i
			}
			return len(b)
		}
	}
	return len(b)
}

func firstInvalidUTF8(b []byte) int {
	for i := 0; i < len(b); {
		r, n := utf8.DecodeRune(b[i:])
		if r == utf8.RuneError && n <= 1 {
			return i
		}
		i += n
	}
	return len(b)
}

// decodeUTF16 decodes b, UTF-16 without its BOM, up to the returned cut: a
// unit or surrogate pair cut by the chunk's end waits for the next one.
// Unpaired surrogates and a dangling odd byte are errors: replacing them
// would silently alter titles.
//
// On an error it returns what it decoded before it.
func (t *textSource) decodeUTF16(b []byte, eof bool) ([]byte, int, error) {
	unit := func(i int) rune {
		if t.order == 'b' {
			return rune(b[i])<<8 | rune(b[i+1])
		}
		return rune(b[i+1])<<8 | rune(b[i])
	}
	out := t.out[:0]
	end := len(b) &^ 1
	for i := 0; i < end; i += 2 {
		r := unit(i)
		switch {
		case r >= 0xD800 && r < 0xDC00:
			if i+2 >= end && !eof {
				t.out = out
				return out, i, nil // its pair is in the next chunk
			}
			if i+2 < end {
				if lo := unit(i + 2); lo >= 0xDC00 && lo < 0xE000 {
					r = utf16.DecodeRune(r, lo)
					i += 2
					break
				}
			}
			t.out = out
			return out, i, t.fail(out, "invalid UTF-16: unpaired surrogate")
		case r >= 0xDC00 && r < 0xE000:
			t.out = out
			return out, i, t.fail(out, "invalid UTF-16: unpaired surrogate")
		}
		out = utf8.AppendRune(out, r)
	}
	t.out = out
	if eof && len(b)%2 != 0 {
		return out, end, &ParseError{File: t.name, Reason: "UTF-16 text has an odd number of bytes (truncated file?)", Err: ErrEncoding}
	}
	return out, end, nil
}

// byteSize names a limit in the largest binary unit that divides it.
func byteSize(n int64) string {
	switch {
	case n >= 1<<30 && n%(1<<30) == 0:
		return strconv.FormatInt(n>>30, 10) + " GiB"
	case n >= 1<<20 && n%(1<<20) == 0:
		return strconv.FormatInt(n>>20, 10) + " MiB"
	case n >= 1<<10 && n%(1<<10) == 0:
		return strconv.FormatInt(n>>10, 10) + " KiB"
	}
	return strconv.FormatInt(n, 10) + " bytes"
}

// errNotRegular refuses what is not a file: a FIFO never ends, a device
// never stops giving.
var errNotRegular = errors.New("not a regular file")

// gzipError is a read error from a gzip stream as the user should hear it:
// corrupt gzip data, unless what failed below the gzip reader already said
// why (an archive member past its bounds is the archive's error, not the
// compression's).
func gzipError(name string, in io.Reader, err error) error {
	var pe *ParseError
	if errors.As(err, &pe) {
		return pe
	}
	if _, gz := in.(*gzip.Reader); !gz && in != nil {
		return err
	}
	return &ParseError{File: name, Reason: "corrupt gzip data: " + err.Error(), Err: ErrEncoding}
}
