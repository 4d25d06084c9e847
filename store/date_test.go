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
