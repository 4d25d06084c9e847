package main

import (
	"database/sql"
	"fmt"
	"path/filepath"
	"time"

	_ "github.com/mattn/go-sqlite3"
)

// sqliteEngine keeps the lines in one SQLite table. SQLite has neither
// exact decimals nor a time zone database, so the import computes in Go
// what it cannot: revenue as an integer of 10^-13 USD (summed in two parts
// so that no sum overflows 64 bits), and the watch date (watch_day, days
// since 1970, and watch_month, year*100+month) of every line in the
// account's zone. Changing the zone recomputes in Go the watch date of
// every instant line and updates the rows whose date moved; that work is
// part of SQLite's time for step 5. Supersession is a NOT EXISTS against
// the days final reports cover.
type sqliteEngine struct {
	path string
	db   *sql.DB
	zone string
}

func newSQLite(dir string) *sqliteEngine { return &sqliteEngine{path: filepath.Join(dir, "sqlite.db")} }

func (e *sqliteEngine) name() string { return "sqlite" }

func (e *sqliteEngine) dsn() string {
	return "file:" + e.path + "?_journal_mode=WAL&_synchronous=NORMAL&_cache_size=-65536"
}

func (e *sqliteEngine) open() error {
	db, err := sql.Open("sqlite3", e.dsn())
	if err != nil {
		return err
	}
	db.SetMaxOpenConns(1)
	if err := db.QueryRow(`SELECT zone FROM meta`).Scan(&e.zone); err != nil {
		db.Close()
		return fmt.Errorf("sqlite: %w", err)
	}
	e.db = db
	return nil
}

func (e *sqliteEngine) close() error {
	if e.db == nil {
		return nil
	}
	err := e.db.Close()
	e.db = nil
	return err
}

// kept is the WHERE clause of the lines under q that are not superseded.
func (e *sqliteEngine) kept(q query) (string, []any, error) {
	where, args, err := sqlFilter(q, "watch_day", func(s string) (any, error) { return parseDay(s) })
	if err != nil {
		return "", nil, err
	}
	return ` FROM lines l WHERE ` + where + ` AND (final OR NOT EXISTS
  (SELECT 1 FROM covered c WHERE c.channel = l.channel AND c.day = l.watch_day))`, args, nil
}

const sqliteAggregates = `count(DISTINCT title), count(DISTINCT channel),
  count(DISTINCT CASE WHEN country <> 'zz' THEN country END), count(*) - count(rev), count(*),
  COALESCE(sum(rev / 10000000), 0), COALESCE(sum(rev % 10000000), 0)`

func (e *sqliteEngine) summary(q query) (summary, error) {
	m, err := e.metricsOf(q)
	if err != nil {
		return summary{}, err
	}
	s := summary{Metrics: m}
	from, args, err := e.kept(q)
	if err != nil {
		return s, err
	}
	rows, err := e.db.Query(`SELECT watch_month, `+sqliteAggregates+from+` GROUP BY watch_month ORDER BY watch_month`, args...)
	if err != nil {
		return s, err
	}
	defer rows.Close()
	for rows.Next() {
		var r monthRow
		var month int32
		var lines int
		var quot, rem int64
		if err := rows.Scan(&month, &r.Titles, &r.Channels, &r.Countries, &r.Pending, &lines, &quot, &rem); err != nil {
			return s, err
		}
		r.Month, r.Revenue = monthString(month), sum13(quot, rem)
		s.Months = append(s.Months, r)
	}
	return s, rows.Err()
}

func (e *sqliteEngine) metricsOf(q query) (metrics, error) {
	from, args, err := e.kept(q)
	if err != nil {
		return metrics{}, err
	}
	var m metrics
	var quot, rem int64
	err = e.db.QueryRow(`SELECT `+sqliteAggregates+from, args...).
		Scan(&m.Titles, &m.Channels, &m.Countries, &m.Pending, &m.Lines, &quot, &rem)
	m.Revenue = sum13(quot, rem)
	return m, err
}

func (e *sqliteEngine) firstMetrics() (metrics, error) { return e.metricsOf(query{}) }

func (e *sqliteEngine) detail(q query) (page, error) {
	from, args, err := e.kept(q)
	if err != nil {
		return page{}, err
	}
	var p page
	if err := e.db.QueryRow(`SELECT count(*)`+from, args...).Scan(&p.Total); err != nil {
		return p, err
	}
	rows, err := e.db.Query(`SELECT title, channel, country, watch_day, rev`+from+` ORDER BY rev DESC NULLS LAST LIMIT 50`, args...)
	if err != nil {
		return p, err
	}
	defer rows.Close()
	for rows.Next() {
		var r pageRow
		var day int32
		var rev sql.NullInt64
		if err := rows.Scan(&r.Title, &r.Channel, &r.Country, &day, &rev); err != nil {
			return p, err
		}
		r.WatchDate, r.Revenue = dayString(day), "pending"
		if rev.Valid {
			r.Revenue = sum13(0, rev.Int64)
		}
		p.Rows = append(p.Rows, r)
	}
	return p, rows.Err()
}

// setZone recomputes the watch date of every instant line in Go (SQLite
// has no zone database) and updates the lines whose date moved, with the
// zone, in one transaction.
func (e *sqliteEngine) setZone(zone string) error {
	loc, err := time.LoadLocation(zone)
	if err != nil {
		return err
	}
	tx, err := e.db.Begin()
	if err != nil {
		return err
	}
	defer tx.Rollback()
	type change struct{ id, day int64 }
	var changes []change
	rows, err := tx.Query(`SELECT id, watched_at, watch_day FROM lines WHERE watched_at IS NOT NULL`)
	if err != nil {
		return err
	}
	for rows.Next() {
		var id, at, day int64
		if err := rows.Scan(&id, &at, &day); err != nil {
			rows.Close()
			return err
		}
		if d := int64(localDay(at, loc)); d != day {
			changes = append(changes, change{id, d})
		}
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return err
	}
	upd, err := tx.Prepare(`UPDATE lines SET watch_day = ?, watch_month = ? WHERE id = ?`)
	if err != nil {
		return err
	}
	defer upd.Close()
	for _, c := range changes {
		if _, err := upd.Exec(c.day, monthOf(int32(c.day)), c.id); err != nil {
			return err
		}
	}
	if _, err := tx.Exec(`UPDATE meta SET zone = ?`, zone); err != nil {
		return err
	}
	if err := tx.Commit(); err != nil {
		return err
	}
	e.zone = zone
	return nil
}
