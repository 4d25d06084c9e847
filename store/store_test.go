package store

import (
	"bytes"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"
)

func TestRoundTripSurvivesReopen(t *testing.T) {
	path := filepath.Join(t.TempDir(), "m.db")
	db, err := Open(path, Options{})
	if err != nil {
		t.Fatal(err)
	}
	a := mustAccount(t, db, "local")
	big := line("Big Film", "iTunes", "US", "2024-03-10", "1234567.1234567890123")
	tiny := line("Tiny", "Tubi", "zz", "2024-03-11", "0.0000000000001")
	eur := instant("Euro", "YouTube", "DE", "2024-04-02T10:00:00+02:00", "10")
	eur.Currency, eur.TransactionID = "EUR", "tx-1"
	eur.Source = Source{File: "e.csv", Line: 7}
	rec := post(t, a, "first.csv", big, tiny, eur)
	if rec.Stored != 3 || rec.Pending != 1 {
		t.Fatalf("record = %+v, want 3 stored, 1 pending", rec)
	}
	want := metrics(t, a, Filter{})
	page, err := a.Detail(DetailQuery{Sort: SortRevenue, Desc: true})
	if err != nil {
		t.Fatal(err)
	}
	db.Close()

	db, err = Open(path, Options{})
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	a = mustAccount(t, db, "local")
	got := metrics(t, a, Filter{})
	if got.Titles != 3 || got.Channels != 3 || got.Countries != 2 || got.PendingLines != 1 ||
		!got.RevenueUSD.Equal(dec("1234567.1234567890124")) || !got.RevenueUSD.Equal(want.RevenueUSD) {
		t.Fatalf("after reopen metrics = %+v, before %+v", got, want)
	}
	page2, err := a.Detail(DetailQuery{Sort: SortRevenue, Desc: true})
	if err != nil {
		t.Fatal(err)
	}
	if page2.Total != 3 || len(page2.Rows) != 3 {
		t.Fatalf("detail = %+v", page2)
	}
	for i, r := range page2.Rows {
		w := page.Rows[i]
		if r.Title != w.Title || !r.Amount.Equal(w.Amount) || !r.RevenueUSD.Equal(w.RevenueUSD) || r.Pending != w.Pending ||
			r.WatchDate != w.WatchDate || !r.WatchedAt.Equal(w.WatchedAt) || r.Source != w.Source || r.TransactionID != w.TransactionID {
			t.Errorf("row %d after reopen = %+v, before %+v", i, r, w)
		}
	}
	first := page2.Rows[0]
	if first.Title != "Big Film" || first.Country != "US" || first.Channel != "iTunes" || first.Currency != "USD" ||
		first.ReportDate != day("2024-03-10") || first.Unit != "views" || !first.Quantity.Equal(dec("1")) {
		t.Errorf("first row = %+v", first)
	}
	last := page2.Rows[2]
	if !last.Pending || last.Currency != "EUR" || last.Source.File != "first.csv" || last.Source.Line != 7 || last.TransactionID != "tx-1" {
		t.Errorf("pending row = %+v", last)
	}
}

func TestDuplicateFileAndTransactionIDs(t *testing.T) {
	a := mustAccount(t, openTemp(t), "local")
	l1 := line("A", "Google Play", "US", "2024-01-01", "1")
	l1.TransactionID = "g-1"
	post(t, a, "one.csv", l1)
	if _, err := a.Post(fileRecord("one.csv", 1), []LineItem{l1}); !errors.Is(err, ErrDuplicateFile) {
		t.Fatalf("same file again: err = %v, want ErrDuplicateFile", err)
	}
	l2 := line("A", "Google Play", "US", "2024-01-02", "2")
	rec := post(t, a, "two.csv", l1, l2, l2)
	if rec.Stored != 2 || rec.Duplicates != 1 {
		t.Fatalf("record = %+v, want 2 stored (l1 skipped by id, l2 twice without id), 1 duplicate", rec)
	}
	if m := metrics(t, a, Filter{}); !m.RevenueUSD.Equal(dec("5")) || m.Lines != 3 {
		t.Fatalf("metrics = %+v", m)
	}
}

func TestInvalidLineStoresNothing(t *testing.T) {
	a := mustAccount(t, openTemp(t), "local")
	good := line("A", "Tubi", "US", "2024-01-01", "1")
	bad := line("B", "Tubi", "QQ", "2024-01-01", "1")
	if _, err := a.Post(fileRecord("bad.csv", 2), []LineItem{good, bad}); !errors.Is(err, ErrInvalidLine) {
		t.Fatalf("err = %v", err)
	}
	if m := metrics(t, a, Filter{}); m.Lines != 0 || len(a.Titles()) != 0 {
		t.Fatalf("a rejected file left %+v, titles %v", m, a.Titles())
	}
	if a.HasFile(fileRecord("bad.csv", 2).SHA256) {
		t.Fatal("a rejected file was recorded")
	}
}

