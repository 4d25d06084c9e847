package main

import (
	"encoding/csv"
	"fmt"
	"math/big"
	"os"
	"strings"

	"github.com/shopspring/decimal"
)

// rateBook converts currencies in Go for the SQLite engine, which has no
// exact decimal arithmetic: the newest day on or before the conversion
// date, at most 14 days older, on which both the currency and USD have a
// rate; amount × USD / CUR rounded half away from zero to 12 places.
type rateBook struct {
	perEUR map[string]map[int32]decimal.Decimal // currency → day → units per EUR
	memo   map[rateKey]ratePair
}

type rateKey struct {
	currency string
	day      int32
}

type ratePair struct {
	usd, cur decimal.Decimal
	ok       bool
}

// readRates reads an ECB-layout file.
func readRates(path string) (*rateBook, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	recs, err := csv.NewReader(f).ReadAll()
	if err != nil {
		return nil, fmt.Errorf("%s: %w", path, err)
	}
	rb := &rateBook{perEUR: map[string]map[int32]decimal.Decimal{}, memo: map[rateKey]ratePair{}}
	if len(recs) == 0 {
		return rb, nil
	}
	head := recs[0]
	for _, rec := range recs[1:] {
		day, err := parseDay(rec[0])
		if err != nil {
			return nil, err
		}
		for i := 1; i < len(head) && i < len(rec); i++ {
			code, v := strings.TrimSpace(head[i]), strings.TrimSpace(rec[i])
			if code == "" || v == "" || v == "N/A" {
				continue
			}
			d, err := decimal.NewFromString(v)
			if err != nil || !d.IsPositive() {
				return nil, fmt.Errorf("%s: rate %q", path, v)
			}
			if rb.perEUR[code] == nil {
				rb.perEUR[code] = map[int32]decimal.Decimal{}
			}
			rb.perEUR[code][day] = d
		}
	}
	return rb, nil
}

func (rb *rateBook) pair(currency string, day int32) ratePair {
	k := rateKey{currency, day}
	if p, ok := rb.memo[k]; ok {
		return p
	}
	var p ratePair
	for d := day; d >= day-14; d-- {
		usd, ok := rb.perEUR["USD"][d]
		if !ok {
			continue
		}
		if currency == "EUR" {
			p = ratePair{usd: usd, cur: decimal.NewFromInt(1), ok: true}
			break
		}
		if cur, ok := rb.perEUR[currency][d]; ok {
			p = ratePair{usd: usd, cur: cur, ok: true}
			break
		}
	}
	rb.memo[k] = p
	return p
}

// revenue13 returns the line's revenue in units of 10^-13 USD, or ok false
// when it is pending.
func (rb *rateBook) revenue13(amount decimal.Decimal, currency string, convDay int32) (int64, bool, error) {
	rev := amount
	if currency != "USD" {
		p := rb.pair(currency, convDay)
		if !p.ok {
			return 0, false, nil
		}
		rev = amount.Mul(p.usd).DivRound(p.cur, 12)
	}
	v := rev.Shift(13)
	if !v.IsInteger() || !v.BigInt().IsInt64() {
		return 0, false, fmt.Errorf("revenue %s does not fit 10^-13 units in an int64", rev)
	}
	return v.IntPart(), true, nil
}

// sum13 adds SQLite's two partial sums (quotients by 10^7 and remainders)
// of 10^-13 units into one exact decimal.
func sum13(quot, rem int64) string {
	x := new(big.Int).Mul(big.NewInt(quot), big.NewInt(10_000_000))
	x.Add(x, big.NewInt(rem))
	return decString(x, 13)
}
