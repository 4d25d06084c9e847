package ingest

import (
	"strings"

	"marquee/store"
)

// appleSales reads Apple "Sales and Trends" video reports: estimates per
// day, week or month, priced per unit.
type appleSales struct{}

func (appleSales) name() string    { return "apple-sales" }
func (appleSales) delimiter() byte { return '\t' }

// detect leaves the per-transaction layout (a Download Date, no Begin
// Date) to apple-sales-detailed.
func (appleSales) detect(head []row) (int, bool) {
	return 0, len(head) > 0 && headerHas(head[0], "Royalty Price") && !headerHas(head[0], "Download Date (PST)")
}

const (
	asBegin = iota
	asEnd
	asTitle
	asShow
	asUnits
	asPrice
	asCurrency
	asCountry
	asParent
	asVendorID
	asAppleID
	asISAN
	asUPC
)

var appleSalesColumns = []column{
	asBegin: col("Begin Date"),
	asEnd:   col("End Date"),
	// Files of 2009–2011 name it after what it may hold.
	asTitle:    col("Title", "Title / Episode / Season"),
	asShow:     optCol("Artist / Show"),
	asUnits:    col("Units"),
	asPrice:    col("Royalty Price"),
	asCurrency: col("Royalty Currency"),
	asCountry:  col("Country Code"),
	asParent:   optCol("Parent Identifier"),
	asVendorID: optCol("Vendor Identifier"),
	asAppleID:  optCol("Apple Identifier"),
	asISAN:     optCol("ISAN"),
	asUPC:      optCol("UPC"),
}

var appleSalesIDs = []idColumn{
	{asVendorID, idVendor}, {asAppleID, idApple}, {asISAN, idISAN}, {asUPC, idUPC}, {asParent, idAppleParent},
}

func (appleSales) parse(fc *fileContext, header row, rows *rowIter) error {
	base := store.LineItem{Channel: "iTunes", Unit: "units", Status: store.Estimated}
	return eachLine(fc, header, rows, appleSalesColumns, base, func(r row, l *layout, li *store.LineItem) error {
		var err error
		if li.PeriodStart, err = fc.date(r, l, asBegin); err != nil {
			return err
		}
		if li.PeriodEnd, err = fc.date(r, l, asEnd); err != nil {
			return err
		}
		if err = fc.period(r, l, asEnd, li.PeriodStart, li.PeriodEnd); err != nil {
			return err
		}
		li.ReportDate = li.PeriodEnd
		if err = appleTitle(fc, r, l, li, asParent, asShow, asTitle); err != nil {
			return err
		}
		if li.Quantity, err = fc.number(r, l, asUnits); err != nil {
			return err
		}
		price, err := fc.number(r, l, asPrice)
		if err != nil {
			return err
		}
		li.Amount = li.Quantity.Mul(price) // exact: the price is per unit
		if li.Currency, err = fc.currency(r, l, asCurrency); err != nil {
			return err
		}
		// A blank Country Code is unknown (zz): never guessed from the
		// currency.
		if li.Country, err = fc.country(r, l, asCountry); err != nil {
			return err
		}
		li.Identifiers = fc.identifiers(r, l, appleSalesIDs)
		return nil
	})
}

// appleTitle applies Apple's TV rule: a row with a Parent Identifier is an
// episode or season, sold under its series, which Apple puts in
// `Artist / Show`; other rows are films titled by `Title`.
func appleTitle(fc *fileContext, r row, l *layout, li *store.LineItem, parent, show, title int) error {
	if strings.TrimSpace(l.get(r, parent)) == "" {
		return fc.filmOf(r, l, li, title)
	}
	if !l.has(show) {
		return fc.fail(r.line, l.names[parent], ErrMissingColumn,
			"an episode row (Parent Identifier set) needs the Artist / Show column for its series")
	}
	return fc.episodeOf(r, l, li, show, title)
}
