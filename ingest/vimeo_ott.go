package ingest

import (
	"strings"
	"time"

	"marquee/store"
)

// vimeoOTT reads the Transactions export of Vimeo OTT: one row per rental,
// purchase or subscription charge, at the instant it was made. A refunded
// row adds a reversal at the instant of the refund, so that the sale stays
// in its month and the refund lands in its own.
type vimeoOTT struct{}

func (vimeoOTT) name() string    { return "vimeo-ott" }
func (vimeoOTT) delimiter() byte { return ',' }

func (vimeoOTT) detect(head []row) (int, bool) {
	return 0, len(head) > 0 && headerHas(head[0], "purchase_type", "vhx_fee")
}

const (
	voID = iota
	voProductID
	voProduct
	voSite
	voType
	voAmount
	voCurrency
	voFee
	voCreated
	voRefunded
	voCountry
)

var vimeoOTTColumns = []column{
	voID:        col("id"),
	voProductID: optCol("product_id"),
	voProduct:   col("product_name"),
	voSite:      optCol("site_title"),
	voType:      col("purchase_type"),
	voAmount:    col("amount"),
	voCurrency:  col("amount_currency"),
	voFee:       col("vhx_fee"),
	voCreated:   col("created_at"),
	voRefunded:  optCol("refunded_at"),
	voCountry:   optCol("country_code", "country"),
}

// idVimeo is the scheme of Vimeo OTT's product_id.
const idVimeo = "vimeo"

var vimeoOTTIDs = []idColumn{{voProductID, idVimeo}}

// vimeoUnit maps purchase_type to a unit.
func vimeoUnit(kind string) (string, bool) {
	switch strings.ToLower(kind) {
	case "rental":
		return "rentals", true
	case "purchase":
		return "purchases", true
	case "subscription":
		return "subscriptions", true
	}
	return "", false
}

func (vimeoOTT) parse(fc *fileContext, header row, rows *rowIter) error {
	l, err := resolve(fc, header, vimeoOTTColumns)
	if err != nil {
		return err
	}
	base := store.LineItem{Channel: "Vimeo OTT", Quantity: one, Status: store.Estimated}
	return rows.each(func(r row) error {
		if err := l.fits(fc, r); err != nil {
			return err
		}
		li := base
		if err := vimeoSale(fc, r, l, &li); err != nil {
			return err
		}
		fc.out.RowsRead++
		if err := fc.emit(&li, r.line); err != nil {
			return err
		}
		if strings.TrimSpace(l.get(r, voRefunded)) == "" {
			return nil
		}
		refund, err := vimeoInstant(fc, r, l, voRefunded)
		if err != nil {
			return err
		}
		if refund.Before(li.WatchedAt) {
			return fc.fail(r.line, l.names[voRefunded], ErrPeriod, "the refund ("+refund.Format(time.RFC3339)+") is dated before the sale ("+li.WatchedAt.Format(time.RFC3339)+")")
		}
		li.WatchedAt, li.ReportDate = refund, store.DateIn(refund, time.UTC)
		li.Quantity, li.Amount = minusOne, li.Amount.Neg()
		li.TransactionID += "-refund"
		return fc.emit(&li, r.line)
	})
}

// vimeoSale fills the line of the transaction itself.
func vimeoSale(fc *fileContext, r row, l *layout, li *store.LineItem) error {
	id := strings.TrimSpace(l.get(r, voID))
	if id == "" {
		return fc.fail(r.line, l.names[voID], ErrRequired, "the transaction id is empty")
	}
	li.TransactionID = strings.Clone(id)
	var err error
	if li.WatchedAt, err = vimeoInstant(fc, r, l, voCreated); err != nil {
		return err
	}
	li.ReportDate = store.DateIn(li.WatchedAt, time.UTC)
	// A subscription to a whole site may name no product: the site is then
	// what was sold.
	titleCol := voProduct
	if strings.TrimSpace(l.get(r, voProduct)) == "" && strings.TrimSpace(l.get(r, voSite)) != "" {
		titleCol = voSite
	}
	if err = fc.filmOf(r, l, li, titleCol); err != nil {
		return err
	}
	kind := strings.TrimSpace(l.get(r, voType))
	var ok bool
	if li.Unit, ok = vimeoUnit(kind); !ok {
		return fc.fail(r.line, l.names[voType], ErrUnit, quote(kind)+" is not a purchase type marquee knows (rental, purchase or subscription)")
	}
	// units = 2 marks a renewal: still one charge, so quantity stays 1.
	amount, err := fc.number(r, l, voAmount)
	if err != nil {
		return err
	}
	fee, err := fc.numberOrZero(r, l, voFee)
	if err != nil {
		return err
	}
	li.Amount = amount.Sub(fee)
	if li.Currency, err = fc.currency(r, l, voCurrency); err != nil {
		return err
	}
	if li.Country, err = fc.country(r, l, voCountry); err != nil {
		return err
	}
	li.Identifiers = fc.identifiers(r, l, vimeoOTTIDs)
	return nil
}

// vimeoInstantLayouts are the shapes of Vimeo's timestamps besides RFC
// 3339: `2024-06-03 18:22:10`, with ` UTC` or an offset, or neither (UTC).
var vimeoInstantLayouts = []string{
	"2006-01-02 15:04:05",
	"2006-01-02 15:04:05 -0700",
	"2006-01-02 15:04:05-0700",
	"2006-01-02 15:04:05 -07:00",
	"2006-01-02 15:04:05-07:00",
}

// vimeoInstant reads a timestamp cell, in UTC.
func vimeoInstant(fc *fileContext, r row, l *layout, c int) (time.Time, error) {
	v := strings.TrimSpace(l.get(r, c))
	if len(v) > 10 && v[10] == 'T' {
		t, err := fc.instant(r, l, c)
		return t.UTC(), err
	}
	s := strings.TrimSpace(strings.TrimSuffix(v, "UTC"))
	for _, layout := range vimeoInstantLayouts {
		t, err := time.Parse(layout, s)
		if err != nil {
			continue
		}
		if d := store.DateIn(t, time.UTC); t.Year() < 1970 || d < store.MinDate || d > store.MaxDate {
			return time.Time{}, fc.fail(r.line, l.names[c], ErrDate, quote(v)+" "+errDateRange.Error())
		}
		return t.UTC(), nil
	}
	if v == "" {
		return time.Time{}, fc.fail(r.line, l.names[c], ErrDate, "a date and time is required, the cell is empty")
	}
	return time.Time{}, fc.fail(r.line, l.names[c], ErrDate, quote(v)+" is not a date and time (YYYY-MM-DD HH:MM:SS [UTC] or RFC 3339)")
}
