package store

import (
	"encoding/binary"
	"fmt"
	"runtime/debug"
	"sync"

	bolt "go.etcd.io/bbolt"
)

// loadBatchBytes is how much column data is decoded between two releases
// of the mapped file pages: it bounds the peak resident set while loading.
const loadBatchBytes = 64 << 20

// loadColumns reads every column segment into memory: slices sized exactly
// from the segment headers first (no growth garbage), then decoded in
// parallel a batch at a time, dropping the file's pages after each batch.
func (a *account) loadColumns(tx *bolt.Tx, b *bolt.Bucket) error {
	type segment struct {
		part *partition
		from int // first row
		key  []byte
		data []byte
	}
	var segs []segment
	rows := map[Month]int{}
	next := map[Month]uint32{} // the segment number each month expects next
	err := b.ForEach(func(k, v []byte) error {
		if len(k) != 8 {
			return a.damagedDerived(fmt.Sprintf("column segment key %x", k), "")
		}
		m, seg := Month(binary.BigEndian.Uint32(k)), binary.BigEndian.Uint32(k[4:])
		name := func() string { return fmt.Sprintf("column segment %s/%d", m, seg) }
		// The header is read before the checksum is verified (in
		// parallel, below), so bound it by the value's length first.
		if len(v) < 8+sealBytes || int(binary.LittleEndian.Uint32(v)) > (len(v)-8-sealBytes)/21 {
			return a.damagedDerived(name(), "shorter than its rows")
		}
		if seg != next[m] {
			return a.damagedDerived(name(), "out of sequence")
		}
		next[m]++
		segs = append(segs, segment{part: a.partition(m), from: rows[m], key: k, data: v})
		rows[m] += int(binary.LittleEndian.Uint32(v))
		return nil
	})
	if err != nil {
		return err
	}
	for m, n := range rows {
		a.byMonth[m].allocate(n)
	}
	titles, channels := len(a.titles.names), len(a.channels.names)
	decode := func(s segment) error {
		name := func() string {
			return fmt.Sprintf("column segment %s/%d", s.part.month, binary.BigEndian.Uint32(s.key[4:]))
		}
		data, ok := unseal(s.key, s.data)
		if !ok {
			return a.damagedDerived(name(), "checksum mismatch")
		}
		if err := s.part.decodeSegmentAt(s.from, data); err != nil {
			return a.damagedDerived(name(), err.Error())
		}
		n := int(binary.LittleEndian.Uint32(data))
		if err := s.part.checkRows(s.from, s.from+n, titles, channels); err != nil {
			return a.damagedDerived(name(), err.Error())
		}
		return nil
	}
	for start := 0; start < len(segs); {
		end, size := start, 0
		for end < len(segs) && (size < loadBatchBytes || end == start) {
			size += len(segs[end].data)
			end++
		}
		errs := make([]error, end-start)
		var wg sync.WaitGroup
		sem := make(chan struct{}, 2)
		for i := start; i < end; i++ {
			wg.Add(1)
			sem <- struct{}{}
			go func() {
				defer wg.Done()
				defer func() { <-sem }()
				// Damage that slips past the checks (a fault reading
				// the map) ends this account's load, not the process.
				defer debug.SetPanicOnFault(debug.SetPanicOnFault(true))
				defer func() {
					if r := recover(); r != nil {
						errs[i-start] = a.damagedDerived("column data", fmt.Sprint(r))
					}
				}()
				errs[i-start] = decode(segs[i])
			}()
		}
		wg.Wait()
		for _, err := range errs {
			if err != nil {
				return err
			}
		}
		releaseMapped(tx)
		start = end
	}
	return nil
}
