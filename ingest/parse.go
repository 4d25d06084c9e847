package ingest

import (
	"bytes"
	"errors"
	"io"
	"slices"
	"strconv"
	"strings"

	"marquee/store"
)

// Parsed is one file turned into line items or rates.
type Parsed struct {
	Format   string           // "apple-financial", "apple-sales", "google-play", "youtube-summary", "tubi", "pluto", "canonical", "ecb-rates"
	Lines    []store.LineItem // line formats
	Rates    []store.Rate     // ecb-rates only
	RowsRead int              // data rows read (not blanks, headers, banners, footers or summary rows)
	Notes    []string         // what the import line says besides its counts, e.g. rows of an unknown type
	Channels []string         // distinct channel names of Lines, sorted
}

// adapter is one channel format. Adding a channel means adding one.
type adapter interface {
	name() string
	// delimiter is the cell separator the format is written with.
	delimiter() byte
	// detect recognises the format from the first non-blank rows of the
	// file and says which of them is the header. It looks for the one or two
	// names no other format uses, so that a header missing some other
	// column is reported as exactly that, not as an unknown format.
	detect(head []row) (header int, ok bool)
	// parse reads the rows after the header into fc.
	parse(fc *fileContext, header row, rows *rowIter) error
}

// adapters in detection order: the most specific layouts first.
var adapters = [...]adapter{
	appleFinancial{},
	appleSalesDetailed{}, // before apple-sales: both have Royalty Price
	appleSales{},
	googlePlay{},
	youtubePremium{}, // before youtube-summary: both have Video ID
	youtubeSummary{},
	youtubeStudio{},
	tubi{},
	pluto{},
	amazonPVD{},
	vimeoOTT{},
	canonical{},
	ecbRates{},
}

// Formats lists the adapter names in detection order.
func Formats() []string {
	names := make([]string, len(adapters))
	for i, a := range adapters {
		names[i] = a.name()
	}
	return names
}

// Parse decodes (gzip by magic bytes, UTF-8 with/without BOM, UTF-16LE/BE
// with BOM), detects the format from the header/banner, parses every row,
// audits, and returns the whole file or an error. name is the file's base
// name (used for Tubi/Pluto periods and in errors); data the raw bytes.
// Source.File=name, Source.Line = 1-based line number, Source.SHA256 = hex
// sha256 of data (the raw bytes as given).
func Parse(name string, data []byte) (*Parsed, error) {
	return ParseStream(name, data, Stream{})
}

// Stream lets a caller take a file's line items while it is parsed, so a
// store can post them as they come and a terminal can show progress.
type Stream struct {
	// Format is called once the layout is detected, before any batch.
	Format func(format string) error
	// Batch, when set, receives the line items in file order, a batch at
	// a time, instead of Parsed.Lines; an error from it stops the parse.
	// A file is only good once ParseStream returns without error: its
	// audit comes last, so a consumer must be able to drop what it got.
	Batch func([]store.LineItem) error
	// Progress reports decoded bytes read of the total and rows read.
	Progress func(done, total int64, rows int)
	// SHA256 is the hex digest of data when the caller has it already
	// (an importer checks it first); empty means compute it.
	SHA256 string
	// Spare, when set, returns a batch that Batch handed out earlier and
	// its consumer no longer reads, to be filled again, or nil. Reusing a
	// few batches spares the allocation and zeroing of a new one every
	// streamBatch lines, most of an import's garbage.
	Spare func() []store.LineItem
	// Period is the report period for a file that has none in its rows or
	// its name (`import --period`); zero means none was given.
	Period Period
	// Limits bound the file's text and rows; zero means the defaults.
	Limits Limits

	lines int // line items to reserve room for, when Batch is nil
}

// streamBatch is how many line items a Stream's Batch receives at once.
const streamBatch = 4 << 10

// minRowBytes bounds from below the length of a data row of any format.
const minRowBytes = 24

