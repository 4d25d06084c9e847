package ingest

import (
	"strings"

	"marquee/store"
)

// youtubeSummary reads the YouTube content-owner video summary: views and
// partner revenue (USD) per video, day and country.
type youtubeSummary struct{}

func (youtubeSummary) name() string    { return "youtube-summary" }
func (youtubeSummary) delimiter() byte { return ',' }

// detect allows at most one preamble row before the header. A header with
// Owned Watchtime is the Premium (subscription) report, not this one.
func (youtubeSummary) detect(head []row) (int, bool) {
	for i := 0; i < len(head) && i < 2; i++ {
		if headerHas(head[i], "Video ID") {
			return i, !headerHas(head[i], "Owned Watchtime")
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
	ytAdjustment
	ytVideoID
	ytAssetID
	ytCustomID
)

var youtubeSummaryColumns = []column{
	ytDay:     col("Day"),
	ytCountry: col("Country"),
	ytTitle:   col("Video Title"),
	ytViews:   col("Owned Views"),
	// The ad-revenue report has five Partner Revenue… columns, the total
	// named exactly; older summaries have one, named with a suffix.
	ytRevenue:    prefixCol("Partner Revenue"),
	ytAdjustment: optCol("Adjustment Type"),
	ytVideoID:    optCol("Video ID"),
	ytAssetID:    optCol("Asset ID"),
	ytCustomID:   optCol("Custom ID"),
}

var youtubeIDs = []idColumn{{ytVideoID, idYouTube}, {ytAssetID, idYouTubeAsset}, {ytCustomID, idYouTubeCustom}}

func (youtubeSummary) parse(fc *fileContext, header row, rows *rowIter) error {
	base := store.LineItem{Channel: "YouTube", Unit: "views", Currency: "USD", Status: store.Estimated}
	return eachLine(fc, header, rows, youtubeSummaryColumns, base, func(r row, l *layout, li *store.LineItem) error {
		var err error
		if li.ReportDate, err = fc.date(r, l, ytDay); err != nil {
			return err
		}
		li.PeriodStart, li.PeriodEnd = li.ReportDate, li.ReportDate
		if err = fc.filmOf(r, l, li, ytTitle); err != nil {
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
		li.Adjustment = fc.adjustment(r, l, ytAdjustment)
		li.Identifiers = fc.identifiers(r, l, youtubeIDs)
		return nil
	})
}

// adjustment is YouTube's Adjustment Type: empty for an ordinary row
// (`None` or blank), else the correction's type as YouTube names it
// (Backpay, Spam Adjustment…). Every row is kept, on its Day.
func (fc *fileContext) adjustment(r row, l *layout, c int) string {
	v := strings.TrimSpace(l.get(r, c))
	if v == "" || strings.EqualFold(v, "None") {
		return ""
	}
	t := normalizeTitle(v)
	if len(t) > maxAdjustmentLen {
		cut := maxAdjustmentLen
		for cut > 0 && !isRuneStart(t[cut]) {
			cut--
		}
		t = strings.TrimSpace(t[:cut])
	}
	return fc.intern(t)
}

// maxAdjustmentLen bounds an adjustment type: YouTube's longest is a few
// words, and a line item must not carry a megabyte cell.
const maxAdjustmentLen = 64
