package store

import (
	"bytes"
	"cmp"
	"encoding/binary"
	"encoding/json"
	"errors"
	"fmt"
	"slices"
	"sort"
	"time"

	"github.com/shopspring/decimal"
	bolt "go.etcd.io/bbolt"
)

// maxRateAge is how much older than a line's conversion date its rate may
// be (FORMATS.md: at most 14 days); without one the line is pending.
const maxRateAge = 14

// revenuePlaces is where converted revenue is rounded, half away from zero.
const revenuePlaces = 12

func rateKey(currency string, d Date) []byte {
	k := make([]byte, 0, 7)
	k = append(k, currency...)
	return binary.BigEndian.AppendUint32(k, uint32(d))
}

// rateBook answers conversions inside one transaction, remembering answers
// because a file's lines share a handful of dates.
type rateBook struct {
	b     *bolt.Bucket
	cache map[rateQuery]ratePair
}

type rateQuery struct {
	currency string
	date     Date
}

type ratePair struct {
	usd, cur decimal.Decimal
	ok       bool
}

func newRateBook(tx *bolt.Tx) *rateBook {
	return &rateBook{b: tx.Bucket(bucketRates), cache: map[rateQuery]ratePair{}}
}

// conversionDate is the line's period end, or the UTC date of its instant.
func conversionDate(l *LineItem) Date {
	if !l.HasPeriod() {
		return utcDate(l.WatchedAt)
	}
	return l.PeriodEnd
}

// convert returns the line's revenue in USD, or pending when no rate
// within maxRateAge days of its conversion date is known.
func (r *rateBook) convert(l *LineItem) (rev decimal.Decimal, pending bool) {
	if l.Currency == "USD" {
		return l.Amount, false
	}
	q := rateQuery{l.Currency, conversionDate(l)}
	p, ok := r.cache[q]
	if !ok {
		p = r.lookup(q)
		r.cache[q] = p
	}
	if !p.ok {
		return decimal.Decimal{}, true
	}
	return l.Amount.Mul(p.usd).DivRound(p.cur, revenuePlaces), false
}

// lookup finds the newest date on or before q.date, at most maxRateAge days
// older, on which both the currency and USD have a rate.
func (r *rateBook) lookup(q rateQuery) ratePair {
	// EUR is the base: its rate is 1 on every day USD has one.
	walk := q.currency
	if walk == "EUR" {
		walk = "USD"
	}
	c := r.b.Cursor()
	// Seek lands on the first key after q.date (or past the end): the
	// walk starts one step back from there.
	var v []byte
	k, _ := c.Seek(rateKey(walk, q.date+1))
	if k == nil {
		k, v = c.Last()
	} else {
		k, v = c.Prev()
	}
	for ; k != nil && bytes.HasPrefix(k, []byte(walk)); k, v = c.Prev() {
		d := Date(binary.BigEndian.Uint32(k[3:]))
		if d < q.date-maxRateAge {
			break
		}
		cur, err := decimal.NewFromString(string(v))
		if err != nil || !cur.IsPositive() {
			continue
		}
		if q.currency == "EUR" {
			return ratePair{usd: cur, cur: decimal.NewFromInt(1), ok: true}
		}
		if uv := r.b.Get(rateKey("USD", d)); uv != nil {
			usd, err := decimal.NewFromString(string(uv))
			if err == nil && usd.IsPositive() {
				return ratePair{usd: usd, cur: cur, ok: true}
			}
		}
	}
	return ratePair{}
}

// rowFix is a pending line that a rates file converted.
type rowFix struct {
	part *partition
	idx  int
	col  column
}

// PostRates stores exchange rates (later values replace earlier ones for
// the same date and currency) and, in the same transaction, converts every
// pending line of every account that the rates now cover. Rates are public
// reference data, which is why this is the one write that reaches across
// accounts; it reveals nothing of one account to another. It returns the
// file record and the number of lines converted.
func (db *DB) PostRates(rec FileRecord, rates []Rate) (FileRecord, int, error) {
	for _, r := range rates {
		if len(r.Currency) != 3 || !isUpper(r.Currency) || !r.PerEUR.IsPositive() || r.Date < MinDate || r.Date > MaxDate {
			return rec, 0, fmt.Errorf("%w: rate %s %s on %s", ErrInvalidLine, r.PerEUR, r.Currency, r.Date)
		}
	}
	for {
		out, converted, err := db.postRates(rec, rates)
		if !errors.Is(err, errAccountsChanged) {
			return out, converted, err
		}
	}
}

