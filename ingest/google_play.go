package ingest

import (
	"strings"

	"github.com/shopspring/decimal"

	"marquee/store"
)

// googlePlay reads Google Play / YouTube movie transaction reports: one row
// per purchase, rental or refund, earnings already in USD.
type googlePlay struct{}

func (googlePlay) name() string    { return "google-play" }
func (googlePlay) delimiter() byte { return ',' }

// detect skips any preamble: the header is the first row whose first cell
// is Country.
func (googlePlay) detect(head []row) (int, bool) {
	for i, r := range head {
		if strings.EqualFold(firstCell(r), "Country") {
			return i, headerHas(r, "Transaction Date", "Transaction Type")
		}
	}
	return 0, false
}

const (
	gpCountry = iota
	gpDate
	gpName
	gpShow
	gpType
	gpRefund
	gpEarnings
)

var googlePlayColumns = []column{
	gpCountry:  col("Country"),
	gpDate:     col("Transaction Date"),
	gpName:     col("Name of Title"),
	gpShow:     optCol("Show Title"),
	gpType:     col("Transaction Type"),
	gpRefund:   col("Refund/Chargeback"),
	gpEarnings: col("Final Partner Earnings (USD)"),
}

var (
	one      = decimal.NewFromInt(1)
	minusOne = decimal.NewFromInt(-1)
)

func (googlePlay) parse(fc *fileContext, header row, rows *rowIter) error {
	base := store.LineItem{Channel: "Google Play", Currency: "USD", Status: store.Estimated}
	return eachLine(fc, header, rows, googlePlayColumns, base, func(r row, l *layout, li *store.LineItem) error {
		var err error
		if li.ReportDate, err = fc.date(r, l, gpDate); err != nil {
			return err
		}
		li.PeriodStart, li.PeriodEnd = li.ReportDate, li.ReportDate
		// An episode sells under its show: the show is the title the
		// filmmaker owns. Films have no Show Title.
		titleCol := gpName
		if strings.TrimSpace(l.get(r, gpShow)) != "" {
			titleCol = gpShow
		}
		if li.Title, err = fc.title(r, l, titleCol); err != nil {
			return err
		}
		if li.Country, err = fc.country(r, l, gpCountry); err != nil {
			return err
		}
		li.Quantity = one
		if refund := strings.TrimSpace(l.get(r, gpRefund)); refund != "" && !strings.EqualFold(refund, "No") {
			li.Quantity = minusOne
		}
		li.Unit = "purchases"
		if strings.Contains(strings.ToLower(l.get(r, gpType)), "rental") {
			li.Unit = "rentals"
		}
		if li.Amount, err = fc.number(r, l, gpEarnings); err != nil {
			return err
		}
		return nil
	})
}
