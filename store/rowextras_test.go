package store

import (
	"path/filepath"
	"slices"
	"testing"

	bolt "go.etcd.io/bbolt"
)

// The fields the title catalog needs survive the store, and Detail gives
// them back; a line without them stores none.
func TestRowExtrasRoundTrip(t *testing.T) {
	db := openTemp(t)
	a := mustAccount(t, db, "local")
	ep := line("Harbour Lights", "iTunes", "GB", "2024-06-01", "2.10")
	ep.RawTitle, ep.Episode = "Pilot", "Pilot"
	ep.Identifiers = []string{"vendor:HL_S1E1", "apple-parent:HL_S1"}
	adj := line("The Long Road - Official Trailer", "YouTube", "US", "2024-06-02", "0.12")
	adj.Adjustment, adj.Identifiers = "Backpay", []string{"youtube:-x8Kq2Lm"}
	adj.RawTitle = adj.Title // the same as the title: not stored twice
	member := line("Night Shift", "YouTube", "US", "2024-06-03", "1")
	member.Source.File = "sales:Table data.csv"
	plain := line("Night Shift", "Kinow", "FR", "2024-06-04", "1")
	plain.Source.File = "other.csv" // not a member: the record's name wins
	post(t, a, "sales", ep, adj, member, plain)

	page, err := a.Detail(DetailQuery{Sort: SortReportDate, Limit: 10})
	if err != nil {
		t.Fatal(err)
	}
	if len(page.Rows) != 4 {
		t.Fatalf("%d rows", len(page.Rows))
	}
	got := page.Rows
	if l := got[0]; l.Episode != "Pilot" || l.RawTitle != "Pilot" || !slices.Equal(l.Identifiers, ep.Identifiers) || l.Adjustment != "" {
		t.Errorf("episode line: %+v", l.LineItem)
	}
	if l := got[1]; l.Adjustment != "Backpay" || l.RawTitle != "" || l.Episode != "" || !slices.Equal(l.Identifiers, adj.Identifiers) {
		t.Errorf("adjustment line: %+v", l.LineItem)
	}
	if l := got[2]; l.Source.File != "sales:Table data.csv" {
		t.Errorf("archive member line: source %q", l.Source.File)
	}
	if l := got[3]; l.Source.File != "sales" || l.Identifiers != nil || l.Episode != "" {
		t.Errorf("plain line: %+v", l.LineItem)
	}
}

// A database written by schema 1 (rows without the extras byte) opens, is
// migrated, and reads as it did.
func TestMigrateSchema1Rows(t *testing.T) {
	path := filepath.Join(t.TempDir(), "old.db")
	db, err := Open(path, Options{})
	if err != nil {
		t.Fatal(err)
	}
	a := mustAccount(t, db, "local")
	var lines []LineItem
	for i := range 300 { // several blocks
		l := line("The Long Road", "Kinow", "FR", "2024-06-01", "1.25")
		l.Source.Line = i + 2
		lines = append(lines, l)
	}
	post(t, a, "old.csv", lines...)
	want, _ := a.Detail(DetailQuery{Limit: 1000})
	db.Close()

	// Back to schema 2 (no checksums, narrow ids), then every block as
	// schema 1 wrote it: the same rows, no extras byte.
	toSchema2(t, path, false)
	b, err := bolt.Open(path, 0o600, nil)
	if err != nil {
		t.Fatal(err)
	}
	err = b.Update(func(tx *bolt.Tx) error {
		rows := tx.Bucket(bucketAccounts).Bucket([]byte("local")).Bucket(bucketRows)
		var keys [][]byte
		rows.ForEach(func(k, _ []byte) error { keys = append(keys, append([]byte(nil), k...)); return nil })
		for _, k := range keys {
			r := rowReader{b: rows.Get(k)}
			var v1 []byte
			for len(r.b) > 0 {
				d, err := r.readRow()
				if err != nil {
					return err
				}
				d.line = &d.item
				enc := appendRow(nil, &d.storedRow)
				v1 = append(v1, enc[:len(enc)-1]...) // drop the (empty) extras byte
			}
			if err := rows.Put(k, v1); err != nil {
				return err
			}
		}
		return tx.Bucket(bucketMeta).Put(keySchema, u32(1))
	})
	b.Close()
	if err != nil {
		t.Fatal(err)
	}

	db, err = Open(path, Options{})
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	a = mustAccount(t, db, "local")
	got, err := a.Detail(DetailQuery{Limit: 1000})
	if err != nil {
		t.Fatal(err)
	}
	if len(got.Rows) != len(want.Rows) || got.Total != 300 {
		t.Fatalf("%d rows after migration, want %d", len(got.Rows), len(want.Rows))
	}
	for i := range want.Rows {
		if got.Rows[i].Source != want.Rows[i].Source || !got.Rows[i].RevenueUSD.Equal(want.Rows[i].RevenueUSD) {
			t.Fatalf("row %d: %+v, want %+v", i, got.Rows[i], want.Rows[i])
		}
	}
	// And it takes new lines with extras beside the migrated ones.
	l := line("Harbour Lights", "iTunes", "GB", "2024-06-02", "2")
	l.Episode = "Pilot"
	post(t, a, "new.csv", l)
	page, _ := a.Detail(DetailQuery{Filter: Filter{}, Sort: SortTitle, Limit: 1})
	if page.Rows[0].Episode != "Pilot" {
		t.Fatalf("new line after migration: %+v", page.Rows[0].LineItem)
	}
}
