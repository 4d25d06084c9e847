package store

import (
	"crypto/sha256"
	"fmt"
	"path/filepath"
	"testing"
	"time"

	"github.com/shopspring/decimal"
)

func openTemp(t testing.TB) *DB {
	t.Helper()
	db, err := Open(filepath.Join(t.TempDir(), "marquee.db"), Options{})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { db.Close() })
	return db
}

func mustAccount(t testing.TB, db *DB, name string) *Account {
	t.Helper()
	a, err := db.Account(name)
	if err != nil {
		t.Fatal(err)
	}
	return a
}

func dec(s string) decimal.Decimal { return decimal.RequireFromString(s) }

func day(s string) Date {
	d, err := ParseDate(s)
	if err != nil {
		panic(err)
	}
	return d
}

// line builds a USD daily line item.
func line(title, channel, country, date, amount string) LineItem {
	d := day(date)
	return LineItem{
		Title: title, Channel: channel, Country: country,
		ReportDate: d, PeriodStart: d, PeriodEnd: d,
		Quantity: decimal.NewFromInt(1), Unit: "views",
		Amount: dec(amount), Currency: "USD",
	}
}

// instant builds a USD line watched at an RFC 3339 instant.
func instant(title, channel, country, at, amount string) LineItem {
	t, err := time.Parse(time.RFC3339, at)
	if err != nil {
		panic(err)
	}
	l := line(title, channel, country, t.UTC().Format("2006-01-02"), amount)
	l.PeriodStart, l.PeriodEnd, l.WatchedAt = 0, 0, t
	return l
}

// post stores lines as one file named name and fails the test on error.
func post(t testing.TB, a *Account, name string, lines ...LineItem) FileRecord {
	t.Helper()
	rec, err := a.Post(fileRecord(name, len(lines)), lines)
	if err != nil {
		t.Fatal(err)
	}
	return rec
}

func fileRecord(name string, rows int) FileRecord {
	sum := sha256.Sum256([]byte(name))
	return FileRecord{SHA256: fmt.Sprintf("%x", sum), Name: name, Format: "canonical", RowsRead: rows}
}

func metrics(t testing.TB, a *Account, f Filter) Metrics {
	t.Helper()
	m, err := a.Metrics(f)
	if err != nil {
		t.Fatal(err)
	}
	return m
}

func monthly(t testing.TB, a *Account, f Filter) map[string]MonthRow {
	t.Helper()
	rows, err := a.Monthly(f)
	if err != nil {
		t.Fatal(err)
	}
	out := map[string]MonthRow{}
	for _, r := range rows {
		out[r.Period.String()] = r
	}
	return out
}
