package report

import (
	"fmt"
	"path/filepath"
	"strings"

	"marquee/format"
	"marquee/store"
)

// Imported is what became of one imported file, as the import command and
// the inbox report it.
type Imported struct {
	Path      string
	Record    store.FileRecord
	Converted int  // rates files: pending lines converted
	Duplicate bool // imported before: nothing done
	Err       error
	Extends   *store.FileRecord // an earlier, shorter copy imported before
	Skipped   int               // its line items, not counted again
}

// ImportLine is the one-line summary of an imported, skipped or rejected
// file.
func ImportLine(r Imported) string {
	name := format.Sanitize(filepath.Base(r.Path))
	rec := r.Record
	switch {
	case r.Err != nil:
		return fmt.Sprintf("%s: rejected: %s", name, format.Sanitize(r.Err.Error()))
	case r.Duplicate:
		return fmt.Sprintf("%s: skipped: imported before (sha256 %.12s…)", name, rec.SHA256)
	case rec.Format == "ecb-rates":
		return fmt.Sprintf("%s: ecb-rates: %s stored, %s converted", name,
			format.Count(rec.Stored, "rate", "rates"), format.Count(r.Converted, "pending line", "pending lines")) + notes(rec)
	}
	parts := []string{
		format.Count(rec.RowsRead, "row", "rows") + " read",
		format.Count(rec.Stored, "line item", "line items") + " stored",
		format.Count(rec.Duplicates, "duplicate", "duplicates") + " skipped",
		fmt.Sprintf("%d pending FX", rec.Pending),
		fmt.Sprintf("%d superseded", rec.Superseded),
	}
	if r.Extends != nil {
		parts = append(parts, fmt.Sprintf("%d already imported from its shorter copy of %s", r.Skipped,
			r.Extends.ImportedAt.Local().Format("2006-01-02 15:04")))
	}
	return fmt.Sprintf("%s: %s: %s", name, rec.Format, strings.Join(parts, ", ")) + notes(rec)
}

// notes are what an import says besides its counts: an archive's members
// imported and skipped, rows of an unknown type.
func notes(rec store.FileRecord) string {
	var b strings.Builder
	for _, n := range rec.Notes {
		b.WriteString("; ")
		b.WriteString(format.Sanitize(n))
	}
	return b.String()
}
