package main

import (
	"database/sql"
	"encoding/csv"
	"fmt"
	"os"
	"strings"
)

// importFiles loads the CSV with DuckDB's own reader and converts the
// currency in SQL, exactly: every line finds its rate in a table of the
// rate of each calendar day (the newest day on or before it on which both
// the currency and USD have a rate, at most 14 days older), and
// amount × USD / CUR is computed in integers and rounded half away from
// zero to 12 places, as FORMATS.md says, into rev, an exact integer of
// 10^-13 USD (NULL while pending). No float is involved.
func (e *duckEngine) importFiles(rates string, lines []string) error {
	for _, p := range []string{e.path, e.path + ".wal"} {
		if err := os.Remove(p); err != nil && !os.IsNotExist(err) {
			return err
		}
	}
	rateCols, err := duckRateColumns(rates)
	if err != nil {
		return err
	}
	db, err := sql.Open("duckdb", e.path)
	if err != nil {
		return err
	}
	defer db.Close()
	db.SetMaxOpenConns(1)
	for _, stmt := range duckLoad(rates, rateCols, lines) {
		if _, err := db.Exec(stmt); err != nil {
			return err
		}
	}
	return db.Close()
}

// duckLines reads the canonical CSV without sniffing: the harness wrote
// it, so its columns are known. Amounts have 4 places in this dataset.
const duckLines = `header = true, auto_detect = false, delim = ',', quote = '"', escape = '"',
  columns = {'report_date': 'DATE', 'period_start': 'DATE', 'period_end': 'DATE', 'title': 'VARCHAR',
    'channel': 'VARCHAR', 'country': 'VARCHAR', 'quantity': 'DECIMAL(18,4)', 'unit': 'VARCHAR',
    'amount': 'DECIMAL(18,4)', 'currency': 'VARCHAR', 'watched_at': 'TIMESTAMPTZ', 'status': 'VARCHAR'}`

func duckLoad(rates, rateCols string, lines []string) []string {
	files := make([]string, len(lines))
	for i, f := range lines {
		files[i] = sqlQuote(f)
	}
	return []string{
		`CREATE TEMP TABLE rate AS SELECT "Date"::DATE AS day, currency, TRY_CAST(v AS DECIMAL(18,6)) AS per_eur
FROM (UNPIVOT (SELECT * FROM read_csv(` + sqlQuote(rates) + `, header = true, auto_detect = false, delim = ',',
        nullstr = 'N/A', columns = ` + rateCols + `))
      ON COLUMNS(* EXCLUDE ("Date")) INTO NAME currency VALUE v)
WHERE regexp_matches(currency, '^[A-Z]{3}$') AND TRY_CAST(v AS DECIMAL(18,6)) > 0`,

		// Days on which both the currency and USD have a rate; EUR is the
		// base (1) on every day USD has one.
		`CREATE TEMP TABLE pair AS
SELECT c.currency, c.day, u.per_eur AS usd, c.per_eur AS cur
FROM rate c JOIN rate u ON u.currency = 'USD' AND u.day = c.day WHERE c.currency <> 'USD'
UNION ALL SELECT 'EUR', day, per_eur, 1 FROM rate WHERE currency = 'USD'`,

		// The rate of every calendar day: the newest pair on or before it,
		// at most 14 days older. Lines find theirs with an equi-join,
		// several times faster than an ASOF join of every line.
		`CREATE TEMP TABLE daily AS
SELECT d.currency, d.day, p.usd, p.cur
FROM (SELECT c.currency, CAST(g AS DATE) AS day FROM (SELECT DISTINCT currency FROM pair) c,
        generate_series((SELECT min(day) FROM pair), (SELECT max(day) FROM pair) + 14, INTERVAL 1 DAY) t(g)) d
ASOF JOIN pair p ON p.currency = d.currency AND d.day >= p.day
WHERE p.day >= d.day - 14`,

		// The conversion date is the period end, or the UTC date of the
		// instant.
		`CREATE TABLE lines AS
SELECT r.title, r.channel, r.country, r.report_date, r.period_start, r.period_end, r.watched_at,
  CASE WHEN r.watched_at IS NULL THEN r.period_start + CAST((r.period_end - r.period_start) // 2 AS INTEGER) END AS mid_date,
  r.quantity, r.unit, r.amount, r.currency, COALESCE(r.status = 'final', false) AS final,
  CASE WHEN r.currency = 'USD' THEN CAST(r.amount * 10000 AS BIGINT) * 1000000000
       WHEN p.currency IS NOT NULL THEN ` + duckConvert("r.amount", "p.usd", "p.cur") + `
  END AS rev
FROM (SELECT *, CASE WHEN watched_at IS NULL THEN period_end ELSE CAST(timezone('UTC', watched_at) AS DATE) END AS conv
      FROM read_csv([` + strings.Join(files, ", ") + `], ` + duckLines + `)) r
LEFT JOIN daily p ON p.currency = r.currency AND p.day = r.conv`,

		// The days each channel's final reports cover.
		`CREATE TABLE covered AS
SELECT DISTINCT channel, CAST(unnest(generate_series(period_start, period_end, INTERVAL 1 DAY)) AS DATE) AS day
FROM lines WHERE final AND watched_at IS NULL
UNION SELECT channel, CAST(timezone('UTC', watched_at) AS DATE) FROM lines WHERE final AND watched_at IS NOT NULL`,

		`CREATE TABLE meta AS SELECT ` + sqlQuote(zoneA) + ` AS zone`,
		`CHECKPOINT`,
	}
}

// duckConvert is the revenue of a line in 10^-13 USD as a BIGINT:
// amount × usd / cur rounded half away from zero to 12 places, exactly, in
// 64-bit integers. With a = amount·10^4, u = usd·10^6 and c = cur·10^6 (the
// dataset's amounts have 4 places, ECB rates at most 6), the revenue in
// 10^-12 USD is |a·u|·10^8 / c = (|a·u| div c)·10^8 + (|a·u| mod c)·10^8 / c,
// and only the last term needs rounding. DuckDB raises an error on integer
// overflow, so a value too large stops the import instead of going wrong.
// (HUGEINT or DECIMAL(38) arithmetic gives the same result three to a
// hundred times slower.)
func duckConvert(amount, usd, cur string) string {
	a := "CAST(" + amount + " * 10000 AS BIGINT)"
	u := "CAST(" + usd + " * 1000000 AS BIGINT)"
	c := "CAST(" + cur + " * 1000000 AS BIGINT)"
	q := "abs(" + a + " * " + u + ")"
	return "sign(" + a + ") * (((" + q + " // " + c + ") * 100000000 + (((" + q + " % " + c + ") * 100000000) * 2 + " +
		c + ") // (2 * " + c + ")) * 10)"
}

// duckRateColumns reads the header of an ECB file (its currencies and
// their order vary between copies) and names every column VARCHAR for
// read_csv, so that DuckDB need not sniff the file.
func duckRateColumns(path string) (string, error) {
	f, err := os.Open(path)
	if err != nil {
		return "", err
	}
	defer f.Close()
	head, err := csv.NewReader(f).Read()
	if err != nil {
		return "", fmt.Errorf("%s: %w", path, err)
	}
	cols := make([]string, len(head))
	for i, h := range head {
		if h = strings.TrimSpace(h); h == "" {
			h = fmt.Sprintf("empty%d", i)
		}
		cols[i] = sqlQuote(h) + ": 'VARCHAR'"
	}
	return "{" + strings.Join(cols, ", ") + "}", nil
}
