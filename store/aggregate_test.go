package store

import (
	"fmt"
	"math/rand/v2"
	"testing"
	"time"

	"github.com/shopspring/decimal"
)

// The per-title aggregates must give exactly what scanning every line
// gives, in every zone, with instants at month edges, supersession, pending
// lines and values beyond the fixed column.
func TestAggregatesAgreeWithLineScan(t *testing.T) {
	db := openTemp(t)
	a := mustAccount(t, db, "local")
	rng := rand.New(rand.NewPCG(3, 4))
	channels := []string{"iTunes", "Tubi", "YouTube"}
	for f := 0; f < 4; f++ {
		var lines []LineItem
		for i := 0; i < 3000; i++ {
			l := line(fmt.Sprint("T", rng.IntN(6)), channels[rng.IntN(3)], []string{"US", "GB", "zz", "NP"}[rng.IntN(4)], "2024-01-01", "0")
			l.Amount = decimal.New(rng.Int64N(2_000_000)-500_000, -int32(rng.IntN(14)))
			d := day("2024-01-01") + Date(rng.IntN(200))
			l.PeriodStart, l.PeriodEnd, l.ReportDate = d, d, d
			switch k := rng.IntN(10); {
			case k < 4: // instants, many near midnight at month edges
				l.PeriodStart, l.PeriodEnd = 0, 0
				m := d.Month()
				edge := []Date{m.First(), m.Last(), d}[rng.IntN(3)]
				l.WatchedAt = edge.Time().Add(time.Duration(rng.IntN(48*60)-24*60) * time.Minute)
			case k == 4:
				l.Currency = "GBP" // pending: no rates
			case k == 5:
				l.Amount = dec("12345678.12345678901234")
			}
			if f == 2 && i%50 == 0 && l.Channel == "iTunes" && !l.HasInstant() {
				l.Status, l.PeriodEnd = Final, l.PeriodStart+20
			}
			lines = append(lines, l)
		}
		post(t, a, fmt.Sprint("file", f), lines...)
	}
	// The channel filter naming every channel forces the line scan.
	every := Filter{Channels: channels}
	for _, zone := range []string{"UTC", "Pacific/Kiritimati", "Pacific/Pago_Pago", "Asia/Kathmandu", "America/Los_Angeles"} {
		loc := mustLoc(zone)
		for _, f := range []Filter{{}, {Titles: []string{"T1", "T4"}}, {From: day("2024-02-01"), To: day("2024-05-31")}} {
			f.Location = loc
			scan := f
			scan.Channels = every.Channels
			m1, rows1, err1 := a.Summary(f)
			m2, rows2, err2 := a.Summary(scan)
			if err1 != nil || err2 != nil {
				t.Fatal(err1, err2)
			}
			if !m1.RevenueUSD.Equal(m2.RevenueUSD) || m1.Lines != m2.Lines || m1.PendingLines != m2.PendingLines ||
				m1.Titles != m2.Titles || m1.Countries != m2.Countries || m1.Channels != m2.Channels {
				t.Fatalf("%s %+v: aggregate %+v, scan %+v", zone, f, m1, m2)
			}
			if len(rows1) != len(rows2) {
				t.Fatalf("%s: %d months vs %d", zone, len(rows1), len(rows2))
			}
			for i := range rows1 {
				if rows1[i].Period != rows2[i].Period || !rows1[i].RevenueUSD.Equal(rows2[i].RevenueUSD) || rows1[i].Titles != rows2[i].Titles {
					t.Fatalf("%s: month %+v vs %+v", zone, rows1[i], rows2[i])
				}
			}
			page, _ := a.Detail(DetailQuery{Filter: f, Limit: 1})
			if page.Total != m1.Lines {
				t.Fatalf("%s: detail counts %d lines, summary %d", zone, page.Total, m1.Lines)
			}
		}
	}
}
