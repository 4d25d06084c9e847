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

// load reads the dictionary of one kind ("title", "channel") of the
// account, verifying every name.
func (d *dict) load(a *account, kind string, b *bolt.Bucket) error {
	d.ids = map[string]uint32{}
	err := b.ForEach(func(k, v []byte) error {
		part := fmt.Sprintf("%s %x", kind, k)
		name, err := a.unsealed(part, k, v)
		if err != nil {
			return err
		}
		if len(k) != 4 || int(binary.BigEndian.Uint32(k)) != len(d.names) {
			return a.damaged(part, "out of sequence")
		}
		if _, dup := d.ids[string(name)]; dup {
			return a.damaged(part, "a name twice")
		}
		d.add(string(name))
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

// Limits on the distinct names one account holds. The columnar copy packs
// a line's title and channel into 32 bits (21 and 11), so these are what
// ids fit; docs/store-integrity.md says so to users.
const (
	MaxTitles   = 1 << (32 - channelBits)
	MaxChannels = 1 << channelBits
)

// LimitError refuses a file that would take an account past a limit on
// distinct names: the column, the limit, and the counts.
type LimitError struct {
	Column string // "title" or "channel"
	Limit  int
	Held   int // distinct names the account holds
	New    int // new names the file brings, at least
}

func (e *LimitError) Error() string {
	return fmt.Sprintf("column %s: the account holds %d distinct %ss and this file brings at least %d more; an account holds at most %d, so nothing was imported",
		e.Column, e.Held, e.Column, e.New, e.Limit)
}