// ParseStream is Parse with the line items and progress handed to s.
func ParseStream(name string, data []byte, s Stream) (*Parsed, error) {
	if s.SHA256 == "" {
		s.SHA256 = digest(data)
	}
	if isZip(data) {
		return parseArchive(name, bytes.NewReader(data), int64(len(data)), s, defaultArchiveLimits)
	}
	if s.Batch == nil && !bytes.HasPrefix(data, []byte{0x1f, 0x8b}) {
		// One line item per line is the common case, and sizing once
		// saves copying a million items as the slice grows. No real data
		// row is shorter than minRowBytes, which keeps a file of blank
		// lines from reserving memory it never fills.
		s.lines = min(bytes.Count(data, []byte{'\n'})+1, len(data)/minRowBytes+1)
	}
	return ParseReader(name, bytes.NewReader(data), int64(len(data)), s)
}

// ParseReader is ParseStream reading the file from r, size bytes long (for
// progress), a chunk at a time: it holds a chunk of the file and its
// longest row, never the whole. s.SHA256 must be set: the digest is of
// the whole file, taken before.
func ParseReader(name string, r io.Reader, size int64, s Stream) (*Parsed, error) {
	s.Limits = s.Limits.withDefaults()
	src, err := newTextSource(name, r, s.Limits.FileBytes)
	if err != nil {
		return nil, err
	}
	a, header, rows, err := detect(name, src, s.Limits.RowBytes)
	if err != nil {
		return nil, err
	}
	if s.Format != nil {
		if err := s.Format(a.name()); err != nil {
			return nil, err
		}
	}
	fc := &fileContext{name: name, sum: s.SHA256, out: &Parsed{Format: a.name()},
		stream: s, pos: src.rawRead, size: size}
	switch _, rates := a.(ecbRates); {
	case rates:
	case s.Batch != nil:
		fc.out.Lines = make([]store.LineItem, 0, streamBatch)
	default:
		fc.out.Lines = make([]store.LineItem, 0, max(s.lines, int(min(size/minRowBytes+1, streamBatch))))
	}
	if err := a.parse(fc, header, rows); err != nil {
		return nil, err
	}
	if err := fc.flush(); err != nil {
		return nil, err
	}
	fc.out.Channels = fc.channels()
	fc.out.Notes = fc.noteList()
	return fc.out, nil
}

// detect tries every adapter on the head of the file read with its
// delimiter, and returns the first that recognises it with its header and
// an iterator over the rows after the header.
func detect(name string, src *textSource, maxRow int) (adapter, row, *rowIter, error) {
	type reading struct {
		rd   *recordReader
		head []row
		err  error
	}
	readings := map[byte]*reading{}
	read := func(d byte) *reading {
		rg := readings[d]
		if rg == nil {
			rg = &reading{rd: newSourceReader(src, d, maxRow)}
			rg.head, rg.err = readHead(rg.rd)
			readings[d] = rg
		}
		return rg
	}
	defer src.release() // the rows read on come from one reader only
	// Blank means every cell empty; read as CSV, a line of commas or tabs
	// is blank too.
	if rg := read(','); len(rg.head) == 0 && rg.err == nil {
		return nil, row{}, nil, &ParseError{File: name, Reason: "the file has no data (empty or blank)", Err: ErrEmpty}
	}
	for _, a := range adapters {
		rg := read(a.delimiter())
		if i, ok := a.detect(rg.head); ok {
			return a, rg.head[i], &rowIter{pending: rg.head[i+1:], rd: rg.rd, err: rg.err}, nil
		}
	}
	// A file that is not text, or could not be read whole, says so, rather
	// than "not a known layout".
	for _, d := range []byte{',', '\t'} {
		if rg := readings[d]; rg != nil && (errors.Is(rg.err, ErrEncoding) || errors.Is(rg.err, ErrTooLarge) || errors.Is(rg.err, ErrArchive)) {
			return nil, row{}, nil, rg.err
		}
	}
	return nil, row{}, nil, &ParseError{File: name, Err: ErrUnknownFormat,
		Reason: "not a known report layout (tried " + strings.Join(Formats(), ", ") + ")"}
}

