package ingest

import (
	"fmt"
	"testing"
	"time"

	"marquee/store"
)

func TestParseDate(t *testing.T) {
	ok := []struct{ in, want string }{
		{"06/01/2024", "2024-06-01"},
		{"2024-06-01", "2024-06-01"},
		{"20240601", "2024-06-01"},
		{" 02/29/2024 ", "2024-02-29"},
		{"2000-02-29", "2000-02-29"},
		{"1970-01-02", "1970-01-02"},
		{"21991231", "2199-12-31"},
	}
	for _, tc := range ok {
		d, err := parseDate(tc.in)
		if err != nil || d.String() != tc.want {
			t.Errorf("parseDate(%q) = %s, %v; want %s", tc.in, d, err, tc.want)
		}
	}
	bad := map[string]error{
		"02/30/2024": errDateCal, "2023-02-29": errDateCal, "1900-02-29": errDateCal, "2024-04-31": errDateCal,
		"2024-13-01": errDateCal, "2024-00-10": errDateCal, "20240100": errDateCal,
		"0000-01-01": errDateRange, "00000101": errDateRange, "1969-12-31": errDateRange, "1970-01-01": errDateRange, "2200-01-01": errDateRange,
		"": errDateShape, "2024-6-1": errDateShape, "6/1/2024": errDateShape, "01.06.2024": errDateShape,
		"2024-06-0x": errDateShape, "-2024-06-1": errDateShape, "2024/06/01": errDateShape, "June 1": errDateShape,
		"+2024-06-01": errDateShape, "2024-06-01T00:00:00Z": errDateShape,
	}
	for in, want := range bad {
		if d, err := parseDate(in); err != want {
			t.Errorf("parseDate(%q) = %s, %v; want %v", in, d, err, want)
		}
	}
}

func TestParseDateMatchesStore(t *testing.T) {
	for d := store.DateOf(2023, time.December, 25); d < store.DateOf(2025, time.January, 10); d++ {
		got, err := parseDate(d.String())
		if err != nil || got != d {
			t.Fatalf("parseDate(%s) = %s, %v", d, got, err)
		}
	}
}

func TestCivilDateMatchesStore(t *testing.T) {
	for _, y := range []int{0, 1, 1600, 1899, 1900, 1969, 1970, 2000, 2024, 2100, 2199, 2400} {
		for m := 1; m <= 12; m++ {
			for _, d := range []int{1, 15, daysIn(y, time.Month(m))} {
				if got, want := civilDate(y, m, d), store.DateOf(y, time.Month(m), d); got != want {
					t.Errorf("civilDate(%d, %d, %d) = %d, want %d", y, m, d, got, want)
				}
			}
		}
	}
}

func TestParseInstant(t *testing.T) {
	got, err := parseInstant("2024-06-14T21:30:00.5+02:00")
	if err != nil || !got.Equal(time.Date(2024, 6, 14, 19, 30, 0, 5e8, time.UTC)) {
		t.Errorf("got %v, %v", got, err)
	}
	for _, in := range []string{"2024-06-14", "2024-06-14 21:30:00Z", "0000-01-01T00:00:00Z", "2200-01-01T00:00:00Z", "1969-12-31T23:59:59Z"} {
		if _, err := parseInstant(in); err == nil {
			t.Errorf("parseInstant(%q) accepted", in)
		}
	}
}

// The fast path must give exactly what time.Parse gives (the same
// time.Time value, location included) and leave every other shape to it.
func TestUTCSecondInstantMatchesParse(t *testing.T) {
	var in []string
	for d := store.DateOf(1969, time.December, 30); d < store.DateOf(1972, time.March, 2); d += 7 {
		in = append(in, d.String()+"T00:00:00Z", d.String()+"T23:59:59Z", d.String()+"T12:34:56Z")
	}
	in = append(in, "2024-02-29T20:15:00Z", "2023-02-29T20:15:00Z", "2024-06-31T00:00:00Z", "2024-13-01T00:00:00Z",
		"2024-00-10T00:00:00Z", "2024-06-00T00:00:00Z", "2024-06-01T24:00:00Z", "2024-06-01T23:60:00Z",
		"2024-06-01T23:59:60Z", "0000-01-01T00:00:00Z", "9999-12-31T23:59:59Z", "2199-12-31T23:59:59Z",
		"2200-01-01T00:00:00Z", "2024-06-01T20:15:00z", "2024-06-01t20:15:00Z", "2024-06-01T20:15:0xZ",
		"+024-06-01T20:15:00Z", "2024-06-01T20:15:00.5Z", "2024-06-01T20:15:00+00:00")
	for _, s := range in {
		got, date, ok := utcSecondInstant(s)
		want, err := time.Parse(time.RFC3339, s)
		if ok && (err != nil || got != want || date != store.DateIn(want, time.UTC)) {
			t.Errorf("utcSecondInstant(%q) = %#v, %d, want %#v (%v)", s, got, date, want, err)
		}
		if !ok && len(s) == 20 && s[19] == 'Z' && err == nil && s[10] == 'T' {
			t.Errorf("utcSecondInstant(%q) left a plain UTC instant to time.Parse", s)
		}
	}
}

// A date read from the last one of its column must be what parseDate reads.
func TestDateMemoSameMonth(t *testing.T) {
	prev := []string{"2024-02-10", "2023-02-28", "1970-01-15", "2199-12-01", "02/10/2024", "20240210", " 2024-02-10"}
	var next []string
	for d := 0; d <= 32; d++ {
		next = append(next, fmt.Sprintf("2024-02-%02d", d), fmt.Sprintf("2023-02-%02d", d), fmt.Sprintf("1970-01-%02d", d),
			fmt.Sprintf("2199-12-%02d", d))
	}
	next = append(next, "2024-02-1x", "2024-02- 1", "2024-02-+1", "2024-02-10 ")
	for _, p := range prev {
		pd, err := parseDate(p)
		if err != nil {
			t.Fatal(p, err)
		}
		m := dateMemo{raw: p, date: pd}
		for _, v := range next {
			got, ok := m.sameMonth(v)
			want, err := parseDate(v)
			if ok && (err != nil || got != want) {
				t.Errorf("after %q, sameMonth(%q) = %s, want %s (%v)", p, v, got, want, err)
			}
		}
	}
}
