package ingest

import "marquee/store"

// youtubePremium reads the YouTube content-owner subscription report
// (red_rawdata_video): YouTube Premium watch time and partner revenue (USD)
// per video, day and country, correction rows included.
type youtubePremium struct{}

func (youtubePremium) name() string    { return "youtube-premium" }
func (youtubePremium) delimiter() byte { return ',' }

// detect allows one title row before the header; it must run before
// youtube-summary, which would take the file by its Video ID.
func (youtubePremium) detect(head []row) (int, bool) {
	for i := 0; i < len(head) && i < 2; i++ {
		if headerHas(head[i], "Video ID", "Owned Watchtime") {
			return i, true
		}
	}
	return 0, false
}

const (
	ypAdjustment = iota
	ypDay
	ypCountry
	ypVideo
	ypTitle
	ypWatchtime
	ypRevenue
	ypAsset
	ypCustom
)

var youtubePremiumColumns = []column{
	ypAdjustment: optCol("Adjustment Type"),
	ypDay:        col("Day"),
	ypCountry:    col("Country"),
	ypVideo:      col("Video ID"),
	ypTitle:      col("Video Title"),
	ypWatchtime:  col("Owned Watchtime"),
	ypRevenue:    prefixCol("Partner Revenue"),
	ypAsset:      optCol("Asset ID"),
	ypCustom:     optCol("Custom ID"),
}

var youtubePremiumIDs = []idColumn{{ypVideo, idYouTube}, {ypAsset, idYouTubeAsset}, {ypCustom, idYouTubeCustom}}

func (youtubePremium) parse(fc *fileContext, header row, rows *rowIter) error {
	base := store.LineItem{Channel: "YouTube", Unit: "minutes", Currency: "USD", Status: store.Estimated}
	return eachLine(fc, header, rows, youtubePremiumColumns, base, func(r row, l *layout, li *store.LineItem) error {
		var err error
		if li.ReportDate, err = fc.date(r, l, ypDay); err != nil {
			return err
		}
		li.PeriodStart, li.PeriodEnd = li.ReportDate, li.ReportDate
		if err = fc.filmOf(r, l, li, ypTitle); err != nil {
			return err
		}
		if li.Country, err = fc.country(r, l, ypCountry); err != nil {
			return err
		}
		// Correction rows often leave the watch time blank: nothing was
		// watched, money moved.
		if li.Quantity, err = fc.numberOrZero(r, l, ypWatchtime); err != nil {
			return err
		}
		if li.Amount, err = fc.numberOrZero(r, l, ypRevenue); err != nil {
			return err
		}
		li.Adjustment = fc.adjustment(r, l, ypAdjustment)
		li.Identifiers = fc.identifiers(r, l, youtubePremiumIDs)
		return nil
	})
}
