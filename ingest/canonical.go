package ingest

import (
	"strings"

	"marquee/store"
)

// canonical reads the project's own CSV: any channel, one line item per
// row, every field explicit.
type canonical struct{}

func (canonical) name() string    { return "canonical" }
func (canonical) delimiter() byte { return ',' }

func (canonical) detect(head []row) (int, bool) {
	return 0, len(head) > 0 && headerHas(head[0], "report_date")
}

const (
	cnReport = iota
	cnStart
	cnEnd
	cnTitle
	cnChannel
	cnCountry
	cnQuantity
	cnUnit
	cnAmount
	cnCurrency
	cnWatched
	cnTxn
	cnStatus
)

var canonicalColumns = []column{
	cnReport:   col("report_date"),
	cnStart:    col("period_start"),
	cnEnd:      col("period_end"),
	cnTitle:    col("title"),
	cnChannel:  col("channel"),
	cnCountry:  col("country"),
	cnQuantity: col("quantity"),
	cnUnit:     col("unit"),
	cnAmount:   col("amount"),
	cnCurrency: col("currency"),
	cnWatched:  optCol("watched_at"),
	cnTxn:      optCol("transaction_id"),
	cnStatus:   optCol("status"),
}

func (canonical) parse(fc *fileContext, header row, rows *rowIter) error {
	l, err := resolve(fc, header, canonicalColumns)
	if err != nil {
		return err
	}
	var lastChannel string // rows of one channel come in runs: skip re-normalizing
	return rows.each(func(r row) error {
		var err error
		if err = l.fits(fc, r); err != nil {
			return err
		}
		var li store.LineItem
		if li.ReportDate, err = fc.date(r, l, cnReport); err != nil {
			return err
		}
		if err = canonicalWhen(fc, r, l, &li); err != nil {
			return err
		}
		if li.Title, err = fc.title(r, l, cnTitle); err != nil {
			return err
		}
		if ch := l.get(r, cnChannel); ch == lastChannel && ch != "" {
			li.Channel = fc.lastChannel
		} else if li.Channel, err = fc.title(r, l, cnChannel); err != nil {
			return fc.fail(r.line, l.names[cnChannel], ErrRequired, "the channel is empty")
		} else {
			lastChannel = ch
		}
		if li.Country, err = fc.country(r, l, cnCountry); err != nil {
			return err
		}
		if li.Quantity, err = fc.number(r, l, cnQuantity); err != nil {
			return err
		}
		var ok bool
		if li.Unit, ok = normalizeUnit(l.get(r, cnUnit)); !ok {
			return fc.fail(r.line, l.names[cnUnit], ErrUnit, quote(l.get(r, cnUnit))+" is not a unit (one of "+strings.Join(store.Units, ", ")+")")
		}
		if li.Amount, err = fc.number(r, l, cnAmount); err != nil {
			return err
		}
		if li.Currency, err = fc.currency(r, l, cnCurrency); err != nil {
			return err
		}
		if li.Status, ok = store.ParseStatus(strings.ToLower(strings.TrimSpace(l.get(r, cnStatus)))); !ok {
			return fc.fail(r.line, l.names[cnStatus], ErrStatus, quote(l.get(r, cnStatus))+" is not a status (estimated or final)")
		}
		if id := strings.TrimSpace(l.get(r, cnTxn)); id != "" {
			li.TransactionID = strings.Clone(id)
		}
		fc.out.RowsRead++
		return fc.emit(&li, r.line)
	})
}

// canonicalWhen reads when the line happened: an instant, a complete
// period, or both; a half period is always an error.
func canonicalWhen(fc *fileContext, r row, l *layout, li *store.LineItem) error {
	var err error
	if strings.TrimSpace(l.get(r, cnWatched)) != "" {
		if li.WatchedAt, err = fc.instant(r, l, cnWatched); err != nil {
			return err
		}
	}
	hasStart := strings.TrimSpace(l.get(r, cnStart)) != ""
	hasEnd := strings.TrimSpace(l.get(r, cnEnd)) != ""
	switch {
	case !hasStart && !hasEnd:
		if li.WatchedAt.IsZero() {
			return fc.fail(r.line, l.names[cnStart], ErrPeriod, "the row has neither watched_at nor period_start and period_end")
		}
		return nil
	case !hasStart:
		return fc.fail(r.line, l.names[cnStart], ErrPeriod, "period_end is set but period_start is empty")
	case !hasEnd:
		return fc.fail(r.line, l.names[cnEnd], ErrPeriod, "period_start is set but period_end is empty")
	}
	if li.PeriodStart, err = fc.date(r, l, cnStart); err != nil {
		return err
	}
	// A one-day period repeats its start: the date is known then.
	if end := l.get(r, cnEnd); end == l.get(r, cnStart) {
		li.PeriodEnd = li.PeriodStart
	} else if li.PeriodEnd, err = fc.date(r, l, cnEnd); err != nil {
		return err
	}
	return fc.period(r, l, cnEnd, li.PeriodStart, li.PeriodEnd)
}

// CanonicalHeader is the header row of the project's own CSV, for the
// dashboard's getting-started note and the docs: anyone can write this
// file by hand.
func CanonicalHeader() string {
	names := make([]string, len(canonicalColumns))
	for i, c := range canonicalColumns {
		names[i] = c.names[0]
	}
	return strings.Join(names, ",")
}
