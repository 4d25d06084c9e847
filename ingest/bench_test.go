package ingest

import (
	"bytes"
	"fmt"
	"testing"
)

// canonicalFile builds a canonical CSV of n rows that looks like a real
// export: a few titles and channels, periods and instants, ids on some rows.
func canonicalFile(n int) []byte {
	var b bytes.Buffer
	b.Grow(n * 120)
	b.WriteString("report_date,period_start,period_end,title,channel,country,quantity,unit,amount,currency,watched_at,transaction_id,status\n")
	titles := []string{"The Long Road", "Night Shift", "Harbour Lights", "\"Love, Interrupted\""}
	channels := []string{"Vimeo On Demand", "Kinow", "Festival Screenings"}
	countries := []string{"US", "FR", "GB", "DE", "JP"}
	for i := range n {
		day := 1 + i%28
		if i%5 == 0 {
			fmt.Fprintf(&b, "2024-07-15,,,%s,%s,%s,1,purchases,%d.%02d,EUR,2024-06-%02dT20:15:00Z,TX-%d,final\n",
				titles[i%len(titles)], channels[i%len(channels)], countries[i%len(countries)], i%50, i%100, day, i)
			continue
		}
		fmt.Fprintf(&b, "2024-07-15,2024-06-%02d,2024-06-%02d,%s,%s,%s,%d,views,%d.%04d,USD,,,\n",
			day, day, titles[i%len(titles)], channels[i%len(channels)], countries[i%len(countries)], i%1000, i%300, i%10000)
	}
	return b.Bytes()
}

func BenchmarkParseCanonical(b *testing.B) {
	const rows = 100_000
	data := canonicalFile(rows)
	b.SetBytes(int64(len(data)))
	b.ReportAllocs()
	for b.Loop() {
		p, err := Parse("bench.csv", data)
		if err != nil || len(p.Lines) != rows {
			b.Fatal(err)
		}
	}
	b.ReportMetric(float64(rows)*float64(b.N)/b.Elapsed().Seconds(), "rows/s")
}
