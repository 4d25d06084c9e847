package ingest

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"slices"
	"strings"

	"marquee/store"
)

// Result is what became of one file.
type Result struct {
	Path      string
	Record    store.FileRecord // counts; Format is empty when rejected before detection
	Converted int              // rates files: pending lines converted
	Duplicate bool             // the file was imported before: nothing done
	Err       error            // the rejection, nil when imported or duplicate
	// Extends is an earlier, shorter copy of this file (copied while it
	// was written), imported before: Skipped line items, its rows, were
	// not counted again.
	Extends *store.FileRecord
	Skipped int
}

// Rejected reports whether the file was refused.
func (r Result) Rejected() bool { return r.Err != nil }

// Importer posts files into one account. Rates files are posted to the
// database, which converts pending lines of every account.
type Importer struct {
	DB      *store.DB
	Account *store.Account
	// Progress, when set, is called as a file is parsed (every batch of
	// line items), for a progress bar.
	Progress func(Progress)
	// Period is `import --period`: the report period of files that have
	// none in their rows or name (Tubi, Pluto); zero means none given.
	Period Period
	// Limits bound what one file may cost; zero means the defaults.
	Limits Limits
	// Context, when set, stops an import when it ends (the command's
	// client went away): the file is then not imported at all.
	Context context.Context
}

// ErrStopped is an import stopped from outside before its file was stored:
// nothing of the file was imported.
var ErrStopped = errors.New("import stopped before the file was stored; nothing of it was imported")

// stopped reports whether the import's context has ended.
func (im *Importer) stopped() error {
	if im.Context != nil && im.Context.Err() != nil {
		return ErrStopped
	}
	return nil
}

// ErrChanged is a file that changed while it was read: it is not imported,
// and can be once it has stopped changing.
var ErrChanged = errors.New("the file changed while it was being imported (still being written?)")

// ImportFile reads, parses and posts one file: all of it or nothing. It
// reads the file twice, a chunk at a time: once for its SHA-256 (a file
// imported before is not parsed again), then to parse it, and it commits
// only if the file's size and time are still those it had at the start.
func (im *Importer) ImportFile(path string) Result {
	res := Result{Path: path}
	name := filepath.Base(path)
	limits := im.Limits.withDefaults()
	// Stat before opening: opening a FIFO would wait for a writer.
	info, err := os.Stat(path)
	if err != nil {
		res.Err = err
		return res
	}
	if err := admit(name, info, limits); err != nil {
		res.Err = err
		return res
	}
	f, err := os.Open(path)
	if err != nil {
		res.Err = err
		return res
	}
	defer f.Close()
	if info, err = f.Stat(); err != nil {
		res.Err = err
		return res
	}
	if err := admit(name, info, limits); err != nil {
		res.Err = err
		return res
	}
	earlier, err := im.earlierCopies(name, info.Size())
	if err != nil {
		res.Err = fmt.Errorf("%s: %w", printable(name), err)
		return res
	}
	sum, n, grown, err := digestFile(f, info.Size()+1, earlier)
	if err != nil {
		res.Err = fmt.Errorf("%s: %w", printable(name), err)
		return res
	}
	if n != info.Size() {
		res.Err = fmt.Errorf("%s: %w", printable(name), ErrChanged)
		return res
	}
	settled := func() error {
		for _, stat := range []func() (os.FileInfo, error){f.Stat, func() (os.FileInfo, error) { return os.Stat(path) }} {
			now, err := stat()
			if err != nil || now.Size() != info.Size() || !now.ModTime().Equal(info.ModTime()) || !os.SameFile(now, info) {
				return ErrChanged
			}
		}
		return nil
	}
	parse := func(s Stream) (*Parsed, error) {
		if _, err := f.Seek(0, io.SeekStart); err != nil {
			return nil, err
		}
		return ParseReader(name, io.LimitReader(f, info.Size()), info.Size(), s)
	}
	if magic := make([]byte, 4); readAtStart(f, magic) && isZip(magic) {
		parse = func(s Stream) (*Parsed, error) {
			return parseArchive(name, f, info.Size(), s, defaultArchiveLimits)
		}
	}
	return im.importWith(path, sum, info.Size(), grown, fileSource{parse: parse, settled: settled})
}

// readAtStart fills p from the start of f, reporting whether it could.
func readAtStart(f *os.File, p []byte) bool {
	n, _ := f.ReadAt(p, 0)
	return n == len(p)
}

