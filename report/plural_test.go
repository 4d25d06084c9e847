package report

import (
	"strings"
	"testing"

	"marquee/store"
)

// One of a thing reads as English: "1 row read", not "1 rows read".
func TestImportLinesInEnglish(t *testing.T) {
	one := store.FileRecord{Format: "canonical", RowsRead: 1, Stored: 1, Duplicates: 1, Pending: 1, Superseded: 1}
	if got, want := ImportLine(Imported{Path: "a.csv", Record: one}),
		"a.csv: canonical: 1 row read, 1 line item stored, 1 duplicate skipped, 1 pending FX, 1 superseded"; got != want {
		t.Errorf("got  %q\nwant %q", got, want)
	}
	two := store.FileRecord{Format: "canonical", RowsRead: 2, Stored: 2, Duplicates: 0}
	if got := ImportLine(Imported{Path: "a.csv", Record: two}); !strings.Contains(got, "2 rows read, 2 line items stored, 0 duplicates skipped") {
		t.Errorf("got %q", got)
	}
	rates := store.FileRecord{Format: "ecb-rates", Stored: 1}
	if got, want := ImportLine(Imported{Path: "r.csv", Record: rates, Converted: 1}), "r.csv: ecb-rates: 1 rate stored, 1 pending line converted"; got != want {
		t.Errorf("got  %q\nwant %q", got, want)
	}
	routed := Routed{Imported: Imported{Path: "d.csv", Record: store.FileRecord{Format: "canonical", RowsRead: 1}}, Held: 1}
	if got := RouteLine(routed); !strings.Contains(got, "1 row read") || !strings.Contains(got, "1 held for unassigned titles") {
		t.Errorf("got %q", got)
	}
	if got := ProgressLine("big.csv", 1, 2, 1, 80); !strings.HasSuffix(got, " 1 row") {
		t.Errorf("got %q", got)
	}
}
