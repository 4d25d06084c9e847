package store

import (
	"bytes"
	"errors"
	"fmt"

	bolt "go.etcd.io/bbolt"
)

// CheckReport is what Check found: every damaged part, and for each
// account whether its derived data (column segments, final-report
// coverage) can be rebuilt from its raw line items.
type CheckReport struct {
	Accounts int     // accounts checked
	Blocks   int     // raw blocks verified
	Lines    int     // line items verified
	Damage   []error // each is ErrCorrupt and names what is damaged
	// Repairable lists the damaged accounts whose raw line items,
	// names and file records are intact: Repair rebuilds the rest.
	Repairable []string
	// Structure is set when the file's own structure (bbolt's pages)
	// cannot be read whole: nothing is repaired in place then.
	Structure bool
}

// Clean reports whether nothing was found damaged.
func (r CheckReport) Clean() bool { return len(r.Damage) == 0 }

// Check verifies the whole database: the file's page structure, then every
// account (its settings, names, file records and coverage, every column
// segment and every raw block against its checksum), and that the columns
// are what the raw line items say. It never writes.
func (db *DB) Check() (CheckReport, error) {
	var r CheckReport
	// bbolt's own tx.Check reads the pages in a goroutine of its own, where
	// a damaged page pointing past the end of the file is a fatal fault,
	// not a panic marquee can turn into an error; so the structure is
	// checked by reading every key and value of every bucket here.
	err := db.view(func(tx *bolt.Tx) error {
		return tx.ForEach(func(name []byte, b *bolt.Bucket) error { return touchAll(db.path, string(name), b) })
	})
	if err != nil {
		r.Structure = true
		r.Damage = append(r.Damage, err)
		return r, nil
	}
	names, err := db.Accounts()
	if err != nil {
		r.Damage = append(r.Damage, err)
		return r, nil
	}
	for _, name := range names {
		r.Accounts++
		raw, derived := db.checkAccount(name, &r)
		switch {
		case raw != nil:
			r.Damage = append(r.Damage, raw)
		case derived != nil:
			r.Damage = append(r.Damage, derived)
			if !r.Structure {
				r.Repairable = append(r.Repairable, name)
			}
		}
	}
	return r, nil
}

// checkAccount verifies one account. rawErr is damage to what cannot be
// rebuilt (settings, names, file records, raw blocks); derivedErr damage
// to the columns or coverage, which the raw blocks can rebuild.
func (db *DB) checkAccount(name string, r *CheckReport) (rawErr, derivedErr error) {
	a := &account{db: db, name: name, byMonth: map[Month]*partition{}, files: map[uint32]fileRef{}}
	derivedErr = a.load()
	if derivedErr != nil && !isDerived(derivedErr) {
		return derivedErr, nil
	}
	if derivedErr != nil {
		// Columns damaged: load what the rest needs without them.
		a = &account{db: db, name: name, byMonth: map[Month]*partition{}, files: map[uint32]fileRef{}}
		if err := a.loadBase(); err != nil {
			return err, nil
		}
	}
	var rebuilt *derived
	err := db.view(func(tx *bolt.Tx) error {
		var err error
		rebuilt, err = a.deriveFromRaw(a.bucket(tx), r)
		return err
	})
	if err != nil {
		return err, nil
	}
	if derivedErr == nil {
		derivedErr = a.compareDerived(rebuilt)
	}
	return nil, derivedErr
}

// isDerived reports whether a load error is damage to derived data only.
func isDerived(err error) bool {
	var d *damage
	return errors.As(err, &d) && d.derived
}

// touchAll reads every byte of every key and value of b and the buckets
// inside it, so that a page that cannot be read fails here, inside a
// transaction that turns the fault into ErrCorrupt; and it looks each key
// up, which a damaged branch page can make fail where a walk succeeds.
func touchAll(path, name string, b *bolt.Bucket) error {
	return b.ForEach(func(k, v []byte) error {
		checksum(k, v) // the reading is the point
		if v == nil {
			if sub := b.Bucket(k); sub != nil {
				return touchAll(path, name+"/"+string(k), sub)
			}
		}
		if got := b.Get(k); v != nil && (got == nil || !bytes.Equal(got, v)) {
			return fmt.Errorf("database %s: %w (bucket %s: key %x is not found by a lookup)", path, ErrCorrupt, name, k)
		}
		return nil
	})
}
