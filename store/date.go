package store

import (
	"errors"
	"fmt"
	"strings"
	"time"
)

// Date is a civil date (no time, no zone) counted in days since 1970-01-01.
// Line items carry dates, not instants, wherever a channel reports a period,
// and a compact integer keeps the columnar index small.
type Date int32

// MinDate and MaxDate bound the dates the store accepts: years before 1970
// or after 2199 in a streaming report are errors, not data. The range
// starts on 1970-01-02 because Date 0 (1970-01-01) means "no date": a line
// whose period started then would read as a line without a period.
var (
	MinDate = DateOf(1970, time.January, 2)
	MaxDate = DateOf(2199, time.December, 31)
)

// maxZoneOffset is the furthest any time zone is from UTC (Kiribati's
// +14:00; the furthest west is -12:00).
const maxZoneOffset = 14 * time.Hour

// InstantInRange reports whether an instant's date is within MinDate and
// MaxDate in every time zone: totals are summed by the viewer's local
// date, and a line watched at 1970-01-02T05:00Z, which is 1970-01-01 in
// Los Angeles, would be stored and then missing from every total there.
func InstantInRange(t time.Time) bool {
	return !t.Before(MinDate.Time().Add(maxZoneOffset)) && t.Before((MaxDate + 1).Time().Add(-maxZoneOffset))
}

// DateOf returns the date of year, month and day, normalising overflow the
// way time.Date does.
func DateOf(year int, month time.Month, day int) Date {
	t := time.Date(year, month, day, 0, 0, 0, 0, time.UTC)
	return Date(t.Unix() / 86400)
}

// DateIn returns the local date of the instant t in loc.
func DateIn(t time.Time, loc *time.Location) Date {
	y, m, d := t.In(loc).Date()
	return DateOf(y, m, d)
}

// utcDate is DateIn(t, time.UTC) without the calendar arithmetic, which
// every imported instant pays several times: a UTC day is 86,400 seconds,
// so the date is the floor of the Unix time over that. Instants far
// outside any calendar a report uses keep the general path.
func utcDate(t time.Time) Date {
	const bound = 1 << 40 // seconds: some 35,000 years either side of 1970
	u := t.Unix()
	if u <= -bound || u >= bound {
		return DateIn(t, time.UTC)
	}
	d := u / 86400
	if u%86400 < 0 {
		d--
	}
	return Date(d)
}

// ParseDate reads YYYY-MM-DD.
func ParseDate(s string) (Date, error) {
	t, err := time.Parse("2006-01-02", s)
	if err != nil {
		return 0, fmt.Errorf("date %q is not YYYY-MM-DD", s)
	}
	d := DateOf(t.Date())
	if d < MinDate || d > MaxDate {
		return 0, fmt.Errorf("date %q is outside 1970-01-02..2199-12-31", s)
	}
	return d, nil
}

// Time returns midnight UTC of the date.
func (d Date) Time() time.Time { return time.Unix(int64(d)*86400, 0).UTC() }

// String formats the date as YYYY-MM-DD.
func (d Date) String() string { return d.Time().Format("2006-01-02") }

// Month returns the calendar month of the date.
func (d Date) Month() Month {
	y, m, _ := d.Time().Date()
	return MonthOf(y, m)
}

// Month is a calendar month counted from January 1970 (0).
type Month int32

// MonthOf returns the month of a year.
func MonthOf(year int, month time.Month) Month {
	return Month((year-1970)*12 + int(month) - 1)
}

// ParseMonth reads YYYY-MM.
func ParseMonth(s string) (Month, error) {
	t, err := time.Parse("2006-01", s)
	if err != nil {
		return 0, fmt.Errorf("month %q is not YYYY-MM", s)
	}
	return MonthOf(t.Year(), t.Month()), nil
}

// Year and calendar month of m.
func (m Month) Year() int                 { return 1970 + int(m)/12 }
func (m Month) CalendarMonth() time.Month { return time.Month(int(m)%12 + 1) }

// First and Last return the first and last day of the month.
func (m Month) First() Date { return DateOf(m.Year(), m.CalendarMonth(), 1) }
func (m Month) Last() Date  { return DateOf(m.Year(), m.CalendarMonth()+1, 0) }

// String formats the month as YYYY-MM.
func (m Month) String() string { return fmt.Sprintf("%04d-%02d", m.Year(), int(m.CalendarMonth())) }

// Midpoint is the watch date of a reported period: its middle day, or for an
// even number of days the earlier of the two middle days (FORMATS.md).
func Midpoint(start, end Date) Date {
	return start + (end-start)/2
}

// ParseBound reads one end of a date range as a person types it:
// YYYY-MM-DD, or YYYY-MM, which means the month's first day as a start and
// its last day as an end, so "2024-01".."2024-03" is the whole quarter.
// Empty is unbounded (zero Date).
func ParseBound(s string, isEnd bool) (Date, error) {
	s = strings.TrimSpace(s)
	switch len(s) {
	case 0:
		return 0, nil
	case len("2006-01"):
		m, err := ParseMonth(s)
		if err != nil || m.First() < MinDate || m.Last() > MaxDate {
			return 0, errBound
		}
		if isEnd {
			return m.Last(), nil
		}
		return m.First(), nil
	case len("2006-01-02"):
		if d, err := ParseDate(s); err == nil {
			return d, nil
		}
	}
	return 0, errBound
}

var errBound = errors.New("use YYYY-MM or YYYY-MM-DD")
