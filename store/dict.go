package store

import (
	"encoding/binary"
	"fmt"
	"sort"

	bolt "go.etcd.io/bbolt"
)

// dict maps the names of titles or channels to the small ids the columnar
// index stores. Ids are assigned in order of first import and never reused.
type dict struct {
	names []string
	ids   map[string]uint32
	rank  []int32 // rank[id] is the name's position in sorted order
}

func (d *dict) load(b *bolt.Bucket) error {
	d.ids = map[string]uint32{}
	err := b.ForEach(func(k, v []byte) error {
		id := binary.BigEndian.Uint32(k)
		if int(id) != len(d.names) {
			return fmt.Errorf("dictionary id %d out of order: %w", id, ErrCorrupt)
		}
		d.add(string(v))
		return nil
	})
	d.rerank()
	return err
}

func (d *dict) add(name string) uint32 {
	if d.ids == nil {
		d.ids = map[string]uint32{}
	}
	id := uint32(len(d.names))
	d.names = append(d.names, name)
	d.ids[name] = id
	return id
}

func (d *dict) rerank() {
	order := make([]int, len(d.names))
	for i := range order {
		order[i] = i
	}
	sort.Slice(order, func(i, j int) bool { return d.names[order[i]] < d.names[order[j]] })
	d.rank = make([]int32, len(d.names))
	for r, id := range order {
		d.rank[id] = int32(r)
	}
}

func (d *dict) sorted() []string {
	out := make([]string, len(d.names))
	for id, r := range d.rank {
		out[r] = d.names[id]
	}
	return out
}
