package main

import (
	"bufio"
	"encoding/csv"
	"fmt"
	"math/rand/v2"
	"os"
	"path/filepath"
	"strconv"
	"time"

	"github.com/shopspring/decimal"
)

// genVersion changes whenever the generator does, so that a dataset left
// in -dir by an older harness is written anew.
const genVersion = 1

// The columns of the generated CSV, in csvHeader's order.
const (
	colReport = iota
	colStart
	colEnd
	colTitle
	colChannel
	colCountry
	colQuantity
	colUnit
	colAmount
	colCurrency
	colWatched
	colStatus
)

var csvHeader = []string{"report_date", "period_start", "period_end", "title", "channel", "country", "quantity", "unit", "amount", "currency", "watched_at", "status"}

// dataset is the generated CSV: one rates file and one line file a month.
type dataset struct {
	rates string
	lines []string
	rows  int
}

// ensureDataset writes the dataset under dir, or reuses the one there when
// it was written for the same row count by this generator.
func ensureDataset(dir string, rows int, d dims) (dataset, error) {
	ds := dataset{rates: filepath.Join(dir, "rates.csv"), rows: rows}
	for m := range years * 12 {
		ds.lines = append(ds.lines, filepath.Join(dir, monthName(m)))
	}
	stamp := filepath.Join(dir, "dataset.txt")
	want := fmt.Sprintf("rows=%d generator=%d\n", rows, genVersion)
	if got, err := os.ReadFile(stamp); err == nil && string(got) == want {
		return ds, nil
	}
	if err := os.RemoveAll(dir); err != nil {
		return ds, err
	}
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return ds, err
	}
	if err := writeRates(ds.rates); err != nil {
		return ds, err
	}
	for m, path := range ds.lines {
		n := rows / len(ds.lines)
		if m < rows%len(ds.lines) {
			n++
		}
		if err := writeMonth(path, m, n, d); err != nil {
			return ds, err
		}
	}
	return ds, os.WriteFile(stamp, []byte(want), 0o644)
}

func monthName(m int) string {
	return fmt.Sprintf("lines-%04d-%02d.csv", firstYear+m/12, m%12+1)
}

// writeMonth writes n line items whose dates fall in month m (0 is
// January of firstYear), from a generator seeded by the month alone.
func writeMonth(path string, m, n int, d dims) error {
	f, err := os.Create(path)
	if err != nil {
		return err
	}
	bw := bufio.NewWriterSize(f, 1<<20)
	w := csv.NewWriter(bw)
	w.Write(csvHeader)
	rng := rand.New(rand.NewPCG(uint64(m), 6))
	first := time.Date(firstYear, time.Month(m+1), 1, 0, 0, 0, 0, time.UTC)
	last := first.AddDate(0, 1, -1)
	rec := make([]string, len(csvHeader))
	for range n {
		genLine(rng, d, first, last, rec)
		if err := w.Write(rec); err != nil {
			f.Close()
			return err
		}
	}
	w.Flush()
	if err := w.Error(); err != nil {
		f.Close()
		return err
	}
	if err := bw.Flush(); err != nil {
		f.Close()
		return err
	}
	return f.Close()
}

var units = []string{"views", "units", "rentals", "purchases", "impressions", "sessions", "minutes", "hours"}

// genLine fills rec with one line item of the month first..last: a third
// watched at an instant, the rest day, week or month periods; a fifth of
// the money in EUR, GBP, JPY or CAD and a little in BRL, which has no rate
// (pending); final reports for iTunes (months, 2021-2023) and Google Play
// (weeks, 2022) that supersede the estimates they cover.
func genLine(rng *rand.Rand, d dims, first, last time.Time, rec []string) {
	const day = "2006-01-02"
	title := d.titles[min(rng.IntN(50), rng.IntN(50))]
	country := d.countries[min(rng.IntN(150), rng.IntN(150))]
	ch := rng.IntN(len(d.channels))
	date := first.AddDate(0, 0, rng.IntN(last.Day()))
	start, end, watched, status := date, date, "", ""
	switch k := rng.IntN(30); {
	case k < 10:
		at := date.Add(time.Duration(rng.IntN(86400)) * time.Second)
		watched = at.Format(time.RFC3339)
	case k < 14:
		end = date.AddDate(0, 0, 6)
	case k < 16:
		start, end = first, last
	}
	switch {
	case d.channels[ch] == "iTunes" && date.Year() <= 2023 && rng.IntN(20) == 0:
		start, end, watched, status = first, last, "", "final"
	case d.channels[ch] == "Google Play" && date.Year() == 2022 && rng.IntN(10) == 0:
		start, end, watched, status = date, date.AddDate(0, 0, 6), "", "final"
	}
	amount := decimal.New(rng.Int64N(5_000_000), -4)
	cur := "USD"
	switch c := rng.IntN(100); {
	case c < 8:
		cur = "EUR"
	case c < 13:
		cur = "GBP"
	case c < 17:
		cur, amount = "JPY", decimal.NewFromInt(rng.Int64N(60_000))
	case c < 20:
		cur = "CAD"
	case c < 21:
		cur = "BRL"
	}
	if rng.IntN(40) == 0 {
		amount = amount.Neg() // a return
	}
	rec[colReport] = end.AddDate(0, 0, 30).Format(day)
	rec[colStart], rec[colEnd] = start.Format(day), end.Format(day)
	if watched != "" {
		rec[colReport] = date.AddDate(0, 0, 30).Format(day)
		rec[colStart], rec[colEnd] = "", ""
	}
	rec[colTitle], rec[colChannel], rec[colCountry] = title, d.channels[ch], country
	rec[colQuantity] = strconv.Itoa(1 + rng.IntN(20))
	rec[colUnit] = units[ch%len(units)]
	rec[colAmount], rec[colCurrency] = amount.String(), cur
	rec[colWatched], rec[colStatus] = watched, status
}
