package store_test

import (
	"fmt"
	"path/filepath"
	"testing"

	"marquee/ingest/demo"
	"marquee/store"
)

// TestSchema2DatabasesGainChecksums writes a database, takes it back to
// schema 2 (the same values without their checksums, the layout marquee
// wrote before), and opens it: it must upgrade and read exactly as before,
// and take new imports.
func TestSchema2DatabasesGainChecksums(t *testing.T) {
	path := filepath.Join(t.TempDir(), "m.db")
	db, err := store.Open(path, store.Options{})
	if err != nil {
		t.Fatal(err)
	}
	a, err := db.Account("local")
	if err != nil {
		t.Fatal(err)
	}
	if err := demo.Write(db, a); err != nil {
		t.Fatal(err)
	}
	db.Close()
	want, err := readAll(path)
	if err != nil {
		t.Fatal(err)
	}
	store.ToSchema2(t, path)

	// A read-only command upgrades it first (it may be the first command
	// after an update of marquee).
	if got, err := readAll(path); err != nil || got != want {
		t.Fatalf("the upgraded database reads differently (%v)", err)
	}
	if err := checkClean(path); err != nil {
		t.Fatal(err)
	}

	// It takes new imports, and they read as in a database made afresh.
	db, err = store.Open(path, store.Options{})
	if err != nil {
		t.Fatal(err)
	}
	b, err := db.Account("later")
	if err != nil {
		t.Fatal(err)
	}
	if err := demo.Write(db, b); err != nil {
		t.Fatal(err)
	}
	db.Close()
	fresh := filepath.Join(t.TempDir(), "fresh.db")
	db, err = store.Open(fresh, store.Options{})
	if err != nil {
		t.Fatal(err)
	}
	for _, name := range []string{"local", "later"} {
		a, err := db.Account(name)
		if err != nil {
			t.Fatal(err)
		}
		if err := demo.Write(db, a); err != nil {
			t.Fatal(err)
		}
	}
	db.Close()
	got, err := readAll(path)
	if err != nil {
		t.Fatal(err)
	}
	if want, _ := readAll(fresh); got != want {
		t.Fatal("after an import the upgraded database reads differently from a fresh one")
	}
	if err := checkClean(path); err != nil {
		t.Fatal(err)
	}
}

// checkClean runs Check and returns its damage as one error.
func checkClean(path string) error {
	db, err := store.Open(path, store.Options{ReadOnly: true})
	if err != nil {
		return err
	}
	defer db.Close()
	r, err := db.Check()
	if err != nil {
		return err
	}
	if !r.Clean() {
		return fmt.Errorf("check: %v", r.Damage)
	}
	if r.Accounts == 0 || r.Blocks == 0 || r.Lines == 0 {
		return fmt.Errorf("check verified nothing: %+v", r)
	}
	return nil
}
