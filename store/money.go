package store

import (
	"math/big"
	"math/bits"

	"github.com/shopspring/decimal"
)

// fixedScale is the number of decimal places of the in-memory revenue
// column. Converted revenue has 12 places and channels report up to 13
// (Tubi), so 13 keeps both exact; a value with more places or beyond
// ±922,337 USD is kept as a decimal beside the column instead (flagBig).
const fixedScale = 13

var pow10 = func() [19]int64 {
	var p [19]int64
	p[0] = 1
	for i := 1; i < len(p); i++ {
		p[i] = p[i-1] * 10
	}
	return p
}()

// toFixed returns d as an integer count of 10^-13, when that is exact and
// fits in an int64.
func toFixed(d decimal.Decimal) (int64, bool) {
	exp := d.Exponent()
	if exp < -fixedScale {
		// More places than the column holds: exact only if the extra
		// digits are zeros.
		r := d.Round(fixedScale)
		if !r.Equal(d) {
			return 0, false
		}
		d, exp = r, r.Exponent()
		if exp < -fixedScale {
			return 0, false
		}
	}
	v, ok := coefficient64(d)
	if !ok {
		return 0, false
	}
	shift := int(exp) + fixedScale
	if shift >= len(pow10) {
		return 0, false
	}
	m := pow10[shift]
	hi, lo := bits.Mul64(uint64(abs64(v)), uint64(m))
	if hi != 0 || lo > 1<<63-1 {
		return 0, false
	}
	if v < 0 {
		return -int64(lo), true
	}
	return int64(lo), true
}

// coefficient64 returns d's coefficient when it fits an int64, without
// the allocation of Decimal.Coefficient (a copy of the big.Int).
func coefficient64(d decimal.Decimal) (int64, bool) {
	if d.NumDigits() > 18 {
		return 0, false
	}
	return d.CoefficientInt64(), true
}

func abs64(v int64) int64 {
	if v < 0 {
		return -v
	}
	return v
}

// sum128 adds fixed-point values exactly: 10 million lines of a million
// dollars each overflow an int64, never 128 bits.
type sum128 struct {
	lo uint64
	hi int64
}

func (s *sum128) add(v int64) {
	lo, carry := bits.Add64(s.lo, uint64(v), 0)
	s.lo = lo
	s.hi += int64(carry) + v>>63
}

func (s *sum128) addSum(o sum128) {
	lo, carry := bits.Add64(s.lo, o.lo, 0)
	s.lo = lo
	s.hi += o.hi + int64(carry)
}

func (s sum128) decimal() decimal.Decimal {
	x := new(big.Int).SetInt64(s.hi)
	x.Lsh(x, 64)
	x.Add(x, new(big.Int).SetUint64(s.lo))
	return decimal.NewFromBigInt(x, -fixedScale)
}
