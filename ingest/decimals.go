package ingest

import (
	"math/bits"

	"github.com/shopspring/decimal"
)

// decimalCache hands the cells of one file that hold the same figure one
// shared decimal.Decimal. Every decimal.New allocates a big.Int (two
// allocations), most of the garbage a parse makes, and allocating while
// the collector runs costs the parser its assists too; reports repeat
// their quantities and prices, and a Decimal is immutable, so line items
// can share one. It is direct-mapped: a collision replaces the slot, which
// costs only the allocation the cache exists to save.
type decimalCache struct {
	slots []decimalSlot // allocated at the first number
	shift uint          // 64 - log2(len(slots))
}

type decimalSlot struct {
	coef  int64
	scale int32
	used  bool
	d     decimal.Decimal
}

// Cache sizes: a slot per KiB of text, 32 bytes a slot, so that a small
// file's cache stays small; at most 128 KiB, which the core's own cache
// holds. A table too large for it was tried: it held a large file's
// prices, but a lookup then waited on main memory about as long as the
// allocation it saved.
const (
	minDecimalBits = 8  // 8 KiB
	maxDecimalBits = 12 // 128 KiB, for files of 4 MiB and more
)

// get returns coef × 10^-scale, exactly decimal.New(coef, -scale). size is
// the length of the file's text, which sizes the cache at the first call.
func (c *decimalCache) get(coef int64, scale int32, size int) decimal.Decimal {
	if c.slots == nil {
		b := min(max(bits.Len(uint(size>>10)), minDecimalBits), maxDecimalBits)
		c.slots, c.shift = make([]decimalSlot, 1<<b), uint(64-b)
	}
	// Fibonacci hashing: the top bits of a multiplication spread the
	// consecutive values a column holds over the slots.
	h := (uint64(coef) ^ uint64(scale)<<56) * 0x9e3779b97f4a7c15
	s := &c.slots[h>>c.shift]
	if s.used && s.coef == coef && s.scale == scale {
		return s.d
	}
	d := decimal.New(coef, -scale)
	*s = decimalSlot{coef: coef, scale: scale, used: true, d: d}
	return d
}
