package ingest

import (
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"

	"github.com/shopspring/decimal"

	"marquee/store"
)

func testImporter(t *testing.T) *Importer {
	t.Helper()
	db, err := store.Open(filepath.Join(t.TempDir(), "m.db"), store.Options{})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { db.Close() })
	a, err := db.Account("local")
	if err != nil {
		t.Fatal(err)
	}
	return &Importer{DB: db, Account: a}
}

func writeFile(t *testing.T, dir, name, content string) string {
	t.Helper()
	path := filepath.Join(dir, name)
	if err := os.WriteFile(path, []byte(content), 0o644); err != nil {
		t.Fatal(err)
	}
	return path
}

const canonicalHeader = "report_date,period_start,period_end,title,channel,country,quantity,unit,amount,currency,watched_at,transaction_id,status\n"

func revenue(t *testing.T, a *store.Account) (decimal.Decimal, int) {
	t.Helper()
	m, err := a.Metrics(store.Filter{})
	if err != nil {
		t.Fatal(err)
	}
	return m.RevenueUSD, m.PendingLines
}

func TestReimportIsANoOp(t *testing.T) {
	im := testImporter(t)
	dir := t.TempDir()
	path := writeFile(t, dir, "june.csv", canonicalHeader+
		"2024-06-30,2024-06-01,2024-06-30,Film,Vimeo,US,1,rentals,4.99,USD,,,\n")
	if r := im.ImportFile(path); r.Rejected() || r.Duplicate || r.Record.Stored != 1 || r.Record.Format != "canonical" {
		t.Fatalf("first import %+v", r)
	}
	before, _ := revenue(t, im.Account)
	r := im.ImportFile(path)
	if !r.Duplicate || r.Rejected() {
		t.Fatalf("second import %+v, want a duplicate", r)
	}
	if after, _ := revenue(t, im.Account); !after.Equal(before) {
		t.Fatalf("revenue moved from %s to %s", before, after)
	}
}

func TestRejectedFileStoresNothing(t *testing.T) {
	im := testImporter(t)
	dir := t.TempDir()
	bad := writeFile(t, dir, "bad.csv", canonicalHeader+
		"2024-06-30,2024-06-01,2024-06-30,Film,Vimeo,US,1,rentals,4.99,USD,,,\n"+
		"2024-06-30,2024-06-01,2024-06-30,Film,Vimeo,US,1,rentals,1e400,USD,,,\n")
	r := im.ImportFile(bad)
	var pe *ParseError
	if !r.Rejected() || !errors.As(r.Err, &pe) || pe.Line != 3 || pe.Column != "amount" {
		t.Fatalf("result %+v, want a rejection naming line 3, column amount", r)
	}
	if rev, _ := revenue(t, im.Account); !rev.IsZero() || len(im.Account.Titles()) != 0 {
		t.Fatalf("a rejected file left revenue %s", rev)
	}
	if im.Account.HasFile(r.Record.SHA256) {
		t.Fatal("a rejected file was recorded as imported")
	}
}

// Import before rates: pending; rates arrive: converted, exact.
func TestPendingThenRatesThenConverted(t *testing.T) {
	im := testImporter(t)
	dir := t.TempDir()
	sales := writeFile(t, dir, "sales.csv", canonicalHeader+
		"2024-06-07,2024-06-01,2024-06-07,Film,Amazon,GB,3,hours,10.00,GBP,,,\n"+
		"2024-06-07,2024-06-01,2024-06-07,Film,Amazon,DE,2,hours,7.50,EUR,,,\n"+
		"2024-06-07,2024-06-01,2024-06-07,Film,Amazon,US,1,hours,1.25,USD,,,\n")
	r := im.ImportFile(sales)
	if r.Rejected() || r.Record.Pending != 2 {
		t.Fatalf("import %+v, want 2 pending", r)
	}
	rev, pending := revenue(t, im.Account)
	if !rev.Equal(decimal.RequireFromString("1.25")) || pending != 2 {
		t.Fatalf("before rates: %s with %d pending", rev, pending)
	}
	rates := writeFile(t, dir, "eurofxref-hist.csv", "Date,USD,JPY,GBP,\n2024-06-07,1.0890,169.01,0.85,\n2024-06-06,1.0883,N/A,0.85080,\n")
	r = im.ImportFile(rates)
	if r.Rejected() || r.Converted != 2 || r.Record.Format != "ecb-rates" {
		t.Fatalf("rates import %+v", r)
	}
	// 10 × 1.0890 / 0.85 rounded half away from zero at 12 places, 7.50 × 1.0890.
	gbp := decimal.RequireFromString("10.00").Mul(decimal.RequireFromString("1.0890")).DivRound(decimal.RequireFromString("0.85"), 12)
	want := gbp.Add(decimal.RequireFromString("8.1675")).Add(decimal.RequireFromString("1.25"))
	if gbp.String() != "12.811764705882" {
		t.Fatalf("expected GBP conversion %s", gbp)
	}
	rev, pending = revenue(t, im.Account)
	if !rev.Equal(want) || pending != 0 {
		t.Fatalf("after rates: %s with %d pending, want %s", rev, pending, want)
	}
}

