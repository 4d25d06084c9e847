package main

import (
	"flag"
	"fmt"
	"os"
	"path/filepath"
)

func main() {
	if mode := os.Getenv(childEnv); mode != "" {
		os.Exit(childMain(mode, os.Stdout))
	}
	cfg := config{}
	flag.IntVar(&cfg.rows, "rows", 1_000_000, "line items to generate")
	flag.StringVar(&cfg.dir, "dir", filepath.Join(os.TempDir(), "marquee-bench"), "where the CSV files and the three databases go")
	flag.IntVar(&cfg.runs, "runs", 5, "timed repetitions of each query step and of the cold open")
	flag.IntVar(&cfg.importRuns, "import-runs", 2, "timed imports of the whole dataset into each engine")
	flag.BoolVar(&cfg.json, "json", false, "print the results as JSON on the last line")
	flag.Parse()
	if cfg.rows < 1 || cfg.runs < 1 || cfg.importRuns < 1 {
		fmt.Fprintln(os.Stderr, "bench: -rows, -runs and -import-runs must be at least 1")
		os.Exit(2)
	}
	if err := run(cfg, os.Stdout, os.Stderr); err != nil {
		fmt.Fprintln(os.Stderr, "bench:", err)
		os.Exit(1)
	}
}
