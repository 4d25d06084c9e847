package ingest

import (
	"strings"

	"github.com/shopspring/decimal"

	"marquee/store"
)

// appleFinancial reads Apple "Payments and Financial Reports": final
// figures per fiscal period, with audited footer totals.
type appleFinancial struct{}

func (appleFinancial) name() string    { return "apple-financial" }
func (appleFinancial) delimiter() byte { return '\t' }

func (appleFinancial) detect(head []row) (int, bool) {
	return 0, len(head) > 0 && headerHas(head[0], "Extended Partner Share")
}

const (
	afStart = iota
	afEnd
	afTitle
	afQuantity
	afAmount
	afCurrency
	afCountry
	afVendorID
	afAppleID
	afISAN
	afUPC
)

var appleFinancialColumns = []column{
	afStart:    col("Start Date"),
	afEnd:      col("End Date"),
	afTitle:    col("Title"),
	afQuantity: col("Quantity"),
	afAmount:   col("Extended Partner Share"),
	afCurrency: col("Partner Share Currency"),
	afCountry:  col("Country Of Sale"),
	afVendorID: optCol("Vendor Identifier"),
	afAppleID:  optCol("Apple Identifier"),
	afISAN:     optCol("ISAN/Other Identifier"),
	afUPC:      optCol("UPC"),
}

var appleFinancialIDs = []idColumn{
	{afVendorID, idVendor}, {afAppleID, idApple}, {afISAN, idISAN}, {afUPC, idUPC},
}

// footer is one Total_* row, checked once every data row is read.
type footer struct {
	line  int
	key   string
	value decimal.Decimal
}

func (appleFinancial) parse(fc *fileContext, header row, rows *rowIter) error {
	l, err := resolve(fc, header, appleFinancialColumns)
	if err != nil {
		return err
	}
	var footers []footer
	var units, amount decimal.Decimal
	sums := map[countryCurrency]*saleSums{}
	var summary *summaryBlock
	err = rows.each(func(r row) error {
		if first := firstCell(r); len(first) >= 6 && strings.EqualFold(first[:6], "Total_") {
			f, err := readFooter(fc, r)
			if err == nil && f.key != "" {
				footers = append(footers, f)
			}
			return err
		}
		if summary != nil {
			return summary.add(fc, r)
		}
		if isSummaryHeader(r) {
			var err error
			summary, err = newSummaryBlock(fc, r)
			return err
		}
		var err error
		if err = l.fits(fc, r); err != nil {
			return err
		}
		li := store.LineItem{Channel: "iTunes", Unit: "units", Status: store.Final}
		if li.PeriodStart, err = fc.date(r, l, afStart); err != nil {
			return err
		}
		if li.PeriodEnd, err = fc.date(r, l, afEnd); err != nil {
			return err
		}
		if err = fc.period(r, l, afEnd, li.PeriodStart, li.PeriodEnd); err != nil {
			return err
		}
		li.ReportDate = li.PeriodEnd
		if err = fc.filmOf(r, l, &li, afTitle); err != nil {
			return err
		}
		if li.Quantity, err = fc.number(r, l, afQuantity); err != nil {
			return err
		}
		if li.Amount, err = fc.number(r, l, afAmount); err != nil {
			return err
		}
		if li.Currency, err = fc.currency(r, l, afCurrency); err != nil {
			return err
		}
		if li.Country, err = fc.country(r, l, afCountry); err != nil {
			return err
		}
		li.Identifiers = fc.identifiers(r, l, appleFinancialIDs)
		units, amount = units.Add(li.Quantity), amount.Add(li.Amount)
		k := countryCurrency{li.Country, li.Currency}
		if sums[k] == nil {
			sums[k] = &saleSums{}
		}
		sums[k].units, sums[k].amount = sums[k].units.Add(li.Quantity), sums[k].amount.Add(li.Amount)
		fc.out.RowsRead++
		return fc.emit(&li, r.line)
	})
	if err != nil {
		return err
	}
	if summary != nil {
		if err := summary.audit(fc, sums); err != nil {
			return err
		}
	}
	return auditFooters(fc, footers, units, amount)
}

// readFooter reads `Total_Rows<TAB>N` or the older `Total_Amount:X`. Unknown
// Total_* keys are ignored: they carry nothing to check.
func readFooter(fc *fileContext, r row) (footer, error) {
	key, value, colon := strings.Cut(firstCell(r), ":")
	if !colon {
		for _, c := range r.cells[1:] {
			if value = strings.TrimSpace(c); value != "" {
				break
			}
		}
	}
	f := footer{line: r.line}
	for _, k := range [...]string{"Total_Rows", "Total_Amount", "Total_Units"} {
		if strings.EqualFold(strings.TrimSpace(key), k) {
			f.key = k
		}
	}
	if f.key == "" {
		return f, nil
	}
	v, ok := parseNumber(value)
	if !ok {
		return f, fc.fail(r.line, f.key, ErrNumber, quote(value)+" is not a number")
	}
	f.value = v
	return f, nil
}

// auditFooters checks each footer against the data rows: a mismatch means
// rows were lost or mangled, and the file is rejected rather than imported
// short.
func auditFooters(fc *fileContext, footers []footer, units, amount decimal.Decimal) error {
	seen := map[string]bool{}
	for _, f := range footers {
		if seen[f.key] {
			return fc.fail(f.line, f.key, ErrAudit, f.key+" appears twice")
		}
		seen[f.key] = true
		var got decimal.Decimal
		var what string
		switch f.key {
		case "Total_Rows":
			got, what = decimal.NewFromInt(int64(fc.out.RowsRead)), "the file has "+decimal.NewFromInt(int64(fc.out.RowsRead)).String()+" data rows"
		case "Total_Amount":
			got, what = amount, "the rows' Extended Partner Share sums to "+amount.String()
		case "Total_Units":
			got, what = units, "the rows' Quantity sums to "+units.String()
		}
		if !got.Equal(f.value) {
			return fc.fail(f.line, f.key, ErrAudit, "audit failed: "+f.key+" is "+f.value.String()+" but "+what)
		}
	}
	return nil
}
