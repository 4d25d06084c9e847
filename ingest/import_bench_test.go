package ingest

import (
	"fmt"
	"path/filepath"
	"testing"

	"marquee/store"
)

// BenchmarkImportCanonical is the whole import of a 1M-row canonical CSV
// into a fresh store: decode, parse, convert, post in one transaction,
// commit. The figure the ingest issue asks for is its rows/s.
func BenchmarkImportCanonical(b *testing.B) {
	rows := benchImportRows()
	data := canonicalFile(rows)
	b.SetBytes(int64(len(data)))
	i := 0
	for b.Loop() {
		b.StopTimer()
		db, err := store.Open(filepath.Join(b.TempDir(), fmt.Sprint("import", i, ".db")), store.Options{})
		if err != nil {
			b.Fatal(err)
		}
		a, _ := db.Account("local")
		im := &Importer{DB: db, Account: a}
		i++
		b.StartTimer()
		r := im.ImportBytes("bench.csv", data)
		if r.Rejected() || r.Record.Stored+r.Record.Duplicates != rows {
			b.Fatalf("%+v", r)
		}
		b.StopTimer()
		db.Close()
		b.StartTimer()
	}
	b.ReportMetric(float64(rows)*float64(b.N)/b.Elapsed().Seconds(), "rows/s")
}

func benchImportRows() int {
	if testing.Short() {
		return 300_000
	}
	return 1_000_000
}
