// Command bench measures marquee against DuckDB and SQLite on one
// generated dataset, side by side in one run:
//
//	cd bench && go run . -rows 10000000
//
// It writes a deterministic dataset as canonical CSV (one file a month and
// an ECB rates file) under -dir, imports it into marquee (through ingest, as
// a user would), DuckDB and SQLite, checks that the three engines return the
// same metrics, monthly rows and Detail page, exact decimals, and only then
// prints the timings of six steps: import, filter, all, detail, timezone and
// cold_open. With -json the last line is the results as JSON.
//
// bench is its own module so that marquee never depends on DuckDB. How each
// engine implements marquee's semantics, and what each step times, is told
// in RESULTS.md.
package main
