package store

import (
	"encoding/binary"
	"errors"
	"fmt"
	"math/big"
	"time"

	"github.com/shopspring/decimal"
)

// blockRows is how many raw line items share one bbolt value. Blocks keep
// imports fast (one Put per 128 lines) and a Detail page cheap to read.
const blockRows = 128

// storedRow is a line item as kept in a raw block: the line with its
// dictionary ids resolved and its revenue decided.
type storedRow struct {
	title, channel uint32
	country        uint8
	line           *LineItem
	revenue        decimal.Decimal
	pending        bool
	fileNo         uint32
}

var errShortRow = errors.New("raw row truncated")

func appendRow(b []byte, r *storedRow) []byte {
	l := r.line
	b = binary.AppendUvarint(b, uint64(r.title))
	b = binary.AppendUvarint(b, uint64(r.channel))
	b = append(b, r.country)
	b = binary.AppendVarint(b, int64(l.ReportDate))
	// A kind byte: bit 0 an instant follows, bit 1 a period follows.
	var kind byte
	if l.HasInstant() {
		kind |= 1
	}
	if l.HasPeriod() || !l.HasInstant() {
		kind |= 2
	}
	b = append(b, kind)
	if kind&1 != 0 {
		b = binary.AppendVarint(b, l.WatchedAt.Unix())
		b = binary.AppendUvarint(b, uint64(l.WatchedAt.Nanosecond()))
	}
	if kind&2 != 0 {
		b = binary.AppendVarint(b, int64(l.PeriodStart))
		b = binary.AppendVarint(b, int64(l.PeriodEnd))
	}
	b = appendDecimal(b, l.Quantity)
	b = append(b, unitIndex(l.Unit))
	amountAt := len(b)
	b = appendDecimal(b, l.Amount)
	amount := b[amountAt:len(b):len(b)]
	b = appendString(b, l.Currency)
	switch {
	case r.pending:
		b = append(b, 0)
	case r.revenue == l.Amount:
		// A USD line's revenue is its amount, the very same decimal:
		// its bytes are written already.
		b = append(append(b, 1), amount...)
	default:
		b = append(b, 1)
		b = appendDecimal(b, r.revenue)
	}
	b = append(b, byte(l.Status))
	b = appendString(b, l.TransactionID)
	b = binary.AppendUvarint(b, uint64(r.fileNo))
	return binary.AppendUvarint(b, uint64(l.Source.Line))
}

// decodedRow is a raw row read back; names are resolved by the caller.
type decodedRow struct {
	storedRow
	item LineItem
}

type rowReader struct {
	b   []byte
	err error
}

func (r *rowReader) uvarint() uint64 {
	if r.err != nil {
		return 0
	}
	v, n := binary.Uvarint(r.b)
	if n <= 0 {
		r.err = errShortRow
		return 0
	}
	r.b = r.b[n:]
	return v
}

func (r *rowReader) varint() int64 {
	if r.err != nil {
		return 0
	}
	v, n := binary.Varint(r.b)
	if n <= 0 {
		r.err = errShortRow
		return 0
	}
	r.b = r.b[n:]
	return v
}

func (r *rowReader) byte() byte {
	if r.err != nil || len(r.b) == 0 {
		r.err = errShortRow
		return 0
	}
	c := r.b[0]
	r.b = r.b[1:]
	return c
}

func (r *rowReader) string() string {
	n := r.uvarint()
	if r.err != nil || uint64(len(r.b)) < n {
		r.err = errShortRow
		return ""
	}
	s := string(r.b[:n])
	r.b = r.b[n:]
	return s
}

func (r *rowReader) decimal() decimal.Decimal {
	exp := int32(r.varint())
	switch r.byte() {
	case 0:
		return decimal.New(r.varint(), exp)
	default:
		s := r.string()
		x, ok := new(big.Int).SetString(s, 10)
		if !ok && r.err == nil {
			r.err = errShortRow
		}
		return decimal.NewFromBigInt(x, exp)
	}
}

// readRow decodes the next row of a block.
func (r *rowReader) readRow() (decodedRow, error) {
	var d decodedRow
	d.title = uint32(r.uvarint())
	d.channel = uint32(r.uvarint())
	d.country = r.byte()
	d.item.ReportDate = Date(r.varint())
	// Kind 0 (a period) was written before lines could carry both.
	kind := r.byte()
	if kind == 0 {
		kind = 2
	}
	if kind&1 != 0 {
		sec := r.varint()
		nsec := r.uvarint()
		d.item.WatchedAt = time.Unix(sec, int64(nsec)).UTC()
	}
	if kind&2 != 0 {
		d.item.PeriodStart = Date(r.varint())
		d.item.PeriodEnd = Date(r.varint())
	}
	d.item.Quantity = r.decimal()
	if u := int(r.byte()); u < len(Units) {
		d.item.Unit = Units[u]
	}
	d.item.Amount = r.decimal()
	d.item.Currency = r.string()
	if r.byte() == 0 {
		d.pending = true
	} else {
		d.revenue = r.decimal()
	}
	d.item.Status = Status(r.byte())
	d.item.TransactionID = r.string()
	d.fileNo = uint32(r.uvarint())
	d.item.Source.Line = int(r.uvarint())
	if r.err != nil {
		return d, fmt.Errorf("raw line item: %w: %w", ErrCorrupt, r.err)
	}
	return d, nil
}

func appendDecimal(b []byte, d decimal.Decimal) []byte {
	b = binary.AppendVarint(b, int64(d.Exponent()))
	if c, ok := coefficient64(d); ok {
		b = append(b, 0)
		return binary.AppendVarint(b, c)
	}
	b = append(b, 1)
	return appendString(b, d.Coefficient().String())
}

func appendString(b []byte, s string) []byte {
	b = binary.AppendUvarint(b, uint64(len(s)))
	return append(b, s...)
}

func unitIndex(unit string) byte {
	for i, u := range Units {
		if u == unit {
			return byte(i)
		}
	}
	return 0
}
