package ingest

import (
	"slices"
	"strconv"
	"strings"

	"github.com/shopspring/decimal"

	"marquee/store"
)

// Apple's "All Countries/Territories (Single File)" financial reports follow
// the data rows with a per-country summary block: a header starting
// `Country Of Sale, Partner Share Currency, Quantity, Extended Partner
// Share`, then one row per country and currency. It is not data; it is
// audited against the data rows, like the Total_* footers.

type countryCurrency struct{ country, currency string }

type saleSums struct{ units, amount decimal.Decimal }

const (
	sbCountry = iota
	sbCurrency
	sbQuantity
	sbAmount
)

var summaryColumns = []column{
	sbCountry:  col("Country Of Sale"),
	sbCurrency: col("Partner Share Currency"),
	sbQuantity: col("Quantity"),
	sbAmount:   col("Extended Partner Share"),
}

// isSummaryHeader recognises the block's header by its first two cells:
// no data row starts with a column name.
func isSummaryHeader(r row) bool {
	return len(r.cells) >= 4 && headerKey(r.cells[0]) == "country of sale" && headerKey(r.cells[1]) == "partner share currency"
}

type summaryRow struct {
	line int
	sums saleSums
}

type summaryBlock struct {
	l    *layout
	rows map[countryCurrency]summaryRow
}

func newSummaryBlock(fc *fileContext, header row) (*summaryBlock, error) {
	l, err := resolve(fc, header, summaryColumns)
	if err != nil {
		return nil, err
	}
	return &summaryBlock{l: l, rows: map[countryCurrency]summaryRow{}}, nil
}

// add reads one summary row.
func (b *summaryBlock) add(fc *fileContext, r row) error {
	if err := b.l.fits(fc, r); err != nil {
		return err
	}
	var k countryCurrency
	var s saleSums
	var err error
	if k.country, err = fc.country(r, b.l, sbCountry); err != nil {
		return err
	}
	if k.currency, err = fc.currency(r, b.l, sbCurrency); err != nil {
		return err
	}
	if s.units, err = fc.number(r, b.l, sbQuantity); err != nil {
		return err
	}
	if s.amount, err = fc.number(r, b.l, sbAmount); err != nil {
		return err
	}
	if prev, ok := b.rows[k]; ok {
		return fc.fail(r.line, "", ErrAudit, "the summary lists "+k.country+" "+k.currency+" twice (also on line "+strconv.Itoa(prev.line)+")")
	}
	b.rows[k] = summaryRow{line: r.line, sums: s}
	return nil
}

// audit checks every (country, currency) both ways: each summary row must
// equal the data rows' sums, and data of a pair the summary leaves out is
// a mismatch too (the block lists every pair the report has).
func (b *summaryBlock) audit(fc *fileContext, data map[countryCurrency]*saleSums) error {
	keys := make([]countryCurrency, 0, len(b.rows))
	for k := range b.rows {
		keys = append(keys, k)
	}
	slices.SortFunc(keys, func(x, y countryCurrency) int { return b.rows[x].line - b.rows[y].line })
	for _, k := range keys {
		want := b.rows[k]
		got := data[k]
		if got == nil {
			got = &saleSums{}
		}
		what := countryName(k.country) + " " + k.currency
		if !got.units.Equal(want.sums.units) {
			return fc.fail(want.line, "Quantity", ErrAudit, "audit failed: the summary gives "+what+" a Quantity of "+
				want.sums.units.String()+" but its data rows sum to "+got.units.String())
		}
		if !got.amount.Equal(want.sums.amount) {
			return fc.fail(want.line, "Extended Partner Share", ErrAudit, "audit failed: the summary gives "+what+
				" an Extended Partner Share of "+want.sums.amount.String()+" but its data rows sum to "+got.amount.String())
		}
	}
	missing := make([]countryCurrency, 0)
	for k := range data {
		if _, ok := b.rows[k]; !ok {
			missing = append(missing, k)
		}
	}
	if len(missing) > 0 {
		slices.SortFunc(missing, func(x, y countryCurrency) int {
			return strings.Compare(x.country+x.currency, y.country+y.currency)
		})
		k := missing[0]
		return fc.fail(0, "", ErrAudit, "audit failed: the data rows have sales in "+countryName(k.country)+" "+k.currency+
			" that the per-country summary does not list")
	}
	return nil
}

func countryName(code string) string {
	if code == store.Unknown {
		return "an unknown country"
	}
	return code
}
