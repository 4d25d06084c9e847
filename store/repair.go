package store

import (
	"encoding/binary"
	"fmt"
	"maps"
	"slices"
	"time"

	bolt "go.etcd.io/bbolt"
)

// derived is an account's column partitions and final-report coverage as
// its raw line items make them.
type derived struct {
	parts    map[Month]*partition
	coverage map[string]bool // coverage keys
}

// deriveFromRaw reads and verifies every raw block of the account (its
// base loaded) and builds the columns and coverage they imply.
func (a *account) deriveFromRaw(b *bolt.Bucket, r *CheckReport) (*derived, error) {
	d := &derived{parts: map[Month]*partition{}, coverage: map[string]bool{}}
	next := map[Month]int{} // the block number each month expects next
	lines := 0
	err := b.Bucket(bucketRows).ForEach(func(k, v []byte) error {
		if len(k) != 8 {
			return a.damaged(fmt.Sprintf("raw block key %x", k), "")
		}
		m, i := Month(binary.BigEndian.Uint32(k)), int(binary.BigEndian.Uint32(k[4:]))
		payload, ok := unseal(k, v)
		if !ok {
			return a.damaged(blockName(m, i), "checksum mismatch")
		}
		if i != next[m] {
			return a.damaged(blockName(m, i), "out of sequence")
		}
		next[m]++
		rows, err := a.decodeBlock(m, i, payload)
		if err != nil {
			return err
		}
		p := d.parts[m]
		if p == nil {
			p = newPartition(m)
			d.parts[m] = p
		}
		if p.len() != i*blockRows || len(rows) == 0 || len(rows) > blockRows {
			return a.damaged(blockName(m, i), fmt.Sprintf("%d rows after %d", len(rows), p.len()))
		}
		for j := range rows {
			c, month, cov := columnOf(&rows[j])
			if month != m {
				return a.damaged(blockName(m, i), fmt.Sprintf("a line of %s", month))
			}
			p.append(c)
			if cov != nil {
				d.coverage[string(cov)] = true
			}
		}
		lines += len(rows)
		if r != nil {
			r.Blocks++
			r.Lines += len(rows)
		}
		return nil
	})
	if err != nil {
		return nil, err
	}
	if lines != a.stored {
		return nil, a.damaged("raw line items", fmt.Sprintf("%d lines where the imported files stored %d", lines, a.stored))
	}
	return d, nil
}

// columnOf is the column Post builds for a line, with the month of its
// partition and, for a final line, the coverage key it adds.
func columnOf(d *decodedRow) (column, Month, []byte) {
	c, day, final := lineColumn(&d.item, d.title, d.channel, d.country, d.revenue, d.pending)
	var cov []byte
	if final.ok {
		cov = coverageKey(uint16(d.channel), final.from, final.to)
	}
	return c, day.Month(), cov
}

// compareDerived checks the loaded columns and coverage against those the
// raw line items make.
func (a *account) compareDerived(d *derived) error {
	var cov coverage
	for k := range d.coverage {
		cov.add(splitCoverageKey([]byte(k)))
	}
	if !cov.equal(&a.coverage) {
		return a.damagedDerived("final-report coverage", "differs from the final lines")
	}
	months := map[Month]bool{}
	for m := range d.parts {
		months[m] = true
	}
	for m := range a.byMonth {
		months[m] = true
	}
	for _, m := range slices.Sorted(maps.Keys(months)) {
		p, q := a.byMonth[m], d.parts[m]
		if p == nil || q == nil || p.len() != q.len() {
			return a.damagedDerived("column partition "+m.String(), "not what its raw line items hold")
		}
		for i := range p.len() {
			if pc, qc := p.column(i), q.column(i); pc.when != qc.when || pc.dims != qc.dims || pc.rev != qc.rev ||
				pc.report != qc.report || pc.flags != qc.flags || pc.country != qc.country || !pc.big.Equal(qc.big) {
				return a.damagedDerived(fmt.Sprintf("column segment %s/%d", m, i/segmentRows), fmt.Sprintf("row %d is not what its raw line item says", i))
			}
		}
	}
	return nil
}

// equal reports whether two coverages cover the same days.
func (c *coverage) equal(o *coverage) bool {
	for ch := range max(len(c.days), len(o.days)) {
		var x, y []uint64
		if ch < len(c.days) {
			x = c.days[ch]
		}
		if ch < len(o.days) {
			y = o.days[ch]
		}
		if !slices.Equal(x, y) && !(allZero(x) && allZero(y)) {
			return false
		}
	}
	return true
}

func allZero(w []uint64) bool {
	for _, v := range w {
		if v != 0 {
			return false
		}
	}
	return true
}

// Repair rebuilds the column segments and final-report coverage of the
// named accounts from their raw line items, after copying the database
// file beside itself (the returned path). It refuses an account whose raw
// line items, names or file records are damaged: those cannot be rebuilt.
func (db *DB) Repair(accounts []string) (backup string, err error) {
	backup = fmt.Sprintf("%s.before-repair-%s", db.path, time.Now().UTC().Format("20060102T150405Z"))
	if err := db.view(func(tx *bolt.Tx) error { return tx.CopyFile(backup, 0o600) }); err != nil {
		return "", fmt.Errorf("copy the database before repairing it: %w", err)
	}
	for _, name := range accounts {
		if err := db.repairAccount(name); err != nil {
			return backup, err
		}
	}
	return backup, nil
}

func (db *DB) repairAccount(name string) error {
	a := &account{db: db, name: name, byMonth: map[Month]*partition{}, files: map[uint32]fileRef{}}
	if err := a.loadBase(); err != nil {
		return err
	}
	db.mu.Lock()
	defer db.mu.Unlock()
	err := db.update(func(tx *bolt.Tx) error {
		b := a.bucket(tx)
		d, err := a.deriveFromRaw(b, nil)
		if err != nil {
			return err
		}
		for _, sub := range [][]byte{bucketColumns, bucketCoverage} {
			if err := b.DeleteBucket(sub); err != nil {
				return err
			}
			if _, err := b.CreateBucket(sub); err != nil {
				return err
			}
		}
		cols := b.Bucket(bucketColumns)
		for _, m := range slices.Sorted(maps.Keys(d.parts)) {
			p := d.parts[m]
			for from := 0; from < p.len(); from += segmentRows {
				key := partKey(m, uint32(from/segmentRows))
				if err := cols.Put(key, seal(key, p.encodeSegment(from, min(from+segmentRows, p.len())))); err != nil {
					return err
				}
			}
		}
		cov := b.Bucket(bucketCoverage)
		for _, k := range sortedKeys(d.coverage) {
			if err := cov.Put([]byte(k), seal([]byte(k), nil)); err != nil {
				return err
			}
		}
		return nil
	})
	if err != nil {
		return fmt.Errorf("repair account %q: %w", name, err)
	}
	delete(db.accounts, name) // the next handle loads the rebuilt data
	return nil
}
