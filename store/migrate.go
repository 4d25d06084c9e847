package store

import (
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
		return sealAccounts
	}
	return nil
}

// sealedBuckets are the buckets of an account whose values schema 2 seals
// (see seal.go); transaction ids, keys without values, are not.
var sealedBuckets = [][]byte{bucketTitles, bucketChannels, bucketFiles, bucketFileNos, bucketRows, bucketColumns, bucketCoverage}

// sealAccounts (schema 1 to 2) appends a checksum to every value of every
// account: its settings and each value of its sealed buckets.
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
			if err := sealValues(b.Bucket(sub)); err != nil {
				return fmt.Errorf("account %q, %s: %w", name, sub, err)
			}
		}
		return nil
	})
}

// sealValues seals every value of b in place. A Put moves the cursor, so
// it seeks back to the key it wrote before stepping on.
func sealValues(b *bolt.Bucket) error {
	if b == nil {
		return nil
	}
	c := b.Cursor()
	for k, v := c.First(); k != nil; k, v = c.Next() {
		if v == nil {
			continue // a nested bucket; accounts have none here
		}
		key := slices.Clone(k)
		if err := b.Put(key, seal(key, slices.Clone(v))); err != nil {
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
