package main

import (
	"encoding/json"
	"fmt"
	"io"
	"runtime"
	"strings"
	"text/tabwriter"
	"time"
)

var engineNames = []string{"marquee", "duckdb", "sqlite"}

// results collects every timing of one run of the harness.
type results struct {
	cfg     config
	timings map[string]*timing // by step + "/" + engine
	peakMB  float64
}

func newResults(cfg config) *results { return &results{cfg: cfg, timings: map[string]*timing{}} }

func (r *results) add(step, engine string, d time.Duration) {
	k := step + "/" + engine
	if r.timings[k] == nil {
		r.timings[k] = &timing{step: step, engine: engine}
	}
	r.timings[k].add(d)
}

func (r *results) stats(step, engine string) (median, lo, hi float64, ok bool) {
	t := r.timings[step+"/"+engine]
	if t == nil {
		return 0, 0, 0, false
	}
	median, lo, hi = t.stats()
	return median, lo, hi, true
}

type jsonResult struct {
	Step     string  `json:"step"`
	Engine   string  `json:"engine"`
	MedianMS float64 `json:"median_ms"`
	MinMS    float64 `json:"min_ms"`
	MaxMS    float64 `json:"max_ms"`
}

// report prints the table, and with -json the results as the last line.
func report(out io.Writer, r *results) error {
	fmt.Fprintf(out, "marquee bench: %s line items, %d CPUs, %s, %s\n", group(float64(r.cfg.rows)),
		runtime.NumCPU(), runtime.Version(), time.Now().UTC().Format("2006-01-02 15:04 UTC"))
	fmt.Fprintf(out, "median (min-max) in ms of %d runs per step (import: %d)\n\n", r.cfg.runs, r.cfg.importRuns)
	tw := tabwriter.NewWriter(out, 0, 0, 2, ' ', 0)
	fmt.Fprintln(tw, "step\tmarquee\tduckdb\tsqlite\tmarquee/duckdb\tmarquee/sqlite\t")
	for _, step := range stepNames {
		cells := []string{step}
		var med [3]float64
		for i, e := range engineNames {
			m, lo, hi, ok := r.stats(step, e)
			med[i] = m
			if !ok {
				cells = append(cells, "-")
				continue
			}
			cells = append(cells, fmt.Sprintf("%s (%s-%s)", ms(m), ms(lo), ms(hi)))
		}
		cells = append(cells, ratio(med[0], med[1]), ratio(med[0], med[2]))
		fmt.Fprintln(tw, strings.Join(cells, "\t")+"\t")
	}
	tw.Flush()
	var rates []string
	for _, e := range engineNames {
		if m, _, _, ok := r.stats("import", e); ok && m > 0 {
			rates = append(rates, fmt.Sprintf("%s %s", e, group(float64(r.cfg.rows)/(m/1000))))
		}
	}
	fmt.Fprintf(out, "\nimport rows/s (median): %s\n", strings.Join(rates, ", "))
	fmt.Fprintf(out, "marquee peak RSS (VmHWM of a process that opens the database and runs steps 2-5): %.0f MB\n", r.peakMB)
	if !r.cfg.json {
		return nil
	}
	doc := struct {
		Rows    int          `json:"rows"`
		Results []jsonResult `json:"results"`
		PeakMB  float64      `json:"marquee_peak_rss_mb"`
	}{Rows: r.cfg.rows, PeakMB: round(r.peakMB, 1)}
	for _, step := range stepNames {
		for _, e := range engineNames {
			if m, lo, hi, ok := r.stats(step, e); ok {
				doc.Results = append(doc.Results, jsonResult{step, e, round(m, 3), round(lo, 3), round(hi, 3)})
			}
		}
	}
	b, err := json.Marshal(doc)
	if err != nil {
		return err
	}
	_, err = fmt.Fprintf(out, "%s\n", b)
	return err
}

func ms(v float64) string {
	switch {
	case v < 10:
		return fmt.Sprintf("%.2f", v)
	case v < 100:
		return fmt.Sprintf("%.1f", v)
	}
	return group(v)
}

func ratio(a, b float64) string {
	if b == 0 {
		return "-"
	}
	return fmt.Sprintf("%.2f", a/b)
}

func round(v float64, places int) float64 {
	p := 1.0
	for range places {
		p *= 10
	}
	return float64(int64(v*p+0.5)) / p
}

// group formats a whole number with thousands separators.
func group(v float64) string {
	s := fmt.Sprintf("%.0f", v)
	var b strings.Builder
	for i, c := range s {
		if i > 0 && (len(s)-i)%3 == 0 {
			b.WriteByte(',')
		}
		b.WriteRune(c)
	}
	return b.String()
}
