package ingest

import (
	"strings"

	"github.com/shopspring/decimal"

	"marquee/store"
)

// amazonPVD reads the earnings report of Amazon Prime Video Direct: final
// royalties for a month, per title, territory and way of watching (rent,
// buy, included with Prime, free with ads).
type amazonPVD struct{}

func (amazonPVD) name() string    { return "amazon-pvd" }
func (amazonPVD) delimiter() byte { return ',' }

// detect looks past any rows above the header: the column order of these
// exports is not established, so neither is what may come first.
func (amazonPVD) detect(head []row) (int, bool) {
	for i, r := range head {
		if headerHas(r, "Royalty Amount", "Consumption Type", "Period Start", "Period End") {
			return i, true
		}
	}
	return 0, false
}

const (
	azTitle = iota
	azItemSet
	azConsumption
	azQuantity
	azRefund
	azStreamed
	azImpressions
	azRoyalty
	azCurrency
	azTerritory
	azStart
	azEnd
	azASIN
	azTitleID
)

var amazonPVDColumns = []column{
	azTitle:       col("Title Name"),
	azItemSet:     optCol("ItemSet Name"),
	azConsumption: col("Consumption Type"),
	azQuantity:    col("Quantity"),
	azRefund:      optCol("Is Refund"),
	azStreamed:    optCol("Duration Streamed"),
	azImpressions: optCol("Paid Ad Impressions"),
	azRoyalty:     col("Royalty Amount"),
	azCurrency:    col("Royalty Currency"),
	azTerritory:   col("Territory"),
	azStart:       col("Period Start"),
	azEnd:         col("Period End"),
	azASIN:        optCol("ASIN"),
	azTitleID:     optCol("Title/ItemSet ID", "Title / ItemSet ID"),
}

// Identifier schemes of Prime Video Direct.
const (
	idASIN   = "asin"   // ASIN, Amazon's catalogue number
	idAmazon = "amazon" // Title/ItemSet ID, Prime Video Direct's own
)

var amazonPVDIDs = []idColumn{{azASIN, idASIN}, {azTitleID, idAmazon}}

func (amazonPVD) parse(fc *fileContext, header row, rows *rowIter) error {
	base := store.LineItem{Channel: "Amazon Prime Video", Status: store.Final}
	return eachLine(fc, header, rows, amazonPVDColumns, base, func(r row, l *layout, li *store.LineItem) error {
		var err error
		if li.PeriodStart, err = fc.date(r, l, azStart); err != nil {
			return err
		}
		if li.PeriodEnd, err = fc.date(r, l, azEnd); err != nil {
			return err
		}
		if err = fc.period(r, l, azEnd, li.PeriodStart, li.PeriodEnd); err != nil {
			return err
		}
		li.ReportDate = li.PeriodEnd
		// An episode is sold in an item set (a season or series): the set
		// is the title the filmmaker owns.
		if strings.TrimSpace(l.get(r, azItemSet)) != "" {
			err = fc.episodeOf(r, l, li, azItemSet, azTitle)
		} else {
			err = fc.filmOf(r, l, li, azTitle)
		}
		if err != nil {
			return err
		}
		if li.Country, err = fc.country(r, l, azTerritory); err != nil {
			return err
		}
		if err = amazonQuantity(fc, r, l, li); err != nil {
			return err
		}
		if li.Amount, err = fc.number(r, l, azRoyalty); err != nil {
			return err
		}
		if li.Currency, err = fc.currency(r, l, azCurrency); err != nil {
			return err
		}
		switch v := strings.TrimSpace(l.get(r, azRefund)); {
		case v == "" || strings.EqualFold(v, "No"):
		case strings.EqualFold(v, "Yes"):
			makeNegative(li)
		default:
			return fc.fail(r.line, l.names[azRefund], ErrStatus, quote(v)+" is neither Yes nor No")
		}
		li.Identifiers = fc.identifiers(r, l, amazonPVDIDs)
		return nil
	})
}

// amazonQuantity counts a line by how it was watched: rentals and
// purchases by Quantity; streams (Prime, free with ads) by the hours
// streamed, or by paid ad impressions where no time is reported.
func amazonQuantity(fc *fileContext, r row, l *layout, li *store.LineItem) error {
	kind := strings.ToLower(strings.TrimSpace(l.get(r, azConsumption)))
	var err error
	switch {
	case kind == "":
		return fc.fail(r.line, l.names[azConsumption], ErrRequired, "the consumption type is empty (Rent, Buy, a subscription or free with ads)")
	case strings.Contains(kind, "rent"):
		li.Unit = "rentals"
		li.Quantity, err = fc.number(r, l, azQuantity)
		return err
	case strings.Contains(kind, "purchase"), strings.Contains(kind, "buy"):
		li.Unit = "purchases"
		li.Quantity, err = fc.number(r, l, azQuantity)
		return err
	}
	var hours decimal.Decimal
	if hours, err = fc.numberOrZero(r, l, azStreamed); err != nil {
		return err
	}
	if !hours.IsZero() {
		li.Unit, li.Quantity = "hours", hours
		return nil
	}
	li.Unit = "impressions"
	li.Quantity, err = fc.numberOrZero(r, l, azImpressions)
	return err
}
