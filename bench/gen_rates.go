package main

import (
	"bufio"
	"fmt"
	"math/rand/v2"
	"os"
	"time"
)

// rateCurrencies are the columns of the generated ECB file, with a
// typical rate and its decimal places. BRL has none: its lines stay
// pending.
var rateCurrencies = []struct {
	code   string
	base   float64
	places int
}{
	{"USD", 1.10, 4}, {"JPY", 150, 2}, {"GBP", 0.86, 5}, {"CAD", 1.45, 4},
}

// writeRates writes ECB-layout rates, newest first, working days only,
// from 2021-01-04 to 2025-11-28: lines of the first days of 2021 and of
// December 2025 find no rate within 14 days and stay pending. A few days
// have N/A for one currency, as real files do.
func writeRates(path string) error {
	f, err := os.Create(path)
	if err != nil {
		return err
	}
	w := bufio.NewWriter(f)
	w.WriteString("Date,")
	for _, c := range rateCurrencies {
		w.WriteString(c.code + ",")
	}
	w.WriteString("\n")
	rng := rand.New(rand.NewPCG(1, 2))
	from := time.Date(2021, time.January, 4, 0, 0, 0, 0, time.UTC)
	to := time.Date(2025, time.November, 28, 0, 0, 0, 0, time.UTC)
	for d := to; !d.Before(from); d = d.AddDate(0, 0, -1) {
		if wd := d.Weekday(); wd == time.Saturday || wd == time.Sunday || d.Month() == time.December && d.Day() >= 25 && d.Day() <= 26 {
			continue
		}
		w.WriteString(d.Format("2006-01-02") + ",")
		for _, c := range rateCurrencies {
			if rng.IntN(60) == 0 {
				w.WriteString("N/A,")
				continue
			}
			v := c.base * (0.9 + 0.2*rng.Float64())
			// Formatting a generated float is fine: the file's text is
			// the rate, read back as an exact decimal.
			fmt.Fprintf(w, "%.*f,", c.places, v)
		}
		w.WriteString("\n")
	}
	if err := w.Flush(); err != nil {
		f.Close()
		return err
	}
	return f.Close()
}
