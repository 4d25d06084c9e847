package ingest

import (
	"strings"
	"time"

	"marquee/store"
)

// Pluto's quarterly partner files (e.g. pluto_us_2021_q3.csv) have no
// banner and a month on each row:
// `Month,Series,Title,Clip Name,Total Viewing Minutes,Sessions,Revenue by Title`,
// sometimes with season and episode numbers after Clip Name. The file
// name's period is not needed: each row's period is its month.

func isPlutoQuarterly(header row) bool {
	return headerHas(header, "Month", "Revenue by Title")
}

const (
	pqMonth = iota
	pqSeries
	pqTitle
	pqClip
	pqSessions
	pqRevenue
	pqCountry
)

var plutoQuarterlyColumns = []column{
	pqMonth:    col("Month"),
	pqSeries:   optCol("Series"),
	pqTitle:    optCol("Title"),
	pqClip:     optCol("Clip Name"),
	pqSessions: col("Sessions"),
	pqRevenue:  col("Revenue by Title"),
	pqCountry:  optCol("Territory", "Country"),
}

func parsePlutoQuarterly(fc *fileContext, header row, rows *rowIter) error {
	l, err := resolve(fc, header, plutoQuarterlyColumns)
	if err != nil {
		return err
	}
	if !l.has(pqSeries) && !l.has(pqTitle) && !l.has(pqClip) {
		return fc.fail(header.line, "Series", ErrMissingColumn, "the header has no Series, Title or Clip Name column")
	}
	return rows.each(func(r row) error {
		if isSummary(r) {
			return nil
		}
		if err := l.fits(fc, r); err != nil {
			return err
		}
		li := store.LineItem{Channel: "Pluto TV", Country: store.Unknown, Unit: "sessions", Currency: "USD", Status: store.Estimated}
		m, ok := parseMonthCell(l.get(r, pqMonth))
		if !ok {
			return fc.fail(r.line, l.names[pqMonth], ErrDate, quote(l.get(r, pqMonth))+
				" is not a month (YYYY-MM, MM/YYYY, Mon YYYY, or a date in the month)")
		}
		li.PeriodStart, li.PeriodEnd, li.ReportDate = m.First(), m.Last(), m.Last()
		if err := plutoQuarterlyTitle(fc, r, l, &li); err != nil {
			return err
		}
		var err error
		if li.Quantity, err = fc.numberOrZero(r, l, pqSessions); err != nil {
			return err
		}
		if li.Amount, err = fc.number(r, l, pqRevenue); err != nil {
			return err
		}
		if l.has(pqCountry) {
			if li.Country, err = fc.country(r, l, pqCountry); err != nil {
				return err
			}
		}
		fc.out.RowsRead++
		return fc.emit(&li, r.line)
	})
}

// plutoQuarterlyTitle: the title is Series, else Title, else Clip Name; a
// series' episode is its Title, else its Clip Name.
func plutoQuarterlyTitle(fc *fileContext, r row, l *layout, li *store.LineItem) error {
	filled := func(c int) bool { return strings.TrimSpace(l.get(r, c)) != "" }
	switch {
	case filled(pqSeries):
		episode := pqTitle
		if !filled(pqTitle) {
			episode = pqClip
		}
		return fc.episodeOf(r, l, li, pqSeries, episode)
	case filled(pqTitle):
		return fc.filmOf(r, l, li, pqTitle)
	}
	return fc.filmOf(r, l, li, pqClip)
}

var monthNames = [...]string{"jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec"}

// parseMonthCell reads a Month cell: YYYY-MM, MM/YYYY (or M/YYYY),
// `Mon YYYY`, `Month YYYY`, or a date (M/D/YY, MM/DD/YYYY, YYYY-MM-DD)
// meaning that date's month.
func parseMonthCell(s string) (store.Month, bool) {
	s = strings.TrimSpace(s)
	month := func(y, m int) (store.Month, bool) {
		if y < 1970 || y > 2199 || m < 1 || m > 12 {
			return 0, false
		}
		return store.MonthOf(y, time.Month(m)), true
	}
	if len(s) == 7 && s[4] == '-' {
		y, ok := digits(s[:4])
		m, ok2 := digits(s[5:])
		if ok && ok2 {
			return month(y, m)
		}
		return 0, false
	}
	if name, year, ok := strings.Cut(s, " "); ok {
		y, ok := digits(strings.TrimSpace(year))
		name = strings.ToLower(strings.TrimSuffix(name, "."))
		for i, n := range monthNames {
			if ok && len(name) >= 3 && strings.HasPrefix(fullMonthName(i), name) && strings.HasPrefix(name, n) {
				return month(y, i+1)
			}
		}
		return 0, false
	}
	parts := strings.Split(s, "/")
	switch len(parts) {
	case 2: // MM/YYYY
		m, ok := digits(parts[0])
		y, ok2 := digits(parts[1])
		if ok && ok2 && len(parts[0]) <= 2 && len(parts[1]) == 4 {
			return month(y, m)
		}
		return 0, false
	case 3: // M/D/YY or MM/DD/YYYY
		m, ok := digits(parts[0])
		d, ok2 := digits(parts[1])
		y, ok3 := digits(parts[2])
		if !ok || !ok2 || !ok3 || len(parts[0]) > 2 || len(parts[1]) > 2 {
			return 0, false
		}
		switch len(parts[2]) {
		case 2:
			y += 2000
		case 4:
		default:
			return 0, false
		}
		if m < 1 || m > 12 || d < 1 || d > daysIn(y, time.Month(m)) {
			return 0, false
		}
		return month(y, m)
	}
	if len(s) == 10 {
		if d, err := parseDate(s); err == nil {
			return d.Month(), true
		}
	}
	return 0, false
}

func fullMonthName(i int) string { return strings.ToLower(time.Month(i + 1).String()) }
