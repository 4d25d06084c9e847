package main

import (
	"fmt"
	"time"
)

// Days since 1970-01-01 are how the SQLite engine stores dates.

// parseDay reads YYYY-MM-DD.
func parseDay(s string) (int32, error) {
	if len(s) != 10 || s[4] != '-' || s[7] != '-' {
		return 0, fmt.Errorf("date %q is not YYYY-MM-DD", s)
	}
	y, ok1 := atoi(s[0:4])
	m, ok2 := atoi(s[5:7])
	d, ok3 := atoi(s[8:10])
	if !ok1 || !ok2 || !ok3 || m < 1 || m > 12 || d < 1 || d > 31 {
		return 0, fmt.Errorf("date %q is not YYYY-MM-DD", s)
	}
	return civil(y, m, d), nil
}

func atoi(s string) (int, bool) {
	n := 0
	for i := 0; i < len(s); i++ {
		if s[i] < '0' || s[i] > '9' {
			return 0, false
		}
		n = n*10 + int(s[i]-'0')
	}
	return n, true
}

// civil is days_from_civil (Howard Hinnant) for years after 0.
func civil(y, m, d int) int32 {
	if m <= 2 {
		y--
	}
	era := y / 400
	yoe := y - era*400
	doy := (153*((m+9)%12)+2)/5 + d - 1
	doe := yoe*365 + yoe/4 - yoe/100 + doy
	return int32(era*146097 + doe - 719468)
}

// localDay is the date in loc of the instant sec (Unix seconds).
func localDay(sec int64, loc *time.Location) int32 {
	y, m, d := time.Unix(sec, 0).In(loc).Date()
	return civil(y, int(m), d)
}

// monthOf returns a day's month as year*100+month.
func monthOf(day int32) int32 {
	y, m, _ := time.Unix(int64(day)*86400, 0).UTC().Date()
	return int32(y*100 + int(m))
}

func dayString(day int32) string { return time.Unix(int64(day)*86400, 0).UTC().Format("2006-01-02") }

func monthString(m int32) string { return fmt.Sprintf("%04d-%02d", m/100, m%100) }
