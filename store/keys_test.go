package store

import (
	"errors"
	"testing"
)

const (
	fpA = "SHA256:AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA"
	fpB = "SHA256:BBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBB"
)

func TestKeyBelongsToOneAccount(t *testing.T) {
	db := openTemp(t)
	mustAccount(t, db, "ann")
	mustAccount(t, db, "bob")
	if err := db.AddKey(KeyRecord{Fingerprint: fpA, Account: "ann", Type: "ssh-ed25519"}); err != nil {
		t.Fatal(err)
	}
	if err := db.AddKey(KeyRecord{Fingerprint: fpA, Account: "ann"}); err != nil {
		t.Fatalf("re-adding an account's own key: %v", err)
	}
	if err := db.AddKey(KeyRecord{Fingerprint: fpA, Account: "bob"}); !errors.Is(err, ErrKeyTaken) {
		t.Fatalf("a key of ann added to bob: %v", err)
	}
	if err := db.AddKey(KeyRecord{Fingerprint: fpB, Account: "nobody"}); !errors.Is(err, ErrNoAccount) {
		t.Fatalf("key for a missing account: %v", err)
	}
	if err := db.AddKey(KeyRecord{Fingerprint: "MD5:aa:bb", Account: "ann"}); err == nil {
		t.Fatal("a malformed fingerprint was accepted")
	}
	if acc, err := db.KeyAccount(fpA); err != nil || acc != "ann" {
		t.Fatalf("KeyAccount = %q, %v", acc, err)
	}
	if _, err := db.KeyAccount(fpB); !errors.Is(err, ErrNoKey) {
		t.Fatalf("unknown key: %v", err)
	}
	keys, err := db.Keys("ann")
	if err != nil || len(keys) != 1 || keys[0].Fingerprint != fpA || keys[0].Type != "ssh-ed25519" {
		t.Fatalf("Keys(ann) = %+v, %v", keys, err)
	}
	if keys, _ := db.Keys("bob"); len(keys) != 0 {
		t.Fatalf("bob has keys %+v", keys)
	}
	if err := db.RemoveKey("bob", fpA); !errors.Is(err, ErrNoKey) {
		t.Fatalf("bob removed ann's key: %v", err)
	}
	if err := db.RemoveKey("ann", fpA); err != nil {
		t.Fatal(err)
	}
	if _, err := db.KeyAccount(fpA); !errors.Is(err, ErrNoKey) {
		t.Fatalf("removed key still opens an account: %v", err)
	}
	if err := db.AddKey(KeyRecord{Fingerprint: fpA, Account: "bob"}); err != nil {
		t.Fatalf("a removed key could not be given to another account: %v", err)
	}
}

func TestCreateAccountWithZone(t *testing.T) {
	db := openTemp(t)
	a, err := db.CreateAccount("ann", "Europe/Berlin")
	if err != nil || a.TimeZone() != "Europe/Berlin" {
		t.Fatalf("CreateAccount = %v, %v", a, err)
	}
	if _, err := db.CreateAccount("ann", "UTC"); !errors.Is(err, ErrAccountExists) {
		t.Fatalf("second create: %v", err)
	}
	if _, err := db.CreateAccount("bob", "Mars/Olympus"); err == nil {
		t.Fatal("unknown zone accepted")
	}
	if _, err := db.ExistingAccount("bob"); !errors.Is(err, ErrNoAccount) {
		t.Fatalf("a refused create left an account: %v", err)
	}
	db.AddKey(KeyRecord{Fingerprint: fpA, Account: "ann"})
	if _, err := db.AssignTitle("Night Ferry", "ann"); err != nil {
		t.Fatal(err)
	}
	sums, err := db.AccountSummaries()
	if err != nil || len(sums) != 1 || sums[0] != (AccountSummary{Name: "ann", TimeZone: "Europe/Berlin", Keys: 1, Titles: 1}) {
		t.Fatalf("AccountSummaries = %+v, %v", sums, err)
	}
}
