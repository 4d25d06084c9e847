package store

import (
	"fmt"

	bolt "go.etcd.io/bbolt"
)

// migration returns the step that upgrades a database from schema v to
// v+1, run inside the transaction that then records the new version.
// Add cases, never edit one: a released schema is a contract with every
// database written by it. Schema 1 is the first, so there are none yet.
func migration(v uint32) func(tx *bolt.Tx) error {
	switch v {
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