func TestSupersessionThroughFilesInBothOrders(t *testing.T) {
	estimates := canonicalHeader +
		"2024-09-10,2024-09-10,2024-09-10,Film,iTunes,US,1,units,3.00,USD,,,\n" +
		"2024-09-11,2024-09-11,2024-09-11,Film,iTunes,US,1,units,4.00,USD,,,estimated\n" +
		"2024-10-10,2024-10-10,2024-10-10,Film,iTunes,US,1,units,5.00,USD,,,\n"
	final := canonicalHeader +
		"2024-09-27,2024-08-31,2024-09-27,Film,iTunes,US,3,units,6.30,USD,,,final\n"
	for _, order := range [][]string{{estimates, final}, {final, estimates}} {
		im := testImporter(t)
		dir := t.TempDir()
		superseded := 0
		for i, content := range order {
			r := im.ImportFile(writeFile(t, dir, []string{"a.csv", "b.csv"}[i], content))
			if r.Rejected() {
				t.Fatal(r.Err)
			}
			superseded += r.Record.Superseded
		}
		rev, _ := revenue(t, im.Account)
		if !rev.Equal(decimal.RequireFromString("11.30")) || superseded != 2 {
			t.Fatalf("revenue %s, %d superseded; want 6.30 + 5.00 and 2", rev, superseded)
		}
	}
}

func TestCollectWalksDirectories(t *testing.T) {
	dir := t.TempDir()
	os.MkdirAll(filepath.Join(dir, "sub", ".hidden"), 0o755)
	writeFile(t, dir, "b.csv", "x")
	writeFile(t, dir, "a.csv", "x")
	writeFile(t, dir, "a.csv.error.txt", "x")
	writeFile(t, filepath.Join(dir, "sub"), "c.csv", "x")
	writeFile(t, filepath.Join(dir, "sub", ".hidden"), "d.csv", "x")
	got := Collect([]string{dir})
	var names []string
	for _, p := range got {
		names = append(names, strings.TrimPrefix(p, dir+"/"))
	}
	if strings.Join(names, " ") != "a.csv b.csv sub/c.csv" {
		t.Fatalf("collected %v", names)
	}
	// A missing path is kept, for the import to reject with its reason.
	missing := filepath.Join(dir, "missing")
	if got := Collect([]string{missing, dir}); len(got) != 4 || got[0] != missing {
		t.Fatalf("collected %v", got)
	}
}

// Imports running while readers query: every reader sees a whole number
// of files (run with -race).
func TestImportWhileQuerying(t *testing.T) {
	im := testImporter(t)
	dir := t.TempDir()
	var files []string
	for i := 0; i < 20; i++ {
		var b strings.Builder
		b.WriteString(canonicalHeader)
		for j := 0; j < 50; j++ {
			fmt.Fprintf(&b, "2024-06-30,2024-06-01,2024-06-30,Film %d,Vimeo,US,1,rentals,1.00,USD,,,\n", i)
		}
		files = append(files, writeFile(t, dir, strings.Repeat("f", i+1)+".csv", b.String()))
	}
	var wg sync.WaitGroup
	stop := make(chan struct{})
	errs := make(chan error, 8)
	for r := 0; r < 4; r++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for {
				select {
				case <-stop:
					return
				default:
				}
				m, err := im.Account.Metrics(store.Filter{})
				if err != nil {
					errs <- err
					return
				}
				if m.Lines%50 != 0 || !m.RevenueUSD.Equal(decimal.NewFromInt(int64(m.Lines))) {
					errs <- errors.New("a reader saw part of a file: " + m.RevenueUSD.String())
					return
				}
				im.Account.Detail(store.DetailQuery{Limit: 5})
			}
		}()
	}
	for _, f := range files {
		if r := im.ImportFile(f); r.Rejected() {
			t.Error(r.Err)
		}
	}
	close(stop)
	wg.Wait()
	close(errs)
	for err := range errs {
		t.Fatal(err)
	}
	if rev, _ := revenue(t, im.Account); !rev.Equal(decimal.NewFromInt(1000)) {
		t.Fatalf("total %s", rev)
	}
}

// The header the dashboard shows a newcomer is the one the parser reads.
func TestCanonicalHeaderIsTheParsersOwn(t *testing.T) {
	if got := CanonicalHeader() + "\n"; got != canonicalHeader {
		t.Fatalf("CanonicalHeader() = %q, want %q", got, canonicalHeader)
	}
}
