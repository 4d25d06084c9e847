package main

import (
	"bufio"
	"database/sql"
	"encoding/csv"
	"fmt"
	"io"
	"os"
	"time"

	"github.com/shopspring/decimal"
)

const sqliteSchema = `
CREATE TABLE lines (
  id INTEGER PRIMARY KEY,
  title TEXT NOT NULL, channel TEXT NOT NULL, country TEXT NOT NULL,
  report_day INTEGER NOT NULL, period_start INTEGER, period_end INTEGER,
  watched_at INTEGER,            -- Unix seconds; NULL for a period
  watch_day INTEGER NOT NULL,    -- days since 1970 in the account's zone
  watch_month INTEGER NOT NULL,  -- year*100+month of watch_day
  quantity TEXT NOT NULL, unit TEXT NOT NULL, amount TEXT NOT NULL, currency TEXT NOT NULL,
  final INTEGER NOT NULL,
  rev INTEGER                    -- 10^-13 USD; NULL while pending
);
CREATE TABLE covered (channel TEXT NOT NULL, day INTEGER NOT NULL, PRIMARY KEY (channel, day)) WITHOUT ROWID;
CREATE TABLE meta (zone TEXT NOT NULL);`

// Indexes are built after the load, as a bulk load should.
const sqliteIndexes = `
CREATE INDEX lines_title_day ON lines (title, watch_day);
CREATE INDEX lines_country_day ON lines (country, watch_day);
CREATE INDEX lines_instants ON lines (watched_at, watch_day) WHERE watched_at IS NOT NULL;
ANALYZE;`

// importFiles reads the CSV in Go (SQLite has no CSV reader a program can
// call), converts the currency exactly in Go, computes the watch dates in
// the account's zone, inserts every file in one transaction and builds
// the indexes at the end.
func (e *sqliteEngine) importFiles(rates string, lines []string) error {
	for _, p := range []string{e.path, e.path + "-wal", e.path + "-shm"} {
		if err := os.Remove(p); err != nil && !os.IsNotExist(err) {
			return err
		}
	}
	book, err := readRates(rates)
	if err != nil {
		return err
	}
	loc, err := time.LoadLocation(zoneA)
	if err != nil {
		return err
	}
	db, err := sql.Open("sqlite3", e.dsn())
	if err != nil {
		return err
	}
	defer db.Close()
	db.SetMaxOpenConns(1)
	if _, err := db.Exec(sqliteSchema); err != nil {
		return err
	}
	covered := map[coveredDay]bool{}
	for _, path := range lines {
		if err := loadSQLiteFile(db, path, book, loc, covered); err != nil {
			return fmt.Errorf("%s: %w", path, err)
		}
	}
	tx, err := db.Begin()
	if err != nil {
		return err
	}
	defer tx.Rollback()
	for k := range covered {
		if _, err := tx.Exec(`INSERT INTO covered VALUES (?, ?)`, k.channel, k.day); err != nil {
			return err
		}
	}
	if _, err := tx.Exec(`INSERT INTO meta VALUES (?)`, zoneA); err != nil {
		return err
	}
	if err := tx.Commit(); err != nil {
		return err
	}
	if _, err := db.Exec(sqliteIndexes); err != nil {
		return err
	}
	return db.Close()
}

type coveredDay struct {
	channel string
	day     int32
}

func loadSQLiteFile(db *sql.DB, path string, book *rateBook, loc *time.Location, covered map[coveredDay]bool) error {
	f, err := os.Open(path)
	if err != nil {
		return err
	}
	defer f.Close()
	r := csv.NewReader(bufio.NewReaderSize(f, 1<<20))
	r.ReuseRecord = true
	head, err := r.Read()
	if err != nil {
		return err
	}
	byName := map[string]int{}
	for i, h := range head {
		byName[h] = i
	}
	pos := make([]int, len(csvHeader)) // where each csvHeader column is
	for i, h := range csvHeader {
		p, ok := byName[h]
		if !ok {
			return fmt.Errorf("no column %s", h)
		}
		pos[i] = p
	}
	tx, err := db.Begin()
	if err != nil {
		return err
	}
	defer tx.Rollback()
	ins, err := tx.Prepare(`INSERT INTO lines (title, channel, country, report_day, period_start, period_end, watched_at,
  watch_day, watch_month, quantity, unit, amount, currency, final, rev) VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?,?)`)
	if err != nil {
		return err
	}
	defer ins.Close()
	for line := 2; ; line++ {
		rec, err := r.Read()
		if err == io.EOF {
			break
		}
		if err != nil {
			return err
		}
		get := func(c int) string { return rec[pos[c]] }
		l, err := sqliteLine(get, book, loc)
		if err != nil {
			return fmt.Errorf("line %d: %w", line, err)
		}
		if l.final {
			l.cover(covered)
		}
		if _, err := ins.Exec(l.title, l.channel, l.country, l.report, l.start, l.end, l.at,
			l.watchDay, monthOf(l.watchDay), l.quantity, l.unit, l.amount, l.currency, l.final, l.rev); err != nil {
			return err
		}
	}
	return tx.Commit()
}

// sqliteRow is one CSV row as the SQLite table keeps it.
type sqliteRow struct {
	title, channel, country string
	report                  int32
	start, end              sql.NullInt32
	at                      sql.NullInt64
	watchDay                int32
	quantity, unit, amount  string
	currency                string
	final                   bool
	rev                     sql.NullInt64
}

func sqliteLine(get func(int) string, book *rateBook, loc *time.Location) (sqliteRow, error) {
	l := sqliteRow{title: get(colTitle), channel: get(colChannel), country: get(colCountry),
		quantity: get(colQuantity), unit: get(colUnit), amount: get(colAmount), currency: get(colCurrency),
		final: get(colStatus) == "final"}
	var err error
	if l.report, err = parseDay(get(colReport)); err != nil {
		return l, err
	}
	var conv int32
	if w := get(colWatched); w != "" {
		t, err := time.Parse(time.RFC3339, w)
		if err != nil {
			return l, err
		}
		l.at = sql.NullInt64{Int64: t.Unix(), Valid: true}
		l.watchDay = localDay(t.Unix(), loc)
		conv = localDay(t.Unix(), time.UTC)
	} else {
		s, err := parseDay(get(colStart))
		if err != nil {
			return l, err
		}
		e, err := parseDay(get(colEnd))
		if err != nil {
			return l, err
		}
		l.start, l.end = sql.NullInt32{Int32: s, Valid: true}, sql.NullInt32{Int32: e, Valid: true}
		l.watchDay, conv = s+(e-s)/2, e
	}
	amount, err := decimal.NewFromString(l.amount)
	if err != nil {
		return l, err
	}
	rev, ok, err := book.revenue13(amount, l.currency, conv)
	l.rev = sql.NullInt64{Int64: rev, Valid: ok}
	return l, err
}

// cover records the days a final line's report covers.
func (l *sqliteRow) cover(covered map[coveredDay]bool) {
	if l.at.Valid {
		covered[coveredDay{l.channel, int32(l.at.Int64 / 86400)}] = true
		return
	}
	for d := l.start.Int32; d <= l.end.Int32; d++ {
		covered[coveredDay{l.channel, d}] = true
	}
}
