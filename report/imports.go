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
			format.Count(rec.Stored, "rate", "rates"), format.Count(r.Converted, "pending line", "pending lines"))
	}
	parts := []string{
		format.Count(rec.RowsRead, "row", "rows") + " read",
		format.Count(rec.Stored, "line item", "line items") + " stored",
		format.Count(rec.Duplicates, "duplicate", "duplicates") + " skipped",
		fmt.Sprintf("%d pending FX", rec.Pending),
		fmt.Sprintf("%d superseded", rec.Superseded),
	}
	return fmt.Sprintf("%s: %s: %s", name, rec.Format, strings.Join(parts, ", "))
}
