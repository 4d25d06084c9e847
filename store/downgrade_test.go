package store

import (
	"encoding/binary"
	"slices"
	"testing"
	"time"

	bolt "go.etcd.io/bbolt"
)

// ToSchema2 is toSchema2 for the external tests (migrate_seal_test.go);
// every bucket must have something to strip.
func ToSchema2(t *testing.T, path string) { toSchema2(t, path, true) }

// toSchema2 strips the checksum from every value schema 3 seals, narrows
// the ids again, and records schema 2: the layout before checksums.
func toSchema2(t *testing.T, path string, everyBucket bool) {
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
				if len(all) == 0 && everyBucket {
					t.Errorf("account %s has no %s: the test strips nothing", name, sub)
				}
				for _, e := range all {
					switch sub {
					case "columns":
						b.Put(e.k, narrowSegment(t, e.v[:len(e.v)-4]))
					case "final-coverage":
						if e.k[0] != 0 {
							t.Fatalf("coverage key %x: a channel beyond schema 2", e.k)
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
		return tx.Bucket([]byte("meta")).Put([]byte("schema"), binary.BigEndian.AppendUint32(nil, 2))
	})
	if err != nil {
		t.Fatal(err)
	}
}

// narrowSegment is a column segment in schema 2's (and 1's) layout: 21 bytes a line,
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
			t.Fatal("an id beyond schema 2")
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
