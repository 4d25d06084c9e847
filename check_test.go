package main

import (
	"errors"
	"slices"
	"strings"
	"testing"
	"time"

	bolt "go.etcd.io/bbolt"

	"marquee/cli"
)

// marquee check: exit 0 when clean, 1 naming what is damaged, and
// --repair rebuilds a damaged column segment from the line items.
func TestCheckCommand(t *testing.T) {
	db := demoDB(t)
	want, err := runCLI(t, "report", "--db", db, "--view", "monthly", "--format", "csv")
	if err != nil {
		t.Fatal(err)
	}
	out, err := runCLI(t, "check", "--db", db)
	if err != nil || !strings.Contains(out, "no damage") {
		t.Fatalf("check of a clean database: %q, %v", out, err)
	}

	bdb, err := bolt.Open(db, 0o600, &bolt.Options{Timeout: time.Second})
	if err != nil {
		t.Fatal(err)
	}
	bdb.Update(func(tx *bolt.Tx) error {
		b := tx.Bucket([]byte("accounts")).Bucket([]byte("local")).Bucket([]byte("columns"))
		k, v := b.Cursor().Last()
		v = slices.Clone(v)
		v[9] ^= 1
		return b.Put(slices.Clone(k), v)
	})
	bdb.Close()

	out, err = runCLI(t, "check", "--db", db)
	var usage cli.UsageError
	if err == nil || errors.As(err, &usage) || !strings.Contains(out, `account "local": column segment`) || !strings.Contains(out, "check --repair") {
		t.Fatalf("check of a damaged database: %q, %v", out, err)
	}
	if _, err := runCLI(t, "report", "--db", db); err == nil || !strings.Contains(err.Error(), "damaged") {
		t.Fatalf("report on a damaged account: %v", err)
	}
	out, err = runCLI(t, "check", "--db", db, "--repair")
	if err != nil || !strings.Contains(out, "no damage") || !strings.Contains(out, "before-repair") {
		t.Fatalf("check --repair: %q, %v", out, err)
	}
	if got, err := runCLI(t, "report", "--db", db, "--view", "monthly", "--format", "csv"); err != nil || got != want {
		t.Fatalf("after repair: %v\n%s\nwant\n%s", err, got, want)
	}
}
