package store

import (
	"encoding/binary"
	"errors"
	"fmt"
	"math/bits"
	"slices"
	"sync"

	"github.com/shopspring/decimal"
)

// Row flags in the columnar index.
const (
	flagInstant = 1 << iota // when holds minutes since 1970 UTC, not a Date
	flagFinal               // status final
	flagPending             // no exchange rate yet: revenue unknown
	flagBig                 // revenue lives in partition.big, not rev
)

// segmentRows is how many rows one persisted column segment holds. An
// import rewrites only the last, partly filled segment of a partition.
const segmentRows = 1 << 16

// partition holds the columns of the lines of one month: the UTC month of
// their watched_at instant, or the month of their watch date. Rows are
// appended in import order and never move, so (month, index) names a line.
type partition struct {
	month       Month
	first, last Date // the month's first and last day, computed once

	when    []int32  // Date, or minutes since 1970 UTC when flagInstant
	dims    []uint32 // title<<channelBits | channel
	rev     []int64  // revenue in 10^-13 USD unless flagBig or flagPending
	report  []int32  // report Date
	flags   []uint8
	country []uint8
	big     map[uint32]decimal.Decimal
	bigMu   sync.Mutex // only while segments load in parallel

	// Zone map: what the partition holds, to skip it whole.
	titles    bitset
	channels  bitset
	countries [4]uint64
	instants  int

	agg *aggregate // nil until rebuilt; see aggregate.go
}

func newPartition(m Month) *partition {
	return &partition{month: m, first: m.First(), last: m.Last()}
}

// channelBits is how many of a line's 32 dimension bits name its channel;
// the rest name its title. MaxTitles and MaxChannels follow from it.
const channelBits = 11

func packDims(title, channel uint32) uint32 { return title<<channelBits | channel }

func dimTitle(d uint32) uint32   { return d >> channelBits }
func dimChannel(d uint32) uint16 { return uint16(d & (1<<channelBits - 1)) }

// column is one row's worth of columnar values, as built by Post.
type column struct {
	when    int32
	dims    uint32
	rev     int64
	report  int32
	flags   uint8
	country uint8
	big     decimal.Decimal
}

func (p *partition) len() int { return len(p.when) }

func (p *partition) append(c column) {
	i := uint32(len(p.when))
	p.when = append(p.when, c.when)
	p.dims = append(p.dims, c.dims)
	p.rev = append(p.rev, c.rev)
	p.report = append(p.report, c.report)
	p.flags = append(p.flags, c.flags)
	p.country = append(p.country, c.country)
	if c.flags&flagBig != 0 {
		if p.big == nil {
			p.big = map[uint32]decimal.Decimal{}
		}
		p.big[i] = c.big
	}
	p.note(c.dims, c.country, c.flags)
}

// reserve makes room for n more rows without reallocating.
func (p *partition) reserve(n int) {
	p.when = slices.Grow(p.when, n)
	p.dims = slices.Grow(p.dims, n)
	p.rev = slices.Grow(p.rev, n)
	p.report = slices.Grow(p.report, n)
	p.flags = slices.Grow(p.flags, n)
	p.country = slices.Grow(p.country, n)
}

// appendRows appends every row of q, a partition of the same month, with
// one copy per column rather than a growing append per row: an import
// gathers its new rows in a partition of their own and merges them here.
func (p *partition) appendRows(q *partition) {
	from := uint32(len(p.when))
	p.when = append(p.when, q.when...)
	p.dims = append(p.dims, q.dims...)
	p.rev = append(p.rev, q.rev...)
	p.report = append(p.report, q.report...)
	p.flags = append(p.flags, q.flags...)
	p.country = append(p.country, q.country...)
	if len(q.big) > 0 && p.big == nil {
		p.big = make(map[uint32]decimal.Decimal, len(q.big))
	}
	for i, d := range q.big {
		p.big[from+i] = d
	}
	// q's zone map is what noting each of its rows would have built.
	p.titles.or(q.titles)
	p.channels.or(q.channels)
	for w := range p.countries {
		p.countries[w] |= q.countries[w]
	}
	p.instants += q.instants
}

