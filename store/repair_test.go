package store_test

import (
	"bytes"
	"errors"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"

	bolt "go.etcd.io/bbolt"

	"marquee/ingest/demo"
	"marquee/store"
)

// demoDB writes the demo into accounts "local" and "second".
func demoDB(t *testing.T) string {
	t.Helper()
	path := filepath.Join(t.TempDir(), "m.db")
	db, err := store.Open(path, store.Options{})
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	for _, name := range []string{"local", "second"} {
		a, err := db.Account(name)
		if err != nil {
			t.Fatal(err)
		}
		if err := demo.Write(db, a); err != nil {
			t.Fatal(err)
		}
	}
	return path
}

// damageValue flips a bit in the middle of the nth value of one of an
// account's buckets, through bbolt, so that only the value is wrong.
func damageValue(t *testing.T, path, account, bucket string, nth int) {
	t.Helper()
	bdb, err := bolt.Open(path, 0o600, &bolt.Options{Timeout: time.Second})
	if err != nil {
		t.Fatal(err)
	}
	defer bdb.Close()
	err = bdb.Update(func(tx *bolt.Tx) error {
		b := tx.Bucket([]byte("accounts")).Bucket([]byte(account)).Bucket([]byte(bucket))
		c := b.Cursor()
		k, v := c.First()
		for range nth {
			k, v = c.Next()
		}
		v = slices.Clone(v)
		v[len(v)/2] ^= 0x10
		return b.Put(slices.Clone(k), v)
	})
	if err != nil {
		t.Fatal(err)
	}
}

func check(t *testing.T, path string) store.CheckReport {
	t.Helper()
	db, err := store.Open(path, store.Options{ReadOnly: true})
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	r, err := db.Check()
	if err != nil {
		t.Fatal(err)
	}
	return r
}

func TestCheckFindsDamagedColumnsAndRepairRebuildsThem(t *testing.T) {
	path := demoDB(t)
	want, err := readAll(path)
	if err != nil {
		t.Fatal(err)
	}
	if r := check(t, path); !r.Clean() {
		t.Fatalf("a clean database: %v", r.Damage)
	}
	damageValue(t, path, "second", "columns", 3)
	damageValue(t, path, "second", "final-coverage", 0)

	// The damaged account is an error; the other still answers.
	db, err := store.Open(path, store.Options{ReadOnly: true})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := db.ExistingAccount("second"); !errors.Is(err, store.ErrCorrupt) || !strings.Contains(err.Error(), `account "second": final-report coverage`) {
		t.Errorf("damaged account: %v, want ErrCorrupt naming the account and the part", err)
	}
	if _, err := db.ExistingAccount("local"); err != nil {
		t.Errorf("the undamaged account: %v", err)
	}
	r, err := db.Check()
	db.Close()
	if err != nil {
		t.Fatal(err)
	}
	if r.Clean() || !slices.Equal(r.Repairable, []string{"second"}) {
		t.Fatalf("check found %v, repairable %v; want account second's damage, repairable", r.Damage, r.Repairable)
	}

	db, err = store.Open(path, store.Options{})
	if err != nil {
		t.Fatal(err)
	}
	backup, err := db.Repair(r.Repairable)
	db.Close()
	if err != nil {
		t.Fatal(err)
	}
	if r := check(t, backup); r.Clean() {
		t.Error("the copy made before the repair is not the damaged database")
	}
	if r := check(t, path); !r.Clean() {
		t.Fatalf("after repair: %v", r.Damage)
	}
	if got, err := readAll(path); err != nil || got != want {
		t.Fatalf("after repair the database reads differently (%v)", err)
	}
}

// Repair must write what Post wrote: rebuilding an undamaged account
// leaves its column segments and coverage byte for byte as they were.
func TestRepairRebuildsWhatPostWrote(t *testing.T) {
	path := demoDB(t)
	before := dump(t, path, "local")
	db, err := store.Open(path, store.Options{})
	if err != nil {
		t.Fatal(err)
	}
	_, err = db.Repair([]string{"local"})
	db.Close()
	if err != nil {
		t.Fatal(err)
	}
	if after := dump(t, path, "local"); !bytes.Equal(after, before) {
		t.Fatal("rebuilt columns or coverage differ from those Post wrote")
	}
}

func TestCheckRefusesToRepairDamagedLineItems(t *testing.T) {
	path := demoDB(t)
	damageValue(t, path, "local", "rows", 10)
	r := check(t, path)
	if r.Clean() || len(r.Repairable) != 0 || !strings.Contains(r.Damage[0].Error(), `account "local": raw block`) {
		t.Fatalf("check: %v, repairable %v; want local's raw block, not repairable", r.Damage, r.Repairable)
	}
	db, err := store.Open(path, store.Options{})
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	if _, err := db.Repair([]string{"local"}); !errors.Is(err, store.ErrCorrupt) {
		t.Fatalf("repair of damaged line items: %v, want ErrCorrupt", err)
	}
	// Queries that do not read the damaged block still answer; one that
	// does says which block.
	a, err := db.ExistingAccount("local")
	if err != nil {
		t.Fatal(err)
	}
	err = a.EachDetail(store.DetailQuery{}, func(store.DetailRow) error { return nil })
	if !errors.Is(err, store.ErrCorrupt) || !strings.Contains(err.Error(), "raw block") {
		t.Fatalf("detail over a damaged block: %v", err)
	}
}

// dump is every key and value of an account's columns and coverage.
func dump(t *testing.T, path, account string) []byte {
	t.Helper()
	bdb, err := bolt.Open(path, 0o600, &bolt.Options{Timeout: time.Second, ReadOnly: true})
	if err != nil {
		t.Fatal(err)
	}
	defer bdb.Close()
	var out []byte
	bdb.View(func(tx *bolt.Tx) error {
		acc := tx.Bucket([]byte("accounts")).Bucket([]byte(account))
		for _, sub := range []string{"columns", "final-coverage"} {
			acc.Bucket([]byte(sub)).ForEach(func(k, v []byte) error {
				out = append(append(append(out, k...), ':'), v...)
				return nil
			})
		}
		return nil
	})
	if len(out) == 0 {
		t.Fatal("nothing to compare")
	}
	return out
}
