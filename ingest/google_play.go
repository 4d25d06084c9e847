package ingest

import (
	"strings"

	"github.com/shopspring/decimal"

	"marquee/store"
)

// googlePlay reads Google Play / YouTube movie transaction reports: one row
// per purchase, rental or refund, earnings already in USD.
type googlePlay struct{}

func (googlePlay) name() string    { return "google-play" }
func (googlePlay) delimiter() byte { return ',' }

// detect skips any preamble: the header is the first row whose first cell
// is Country.
func (googlePlay) detect(head []row) (int, bool) {
	for i, r := range head {
		if strings.EqualFold(firstCell(r), "Country") {
			return i, headerHas(r, "Transaction Date", "Transaction Type")
		}
	}
	return 0, false
}

const (
	gpCountry = iota
	gpDate
	gpName
	gpShow
	gpType
	gpRefund
	gpEarnings
	gpSeason
	gpPartnerID
	gpEIDR
	gpVideoID
	gpAssetID
)

var googlePlayColumns = []column{
	gpCountry:  col("Country"),
	gpDate:     col("Transaction Date"),
	gpName:     col("Name of Title"),
	gpShow:     optCol("Show Title"),
	gpType:     col("Transaction Type"),
	gpRefund:   col("Refund/Chargeback"),
	gpEarnings: col("Final Partner Earnings (USD)"),
	gpSeason:   optCol("Season Title"),
	// Identifiers, where the report has them.
	gpPartnerID: optCol("Partner Reporting ID"),
	gpEIDR:      optCol("EIDR Title ID"),
	gpVideoID:   optCol("YouTube Video ID"),
	gpAssetID:   optCol("Play Asset ID"),
}

var googlePlayIDs = []idColumn{
	{gpPartnerID, idGooglePartner}, {gpEIDR, idEIDR}, {gpVideoID, idYouTube}, {gpAssetID, idPlayAsset},
}

var (
	one      = decimal.NewFromInt(1)
	minusOne = decimal.NewFromInt(-1)
)

func (googlePlay) parse(fc *fileContext, header row, rows *rowIter) error {
	base := store.LineItem{Channel: "Google Play", Currency: "USD", Status: store.Estimated}
	return eachLine(fc, header, rows, googlePlayColumns, base, func(r row, l *layout, li *store.LineItem) error {
		var err error
		if li.ReportDate, err = fc.date(r, l, gpDate); err != nil {
			return err
		}
		li.PeriodStart, li.PeriodEnd = li.ReportDate, li.ReportDate
		// An episode sells under its show: the show is the title the
		// filmmaker owns, the episode (or a season bought whole) its
		// Name of Title. Films have no Show Title.
		if strings.TrimSpace(l.get(r, gpShow)) != "" {
			episode := gpName
			if strings.TrimSpace(l.get(r, gpName)) == "" {
				episode = gpSeason
			}
			err = fc.episodeOf(r, l, li, gpShow, episode)
		} else {
			err = fc.filmOf(r, l, li, gpName)
		}
		if err != nil {
			return err
		}
		if li.Country, err = fc.country(r, l, gpCountry); err != nil {
			return err
		}
		li.Quantity = one
		if refund := strings.TrimSpace(l.get(r, gpRefund)); refund != "" && !strings.EqualFold(refund, "No") {
			li.Quantity = minusOne
		}
		li.Unit = fc.googleUnit(l.get(r, gpType))
		li.Identifiers = fc.identifiers(r, l, googlePlayIDs)
		if li.Amount, err = fc.number(r, l, gpEarnings); err != nil {
			return err
		}
		return nil
	})
}

// googleUnit reads Transaction Type: real files say VOD (a rental) and
// EST (electronic sell-through, a purchase); other exports spell it out.
// Any other type counts plainly as units, and the import line says so.
func (fc *fileContext) googleUnit(typ string) string {
	t := strings.ToLower(strings.TrimSpace(typ))
	switch {
	case t == "vod" || strings.Contains(t, "rental"):
		return "rentals"
	case t == "est" || strings.Contains(t, "purchase") || strings.Contains(t, "sell"):
		return "purchases"
	}
	fc.note("Transaction Type " + quote(strings.TrimSpace(typ)) + " is not a rental or a purchase; counted as units")
	return "units"
}
