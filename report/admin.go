package report

import (
	"fmt"
	"io"
	"path/filepath"
	"slices"
	"strings"

	"marquee/format"
	"marquee/store"
)

// Accounts prints `account list`: one account a line.
func Accounts(w io.Writer, accounts []store.AccountSummary) error {
	t := table{header: []string{"account", "time_zone", "keys", "titles"}, right: []bool{false, false, true, true}}
	for _, a := range accounts {
		t.rows = append(t.rows, []cell{text(a.Name), text(a.TimeZone), number(a.Keys), number(a.Titles)})
	}
	return writeText(w, t)
}

// Keys prints `account keys`: an account's key fingerprints.
func Keys(w io.Writer, keys []store.KeyRecord) error {
	t := table{header: []string{"fingerprint", "type", "added", "comment"}, right: make([]bool, 4)}
	for _, k := range keys {
		t.rows = append(t.rows, []cell{text(k.Fingerprint), text(k.Type), text(k.Added.Format("2006-01-02")), text(k.Comment)})
	}
	return writeText(w, t)
}

// Titles prints `title list`: assigned titles with their account, then
// the titles waiting in holding as "(unassigned)".
func Titles(w io.Writer, owners []store.TitleOwner, held []store.HeldTitle) error {
	t := table{header: []string{"title", "account", "held_lines"}, right: []bool{false, false, true}}
	for _, o := range owners {
		t.rows = append(t.rows, []cell{text(o.Title), text(o.Account), number(0)})
	}
	for _, h := range held {
		t.rows = append(t.rows, []cell{text(h.Title), text("(unassigned)"), number(h.Lines)})
	}
	return writeText(w, t)
}

// HeldTitles prints `title list --unassigned`: the titles whose lines wait
// in holding.
func HeldTitles(w io.Writer, held []store.HeldTitle) error {
	t := table{header: []string{"title", "held_lines", "files"}, right: []bool{false, true, true}}
	for _, h := range held {
		t.rows = append(t.rows, []cell{text(h.Title), number(h.Lines), number(h.Files)})
	}
	return writeText(w, t)
}

// Routed is what became of one file of `import --route`.
type Routed struct {
	Imported
	Accounts map[string]int // lines posted per account
	Held     int            // lines kept for unassigned titles
	Released int            // held lines moved at once to a title assigned meanwhile
}

// RouteLine is the one-line summary of a routed file.
func RouteLine(r Routed) string {
	if r.Err != nil || r.Duplicate || r.Record.Format == "ecb-rates" {
		return ImportLine(r.Imported)
	}
	names := make([]string, 0, len(r.Accounts))
	for name := range r.Accounts {
		names = append(names, name)
	}
	slices.Sort(names)
	parts := []string{format.Count(r.Record.RowsRead, "row", "rows") + " read"}
	for _, name := range names {
		parts = append(parts, fmt.Sprintf("%d to %s", r.Accounts[name], format.Sanitize(name)))
	}
	parts = append(parts, fmt.Sprintf("%d held for unassigned titles", r.Held-r.Released))
	return fmt.Sprintf("%s: %s: %s", format.Sanitize(filepath.Base(r.Path)), r.Record.Format, strings.Join(parts, ", "))
}
