package ingest

import (
	"strings"

	"marquee/store"
)

// youtubeStudio reads `Table data.csv` of a YouTube Studio analytics
// export: one row per video for the whole exported range, which the file
// does not state; it comes from the export's name.
type youtubeStudio struct{}

func (youtubeStudio) name() string    { return "youtube-studio" }
func (youtubeStudio) delimiter() byte { return ',' }

// detect takes Table data only: Chart data and Totals start with a Date
// column and repeat the same figures by day.
func (youtubeStudio) detect(head []row) (int, bool) {
	return 0, len(head) > 0 && strings.EqualFold(firstCell(head[0]), "Content") &&
		headerHas(head[0], "Video title", "Video publish time", "Duration")
}

const (
	ysContent = iota
	ysTitle
	ysViews
	ysRevenue
)

var youtubeStudioColumns = []column{
	ysContent: col("Content"),
	ysTitle:   col("Video title"),
	ysViews:   optCol("Views"),
	ysRevenue: optCol("Estimated revenue (USD)", "Your estimated revenue (USD)"),
}

var youtubeStudioIDs = []idColumn{{ysContent, idYouTube}}

func (youtubeStudio) parse(fc *fileContext, header row, rows *rowIter) error {
	from, to, err := studioPeriod(fc)
	if err != nil {
		return err
	}
	l, err := resolve(fc, header, youtubeStudioColumns)
	if err != nil {
		return err
	}
	base := store.LineItem{
		Channel: "YouTube", Country: store.Unknown, Unit: "views", Currency: "USD", Status: store.Estimated,
		PeriodStart: from, PeriodEnd: to, ReportDate: to,
	}
	return rows.each(func(r row) error {
		if err := l.fits(fc, r); err != nil {
			return err
		}
		// The Total row sums the videos (and those the table left out):
		// it is not a video.
		if strings.EqualFold(strings.TrimSpace(l.get(r, ysContent)), "Total") {
			return nil
		}
		li := base
		var err error
		if err = fc.filmOf(r, l, &li, ysTitle); err != nil {
			return err
		}
		if li.Quantity, err = fc.numberOrZero(r, l, ysViews); err != nil {
			return err
		}
		if li.Amount, err = fc.numberOrZero(r, l, ysRevenue); err != nil {
			return err
		}
		li.Identifiers = fc.identifiers(r, l, youtubeStudioIDs)
		fc.out.RowsRead++
		return fc.emit(&li, r.line)
	})
}

// studioPeriod is the exported range: from the name of the file or of its
// archive (Studio names the export after it), or from `import --period`.
func studioPeriod(fc *fileContext) (store.Date, store.Date, error) {
	givenFrom, givenTo := fc.stream.Period.Start, fc.stream.Period.End
	from, to, reason := exportRange(fc.name, givenFrom, givenTo)
	if reason != "" {
		return 0, 0, fc.fail(0, "", ErrPeriodFromName, reason)
	}
	return from, to, nil
}

// exportRange decides a Studio export's range from its name and the range
// given on the command line (zero when none), or says why it cannot: a
// name and a --period that disagree are an error, not a guess.
func exportRange(name string, givenFrom, givenTo store.Date) (from, to store.Date, reason string) {
	from, to, bad, ok := rangeInName(name)
	given := givenFrom != 0 || givenTo != 0
	switch {
	case bad != "" && !given:
		return 0, 0, quote(bad) + " in the name is not a date range: " + studioPeriodHelp
	case !ok && !given:
		return 0, 0, "a YouTube Studio export does not say which dates it covers: " + studioPeriodHelp
	case ok && given && (from != givenFrom || to != givenTo):
		return 0, 0, "the name says the period is " + from.String() + ".." + to.String() + " but --period says " +
			givenFrom.String() + ".." + givenTo.String() + "; rename the file or drop --period"
	case given:
		return givenFrom, givenTo, ""
	}
	return from, to, ""
}

const studioPeriodHelp = "keep the range in the name as Studio writes it (YYYY-MM-DD_YYYY-MM-DD, " +
	"e.g. \"Table data 2024-06-01_2024-06-30.csv\"), or pass --period 2024-06-01..2024-06-30 to import"

// rangeInName finds `YYYY-MM-DD_YYYY-MM-DD` in a name, not glued to other
// digits. The last one wins: in `ARCHIVE:MEMBER` or a path, the one
// nearest the file. bad is a range-shaped text that is not a valid range.
func rangeInName(name string) (from, to store.Date, bad string, ok bool) {
	const n = len("2024-06-01_2024-06-30")
	for i := len(name) - n; i >= 0; i-- {
		s := name[i : i+n]
		if s[10] != '_' || !dateShaped(s[:10]) || !dateShaped(s[11:]) ||
			(i > 0 && isDigit(name[i-1])) || (i+n < len(name) && isDigit(name[i+n])) {
			continue
		}
		f, err1 := parseDate(s[:10])
		t, err2 := parseDate(s[11:])
		if err1 != nil || err2 != nil || t < f {
			return 0, 0, s, false
		}
		return f, t, "", true
	}
	return 0, 0, "", false
}

// dateShaped reports whether s looks like YYYY-MM-DD.
func dateShaped(s string) bool {
	for i := 0; i < len(s); i++ {
		if (i == 4 || i == 7) != (s[i] == '-') || (i != 4 && i != 7 && !isDigit(s[i])) {
			return false
		}
	}
	return len(s) == 10
}
