package main

import (
	"fmt"
	"io"
	"os"
	"path/filepath"
	"time"
)

// config is the command line.
type config struct {
	rows       int
	dir        string
	runs       int // timed repetitions of each query step and cold open
	importRuns int // timed imports of the whole dataset, per engine
	json       bool
}

var stepNames = []string{"import", "filter", "all", "detail", "timezone", "cold_open"}

// run generates (or reuses) the dataset, imports it into every engine,
// checks that they agree and only then measures and prints. log gets
// progress without any timing.
func run(cfg config, out, log io.Writer) error {
	d, err := newDims()
	if err != nil {
		return err
	}
	fmt.Fprintf(log, "dataset: %d rows in %s\n", cfg.rows, filepath.Join(cfg.dir, "csv"))
	ds, err := ensureDataset(filepath.Join(cfg.dir, "csv"), cfg.rows, d)
	if err != nil {
		return fmt.Errorf("generate dataset: %w", err)
	}
	dbDir := filepath.Join(cfg.dir, "db")
	if err := os.MkdirAll(dbDir, 0o755); err != nil {
		return err
	}
	engines := []engine{newMarquee(dbDir), newDuck(dbDir), newSQLite(dbDir)}
	res := newResults(cfg)

	for r := range cfg.importRuns {
		for _, e := range engines {
			fmt.Fprintf(log, "import %d/%d: %s\n", r+1, cfg.importRuns, e.name())
			dur, err := timed(func() error { return e.importFiles(ds.rates, ds.lines) })
			if err != nil {
				return fmt.Errorf("%s import: %w", e.name(), err)
			}
			res.add("import", e.name(), dur)
		}
	}
	for _, e := range engines {
		if err := e.open(); err != nil {
			return fmt.Errorf("%s open: %w", e.name(), err)
		}
		defer e.close()
	}
	fmt.Fprintln(log, "checking that the engines agree")
	want, err := check(engines, d, log)
	if err != nil {
		return err
	}
	if err := measureQueries(engines, d, cfg.runs, res, log); err != nil {
		return err
	}
	for _, e := range engines {
		if err := e.close(); err != nil {
			return fmt.Errorf("%s close: %w", e.name(), err)
		}
	}
	if err := measureColdOpen(engines, dbDir, cfg.runs, want, res, log); err != nil {
		return err
	}
	fmt.Fprintln(log, "marquee dashboard process: peak RSS")
	cr, err := runChild("dashboard", "marquee", dbDir)
	if err != nil {
		return err
	}
	res.peakMB = cr.PeakMB
	return report(out, res)
}

// measureQueries times steps 2 to 5, engines interleaved within each run
// so that a noisy moment hurts all three alike, after one untimed warm-up.
// Step 5 toggles each engine's zone between zoneA and zoneB, so every run
// is a change; the engines are left in zoneA.
func measureQueries(engines []engine, d dims, runs int, res *results, log io.Writer) error {
	zone := map[string]string{}
	for _, e := range engines {
		zone[e.name()] = zoneA
	}
	steps := []struct {
		name string
		fn   func(e engine) error
	}{
		{"filter", func(e engine) error { _, err := e.summary(d.filterQuery()); return err }},
		{"all", func(e engine) error { _, err := e.summary(query{}); return err }},
		{"detail", func(e engine) error { _, err := e.detail(d.filterQuery()); return err }},
		{"timezone", func(e engine) error {
			next := zoneB
			if zone[e.name()] == zoneB {
				next = zoneA
			}
			if err := e.setZone(next); err != nil {
				return err
			}
			zone[e.name()] = next
			_, err := e.summary(query{})
			return err
		}},
	}
	for _, st := range steps {
		fmt.Fprintf(log, "step %s\n", st.name)
		for run := -1; run < runs; run++ {
			for _, e := range engines {
				dur, err := timed(func() error { return st.fn(e) })
				if err != nil {
					return fmt.Errorf("%s %s: %w", e.name(), st.name, err)
				}
				if run >= 0 {
					res.add(st.name, e.name(), dur)
				}
			}
		}
	}
	for _, e := range engines {
		if zone[e.name()] != zoneA {
			if err := e.setZone(zoneA); err != nil {
				return err
			}
		}
	}
	return nil
}

// measureColdOpen opens each database in a fresh process (the files are
// in the OS page cache: a cold process, not a cold disk) and checks the
// first metrics it shows.
func measureColdOpen(engines []engine, dir string, runs int, want metrics, res *results, log io.Writer) error {
	fmt.Fprintln(log, "step cold_open")
	for range runs {
		for _, e := range engines {
			cr, err := runChild("cold_open", e.name(), dir)
			if err != nil {
				return err
			}
			if cr.Metrics != want {
				return fmt.Errorf("engines disagree: %s cold open metrics %+v, want %+v", e.name(), cr.Metrics, want)
			}
			res.add("cold_open", e.name(), time.Duration(cr.OpenMS*float64(time.Millisecond)))
		}
	}
	return nil
}
