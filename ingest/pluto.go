package ingest

import (
	"strings"

	"github.com/shopspring/decimal"

	"marquee/store"
)

// pluto reads Pluto TV's content partner revenue report (and its LatAm
// variant), which like Tubi has no dates: the period comes from the file
// name. Partners' quarterly files (pluto_quarterly.go) have a month on
// every row instead.
type pluto struct{}

func (pluto) name() string    { return "pluto" }
func (pluto) delimiter() byte { return ',' }

const plutoBanner = "PLUTO TV - CONTENT PARTNER REVENUE REPORTING"

// detect finds the banner and takes the next non-blank row as the header
// (its first cell is empty); a copy saved without the banner is recognised
// by the header alone, and a quarterly file by its Month and Revenue by
// Title columns.
func (pluto) detect(head []row) (int, bool) {
	if len(head) == 0 {
		return 0, false
	}
	if strings.EqualFold(firstCell(head[0]), plutoBanner) {
		return 1, len(head) > 1
	}
	if isPlutoQuarterly(head[0]) {
		return 0, true
	}
	return 0, firstCell(head[0]) == "" && headerHas(head[0], "Content Partner", "Net Revenue per Clip")
}

const (
	plSeries = iota
	plClip
	plSessions
	plRevenue
	plEpisode
)

var plutoColumns = []column{
	plSeries:   col("Series Name"),
	plClip:     col("Clip Name"),
	plSessions: optCol("Sessions"), // the LatAm variant has none
	plRevenue:  col("Net Revenue per Clip"),
	plEpisode:  optCol("Episode Name"),
}

func (pluto) parse(fc *fileContext, header row, rows *rowIter) error {
	if isPlutoQuarterly(header) {
		return parsePlutoQuarterly(fc, header, rows)
	}
	period, err := fc.periodFromName()
	if err != nil {
		return err
	}
	l, err := resolve(fc, header, plutoColumns)
	if err != nil {
		return err
	}
	return rows.each(func(r row) error {
		if isSummary(r) {
			return nil
		}
		var err error
		if err = l.fits(fc, r); err != nil {
			return err
		}
		li := store.LineItem{
			Channel: "Pluto TV", Country: store.Unknown, Unit: "sessions", Currency: "USD", Status: store.Estimated,
			PeriodStart: period.Start, PeriodEnd: period.End, ReportDate: period.End,
		}
		if strings.TrimSpace(l.get(r, plSeries)) == "" {
			err = fc.filmOf(r, l, &li, plClip)
		} else {
			episode := plEpisode
			if strings.TrimSpace(l.get(r, plEpisode)) == "" {
				episode = plClip
			}
			err = fc.episodeOf(r, l, &li, plSeries, episode)
		}
		if err != nil {
			return err
		}
		li.Quantity = decimal.Zero
		if l.has(plSessions) {
			if li.Quantity, err = fc.number(r, l, plSessions); err != nil {
				return err
			}
		}
		if li.Amount, err = fc.number(r, l, plRevenue); err != nil {
			return err
		}
		fc.out.RowsRead++
		return fc.emit(&li, r.line)
	})
}

// isSummary reports a `Total` row: its first filled cell says Total.
func isSummary(r row) bool {
	for _, c := range r.cells {
		if c = strings.TrimSpace(c); c != "" {
			return strings.EqualFold(c, "Total")
		}
	}
	return false
}
