package ingest

import (
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
		{"1970-01-01", "1970-01-01"},
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
		"0000-01-01": errDateRange, "00000101": errDateRange, "1969-12-31": errDateRange, "2200-01-01": errDateRange,
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
