package ingest

import (
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"slices"

	"marquee/store"
)

// RouteResult is what became of one routed file.
type RouteResult struct {
	Result
	Accounts map[string]int // lines posted, per owning account
	Held     int            // lines kept in holding: their title has no owner
	Released int            // held lines moved at once: their title was assigned meanwhile
}

// Router imports distributor reports that hold many filmmakers' titles: it
// parses a file once and posts each title's lines to the account that owns
// the title (one post per account, all under the file's SHA-256), and keeps
// the lines of unassigned titles in the store's holding area.
type Router struct {
	DB *store.DB
}

// RouteFile reads and routes one file.
func (r *Router) RouteFile(path string) RouteResult {
	if err := checkRegular(path); err != nil {
		return RouteResult{Result: Result{Path: path, Err: err}}
	}
	data, err := os.ReadFile(path)
	if err != nil {
		return RouteResult{Result: Result{Path: path, Err: err}}
	}
	return r.RouteBytes(path, data)
}

// RouteBytes routes a file already read. A file that fails validation is
// refused before any account receives a line. Once posting starts, a cut
// short run is completed by routing the file again: accounts that have it
// skip it by its SHA, and the holding area records it last.
func (r *Router) RouteBytes(path string, data []byte) RouteResult {
	rec := store.FileRecord{SHA256: digest(data), Name: filepath.Base(path), Size: int64(len(data))}
	res := RouteResult{Result: Result{Path: path, Record: rec}, Accounts: map[string]int{}}
	if r.DB.Routed(rec.SHA256) {
		res.Duplicate = true
		return res
	}
	parsed, err := Parse(rec.Name, data)
	if err != nil {
		res.Err = err
		return res
	}
	rec.Format, rec.RowsRead, rec.Channels = parsed.Format, parsed.RowsRead, parsed.Channels
	res.Record = rec
	if parsed.Format == "ecb-rates" {
		rec, res.Converted, err = r.DB.PostRates(rec, parsed.Rates)
		res.Record = rec
		res.Duplicate = errors.Is(err, store.ErrDuplicateFile)
		if err != nil && !res.Duplicate {
			res.Err = fmt.Errorf("%s: %w", rec.Name, err)
		}
		return res
	}
	if err := store.ValidateLines(parsed.Lines); err != nil {
		res.Err = fmt.Errorf("%s: %w", rec.Name, err)
		return res
	}
	byOwner, held, err := r.split(parsed.Lines)
	if err != nil {
		res.Err = fmt.Errorf("%s: %w", rec.Name, err)
		return res
	}
	for _, owner := range sortedOwners(byOwner) {
		if err := r.post(owner, rec, byOwner[owner]); err != nil {
			res.Err = fmt.Errorf("%s: account %q: %w", rec.Name, owner, err)
			return res
		}
		res.Accounts[owner] = len(byOwner[owner])
		res.Record.Stored += len(byOwner[owner])
	}
	if err := r.DB.Hold(rec, held); err != nil && !errors.Is(err, store.ErrDuplicateFile) {
		res.Err = fmt.Errorf("%s: hold unassigned lines: %w", rec.Name, err)
		return res
	}
	res.Held = len(held)
	res.Released, err = r.DB.ReleaseOwned(titlesOf(held))
	if err != nil {
		res.Err = fmt.Errorf("%s: %w", rec.Name, err)
	}
	return res
}

// split groups lines by their title's owner; lines of unowned titles are
// held.
func (r *Router) split(lines []store.LineItem) (map[string][]store.LineItem, []store.LineItem, error) {
	owners, err := r.DB.OwnersOf(titlesOf(lines))
	if err != nil {
		return nil, nil, err
	}
	byOwner := map[string][]store.LineItem{}
	var held []store.LineItem
	for _, l := range lines {
		if owner, ok := owners[l.Title]; ok {
			byOwner[owner] = append(byOwner[owner], l)
		} else {
			held = append(held, l)
		}
	}
	return byOwner, held, nil
}

// post stores one owner's share of the file; an account that has the file
// already (a retried route) is not an error.
func (r *Router) post(owner string, rec store.FileRecord, lines []store.LineItem) error {
	a, err := r.DB.ExistingAccount(owner)
	if err != nil {
		return err
	}
	if _, err := a.Post(rec, lines); err != nil && !errors.Is(err, store.ErrDuplicateFile) {
		return err
	}
	return nil
}

func sortedOwners(m map[string][]store.LineItem) []string {
	out := make([]string, 0, len(m))
	for k := range m {
		out = append(out, k)
	}
	slices.Sort(out)
	return out
}

func titlesOf(lines []store.LineItem) []string {
	seen := map[string]bool{}
	var out []string
	for _, l := range lines {
		if !seen[l.Title] {
			seen[l.Title] = true
			out = append(out, l.Title)
		}
	}
	return out
}
