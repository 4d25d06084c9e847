package store

import (
	"bytes"
	"encoding/binary"
	"fmt"
	"slices"

	bolt "go.etcd.io/bbolt"
)

// migration returns the step that upgrades a database from schema v to
// v+1, run inside the transaction that then records the new version.
// Add cases, never edit one: a released schema is a contract with every
// database written by it.
func migration(v uint32) func(tx *bolt.Tx) error {
	switch v {
	case 1:
		return addRowExtras
	case 2:
		return sealAccounts
	}
	return nil
}

// addRowExtras (schema 1 to 2) gives every raw row the extras byte that
// says which of raw title, episode, identifiers, adjustment and source
// file follow; rows written by schema 1 have none of them. Keys are
// rewritten in the order the cursor meets them, which is sorted.
func addRowExtras(tx *bolt.Tx) error {
	accounts := tx.Bucket(bucketAccounts)
	var names [][]byte
	if err := accounts.ForEachBucket(func(k []byte) error { names = append(names, bytes.Clone(k)); return nil }); err != nil {
		return err
	}
	for _, name := range names {
		rows := accounts.Bucket(name).Bucket(bucketRows)
		if rows == nil {
			continue
		}
		var keys [][]byte
		rows.ForEach(func(k, _ []byte) error { keys = append(keys, bytes.Clone(k)); return nil })
		for _, k := range keys {
			old := rowReader{b: rows.Get(k)}
			var out []byte
			for len(old.b) > 0 {
				d := old.readRowV1()
				if old.err != nil {
					return fmt.Errorf("account %s: raw block %x: %w: %w", name, k, ErrCorrupt, old.err)
				}
				d.line = &d.item
				out = appendRow(out, &d.storedRow)
			}
			if err := rows.Put(k, out); err != nil {
				return err
			}
		}
	}
	return nil
}

// sealedBuckets are the buckets of an account whose values schema 3 seals
// (see seal.go) as they are; transaction ids, keys without values, are
// not. Column segments and coverage are rewritten in their new layout.
var sealedBuckets = [][]byte{bucketTitles, bucketChannels, bucketFiles, bucketFileNos, bucketRows}

// sealAccounts (schema 2 to 3) appends a checksum to every value of every
// account, its settings and each value of its sealed buckets, and widens
// the ids of column segments and coverage keys: schema 2 (and 1) packed a line's
// title, channel and country in 16, 8 and 8 bits.
func sealAccounts(tx *bolt.Tx) error {
	accounts := tx.Bucket(bucketAccounts)
	return accounts.ForEachBucket(func(name []byte) error {
		b := accounts.Bucket(name)
		if v := b.Get(keyInfo); v != nil {
			if err := b.Put(keyInfo, seal(keyInfo, slices.Clone(v))); err != nil {
				return err
			}
		}
		for _, sub := range sealedBuckets {
			if err := sealValues(b.Bucket(sub), nil); err != nil {
				return fmt.Errorf("account %q, %s: %w", name, sub, err)
			}
		}
		if err := sealValues(b.Bucket(bucketColumns), widenSegment); err != nil {
			return fmt.Errorf("account %q, column segments: %w", name, err)
		}
		if err := widenCoverage(b.Bucket(bucketCoverage)); err != nil {
			return fmt.Errorf("account %q, coverage: %w", name, err)
		}
		return nil
	})
}

// widenSegment rewrites a schema 2 column segment (21 bytes a line, dims
// title<<16 | channel<<8 | country) in today's layout.
func widenSegment(v []byte) ([]byte, error) {
	if len(v) < 8 {
		return nil, fmt.Errorf("column segment of %d bytes: %w", len(v), ErrCorrupt)
	}
	n := int(binary.LittleEndian.Uint32(v))
	if n > (len(v)-8)/21 {
		return nil, fmt.Errorf("column segment short of %d rows: %w", n, ErrCorrupt)
	}
	out := make([]byte, 0, len(v)+n+sealBytes)
	out = append(out, v[:8+4*n]...) // counts, when
	dims := v[8+4*n : 8+8*n]
	for i := range n {
		d := binary.LittleEndian.Uint32(dims[4*i:])
		out = binary.LittleEndian.AppendUint32(out, packDims(d>>16, d>>8&0xff))
	}
	out = append(out, v[8+8*n:8+21*n]...) // rev, report, flags
	for i := range n {
		out = append(out, dims[4*i]) // the country, the low byte
	}
	return append(out, v[8+21*n:]...), nil // big values
}

// widenCoverage rewrites schema 2 coverage keys (a 1-byte channel) with a
// 2-byte channel, sealed.
func widenCoverage(b *bolt.Bucket) error {
	var keys [][]byte
	if err := b.ForEach(func(k, _ []byte) error {
		if len(k) != 9 {
			return fmt.Errorf("coverage key %x: %w", k, ErrCorrupt)
		}
		keys = append(keys, slices.Clone(k))
		return nil
	}); err != nil {
		return err
	}
	for _, k := range keys {
		if err := b.Delete(k); err != nil {
			return err
		}
	}
	// The new keys sort as the old ones did: in order, as bbolt likes.
	for _, k := range keys {
		nk := append([]byte{0}, k...)
		if err := b.Put(nk, seal(nk, nil)); err != nil {
			return err
		}
	}
	return nil
}

// sealValues seals every value of b in place, rewritten by transform if
// not nil. A Put moves the cursor, so it seeks back to the key it wrote
// before stepping on.
func sealValues(b *bolt.Bucket, transform func([]byte) ([]byte, error)) error {
	if b == nil {
		return nil
	}
	c := b.Cursor()
	for k, v := c.First(); k != nil; k, v = c.Next() {
		if v == nil {
			continue // a nested bucket; accounts have none here
		}
		key := slices.Clone(k)
		nv := slices.Clone(v)
		if transform != nil {
			var err error
			if nv, err = transform(v); err != nil {
				return fmt.Errorf("%x: %w", k, err)
			}
		}
		if err := b.Put(key, seal(key, nv)); err != nil {
			return err
		}
		c.Seek(key)
	}
	return nil
}

func migrate(tx *bolt.Tx, from uint32) error {
	for v := from; v < schemaVersion; v++ {
		step := migration(v)
		if step == nil {
			return fmt.Errorf("no migration from schema %d", v)
		}
		if err := step(tx); err != nil {
			return fmt.Errorf("migrate schema %d to %d: %w", v, v+1, err)
		}
	}
	return tx.Bucket(bucketMeta).Put(keySchema, u32(schemaVersion))
}
