package store

import (
	"fmt"
	"runtime/debug"

	bolt "go.etcd.io/bbolt"
)

// view and update run bbolt transactions. bbolt panics on a damaged page,
// and a read through the map of a damaged file can fault; both become
// ErrCorrupt here, so the user reads a sentence, not a stack trace, and
// the file is left as it is (a panicking transaction is rolled back).
func (db *DB) view(fn func(*bolt.Tx) error) (err error) {
	defer db.recoverDamage(&err, debug.SetPanicOnFault(true))
	return db.bolt.View(fn)
}

func (db *DB) update(fn func(*bolt.Tx) error) (err error) {
	defer db.recoverDamage(&err, debug.SetPanicOnFault(true))
	return db.bolt.Update(fn)
}

func (db *DB) recoverDamage(err *error, panicOnFault bool) {
	debug.SetPanicOnFault(panicOnFault)
	if r := recover(); r != nil {
		*err = fmt.Errorf("database %s: %w (%v); it was left untouched: see the README on recovering", db.path, ErrCorrupt, r)
	}
}
