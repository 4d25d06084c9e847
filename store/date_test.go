package store

import (
	"math"
	"testing"
	"time"
)

// utcDate must agree with DateIn(t, time.UTC) everywhere, the calendar's
// edges and far instants included.
func TestUTCDate(t *testing.T) {
	secs := []int64{0, -1, 1, 86399, 86400, -86400, -86401, 1 << 39, -(1 << 39), 1<<40 - 1, 1 << 40, -(1 << 40),
		math.MaxInt32, math.MinInt32, 7258118399, 7258118400}
	for s := int64(-3 * 86400); s < 3*86400; s += 3593 {
		secs = append(secs, s, s+1_700_000_000)
	}
	for _, s := range secs {
		for _, ns := range []int64{0, 1, 999_999_999} {
			tm := time.Unix(s, ns).In(time.FixedZone("x", 5*3600+45*60))
			if got, want := utcDate(tm), DateIn(tm, time.UTC); got != want {
				t.Fatalf("utcDate(%v) = %d, want %d", tm, got, want)
			}
		}
	}
}

// A month is its first day as a start and its last as an end; anything
// else but a whole date is refused.
func TestParseBound(t *testing.T) {
	from, err := ParseBound("2024-02", false)
	if err != nil || from.String() != "2024-02-01" {
		t.Fatalf("from month: %v %v", from, err)
	}
	to, err := ParseBound("2024-02", true)
	if err != nil || to.String() != "2024-02-29" {
		t.Fatalf("to month: %v %v", to, err)
	}
	day, err := ParseBound("2024-03-15", true)
	if err != nil || day.String() != "2024-03-15" {
		t.Fatalf("day: %v %v", day, err)
	}
	for _, bad := range []string{"2024-13", "2024-1", "24-01", "2024-02-30", "1969-12", "abc"} {
		if _, err := ParseBound(bad, false); err == nil {
			t.Errorf("ParseBound(%q) accepted", bad)
		}
	}
}
