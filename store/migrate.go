package store

import (
	"fmt"

	bolt "go.etcd.io/bbolt"
)

// migrations[v] upgrades a database from schema v to v+1, inside the
// transaction that then records the new version. Append, never edit: a
// released schema is a contract with every database written by it.
var migrations = map[uint32]func(tx *bolt.Tx) error{}

func migrate(tx *bolt.Tx, from uint32) error {
	for v := from; v < schemaVersion; v++ {
		step, ok := migrations[v]
		if !ok {
			return fmt.Errorf("no migration from schema %d", v)
		}
		if err := step(tx); err != nil {
			return fmt.Errorf("migrate schema %d to %d: %w", v, v+1, err)
		}
	}
	return tx.Bucket(bucketMeta).Put(keySchema, u32(schemaVersion))
}