// admit refuses what is not a regular file, or is larger than allowed,
// before a byte of it is read.
func admit(name string, info os.FileInfo, limits Limits) error {
	if !info.Mode().IsRegular() {
		return fmt.Errorf("%s: %w (%s); give the path of a report file", printable(name), errNotRegular, kindOf(info.Mode()))
	}
	if info.Size() > limits.FileBytes {
		return &ParseError{File: name, Err: ErrTooLarge,
			Reason: "the file is " + byteSize(info.Size()) + ", more than the " + byteSize(limits.FileBytes) + " a report may be"}
	}
	return nil
}

// ImportBytes is ImportFile for bytes already read.
func (im *Importer) ImportBytes(path string, data []byte) Result {
	name := filepath.Base(path)
	if limit := im.Limits.withDefaults().FileBytes; int64(len(data)) > limit {
		return Result{Path: path, Err: &ParseError{File: name, Err: ErrTooLarge,
			Reason: "the file is " + byteSize(int64(len(data))) + ", more than the " + byteSize(limit) + " a report may be"}}
	}
	earlier, err := im.earlierCopies(name, int64(len(data)))
	if err != nil {
		return Result{Path: path, Err: fmt.Errorf("%s: %w", printable(name), err)}
	}
	sum, _, grown, err := digestFile(bytes.NewReader(data), int64(len(data)), earlier)
	if err != nil {
		return Result{Path: path, Err: fmt.Errorf("%s: %w", printable(name), err)}
	}
	return im.importWith(path, sum, int64(len(data)), grown, fileSource{parse: func(s Stream) (*Parsed, error) {
		if isZip(data) {
			return parseArchive(name, bytes.NewReader(data), int64(len(data)), s, defaultArchiveLimits)
		}
		return ParseReader(name, bytes.NewReader(data), int64(len(data)), s)
	}})
}

func (im *Importer) importWith(path, sum string, size int64, grown *grownFrom, src fileSource) Result {
	res := Result{Path: path}
	rec := store.FileRecord{SHA256: sum, Name: filepath.Base(path), Size: size}
	res.Record = rec
	if im.Account.HasFile(rec.SHA256) {
		res.Duplicate = true
		return res
	}
	if grown != nil {
		if !grown.whole {
			res.Err = grownError(rec.Name, grown)
			return res
		}
		res.Extends = &grown.rec
		src.skipThrough, src.skipped = grown.lines, &res.Skipped
	}
	rec, converted, err := im.streamImport(rec, path, src)
	res.Record, res.Converted = rec, converted
	var pe *ParseError
	switch {
	case errors.Is(err, store.ErrDuplicateFile):
		res.Duplicate = true
	case errors.As(err, &pe):
		res.Err = err // names the file already
	case err != nil:
		res.Err = fmt.Errorf("%s: %w", printable(rec.Name), err)
	}
	return res
}

// refuseForeign keeps a title assigned to another account out of this
// one: only a routed import may take a file with other owners' titles.
func (im *Importer) refuseForeign(lines []store.LineItem) error {
	foreign, err := im.DB.ForeignTitles(im.Account.Name(), lines)
	if err != nil || len(foreign) == 0 {
		return err
	}
	return fmt.Errorf("%q: %w; import the file with --route", foreign[0], store.ErrTitleOwned)
}

// Collect expands files and directories (recursively) into the files to
// import, sorted within each directory, skipping hidden files and the
// .error.txt notes the inbox writes beside rejected files. A path that
// cannot be read (missing, no permission) is kept: importing it rejects it
// with the reason, and the other files still import.
func Collect(paths []string) []string {
	var out []string
	for _, p := range paths {
		info, err := os.Stat(p)
		if err != nil || !info.IsDir() {
			out = append(out, p)
			continue
		}
		var found []string
		filepath.WalkDir(p, func(path string, d fs.DirEntry, err error) error {
			if err != nil {
				found = append(found, path) // rejected with err when imported
				if d != nil && d.IsDir() {
					return filepath.SkipDir
				}
				return nil
			}
			name := d.Name()
			if path != p && len(name) > 0 && name[0] == '.' {
				if d.IsDir() {
					return filepath.SkipDir
				}
				return nil
			}
			if d.Type().IsRegular() && !isErrorNote(name) {
				found = append(found, path)
			}
			return nil
		})
		slices.Sort(found)
		out = append(out, found...)
	}
	return out
}

func isErrorNote(name string) bool { return strings.HasSuffix(name, ".error.txt") }
