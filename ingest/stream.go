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

// fileSource is how streamImport reads one file.
type fileSource struct {
	parse   func(Stream) (*Parsed, error)
	settled func() error
	// skipThrough drops the line items of the file's lines up to it: an
	// earlier copy of the file, cut there, was imported before (grown).
	skipThrough int
	skipped     *int // how many were dropped
}

// skip drops the line items an earlier copy of the file imported, in
// place (a batch is the importer's until the next is asked for).
func (src fileSource) skip(lines []store.LineItem) []store.LineItem {
	kept := lines[:0]
	for _, l := range lines {
		if l.Source.Line > src.skipThrough {
			kept = append(kept, l)
		} else {
			*src.skipped++
		}
	}
	return kept
}

// streamImport parses text in one goroutine while the store posts its
// batches in another, so a large file costs about the longer of the two
// rather than their sum, and never holds all its line items at once. The
// store transaction commits only after the parse, audit included, has
// succeeded: a file is still stored whole or not at all.
//
// src.parse reads the file with the stream it is given; src.settled, when
// set, is asked last, before the commit, whether the file is still the one
// that was read: a file that changed meanwhile is not imported.
func (im *Importer) streamImport(rec store.FileRecord, path string, src fileSource) (store.FileRecord, int, error) {
	parse, settled := src.parse, src.settled
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
		parsed, parseErr = parse(Stream{
			Format: func(f string) error { return send(parseEvent{format: f}) },
			Batch:  func(lines []store.LineItem) error { return send(parseEvent{lines: lines}) },
			SHA256: rec.SHA256,
			Period: im.Period,
			Limits: im.Limits,
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
		if settled != nil {
			if err := settled(); err != nil {
				return rec, 0, err
			}
		}
		rec.RowsRead, rec.Notes = parsed.RowsRead, parsed.Notes
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
			if settled != nil {
				if err := settled(); err != nil {
					return nil, err
				}
			}
			r.RowsRead, r.Channels, r.Notes = parsed.RowsRead, parsed.Channels, parsed.Notes
			return nil, nil
		}
		if err := im.refuseForeign(e.lines); err != nil {
			return nil, err
		}
		posted = e.lines
		if src.skipThrough > 0 {
			return src.skip(e.lines), nil
		}
		return e.lines, nil
	})
	return rec, 0, err
}
