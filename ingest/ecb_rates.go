package ingest

import (
	"strconv"
	"strings"

	"marquee/store"
)

// ecbRates reads ECB euro reference rates (the eurofxref-hist.csv layout):
// one row per working day, one column per currency, units per 1 EUR.
type ecbRates struct{}

func (ecbRates) name() string    { return "ecb-rates" }
func (ecbRates) delimiter() byte { return ',' }

// detect wants `Date` followed by three-letter codes (and the trailing
// empty cell the ECB writes).
func (ecbRates) detect(head []row) (int, bool) {
	if len(head) == 0 || !strings.EqualFold(firstCell(head[0]), "Date") {
		return 0, false
	}
	codes := 0
	for _, c := range head[0].cells[1:] {
		c = strings.TrimSpace(c)
		if c == "" {
			continue
		}
		if len(c) != 3 || !isUpperWord(c) {
			return 0, false
		}
		codes++
	}
	return 0, codes > 0
}

func isUpperWord(s string) bool {
	for i := 0; i < len(s); i++ {
		if s[i] < 'A' || s[i] > 'Z' {
			return false
		}
	}
	return true
}

type rateColumn struct {
	idx      int
	currency string
}

func (ecbRates) parse(fc *fileContext, header row, rows *rowIter) error {
	var cols []rateColumn
	need := 1
	for i, c := range header.cells[1:] {
		c = strings.TrimSpace(c)
		if c == "" {
			continue // the trailing comma
		}
		code, ok := normalizeCurrency(c)
		if !ok {
			return fc.fail(header.line, c, ErrCurrency, quote(c)+" is not an ISO 4217 currency code")
		}
		for _, prev := range cols {
			if prev.currency == code {
				return fc.fail(header.line, c, ErrDuplicateColumn, "column appears twice in the header")
			}
		}
		cols = append(cols, rateColumn{idx: i + 1, currency: code})
		need = i + 2
	}
	dateName := firstCell(header)
	return rows.each(func(r row) error {
		if len(r.cells) < need {
			return fc.fail(r.line, header.cells[len(r.cells)], ErrMissingColumn,
				"row has only "+strconv.Itoa(len(r.cells))+" cells and ends before this column")
		}
		date, err := parseDate(r.cells[0])
		if err != nil {
			return fc.fail(r.line, dateName, ErrDate, quote(r.cells[0])+" "+err.Error())
		}
		for _, c := range cols {
			v := strings.TrimSpace(r.cells[c.idx])
			if v == "" || strings.EqualFold(v, "N/A") {
				continue // no rate that day
			}
			rate, ok := parseNumber(v)
			if !ok || !rate.IsPositive() {
				return fc.fail(r.line, c.currency, ErrNumber, quote(v)+" is not a rate (a positive number)")
			}
			fc.out.Rates = append(fc.out.Rates, store.Rate{Date: date, Currency: c.currency, PerEUR: rate})
		}
		fc.out.RowsRead++
		return nil
	})
}