// errAccountsChanged: an account was created between listing the accounts
// and writing; postRates starts again so that it converts that one too.
var errAccountsChanged = errors.New("accounts changed")

func (db *DB) postRates(rec FileRecord, rates []Rate) (FileRecord, int, error) {
	names, err := db.Accounts()
	if err != nil {
		return rec, 0, err
	}
	var accts []*account
	for _, name := range names {
		h, err := db.ExistingAccount(name)
		if err != nil {
			return rec, 0, err
		}
		accts = append(accts, h.a)
	}
	sort.Slice(accts, func(i, j int) bool { return accts[i].name < accts[j].name })
	for _, a := range accts {
		a.writeMu.Lock()
		defer a.writeMu.Unlock()
	}

	rec.ImportedAt = time.Now().UTC()
	rec.Stored, rec.Pending, rec.Superseded, rec.Duplicates = len(rates), 0, 0, 0
	fixes := map[*account][]rowFix{}
	converted := 0
	err = db.update(func(tx *bolt.Tx) error {
		files := tx.Bucket(bucketRateFiles)
		if files.Get([]byte(rec.SHA256)) != nil {
			return ErrDuplicateFile
		}
		// Accounts are created without these locks: one made since the
		// list above would keep lines pending that the rates cover.
		n := 0
		tx.Bucket(bucketAccounts).ForEachBucket(func([]byte) error { n++; return nil })
		if n != len(accts) {
			return errAccountsChanged
		}
		b := tx.Bucket(bucketRates)
		for _, r := range inKeyOrder(rates) {
			if err := b.Put(rateKey(r.Currency, r.Date), []byte(r.PerEUR.String())); err != nil {
				return err
			}
		}
		book := newRateBook(tx)
		w := windowOf(rates)
		for _, a := range accts {
			f, n, err := a.convertPending(a.bucket(tx), book, w)
			if err != nil {
				return fmt.Errorf("account %s: %w", a.name, err)
			}
			fixes[a] = f
			converted += n
		}
		raw, _ := json.Marshal(rec)
		return files.Put([]byte(rec.SHA256), raw)
	})
	if err != nil {
		return rec, 0, err
	}
	for a, f := range fixes {
		if len(f) == 0 {
			continue
		}
		a.mu.Lock()
		touched := map[*partition]bool{}
		for _, fx := range f {
			fx.part.setColumn(fx.idx, fx.col)
			touched[fx.part] = true
		}
		for part := range touched {
			part.rebuild(&a.coverage, len(a.titles.names))
		}
		a.version++
		a.mu.Unlock()
		a.notify()
	}
	return rec, converted, nil
}

// inKeyOrder returns the rates sorted by their key (currency, then date),
// the last of a file's values for one key kept. A rates file lists days
// newest first with every currency on a row: put in that order, each Put
// lands on another page of the B+tree and splits it, and the full ECB
// history took minutes, growing faster than the file. In key order bbolt
// appends, and the time is linear.
func inKeyOrder(rates []Rate) []Rate {
	// Sorting small keys and the rates' positions, not the rates, keeps
	// the sort cheap; the position breaks ties, so of equal keys the
	// file's last comes last.
	type keyed struct {
		key uint64 // currency letters, then the date
		at  int
	}
	keys := make([]keyed, len(rates))
	for i, r := range rates {
		c := uint64(r.Currency[0])<<16 | uint64(r.Currency[1])<<8 | uint64(r.Currency[2])
		keys[i] = keyed{c<<32 | uint64(uint32(r.Date)), i}
	}
	slices.SortFunc(keys, func(x, y keyed) int {
		if c := cmp.Compare(x.key, y.key); c != 0 {
			return c
		}
		return cmp.Compare(x.at, y.at)
	})
	out := make([]Rate, 0, len(rates))
	for i, k := range keys {
		if i+1 < len(keys) && keys[i+1].key == k.key {
			continue // a later value for the same day replaces this one
		}
		out = append(out, rates[k.at])
	}
	return out
}

