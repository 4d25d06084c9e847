package ingest

import "marquee/store"

// appleSales reads Apple "Sales and Trends" video reports: estimates per
// day, week or month, priced per unit.
type appleSales struct{}

func (appleSales) name() string    { return "apple-sales" }
func (appleSales) delimiter() byte { return '\t' }

func (appleSales) detect(head []row) (int, bool) {
	return 0, len(head) > 0 && headerHas(head[0], "Royalty Price")
}

const (
	asBegin = iota
	asEnd
	asTitle
	asUnits
	asPrice
	asCurrency
	asCountry
)

var appleSalesColumns = []column{
	asBegin:    col("Begin Date"),
	asEnd:      col("End Date"),
	asTitle:    col("Title"),
	asUnits:    col("Units"),
	asPrice:    col("Royalty Price"),
	asCurrency: col("Royalty Currency"),
	asCountry:  col("Country Code"),
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
		if li.Title, err = fc.title(r, l, asTitle); err != nil {
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
		if li.Country, err = fc.country(r, l, asCountry); err != nil {
			return err
		}
		return nil
	})
}