func (p *partition) note(dims uint32, country, flags uint8) {
	p.titles.set(int(dimTitle(dims)))
	p.channels.set(int(dimChannel(dims)))
	setBit(&p.countries, country)
	if flags&flagInstant != 0 {
		p.instants++
	}
}

// rowBytes is what one line costs in a column segment, and in memory.
const rowBytes = 22

// encodeSegment writes rows [from, to) of the partition: its row count and
// count of big values, each column in turn, then the big values.
func (p *partition) encodeSegment(from, to int) []byte {
	n := to - from
	var bigs []byte
	nbig := 0
	for i := from; i < to; i++ {
		if p.flags[i]&flagBig != 0 {
			s := p.big[uint32(i)].String()
			bigs = binary.LittleEndian.AppendUint32(bigs, uint32(i-from))
			bigs = binary.AppendUvarint(bigs, uint64(len(s)))
			bigs = append(bigs, s...)
			nbig++
		}
	}
	b := make([]byte, 0, 8+n*rowBytes+len(bigs)+sealBytes) // room for the seal
	b = binary.LittleEndian.AppendUint32(b, uint32(n))
	b = binary.LittleEndian.AppendUint32(b, uint32(nbig))
	for _, v := range p.when[from:to] {
		b = binary.LittleEndian.AppendUint32(b, uint32(v))
	}
	for _, v := range p.dims[from:to] {
		b = binary.LittleEndian.AppendUint32(b, v)
	}
	for _, v := range p.rev[from:to] {
		b = binary.LittleEndian.AppendUint64(b, uint64(v))
	}
	for _, v := range p.report[from:to] {
		b = binary.LittleEndian.AppendUint32(b, uint32(v))
	}
	b = append(b, p.flags[from:to]...)
	b = append(b, p.country[from:to]...)
	return append(b, bigs...)
}

// allocate sizes the columns for n rows, before decodeSegmentAt fills them.
func (p *partition) allocate(n int) {
	p.when = make([]int32, n)
	p.dims = make([]uint32, n)
	p.rev = make([]int64, n)
	p.report = make([]int32, n)
	p.flags = make([]uint8, n)
	p.country = make([]uint8, n)
}

// decodeSegmentAt decodes a persisted segment into rows from.. of columns
// already allocated; its errors say what is wrong, the caller names the
// segment. Segments of one partition may be decoded in parallel:
// they write disjoint rows (big values go to the map under bigMu).
func (p *partition) decodeSegmentAt(from int, b []byte) error {
	n := int(binary.LittleEndian.Uint32(b))
	nbig := int(binary.LittleEndian.Uint32(b[4:]))
	if len(b) < 8+n*rowBytes || from+n > len(p.when) {
		return fmt.Errorf("short of its %d rows", n)
	}
	b = b[8:]
	when, dims, rev, report := p.when[from:from+n], p.dims[from:from+n], p.rev[from:from+n], p.report[from:from+n]
	for i := range when {
		when[i] = int32(binary.LittleEndian.Uint32(b[4*i:]))
	}
	b = b[4*n:]
	for i := range dims {
		dims[i] = binary.LittleEndian.Uint32(b[4*i:])
	}
	b = b[4*n:]
	for i := range rev {
		rev[i] = int64(binary.LittleEndian.Uint64(b[8*i:]))
	}
	b = b[8*n:]
	for i := range report {
		report[i] = int32(binary.LittleEndian.Uint32(b[4*i:]))
	}
	b = b[4*n:]
	copy(p.flags[from:from+n], b[:n])
	b = b[n:]
	copy(p.country[from:from+n], b[:n])
	b = b[n:]
	for i := 0; i < nbig; i++ {
		if len(b) < 4 {
			return errors.New("its big values are cut short")
		}
		idx := binary.LittleEndian.Uint32(b)
		l, k := binary.Uvarint(b[4:])
		if k <= 0 || len(b) < 4+k+int(l) || int(idx) >= n {
			return errors.New("its big values are cut short")
		}
		d, err := decimal.NewFromString(string(b[4+k : 4+k+int(l)]))
		if err != nil {
			return errors.New("a big value is not a number")
		}
		p.bigMu.Lock()
		if p.big == nil {
			p.big = map[uint32]decimal.Decimal{}
		}
		p.big[uint32(from)+idx] = d
		p.bigMu.Unlock()
		b = b[4+k+int(l):]
	}
	return nil // the zone map is built by rebuild
}

