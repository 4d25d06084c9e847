package store

import "testing"

// Metrics count the final lines, through the per-month aggregate (no
// filter) and through the row scan (a channel filter) alike, so the
// dashboard can say whether its revenue is an estimate.
func TestMetricsCountFinalLines(t *testing.T) {
	a := mustAccount(t, openTemp(t), "local")
	est := line("A", "iTunes", "US", "2024-01-05", "1")
	fin := line("B", "Tubi", "US", "2024-01-06", "2")
	fin.Status = Final
	fin2 := line("A", "iTunes", "GB", "2024-02-06", "3")
	fin2.Status = Final
	post(t, a, "s.csv", est, fin, fin2)
	for _, c := range []struct {
		f           Filter
		lines, fins int
	}{
		{Filter{}, 3, 2},
		{Filter{Channels: []string{"iTunes"}}, 2, 1},
		{Filter{Channels: []string{"Tubi"}}, 1, 1},
		{Filter{From: day("2024-02-01")}, 1, 1},
	} {
		m := metrics(t, a, c.f)
		if m.Lines != c.lines || m.FinalLines != c.fins {
			t.Errorf("filter %+v: %d lines, %d final; want %d, %d", c.f, m.Lines, m.FinalLines, c.lines, c.fins)
		}
	}
}
