package ingest

import "marquee/store"

// tubi reads Tubi's monthly AVOD report. It has no dates, countries or
// currencies: the month comes from the file name, the rest is fixed.
type tubi struct{}

func (tubi) name() string    { return "tubi" }
func (tubi) delimiter() byte { return ',' }

func (tubi) detect(head []row) (int, bool) {
	return 0, len(head) > 0 && headerHas(head[0], "ESTIMATED PARTNER EARNINGS")
}

const (
	tbTitle = iota
	tbImpressions
	tbEarnings
)

var tubiColumns = []column{
	tbTitle:       col("PROGRAM NAME"),
	tbImpressions: col("IMPRESSIONS"),
	tbEarnings:    col("ESTIMATED PARTNER EARNINGS"),
}

func (tubi) parse(fc *fileContext, header row, rows *rowIter) error {
	period, err := fc.periodFromName()
	if err != nil {
		return err
	}
	base := store.LineItem{
		Channel: "Tubi", Country: store.Unknown, Unit: "impressions", Currency: "USD", Status: store.Estimated,
		PeriodStart: period.Start, PeriodEnd: period.End, ReportDate: period.End,
	}
	return eachLine(fc, header, rows, tubiColumns, base, func(r row, l *layout, li *store.LineItem) error {
		var err error
		if err = fc.filmOf(r, l, li, tbTitle); err != nil {
			return err
		}
		if li.Quantity, err = fc.number(r, l, tbImpressions); err != nil {
			return err
		}
		// Tubi writes 13 decimals; decimal keeps every one of them.
		if li.Amount, err = fc.number(r, l, tbEarnings); err != nil {
			return err
		}
		return nil
	})
}