// fileContext collects one file's output and builds its errors.
type fileContext struct {
	name, sum   string
	out         *Parsed
	stream      Stream
	pos         func() int64 // bytes of the file read so far
	size        int64        // bytes of the file in all
	lastChannel string
	seen        map[string]struct{}
	// recentChannels are the last channels added to seen, newest first.
	recentChannels [4]string
	recentCount    int               // filled slots: an empty slot is not the channel ""
	names          map[string]string // interned titles and channels
	raws           map[string]string // interned raw titles not in names
	ids            map[idKey][]string
	notes          map[string]int // what the import line should say: note → rows
	decimals       decimalCache
}

// intern returns one shared copy of a title or channel: a report repeats
// a few titles thousands of times, and line items must not pin the file's
// text in memory (they outlive it). s must be normalised (normalizeTitle):
// fileContext.title relies on every key of names being so.
func (fc *fileContext) intern(s string) string {
	if v, ok := fc.names[s]; ok {
		return v
	}
	if fc.names == nil {
		fc.names = map[string]string{}
	}
	v := strings.Clone(s)
	fc.names[v] = v
	return v
}

// fail builds the error of a rejected file.
func (fc *fileContext) fail(line int, column string, kind error, reason string) error {
	return &ParseError{File: fc.name, Line: line, Column: column, Reason: reason, Err: kind}
}

// emit stamps a line item with its source and keeps it, or hands a full
// batch to the stream.
func (fc *fileContext) emit(li *store.LineItem, line int) error {
	li.Source = store.Source{File: fc.name, Line: line, SHA256: fc.sum}
	if li.Channel != fc.lastChannel {
		fc.noteChannel(li.Channel)
	}
	fc.out.Lines = append(fc.out.Lines, *li)
	if fc.stream.Batch != nil && len(fc.out.Lines) >= streamBatch {
		return fc.flush()
	}
	return nil
}

// noteChannel adds a line's channel to those of the file. Rows of a few
// channels often alternate: the last few noted are compared first, which
// for interned names is a pointer comparison, before the set is hashed.
func (fc *fileContext) noteChannel(ch string) {
	fc.lastChannel = ch
	for _, c := range fc.recentChannels[:fc.recentCount] {
		if c == ch {
			return
		}
	}
	if fc.seen == nil {
		fc.seen = map[string]struct{}{}
	}
	fc.seen[ch] = struct{}{}
	copy(fc.recentChannels[1:], fc.recentChannels[:])
	fc.recentChannels[0] = ch
	fc.recentCount = min(fc.recentCount+1, len(fc.recentChannels))
}

// flush hands the lines kept so far to the stream, with a progress report.
func (fc *fileContext) flush() error {
	if p := fc.stream.Progress; p != nil {
		p(fc.pos(), fc.size, fc.out.RowsRead)
	}
	if fc.stream.Batch == nil || len(fc.out.Lines) == 0 {
		return nil
	}
	batch := fc.out.Lines
	fc.out.Lines = nil
	if fc.stream.Spare != nil {
		fc.out.Lines = fc.stream.Spare()[:0]
	}
	if cap(fc.out.Lines) < streamBatch {
		fc.out.Lines = make([]store.LineItem, 0, streamBatch)
	}
	return fc.stream.Batch(batch)
}

func (fc *fileContext) channels() []string {
	if len(fc.seen) == 0 {
		return nil
	}
	cs := make([]string, 0, len(fc.seen))
	for c := range fc.seen {
		cs = append(cs, c)
	}
	slices.Sort(cs)
	return cs
}

// note counts a row the import line should mention, e.g. one of an
// unknown transaction type that was read as plain units.
func (fc *fileContext) note(what string) {
	if fc.notes == nil {
		fc.notes = map[string]int{}
	}
	if _, ok := fc.notes[what]; !ok && len(fc.notes) >= maxNotes {
		what = "other notes"
	}
	fc.notes[what]++
}

// maxNotes bounds the distinct notes of a file: a fuzzed file with a new
// transaction type on every row must not make a megabyte import line.
const maxNotes = 8

func (fc *fileContext) noteList() []string {
	var out []string
	for what, n := range fc.notes {
		rows := " rows"
		if n == 1 {
			rows = " row"
		}
		out = append(out, strconv.Itoa(n)+rows+": "+what)
	}
	slices.Sort(out)
	return out
}
