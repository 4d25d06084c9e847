package store

import (
	"encoding/binary"
	"fmt"
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
		data []byte
	}
	var segs []segment
	rows := map[Month]int{}
	err := b.ForEach(func(k, v []byte) error {
		if len(k) != 8 || len(v) < 8 {
			return fmt.Errorf("column segment key %x: %w", k, ErrCorrupt)
		}
		m := Month(binary.BigEndian.Uint32(k))
		segs = append(segs, segment{part: a.partition(m), from: rows[m], data: v})
		rows[m] += int(binary.LittleEndian.Uint32(v))
		return nil
	})
	if err != nil {
		return err
	}
	for m, n := range rows {
		a.byMonth[m].allocate(n)
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
				errs[i-start] = segs[i].part.decodeSegmentAt(segs[i].from, segs[i].data)
				<-sem
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
