package main

import (
	"bytes"
	"encoding/json"
	"io"
	"testing"
)

// TestSmoke runs the whole harness on a small dataset: generation, the
// three imports, the agreement check, every step and the child processes.
func TestSmoke(t *testing.T) {
	var out bytes.Buffer
	cfg := config{rows: 20_000, dir: t.TempDir(), runs: 1, importRuns: 1, json: true}
	if err := run(cfg, &out, io.Discard); err != nil {
		t.Fatal(err)
	}
	var doc struct {
		Rows    int `json:"rows"`
		Results []struct {
			Step     string  `json:"step"`
			Engine   string  `json:"engine"`
			MedianMS float64 `json:"median_ms"`
		} `json:"results"`
		PeakMB float64 `json:"marquee_peak_rss_mb"`
	}
	if err := json.Unmarshal(lastLine(out.Bytes()), &doc); err != nil {
		t.Fatalf("last line is not the JSON results: %v\n%s", err, out.String())
	}
	if doc.Rows != 20_000 || len(doc.Results) != len(stepNames)*len(engineNames) || doc.PeakMB <= 0 {
		t.Errorf("results: %+v", doc)
	}
	seen := map[string]bool{}
	for _, r := range doc.Results {
		seen[r.Step+"/"+r.Engine] = true
		if r.MedianMS <= 0 {
			t.Errorf("%s/%s: median %v ms", r.Step, r.Engine, r.MedianMS)
		}
	}
	for _, s := range stepNames {
		for _, e := range engineNames {
			if !seen[s+"/"+e] {
				t.Errorf("no result for %s/%s", s, e)
			}
		}
	}
}
