package store

import (
	"encoding/binary"
	"fmt"

	bolt "go.etcd.io/bbolt"
)

// coverage records, per channel, the days that final lines cover. An
// estimated line of that channel whose watch date is covered is superseded.
// It is evaluated at query time because an instant's watch date depends on
// the time zone the query runs in; that also makes supersession independent
// of import order.
type coverage struct {
	days [][]uint64 // days[channel] is a bitmap over Date, nil when none
}

func (c *coverage) load(a *account, b *bolt.Bucket) error {
	return b.ForEach(func(k, v []byte) error {
		part := fmt.Sprintf("final-report coverage %x", k)
		if _, ok := unseal(k, v); !ok {
			return a.damagedDerived(part, "checksum mismatch")
		}
		if len(k) != 10 {
			return a.damagedDerived(part, "")
		}
		channel, from, to := splitCoverageKey(k)
		if from < MinDate || from > to || to > MaxDate || int(channel) >= len(a.channels.names) {
			return a.damagedDerived(part, "")
		}
		c.add(channel, from, to)
		return nil
	})
}

// coverageKey is a channel id (2 bytes) and a first and last day (4 each).
func coverageKey(channel uint16, from, to Date) []byte {
	k := make([]byte, 10)
	binary.BigEndian.PutUint16(k, channel)
	binary.BigEndian.PutUint32(k[2:], uint32(from))
	binary.BigEndian.PutUint32(k[6:], uint32(to))
	return k
}

func splitCoverageKey(k []byte) (channel uint16, from, to Date) {
	return binary.BigEndian.Uint16(k), Date(binary.BigEndian.Uint32(k[2:])), Date(binary.BigEndian.Uint32(k[6:]))
}

// add marks from..to (inclusive) covered for channel.
func (c *coverage) add(channel uint16, from, to Date) {
	for len(c.days) <= int(channel) {
		c.days = append(c.days, nil)
	}
	words := int(MaxDate)/64 + 1
	if c.days[channel] == nil {
		c.days[channel] = make([]uint64, words)
	}
	bm := c.days[channel]
	for d := from; d <= to; d++ {
		bm[d>>6] |= 1 << (uint(d) & 63)
	}
}

// clone copies the coverage so a writer can extend it while readers use the
// old one.
func (c coverage) clone() coverage {
	out := coverage{days: make([][]uint64, len(c.days))}
	for i, bm := range c.days {
		if bm != nil {
			out.days[i] = append([]uint64(nil), bm...)
		}
	}
	return out
}

// covers reports whether day is covered for channel.
func (c *coverage) covers(channel uint16, day Date) bool {
	if int(channel) >= len(c.days) {
		return false
	}
	bm := c.days[channel]
	return bm != nil && day >= 0 && day <= MaxDate && bm[day>>6]&(1<<(uint(day)&63)) != 0
}
