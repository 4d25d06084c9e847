package ingest

import (
	"strings"
	"time"
	_ "time/tzdata" // Apple's download times are Pacific, on any machine

	"marquee/store"
)

// appleSalesDetailed reads Apple's per-transaction Sales and Trends report:
// one row per download, dated in Pacific time, with an order id.
type appleSalesDetailed struct{}

func (appleSalesDetailed) name() string    { return "apple-sales-detailed" }
func (appleSalesDetailed) delimiter() byte { return '\t' }

// detect must run before apple-sales, whose Royalty Price it shares.
func (appleSalesDetailed) detect(head []row) (int, bool) {
	return 0, len(head) > 0 && headerHas(head[0], "Royalty Price", "Download Date (PST)")
}

const (
	adTitle = iota
	adShow
	adUnits
	adPrice
	adDownload
	adOrder
	adReportDate
	adSaleReturn
	adCurrency
	adCountry
	adParent
	adVendor
	adApple
	adISAN
	adUPC
)

var appleSalesDetailedColumns = []column{
	adTitle:      col("Title"),
	adShow:       optCol("Artist / Show", "Artist/Show"),
	adUnits:      col("Units"),
	adPrice:      col("Royalty Price"),
	adDownload:   col("Download Date (PST)"),
	adOrder:      col("Order Id"),
	adReportDate: optCol("Report Date (Local)"),
	adSaleReturn: col("Sale/Return", "Sale / Return"),
	adCurrency:   col("Royalty Currency"),
	adCountry:    col("Country Code"),
	adParent:     optCol("Parent Identifier"),
	adVendor:     optCol("Vendor Identifier"),
	adApple:      optCol("Apple Identifier"),
	adISAN:       optCol("ISAN"),
	adUPC:        optCol("UPC"),
}

var appleSalesDetailedIDs = []idColumn{
	{adVendor, idVendor}, {adApple, idApple}, {adISAN, idISAN}, {adUPC, idUPC}, {adParent, idAppleParent},
}

// pacificZone is where Apple's download times are written.
const pacificZone = "America/Los_Angeles"

func (appleSalesDetailed) parse(fc *fileContext, header row, rows *rowIter) error {
	pacific, err := time.LoadLocation(pacificZone)
	if err != nil {
		return fc.fail(0, "", ErrDate, "the time zone "+pacificZone+" is not available: "+err.Error())
	}
	base := store.LineItem{Channel: "iTunes", Unit: "units", Status: store.Estimated}
	return eachLine(fc, header, rows, appleSalesDetailedColumns, base, func(r row, l *layout, li *store.LineItem) error {
		var err error
		if err = appleDownload(fc, r, l, pacific, li); err != nil {
			return err
		}
		if strings.TrimSpace(l.get(r, adReportDate)) != "" {
			if li.ReportDate, err = fc.date(r, l, adReportDate); err != nil {
				return err
			}
		}
		if err = appleTitle(fc, r, l, li, adParent, adShow, adTitle); err != nil {
			return err
		}
		if li.Quantity, err = fc.number(r, l, adUnits); err != nil {
			return err
		}
		price, err := fc.number(r, l, adPrice)
		if err != nil {
			return err
		}
		li.Amount = li.Quantity.Mul(price) // exact: the price is per unit
		if li.Currency, err = fc.currency(r, l, adCurrency); err != nil {
			return err
		}
		if li.Country, err = fc.country(r, l, adCountry); err != nil {
			return err
		}
		ret := false
		switch v := strings.TrimSpace(l.get(r, adSaleReturn)); {
		case strings.EqualFold(v, "S"):
		case strings.EqualFold(v, "R"):
			ret = true
			makeNegative(li)
		default:
			return fc.fail(r.line, l.names[adSaleReturn], ErrStatus, quote(v)+" is neither S (sale) nor R (return)")
		}
		li.TransactionID = appleOrderID(r, l, ret)
		li.Identifiers = fc.identifiers(r, l, appleSalesDetailedIDs)
		return nil
	})
}

// appleDownload reads Download Date (PST): a day, which is the line's
// period, or a day and a time, which is the instant it was bought. The
// report date defaults to that day as Apple wrote it.
func appleDownload(fc *fileContext, r row, l *layout, pacific *time.Location, li *store.LineItem) error {
	v := strings.TrimSpace(l.get(r, adDownload))
	day, clock, timed := strings.Cut(v, " ")
	if !timed {
		d, err := fc.date(r, l, adDownload)
		li.PeriodStart, li.PeriodEnd, li.ReportDate = d, d, d
		return err
	}
	d, err := parseDate(day)
	if err != nil {
		return fc.fail(r.line, l.names[adDownload], ErrDate, quote(v)+" "+err.Error())
	}
	t, err := time.ParseInLocation("01/02/2006 15:04:05", day+" "+strings.TrimSpace(clock), pacific)
	if err != nil {
		return fc.fail(r.line, l.names[adDownload], ErrDate, quote(v)+" is not a date and time (MM/DD/YYYY HH:MM:SS)")
	}
	if u := store.DateIn(t, time.UTC); u < store.MinDate || u > store.MaxDate {
		return fc.fail(r.line, l.names[adDownload], ErrDate, quote(v)+" "+errDateRange.Error())
	}
	li.WatchedAt, li.ReportDate = t, d
	return nil
}

// appleOrderID is the line's transaction id: the Order Id, with the
// product (one order can hold several) and, for a return, a suffix, so
// that a return is not taken for a repeat of its sale.
func appleOrderID(r row, l *layout, ret bool) string {
	order := strings.TrimSpace(l.get(r, adOrder))
	if order == "" {
		return ""
	}
	id := order
	if vendor := strings.TrimSpace(l.get(r, adVendor)); vendor != "" {
		id += ":" + vendor
	}
	if ret {
		id += "-return"
	}
	return strings.Clone(id)
}
