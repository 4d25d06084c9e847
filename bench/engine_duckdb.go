package main

import (
	"database/sql"
	"fmt"
	"math/big"
	"path/filepath"
	"time"

	_ "github.com/duckdb/duckdb-go/v2"
)

// duckEngine keeps the lines in one DuckDB table: revenue exact (rev, a
// BIGINT of 10^-13 USD, NULL while pending, summed into a HUGEINT),
// watched_at as TIMESTAMPTZ and the midpoint of periods precomputed. The
// watch date of an instant is computed per query in the account's zone
// with DuckDB's own time zone support (timezone(), ICU). Supersession is
// a NOT EXISTS against the days that final reports cover.
type duckEngine struct {
	path string
	db   *sql.DB
	zone string
}

func newDuck(dir string) *duckEngine { return &duckEngine{path: filepath.Join(dir, "duck.db")} }

func (e *duckEngine) name() string { return "duckdb" }

func (e *duckEngine) open() error {
	db, err := sql.Open("duckdb", e.path)
	if err != nil {
		return err
	}
	db.SetMaxOpenConns(1)
	if err := db.QueryRow(`SELECT zone FROM meta`).Scan(&e.zone); err != nil {
		db.Close()
		return fmt.Errorf("duckdb: %w", err)
	}
	e.db = db
	return nil
}

func (e *duckEngine) close() error {
	if e.db == nil {
		return nil
	}
	err := e.db.Close()
	e.db = nil
	return err
}

func (e *duckEngine) setZone(zone string) error {
	if _, err := time.LoadLocation(zone); err != nil {
		return err
	}
	if _, err := e.db.Exec(`UPDATE meta SET zone = ?`, zone); err != nil {
		return err
	}
	e.zone = zone
	return nil
}

// kept is the CTE of the lines under q that are not superseded, with
// their watch date wd.
func (e *duckEngine) kept(q query) (string, []any, error) {
	wd := "COALESCE(mid_date, CAST(timezone(" + sqlQuote(e.zone) + ", watched_at) AS DATE))"
	where, args, err := sqlFilter(q, "wd", func(s string) (any, error) { return s, nil })
	if err != nil {
		return "", nil, err
	}
	return `WITH l AS (SELECT title, channel, country, rev, final, ` + wd + ` AS wd FROM lines),
k AS (SELECT * FROM l WHERE ` + where + ` AND (final OR NOT EXISTS
  (SELECT 1 FROM covered c WHERE c.channel = l.channel AND c.day = l.wd)))
`, args, nil
}

const duckAggregates = `count(DISTINCT title), count(DISTINCT channel),
  count(DISTINCT country) FILTER (WHERE country <> 'zz'),
  count(*) - count(rev), count(*), COALESCE(sum(rev), 0::HUGEINT)`

func (e *duckEngine) summary(q query) (summary, error) {
	cte, args, err := e.kept(q)
	if err != nil {
		return summary{}, err
	}
	rows, err := e.db.Query(cte+`SELECT GROUPING(m), COALESCE(strftime(m, '%Y-%m'), ''), `+duckAggregates+`
FROM (SELECT *, date_trunc('month', wd) AS m FROM k) GROUP BY GROUPING SETS ((m), ()) ORDER BY 1, 2`, args...)
	if err != nil {
		return summary{}, err
	}
	defer rows.Close()
	var s summary
	for rows.Next() {
		var g int
		var r monthRow
		var m metrics
		var rev any
		if err := rows.Scan(&g, &r.Month, &m.Titles, &m.Channels, &m.Countries, &m.Pending, &m.Lines, &rev); err != nil {
			return s, err
		}
		if m.Revenue, err = rev13(rev); err != nil {
			return s, err
		}
		if g == 1 {
			s.Metrics = m
			continue
		}
		r.Titles, r.Channels, r.Countries, r.Pending, r.Revenue = m.Titles, m.Channels, m.Countries, m.Pending, m.Revenue
		s.Months = append(s.Months, r)
	}
	return s, rows.Err()
}

func (e *duckEngine) firstMetrics() (metrics, error) {
	cte, args, err := e.kept(query{})
	if err != nil {
		return metrics{}, err
	}
	var m metrics
	var rev any
	err = e.db.QueryRow(cte+`SELECT `+duckAggregates+` FROM k`, args...).
		Scan(&m.Titles, &m.Channels, &m.Countries, &m.Pending, &m.Lines, &rev)
	if err != nil {
		return m, err
	}
	m.Revenue, err = rev13(rev)
	return m, err
}

func (e *duckEngine) detail(q query) (page, error) {
	cte, args, err := e.kept(q)
	if err != nil {
		return page{}, err
	}
	rows, err := e.db.Query(cte+`SELECT title, channel, country, strftime(wd, '%Y-%m-%d'), rev, count(*) OVER ()
FROM k ORDER BY rev DESC NULLS LAST LIMIT 50`, args...)
	if err != nil {
		return page{}, err
	}
	defer rows.Close()
	var p page
	for rows.Next() {
		var r pageRow
		var rev any
		if err := rows.Scan(&r.Title, &r.Channel, &r.Country, &r.WatchDate, &rev, &p.Total); err != nil {
			return p, err
		}
		r.Revenue = "pending"
		if rev != nil {
			if r.Revenue, err = rev13(rev); err != nil {
				return p, err
			}
		}
		p.Rows = append(p.Rows, r)
	}
	return p, rows.Err()
}

// rev13 turns a sum or a value of rev (an int64 or a HUGEINT) into a
// normalised decimal.
func rev13(v any) (string, error) {
	switch x := v.(type) {
	case int64:
		return decString(big.NewInt(x), 13), nil
	case *big.Int:
		return decString(x, 13), nil
	}
	return "", fmt.Errorf("duckdb: revenue of type %T", v)
}
