package ingest

import "marquee/store"

// youtubeSummary reads the YouTube content-owner video summary: views and
// partner revenue (USD) per video, day and country.
type youtubeSummary struct{}

func (youtubeSummary) name() string    { return "youtube-summary" }
func (youtubeSummary) delimiter() byte { return ',' }

// detect allows at most one preamble row before the header.
func (youtubeSummary) detect(head []row) (int, bool) {
	for i := 0; i < len(head) && i < 2; i++ {
		if headerHas(head[i], "Video ID") {
			return i, true
		}
	}
	return 0, false
}

const (
	ytDay = iota
	ytCountry
	ytTitle
	ytViews
	ytRevenue
)

var youtubeSummaryColumns = []column{
	ytDay:     col("Day"),
	ytCountry: col("Country"),
	ytTitle:   col("Video Title"),
	ytViews:   col("Owned Views"),
	ytRevenue: prefixCol("Partner Revenue"),
}

func (youtubeSummary) parse(fc *fileContext, header row, rows *rowIter) error {
	base := store.LineItem{Channel: "YouTube", Unit: "views", Currency: "USD", Status: store.Estimated}
	return eachLine(fc, header, rows, youtubeSummaryColumns, base, func(r row, l *layout, li *store.LineItem) error {
		var err error
		if li.ReportDate, err = fc.date(r, l, ytDay); err != nil {
			return err
		}
		li.PeriodStart, li.PeriodEnd = li.ReportDate, li.ReportDate
		if li.Title, err = fc.title(r, l, ytTitle); err != nil {
			return err
		}
		if li.Country, err = fc.country(r, l, ytCountry); err != nil {
			return err
		}
		if li.Quantity, err = fc.number(r, l, ytViews); err != nil {
			return err
		}
		if li.Amount, err = fc.numberOrZero(r, l, ytRevenue); err != nil {
			return err
		}
		return nil
	})
}
