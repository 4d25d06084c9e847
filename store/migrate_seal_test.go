package store_test

import (
	"encoding/binary"
	"fmt"
	"path/filepath"
	"slices"
	"testing"
	"time"

	bolt "go.etcd.io/bbolt"

	"marquee/ingest/demo"
	"marquee/store"
)

// TestSchema1DatabasesGainChecksums writes a database, takes it back to
// schema 1 (the same values without their checksums, the layout marquee
// wrote before), and opens it: it must upgrade and read exactly as before,
// and take new imports.
func TestSchema1DatabasesGainChecksums(t *testing.T) {
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
	toSchema1(t, path)

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

// toSchema1 strips the checksum from every value schema 2 seals and
// records schema 1.
func toSchema1(t *testing.T, path string) {
	t.Helper()
	bdb, err := bolt.Open(path, 0o600, &bolt.Options{Timeout: time.Second})
	if err != nil {
		t.Fatal(err)
	}
	defer bdb.Close()
	err = bdb.Update(func(tx *bolt.Tx) error {
		accounts := tx.Bucket([]byte("accounts"))
		return accounts.ForEachBucket(func(name []byte) error {
			acc := accounts.Bucket(name)
			strip(t, acc, []byte("info"), acc.Get([]byte("info")))
			for _, sub := range []string{"titles", "channels", "files", "file-numbers", "rows", "columns", "final-coverage"} {
				b := acc.Bucket([]byte(sub))
				type kv struct{ k, v []byte }
				var all []kv
				b.ForEach(func(k, v []byte) error {
					all = append(all, kv{slices.Clone(k), slices.Clone(v)})
					return nil
				})
				if len(all) == 0 {
					t.Errorf("account %s has no %s: the test strips nothing", name, sub)
				}
				for _, e := range all {
					switch sub {
					case "columns":
						b.Put(e.k, narrowSegment(t, e.v[:len(e.v)-4]))
					case "final-coverage":
						if e.k[0] != 0 {
							t.Fatalf("coverage key %x: a channel beyond schema 1", e.k)
						}
						b.Delete(e.k)
						b.Put(e.k[1:], nil)
					default:
						strip(t, b, e.k, e.v)
					}
				}
			}
			return nil
		})
	})
	if err != nil {
		t.Fatal(err)
	}
	err = bdb.Update(func(tx *bolt.Tx) error {
		return tx.Bucket([]byte("meta")).Put([]byte("schema"), binary.BigEndian.AppendUint32(nil, 1))
	})
	if err != nil {
		t.Fatal(err)
	}
}

// narrowSegment is a column segment in schema 1's layout: 21 bytes a line,
// dims title<<16 | channel<<8 | country, no country column.
func narrowSegment(t *testing.T, v []byte) []byte {
	t.Helper()
	n := int(binary.LittleEndian.Uint32(v))
	out := append([]byte(nil), v[:8+4*n]...)
	dims, country := v[8+4*n:8+8*n], v[8+21*n:8+22*n]
	for i := range n {
		d := binary.LittleEndian.Uint32(dims[4*i:])
		title, channel := d>>11, d&(1<<11-1)
		if title >= 1<<16 || channel >= 1<<8 {
			t.Fatal("an id beyond schema 1")
		}
		out = binary.LittleEndian.AppendUint32(out, title<<16|channel<<8|uint32(country[i]))
	}
	out = append(out, v[8+8*n:8+21*n]...)
	return append(out, v[8+22*n:]...)
}

func strip(t *testing.T, b *bolt.Bucket, k, v []byte) {
	t.Helper()
	if len(v) < 4 {
		t.Fatalf("value of %q has no checksum", k)
	}
	if err := b.Put(k, slices.Clone(v[:len(v)-4])); err != nil {
		t.Fatal(err)
	}
}
