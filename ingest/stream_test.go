package ingest

import (
	"fmt"
	"strings"
	"testing"

	"marquee/store"
)

// A file larger than one batch whose last row is bad: batches were already
// handed to the store, and still nothing of the file is stored.
func TestStreamedFileIsStillAllOrNothing(t *testing.T) {
	im := testImporter(t)
	var progress []Progress
	im.Progress = func(p Progress) { progress = append(progress, p) }
	var b strings.Builder
	b.WriteString(canonicalHeader)
	rows := streamBatch*2 + 100
	for i := 0; i < rows; i++ {
		fmt.Fprintf(&b, "2024-06-30,2024-06-01,2024-06-30,Film %d,Vimeo,US,1,rentals,1.00,USD,,,\n", i%7)
	}
	good := b.String()
	bad := good + "2024-06-30,2024-06-01,2024-06-30,Film,Vimeo,US,1,rentals,NaN,USD,,,\n"
	r := im.ImportBytes("big.csv", []byte(bad))
	if !r.Rejected() || !strings.Contains(r.Err.Error(), fmt.Sprintf("line %d", rows+2)) {
		t.Fatalf("result %+v, want a rejection at line %d", r, rows+2)
	}
	if m, _ := im.Account.Metrics(store.Filter{}); m.Lines != 0 || len(im.Account.Titles()) != 0 {
		t.Fatalf("a rejected streamed file left %d lines", m.Lines)
	}
	if len(progress) < 2 {
		t.Fatalf("progress reported %d times for %d rows", len(progress), rows)
	}
	progress = nil
	r = im.ImportBytes("big.csv", []byte(good))
	if r.Rejected() || r.Record.Stored != rows || r.Record.RowsRead != rows {
		t.Fatalf("good file: %+v", r)
	}
	last := progress[len(progress)-1]
	if last.Done != last.Total || last.Rows != rows {
		t.Errorf("last progress %+v, want all bytes and %d rows", last, rows)
	}
	for i := 1; i < len(progress); i++ {
		if progress[i].Done < progress[i-1].Done {
			t.Errorf("progress went back: %+v then %+v", progress[i-1], progress[i])
		}
	}
}
