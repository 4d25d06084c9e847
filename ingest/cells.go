package ingest

import (
	"strings"
	"time"

	"github.com/shopspring/decimal"

	"marquee/store"
)

// The helpers below convert one cell of a data row and, when it is bad,
// build the error naming the file, line, column and value.

func (fc *fileContext) number(r row, l *layout, c int) (decimal.Decimal, error) {
	v := l.get(r, c)
	// parseNumber, with plain figures shared through the file's cache.
	if coef, scale, ok := plainDigits(v); ok {
		return fc.decimals.get(coef, scale, int(fc.size)), nil
	}
	d, ok := formattedNumber(v)
	if !ok {
		if strings.TrimSpace(v) == "" {
			return d, fc.fail(r.line, l.names[c], ErrNumber, "a number is required, the cell is empty")
		}
		return d, fc.fail(r.line, l.names[c], ErrNumber, quote(v)+" is not a number")
	}
	return d, nil
}

// numberOrZero is number for columns where a channel leaves zero blank.
func (fc *fileContext) numberOrZero(r row, l *layout, c int) (decimal.Decimal, error) {
	if strings.TrimSpace(l.get(r, c)) == "" {
		return decimal.Zero, nil
	}
	return fc.number(r, l, c)
}

func (fc *fileContext) date(r row, l *layout, c int) (store.Date, error) {
	v := l.get(r, c)
	m := &l.memo[c]
	if m.raw == v && v != "" {
		return m.date, nil
	}
	if d, ok := m.sameMonth(v); ok {
		*m = dateMemo{raw: v, date: d}
		return d, nil
	}
	d, err := parseDate(v)
	if err != nil {
		return 0, fc.fail(r.line, l.names[c], ErrDate, quote(v)+" "+err.Error())
	}
	l.memo[c] = dateMemo{raw: v, date: d}
	return d, nil
}

func (fc *fileContext) instant(r row, l *layout, c int) (time.Time, error) {
	v := l.get(r, c)
	t, err := parseInstant(v)
	if err != nil {
		return t, fc.fail(r.line, l.names[c], ErrDate, quote(v)+" "+err.Error())
	}
	return t, nil
}

func (fc *fileContext) country(r row, l *layout, c int) (string, error) {
	v := l.get(r, c)
	code, ok := normalizeCountry(v)
	if !ok {
		return "", fc.fail(r.line, l.names[c], ErrCountry, quote(v)+" is not an ISO 3166-1 alpha-2 country code")
	}
	return code, nil
}

func (fc *fileContext) currency(r row, l *layout, c int) (string, error) {
	v := l.get(r, c)
	code, ok := normalizeCurrency(v)
	if !ok {
		return "", fc.fail(r.line, l.names[c], ErrCurrency, quote(v)+" is not an ISO 4217 currency code")
	}
	return code, nil
}

// title reads a required name cell (title, channel).
func (fc *fileContext) title(r row, l *layout, c int) (string, error) {
	raw := l.get(r, c)
	// fc.names holds normalised names only, so a cell found there as it
	// stands is already normal: one lookup then does the whole job.
	if v, ok := fc.names[raw]; ok {
		return v, nil
	}
	t := normalizeTitle(raw)
	if t == "" {
		return "", fc.fail(r.line, l.names[c], ErrRequired, "the title is empty")
	}
	return fc.intern(t), nil
}

// period checks that a reported period does not end before it starts.
func (fc *fileContext) period(r row, l *layout, end int, start, stop store.Date) error {
	if stop < start {
		return fc.fail(r.line, l.names[end], ErrPeriod, "the period ends ("+stop.String()+") before it starts ("+start.String()+")")
	}
	return nil
}
