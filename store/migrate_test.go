package store

import (
	"errors"
	"path/filepath"
	"strings"
	"testing"

	bolt "go.etcd.io/bbolt"
)

func setSchema(t *testing.T, path string, v uint32) {
	t.Helper()
	b, err := bolt.Open(path, 0o600, nil)
	if err != nil {
		t.Fatal(err)
	}
	defer b.Close()
	b.Update(func(tx *bolt.Tx) error { return tx.Bucket(bucketMeta).Put(keySchema, u32(v)) })
}

func TestSchemaVersions(t *testing.T) {
	path := filepath.Join(t.TempDir(), "m.db")
	db, err := Open(path, Options{})
	if err != nil {
		t.Fatal(err)
	}
	db.Close()

	setSchema(t, path, schemaVersion+1)
	if _, err := Open(path, Options{}); !errors.Is(err, ErrNewerSchema) {
		t.Fatalf("a newer schema: %v", err)
	}
	setSchema(t, path, 0)
	if _, err := Open(path, Options{}); err == nil || !strings.Contains(err.Error(), "no migration from schema 0") {
		t.Fatalf("an unknown old schema: %v", err)
	}
	setSchema(t, path, schemaVersion)
	db, err = Open(path, Options{ReadOnly: true})
	if err != nil {
		t.Fatal(err)
	}
	db.Close()
}
