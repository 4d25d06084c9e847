package ingest

import (
	"errors"

	"marquee/store"
)

// Progress reports how far the import of one file has come.
type Progress struct {
	Path        string
	Done, Total int64 // decoded bytes read, of all
	Rows        int   // data rows read
}

// errStopped ends a parse whose lines are no longer wanted.
var errStopped = errors.New("import stopped")

// parsed is what the parsing goroutine hands over: the format first, then
// batches of lines; closed when parsing ends.
type parseEvent struct {
	format string
	lines  []store.LineItem
}

// decoded is a file's text, or why it is not text.
type decoded struct {
	text string
	err  error
}

// decodeAside decodes data in a goroutine of its own. Decoding copies and
// checks the whole file and does not need its digest, so an importer runs
// it beside the hashing that must come first (it tells a file imported
// before), rather than after it. A duplicate's text is simply dropped.
func decodeAside(name string, data []byte) <-chan decoded {
	out := make(chan decoded, 1)
	go func() {
		text, err := decode(name, data)
		out <- decoded{text, err}
	}()
	return out
}

// streamImport parses text in one goroutine while the store posts its
// batches in another, so a large file costs about the longer of the two
// rather than their sum, and never holds all its line items at once. The
// store transaction commits only after the parse, audit included, has
// succeeded: a file is still stored whole or not at all.
func (im *Importer) streamImport(rec store.FileRecord, path string, text <-chan decoded) (store.FileRecord, int, error) {
	events := make(chan parseEvent, 2)
	stop := make(chan struct{})
	// spare carries batches the store has posted back to the parser, to be
	// filled again; a batch is posted once the store asks for the next.
	spare := make(chan []store.LineItem, cap(events)+2)
	var parsed *Parsed
	var parseErr error
	go func() {
		defer close(events)
		send := func(e parseEvent) error {
			select {
			case events <- e:
				return nil
			case <-stop:
				return errStopped
			}
		}
		d := <-text
		if d.err != nil {
			parseErr = d.err
			return
		}
		parsed, parseErr = parseText(rec.Name, d.text, Stream{
			Format: func(f string) error { return send(parseEvent{format: f}) },
			Batch:  func(lines []store.LineItem) error { return send(parseEvent{lines: lines}) },
			SHA256: rec.SHA256,
			Spare: func() []store.LineItem {
				select {
				case b := <-spare:
					return b
				default:
					return nil
				}
			},
			Progress: func(done, total int64, rows int) {
				if im.Progress != nil {
					im.Progress(Progress{Path: path, Done: done, Total: total, Rows: rows})
				}
			},
		})
	}()
	defer func() {
		close(stop)
		for range events { // let the parser finish before returning
		}
	}()

	first, ok := <-events
	if !ok {
		return rec, 0, parseErr // failed before its layout was known
	}
	rec.Format = first.format
	if first.format == "ecb-rates" {
		for range events {
		}
		if parseErr != nil {
			return rec, 0, parseErr
		}
		rec.RowsRead = parsed.RowsRead
		return im.DB.PostRates(rec, parsed.Rates)
	}
	var posted []store.LineItem // the batch the store had last, done with now
	rec, err := im.Account.PostStream(rec, func(r *store.FileRecord) ([]store.LineItem, error) {
		if posted != nil {
			select {
			case spare <- posted:
			default:
			}
			posted = nil
		}
		if err := im.stopped(); err != nil {
			return nil, err
		}
		e, ok := <-events
		if !ok {
			if parseErr != nil {
				return nil, parseErr
			}
			r.RowsRead, r.Channels = parsed.RowsRead, parsed.Channels
			return nil, nil
		}
		if err := im.refuseForeign(e.lines); err != nil {
			return nil, err
		}
		posted = e.lines
		return e.lines, nil
	})
	return rec, 0, err
}
