package ingest

import (
	"context"
	"errors"
	"fmt"
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

// ImportFile reads, parses and posts one file: all of it or nothing.
func (im *Importer) ImportFile(path string) Result {
	res := Result{Path: path}
	if err := checkRegular(path); err != nil {
		res.Err = err
		return res
	}
	data, err := os.ReadFile(path)
	if err != nil {
		res.Err = err
		return res
	}
	return im.ImportBytes(path, data)
}

// ImportBytes is ImportFile for bytes already read.
func (im *Importer) ImportBytes(path string, data []byte) Result {
	res := Result{Path: path}
	name := filepath.Base(path)
	text := decodeAside(name, data)
	rec := store.FileRecord{SHA256: digest(data), Name: name, Size: int64(len(data))}
	res.Record = rec
	if im.Account.HasFile(rec.SHA256) {
		res.Duplicate = true
		return res
	}
	rec, converted, err := im.streamImport(rec, path, text)
	res.Record, res.Converted = rec, converted
	var pe *ParseError
	switch {
	case errors.Is(err, store.ErrDuplicateFile):
		res.Duplicate = true
	case errors.As(err, &pe):
		res.Err = err // names the file already
	case err != nil:
		res.Err = fmt.Errorf("%s: %w", rec.Name, err)
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