func TestAccountsAreIsolated(t *testing.T) {
	db := openTemp(t)
	alice := mustAccount(t, db, "alice")
	bob := mustAccount(t, db, "bob")
	post(t, alice, "a.csv", line("Alice Film", "iTunes", "GB", "2024-01-05", "10"))
	post(t, bob, "b.csv", line("Bob Film", "Tubi", "FR", "2024-01-05", "20"))
	m := metrics(t, bob, Filter{Titles: []string{"Alice Film"}})
	if m.Lines != 0 || !m.RevenueUSD.IsZero() {
		t.Fatalf("bob filtering by alice's title sees %+v", m)
	}
	page, _ := bob.Detail(DetailQuery{Search: "alice"})
	if page.Total != 0 {
		t.Fatalf("bob's search finds %d of alice's lines", page.Total)
	}
	if got := strings.Join(bob.Titles(), ","); got != "Bob Film" {
		t.Fatalf("bob's titles = %s", got)
	}
	if m := metrics(t, alice, Filter{}); !m.RevenueUSD.Equal(dec("10")) {
		t.Fatalf("alice = %+v", m)
	}
	// The same file may be imported by both accounts: idempotence is per account.
	if _, err := bob.Post(fileRecord("a.csv", 1), []LineItem{line("Bob Film", "Tubi", "FR", "2024-01-06", "1")}); err != nil {
		t.Fatalf("bob importing a file alice imported: %v", err)
	}
}

func TestLockedDatabaseFailsFast(t *testing.T) {
	path := filepath.Join(t.TempDir(), "m.db")
	db, err := Open(path, Options{})
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	start := time.Now()
	_, err = Open(path, Options{Timeout: 200 * time.Millisecond})
	if !errors.Is(err, ErrLocked) {
		t.Fatalf("second open: %v, want ErrLocked", err)
	}
	if want := "database " + path + " is in use by another marquee process"; !strings.Contains(err.Error(), want) {
		t.Fatalf("message %q does not say %q", err, want)
	}
	if time.Since(start) > 2*time.Second {
		t.Fatalf("took %s", time.Since(start))
	}
}

func TestForeignFilesAreLeftUntouched(t *testing.T) {
	dir := t.TempDir()
	for name, content := range map[string][]byte{
		"notes.txt": []byte("this is not a database, but it is long enough to be read"),
		"empty.db":  {},
	} {
		path := filepath.Join(dir, name)
		os.WriteFile(path, content, 0o600)
		if _, err := Open(path, Options{}); !errors.Is(err, ErrNotMarquee) {
			t.Errorf("%s: err = %v, want ErrNotMarquee", name, err)
		}
		after, _ := os.ReadFile(path)
		if !bytes.Equal(after, content) {
			t.Errorf("%s was changed", name)
		}
	}
}

func TestCorruptDatabaseIsReported(t *testing.T) {
	path := filepath.Join(t.TempDir(), "m.db")
	db, err := Open(path, Options{})
	if err != nil {
		t.Fatal(err)
	}
	a := mustAccount(t, db, "local")
	post(t, a, "x.csv", line("A", "Tubi", "US", "2024-01-01", "1"))
	db.Close()
	raw, _ := os.ReadFile(path)
	// Damage both meta pages' checksums but keep the magic.
	for _, off := range []int{0, 4096} {
		raw[off+16+20] ^= 0xff
	}
	os.WriteFile(path, raw, 0o600)
	_, err = Open(path, Options{})
	if !errors.Is(err, ErrCorrupt) {
		t.Fatalf("err = %v, want ErrCorrupt", err)
	}
	after, _ := os.ReadFile(path)
	if !bytes.Equal(after, raw) {
		t.Fatal("a damaged database was written to")
	}
}

func TestSetTimeZonePersists(t *testing.T) {
	path := filepath.Join(t.TempDir(), "m.db")
	db, _ := Open(path, Options{})
	a := mustAccount(t, db, "local")
	if a.TimeZone() != "UTC" {
		t.Fatalf("default zone %s", a.TimeZone())
	}
	if err := a.SetTimeZone("Mars/Olympus"); err == nil {
		t.Fatal("unknown zone accepted")
	}
	if err := a.SetTimeZone("Asia/Kathmandu"); err != nil {
		t.Fatal(err)
	}
	db.Close()
	db, _ = Open(path, Options{})
	defer db.Close()
	if z := mustAccount(t, db, "local").TimeZone(); z != "Asia/Kathmandu" {
		t.Fatalf("zone after reopen %s", z)
	}
}

func TestSubscribeSignalsChanges(t *testing.T) {
	a := mustAccount(t, openTemp(t), "local")
	ch, cancel := a.Subscribe()
	defer cancel()
	post(t, a, "x.csv", line("A", "Tubi", "US", "2024-01-01", "1"))
	select {
	case <-ch:
	case <-time.After(time.Second):
		t.Fatal("no signal after a post")
	}
}

// Date 0 means "no date", so the store's dates start on 1970-01-02: a line
// dated 1970-01-01 is refused as out of range. It used to pass, read as a
// line without a period, and a final one crashed the post (a zero
// WatchedAt's day indexing the coverage bitmap), reported as damage.
func TestEpochDayIsRefused(t *testing.T) {
	db := openTemp(t)
	a := mustAccount(t, db, "x")
	for _, status := range []Status{Estimated, Final} {
		l := line("T", "iTunes", "US", "1970-01-02", "1.00")
		l.PeriodStart, l.PeriodEnd = 0, 0 // 1970-01-01
		l.Status = status
		_, err := a.Post(FileRecord{SHA256: fmt.Sprintf("%064d", status), Name: "e.csv"}, []LineItem{l})
		if err == nil || errors.Is(err, ErrCorrupt) || !strings.Contains(err.Error(), "out of range") {
			t.Fatalf("status %v: %v", status, err)
		}
	}
	// The first and last days the store accepts post, finals included.
	for i, d := range []string{"1970-01-02", "2199-12-31"} {
		l := line("T", "iTunes", "US", d, "1.00")
		l.Status = Final
		if _, err := a.Post(FileRecord{SHA256: fmt.Sprintf("%064d", 10+i), Name: d + ".csv"}, []LineItem{l}); err != nil {
			t.Fatalf("%s: %v", d, err)
		}
	}
}
