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
	// sourceFile is the line's Source.File where it is not the file
	// record's name: an archive member, "ARCHIVE:MEMBER". Empty otherwise.
	sourceFile string
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
	b = binary.AppendUvarint(b, uint64(l.Source.Line))
	return appendExtras(b, r)
}

// Bits of a row's extras byte (schema 2): which of the fields the title
// catalog needs follow, in this order. Most lines have none, and then the
// byte is all they cost.
const (
	extraRawTitle   = 1 << iota // the raw title, where it is not the title
	extraEpisode                // the episode or season
	extraIDs                    // the identifiers: a count, then each
	extraAdjustment             // the channel's adjustment type
	extraSourceFile             // the source file, where not the record's name
)

func appendExtras(b []byte, r *storedRow) []byte {
	l := r.line
	var bits byte
	if l.RawTitle != "" && l.RawTitle != l.Title {
		bits |= extraRawTitle
	}
	if l.Episode != "" {
		bits |= extraEpisode
	}
	if len(l.Identifiers) > 0 {
		bits |= extraIDs
	}
	if l.Adjustment != "" {
		bits |= extraAdjustment
	}
	if r.sourceFile != "" {
		bits |= extraSourceFile
	}
	b = append(b, bits)
	if bits&extraRawTitle != 0 {
		b = appendString(b, l.RawTitle)
	}
	if bits&extraEpisode != 0 {
		b = appendString(b, l.Episode)
	}
	if bits&extraIDs != 0 {
		b = binary.AppendUvarint(b, uint64(len(l.Identifiers)))
		for _, id := range l.Identifiers {
			b = appendString(b, id)
		}
	}
	if bits&extraAdjustment != 0 {
		b = appendString(b, l.Adjustment)
	}
	if bits&extraSourceFile != 0 {
		b = appendString(b, r.sourceFile)
	}
	return b
}

// maxRowIDs bounds the identifiers one stored row may claim to have, so a
// damaged count cannot allocate without end.
const maxRowIDs = 64

func (r *rowReader) extras(d *decodedRow) {
	bits := r.byte()
	if bits&extraRawTitle != 0 {
		d.item.RawTitle = r.string()
	}
	if bits&extraEpisode != 0 {
		d.item.Episode = r.string()
	}
	if bits&extraIDs != 0 {
		n := r.uvarint()
		if n > maxRowIDs {
			r.err = errShortRow
			return
		}
		d.item.Identifiers = make([]string, 0, n)
		for range n {
			d.item.Identifiers = append(d.item.Identifiers, r.string())
		}
	}
	if bits&extraAdjustment != 0 {
		d.item.Adjustment = r.string()
	}
	if bits&extraSourceFile != 0 {
		d.sourceFile = r.string()
	}
	if bits >= extraSourceFile<<1 && r.err == nil {
		r.err = errShortRow // a bit this schema does not know
	}
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
	d := r.readRowV1()
	r.extras(&d)
	if r.err != nil {
		return d, fmt.Errorf("raw line item: %w: %w", ErrCorrupt, r.err)
	}
	return d, nil
}

// readRowV1 decodes a row as schema 1 wrote it, without the extras: the
// rows of every schema begin so.
func (r *rowReader) readRowV1() decodedRow {
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
	return d
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