// rateWindow is the span of conversion dates a rates file can change: its
// dates, up to maxRateAge days after the last (a rate serves that long).
type rateWindow struct{ from, to Date }

func windowOf(rates []Rate) rateWindow {
	w := rateWindow{from: MaxDate, to: MinDate}
	for _, r := range rates {
		w.from, w.to = min(w.from, r.Date), max(w.to, r.Date+maxRateAge)
	}
	return w
}

// mayHold reports whether a partition can hold lines whose conversion date
// (period end, or the UTC date of the instant) falls in the window: a
// line's partition is the month of its watch date, which comes before its
// period end by at most half the period, and periods of a year are rare.
func (w rateWindow) mayHold(part *partition) bool {
	const longestHalfPeriod = 200 // days
	return part.first <= w.to+1 && part.last+longestHalfPeriod >= w.from-1
}

// convertPending rewrites the raw blocks and column segments of the lines
// whose revenue the rates now decide differently: pending lines they
// cover, and converted lines for which they bring a newer or corrected
// rate (later values replace earlier ones, so the order files arrive in
// never matters). The in-memory index is left alone: the caller applies
// the returned fixes after the commit. It returns how many of the fixes
// were pending lines.
func (a *account) convertPending(b *bolt.Bucket, book *rateBook, w rateWindow) ([]rowFix, int, error) {
	var fixes []rowFix
	pendingFixed := 0
	rows := b.Bucket(bucketRows)
	for _, part := range a.parts {
		inWindow := w.mayHold(part)
		var partFixes []rowFix
		for block := 0; block*blockRows < part.len(); block++ {
			lo, hi := block*blockRows, min((block+1)*blockRows, part.len())
			has := inWindow
			for i := lo; i < hi && !has; i++ {
				has = part.flags[i]&flagPending != 0
			}
			if !has {
				continue
			}
			key := partKey(part.month, uint32(block))
			raw, err := a.unsealed(blockName(part.month, block), key, rows.Get(key))
			if err != nil {
				return nil, 0, err
			}
			r := rowReader{b: raw}
			var out []byte
			changed := false
			for i := lo; i < hi; i++ {
				d, err := r.readRow()
				if err != nil {
					return nil, 0, a.namedDamage(blockName(part.month, block), err)
				}
				d.line = &d.item
				if d.item.Currency != "USD" && (d.pending || inWindow) {
					rev, pending := book.convert(&d.item)
					if !pending && (d.pending || !rev.Equal(d.revenue)) {
						if d.pending {
							pendingFixed++
						}
						d.revenue, d.pending, changed = rev, false, true
						c := part.column(i)
						c.setRevenue(rev)
						partFixes = append(partFixes, rowFix{part, i, c})
					}
				}
				out = appendRow(out, &d.storedRow)
			}
			if changed {
				if err := rows.Put(key, seal(key, out)); err != nil {
					return nil, 0, err
				}
			}
		}
		if len(partFixes) == 0 {
			continue
		}
		if err := a.rewriteSegments(b, part, partFixes); err != nil {
			return nil, 0, err
		}
		fixes = append(fixes, partFixes...)
	}
	return fixes, pendingFixed, nil
}

// rewriteSegments writes the column segments that fixes touch, with the
// fixes applied, leaving the in-memory partition as it is.
func (a *account) rewriteSegments(b *bolt.Bucket, part *partition, fixes []rowFix) error {
	bySeg := map[int][]rowFix{}
	for _, f := range fixes {
		bySeg[f.idx/segmentRows] = append(bySeg[f.idx/segmentRows], f)
	}
	for seg, fs := range bySeg {
		lo, hi := seg*segmentRows, min((seg+1)*segmentRows, part.len())
		tmp := newPartition(part.month)
		for i := lo; i < hi; i++ {
			tmp.append(part.column(i))
		}
		for _, f := range fs {
			tmp.setColumn(f.idx-lo, f.col)
		}
		key := partKey(part.month, uint32(seg))
		if err := b.Bucket(bucketColumns).Put(key, seal(key, tmp.encodeSegment(0, tmp.len()))); err != nil {
			return err
		}
	}
	return nil
}
