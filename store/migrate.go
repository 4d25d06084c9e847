package store

import (
	"bytes"
	"fmt"

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
