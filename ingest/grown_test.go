package ingest

import (
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/shopspring/decimal"
)

// A copy of a report taken while it was written (10 of its 20 rows), then
// the whole report: the first import's rows used to be counted twice,
// $265 instead of $210. The whole file now imports only the rows past the
// copy's end.
func TestGrownFileIsNotCountedTwice(t *testing.T) {
	im := testImporter(t)
	var rows []string
	for i := 1; i <= 20; i++ {
		rows = append(rows, fmt.Sprintf("2024-06-30,2024-06-01,2024-06-30,Film %d,Vimeo,US,1,rentals,%d.00,USD,,,\n", i, i))
	}
	path := filepath.Join(t.TempDir(), "june.csv")
	os.WriteFile(path, []byte(canonicalHeader+strings.Join(rows[:10], "")), 0o644)
	if r := im.ImportFile(path); r.Err != nil || r.Extends != nil {
		t.Fatalf("the copy: %+v", r)
	}
	if got, _ := revenue(t, im.Account); !got.Equal(decimal.RequireFromString("55")) {
		t.Fatalf("after the copy: $%s", got)
	}
	os.WriteFile(path, []byte(canonicalHeader+strings.Join(rows, "")), 0o644)
	r := im.ImportFile(path)
	if r.Err != nil || r.Extends == nil || r.Skipped != 10 || r.Record.Stored != 10 || r.Record.RowsRead != 20 {
		t.Fatalf("the whole file: %+v", r)
	}
	if got, _ := revenue(t, im.Account); !got.Equal(decimal.RequireFromString("210")) {
		t.Fatalf("after the whole file: $%s, want $210", got)
	}
	// A file of another name with the same start is another report.
	other := filepath.Join(t.TempDir(), "july.csv")
	os.WriteFile(other, []byte(canonicalHeader+strings.Join(rows[:12], "")), 0o644)
	if r := im.ImportFile(other); r.Err != nil || r.Extends != nil || r.Record.Stored != 12 {
		t.Fatalf("another name: %+v", r)
	}
}

// A copy cut inside its last cell was imported with that cell cut (its
// row has all its cells): the whole file cannot say what was counted, and
// is refused with the reason rather than counted twice.
func TestGrownFromACopyCutInsideARowIsRefused(t *testing.T) {
	im := testImporter(t)
	header := "report_date,period_start,period_end,title,channel,country,quantity,unit,currency,amount\n"
	row := "2024-06-30,2024-06-01,2024-06-30,Film,Vimeo,US,1,rentals,USD,12.34\n"
	path := filepath.Join(t.TempDir(), "june.csv")
	whole := header + row + row
	os.WriteFile(path, []byte(whole[:len(whole)-2]), 0o644) // "12.3"
	if r := im.ImportFile(path); r.Err != nil {
		t.Fatalf("the copy: %v", r.Err)
	}
	os.WriteFile(path, []byte(whole), 0o644)
	r := im.ImportFile(path)
	if !errors.Is(r.Err, ErrGrownCut) || !strings.Contains(r.Err.Error(), "june.csv: it continues an earlier copy that ended inside a row") {
		t.Fatalf("error %v", r.Err)
	}
}
