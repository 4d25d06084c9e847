package ingest

import (
	"fmt"
	"path"
	"strings"
	"time"

	"marquee/store"
)

// Period is a reported period, first and last day inclusive. The zero
// Period is none.
type Period struct{ Start, End store.Date }

// IsZero reports whether p is no period.
func (p Period) IsZero() bool { return p.Start == 0 && p.End == 0 }

func (p Period) String() string {
	if m := p.Start.Month(); p.Start == m.First() && p.End == m.Last() {
		return m.String()
	}
	return p.Start.String() + ".." + p.End.String()
}

func monthPeriod(m store.Month) Period { return Period{m.First(), m.Last()} }

// ParsePeriod reads what `import --period` takes: YYYY-MM for a calendar
// month, or YYYY-MM-DD..YYYY-MM-DD for any span of days.
func ParsePeriod(s string) (Period, error) {
	s = strings.TrimSpace(s)
	if from, to, ok := strings.Cut(s, ".."); ok {
		start, err := parseISODay(from)
		if err != nil {
			return Period{}, err
		}
		end, err := parseISODay(to)
		if err != nil {
			return Period{}, err
		}
		if end < start {
			return Period{}, fmt.Errorf("period %q ends before it starts", s)
		}
		return Period{start, end}, nil
	}
	if len(s) == 7 && s[4] == '-' {
		y, ok := digits(s[:4])
		m, ok2 := digits(s[5:])
		if ok && ok2 && m >= 1 && m <= 12 && y >= 1970 && y <= 2199 {
			return monthPeriod(store.MonthOf(y, time.Month(m))), nil
		}
	}
	return Period{}, fmt.Errorf("period %q is not YYYY-MM or YYYY-MM-DD..YYYY-MM-DD", s)
}

func parseISODay(s string) (store.Date, error) {
	if len(s) != 10 || s[4] != '-' || s[7] != '-' {
		return 0, fmt.Errorf("%q is not a date YYYY-MM-DD", s)
	}
	d, err := parseDate(s)
	if err != nil {
		return 0, fmt.Errorf("%q %v", s, err)
	}
	return d, nil
}

// periodFromName finds the report period in a file name (Tubi and Pluto
// files carry no dates): a month, YYYY-MM, YYYY_MM or YYYYMM, the year not
// glued to a digit before it; else a quarter, YYYY_qN, YYYY-QN or qN_YY.
// The first plausible month wins; a name with none is rejected with a
// suggestion of how to rename it or what to pass to import.
func periodFromName(name string) (Period, error) {
	base := strings.TrimSuffix(path.Base(strings.ReplaceAll(name, `\`, "/")), ".gz")
	badMonth := ""
	for i := 0; i+6 <= len(base); i++ {
		if i > 0 && isDigit(base[i-1]) {
			continue
		}
		y, ok := digits(base[i : i+4])
		if !ok {
			continue
		}
		j := i + 4
		if base[j] == '-' || base[j] == '_' {
			j++
		}
		if j+2 > len(base) {
			continue
		}
		m, ok := digits(base[j : j+2])
		if !ok || y < 1970 || y > 2199 {
			continue
		}
		if m < 1 || m > 12 {
			badMonth = base[i : j+2]
			continue
		}
		return monthPeriod(store.MonthOf(y, time.Month(m))), nil
	}
	if p, ok := quarterFromName(base); ok {
		return p, nil
	}
	ext := path.Ext(base)
	example := strings.TrimSuffix(base, ext) + "_2024-06" + ext
	how := "name must contain YYYY-MM (or YYYY_MM, YYYYMM) for the report month, or YYYY_qN for a quarter, e.g. "
	if badMonth != "" {
		example = strings.Replace(base, badMonth, "2024-06", 1)
		how = fmt.Sprintf("%q in the name is not a month: ", badMonth) + how
	}
	return Period{}, fmt.Errorf("%s%s; or pass --period YYYY-MM (or --period YYYY-MM-DD..YYYY-MM-DD) to import", how, example)
}

// quarterFromName finds YYYY_qN, YYYY-QN or qN_YY (any case): the q not
// glued to a letter before it, the quarter digit not glued to one after.
func quarterFromName(base string) (Period, bool) {
	for i := 0; i+2 <= len(base); i++ {
		if base[i] != 'q' && base[i] != 'Q' || (i > 0 && isLetter(base[i-1])) {
			continue
		}
		q := int(base[i+1]) - '0'
		if q < 1 || q > 4 || (i+2 < len(base) && isDigit(base[i+2])) {
			continue
		}
		year := 0
		// YYYY_qN, YYYY-QN
		if i >= 5 && (base[i-1] == '_' || base[i-1] == '-') && (i == 5 || !isDigit(base[i-6])) {
			if y, ok := digits(base[i-5 : i-1]); ok {
				year = y
			}
		}
		// qN_YY
		if year == 0 && i+5 <= len(base) && (base[i+2] == '_' || base[i+2] == '-') && (i+5 == len(base) || !isDigit(base[i+5])) {
			if y, ok := digits(base[i+3 : i+5]); ok {
				year = 2000 + y
			}
		}
		if year < 1970 || year > 2199 {
			continue
		}
		first := store.MonthOf(year, time.Month(3*q-2))
		return Period{first.First(), (first + 2).Last()}, true
	}
	return Period{}, false
}

func isDigit(c byte) bool  { return c >= '0' && c <= '9' }
func isLetter(c byte) bool { return c|0x20 >= 'a' && c|0x20 <= 'z' }

// periodFromName is the file's report period: from its name, or from
// `import --period` when the name has none. A name and a --period that
// disagree are an error, not a guess.
func (fc *fileContext) periodFromName() (Period, error) {
	p, err := periodFromName(fc.name)
	given := fc.stream.Period
	switch {
	case given.IsZero() && err != nil:
		return Period{}, fc.fail(0, "", ErrPeriodFromName, err.Error())
	case given.IsZero():
		return p, nil
	case err == nil && p != given:
		return Period{}, fc.fail(0, "", ErrPeriodFromName, "the name says the period is "+p.String()+
			" but --period says "+given.String()+"; rename the file or drop --period")
	}
	return given, nil
}