// checkRows refuses rows [from, to) that name a title, channel or country
// the account does not have, or flags no writer sets: a query indexes
// arrays by them. Checksums catch damage on disk; this catches what a
// checksum cannot, a value written wrong.
func (p *partition) checkRows(from, to, titles, channels int) error {
	for i := from; i < to; i++ {
		d, f := p.dims[i], p.flags[i]
		if int(dimTitle(d)) >= titles || int(dimChannel(d)) >= channels || int(p.country[i]) > len(countryTable) {
			return fmt.Errorf("row %d names an unknown title, channel or country", i)
		}
		if f&^(flagInstant|flagFinal|flagPending|flagBig) != 0 || f&flagPending != 0 && f&flagBig != 0 {
			return fmt.Errorf("row %d has unknown flags %#x", i, f)
		}
		if f&flagBig != 0 {
			p.bigMu.Lock()
			_, ok := p.big[uint32(i)]
			p.bigMu.Unlock()
			if !ok {
				return fmt.Errorf("row %d lacks its revenue", i)
			}
		}
	}
	return nil
}

// bitset is a growable set of small integers (title ids).
type bitset []uint64

func (s *bitset) set(i int) {
	w := i >> 6
	for len(*s) <= w {
		*s = append(*s, 0)
	}
	(*s)[w] |= 1 << (i & 63)
}

func (s bitset) has(i int) bool {
	w := i >> 6
	return w < len(s) && s[w]&(1<<(i&63)) != 0
}

// or adds every member of o.
func (s *bitset) or(o bitset) {
	for len(*s) < len(o) {
		*s = append(*s, 0)
	}
	for w, bits := range o {
		(*s)[w] |= bits
	}
}

// intersects reports whether s and o share a member.
func (s bitset) intersects(o bitset) bool {
	for w := range min(len(s), len(o)) {
		if s[w]&o[w] != 0 {
			return true
		}
	}
	return false
}

func (s bitset) count() int {
	n := 0
	for _, w := range s {
		n += bits.OnesCount64(w)
	}
	return n
}

func setBit(s *[4]uint64, i uint8)      { s[i>>6] |= 1 << (i & 63) }
func hasBit(s *[4]uint64, i uint8) bool { return s[i>>6]&(1<<(i&63)) != 0 }

// setRevenue stores a converted revenue in the fixed column, or beside it
// when it does not fit (flagBig).
func (c *column) setRevenue(rev decimal.Decimal) {
	c.flags &^= flagPending | flagBig
	if v, ok := toFixed(rev); ok {
		c.rev = v
		return
	}
	c.flags |= flagBig
	c.big = rev
}

// column returns row i's values.
func (p *partition) column(i int) column {
	c := column{when: p.when[i], dims: p.dims[i], rev: p.rev[i], report: p.report[i], flags: p.flags[i], country: p.country[i]}
	if c.flags&flagBig != 0 {
		c.big = p.big[uint32(i)]
	}
	return c
}

// setColumn replaces row i's revenue and flags (a pending line converted).
// Its dimensions never change, so the zone map stays right.
func (p *partition) setColumn(i int, c column) {
	p.rev[i], p.flags[i] = c.rev, c.flags
	if c.flags&flagBig != 0 {
		if p.big == nil {
			p.big = map[uint32]decimal.Decimal{}
		}
		p.big[uint32(i)] = c.big
	}
}
