package ingest

import (
	"crypto/sha256"
	"encoding/hex"
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

func sha(data []byte) string {
	sum := sha256.Sum256(data)
	return hex.EncodeToString(sum[:])
}

func mustDec(s string) decimal.Decimal { return decimal.RequireFromString(s) }

const routeHeader = "report_date,period_start,period_end,title,channel,country,quantity,unit,amount,currency\n"

// distributorFile is a canonical report with one line per title.
func distributorFile(titles ...string) []byte {
	var b strings.Builder
	b.WriteString(routeHeader)
	for i, t := range titles {
		fmt.Fprintf(&b, "2024-06-30,2024-06-01,2024-06-30,%s,Tubi,US,1,views,%d.25,USD\n", t, 10*(i+1))
	}
	return []byte(b.String())
}

func routeDB(t *testing.T) (*store.DB, *store.Account, *store.Account) {
	t.Helper()
	db, err := store.Open(filepath.Join(t.TempDir(), "m.db"), store.Options{})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { db.Close() })
	ann, err := db.CreateAccount("ann", "UTC")
	if err != nil {
		t.Fatal(err)
	}
	bob, err := db.CreateAccount("bob", "UTC")
	if err != nil {
		t.Fatal(err)
	}
	for title, owner := range map[string]string{"Night Ferry": "ann", "Copper Sky": "bob"} {
		if _, err := db.AssignTitle(title, owner); err != nil {
			t.Fatal(err)
		}
	}
	return db, ann, bob
}

// titlesSeen lists every title an account can see in its detail rows.
func titlesSeen(t *testing.T, a *store.Account) map[string]int {
	t.Helper()
	seen := map[string]int{}
	err := a.EachDetail(store.DetailQuery{}, func(r store.DetailRow) error {
		seen[r.Title]++
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	return seen
}

func TestRouteSendsEachTitleToItsOwner(t *testing.T) {
	db, ann, bob := routeDB(t)
	r := &Router{DB: db}
	data := distributorFile("Night Ferry", "Copper Sky", "Orphan Reel", "Night Ferry")
	res := r.RouteBytes("dist.csv", data)
	if res.Err != nil || res.Duplicate {
		t.Fatalf("route: %+v", res)
	}
	if res.Accounts["ann"] != 2 || res.Accounts["bob"] != 1 || res.Held != 1 {
		t.Fatalf("counts: %+v held %d", res.Accounts, res.Held)
	}
	if got := titlesSeen(t, ann); len(got) != 1 || got["Night Ferry"] != 2 {
		t.Fatalf("ann sees %v", got)
	}
	if got := titlesSeen(t, bob); len(got) != 1 || got["Copper Sky"] != 1 {
		t.Fatalf("bob sees %v", got)
	}
	if !ann.HasFile(res.Record.SHA256) || !bob.HasFile(res.Record.SHA256) {
		t.Error("the file's SHA is not recorded in both accounts")
	}
	held, _ := db.HeldTitles()
	if len(held) != 1 || held[0].Title != "Orphan Reel" || held[0].Lines != 1 {
		t.Fatalf("held %+v", held)
	}

	// Routing the same bytes again does nothing.
	if again := r.RouteBytes("copy.csv", data); !again.Duplicate || again.Err != nil {
		t.Fatalf("second route: %+v", again)
	}
	if got := titlesSeen(t, ann); got["Night Ferry"] != 2 {
		t.Fatalf("second route doubled ann's lines: %v", got)
	}

	// Assigning the held title moves its lines, to bob only.
	moved, err := db.AssignTitle("Orphan Reel", "bob")
	if err != nil || moved != 1 {
		t.Fatalf("assign: %d, %v", moved, err)
	}
	if got := titlesSeen(t, bob); got["Orphan Reel"] != 1 || got["Copper Sky"] != 1 {
		t.Fatalf("bob after assign sees %v", got)
	}
	if got := titlesSeen(t, ann); got["Orphan Reel"] != 0 {
		t.Fatalf("ann sees a title of bob's: %v", got)
	}
	if held, _ := db.HeldTitles(); len(held) != 0 {
		t.Fatalf("still held: %+v", held)
	}
	m, err := bob.Metrics(store.Filter{})
	if err != nil || !m.RevenueUSD.Equal(mustDec("50.50")) {
		t.Fatalf("bob's revenue %v, %v", m.RevenueUSD, err)
	}
}

// TestPlainImportRefusesAnotherOwnersTitle: only a routed import may take
// a file that holds a title assigned to another account.
func TestPlainImportRefusesAnotherOwnersTitle(t *testing.T) {
	db, ann, _ := routeDB(t)
	im := &Importer{DB: db, Account: ann}
	res := im.ImportBytes("mixed.csv", distributorFile("Night Ferry", "Copper Sky"))
	if !errors.Is(res.Err, store.ErrTitleOwned) || !strings.Contains(res.Err.Error(), "Copper Sky") {
		t.Fatalf("import: %v", res.Err)
	}
	if got := titlesSeen(t, ann); len(got) != 0 {
		t.Fatalf("ann got lines of a refused file: %v", got)
	}
	if res := im.ImportBytes("own.csv", distributorFile("Night Ferry", "Unowned")); res.Err != nil {
		t.Fatalf("own and unowned titles: %v", res.Err)
	}
}

// TestInterruptedRouteCompletes: a route cut short after one account got
// its lines is completed by routing the file again, without doubling.
func TestInterruptedRouteCompletes(t *testing.T) {
	db, ann, bob := routeDB(t)
	data := distributorFile("Night Ferry", "Copper Sky", "Orphan Reel")
	parsed, err := Parse("dist.csv", data)
	if err != nil {
		t.Fatal(err)
	}
	r := &Router{DB: db}
	rec := store.FileRecord{SHA256: sha(data), Name: "dist.csv", Format: parsed.Format}
	if err := r.post("ann", rec, parsed.Lines[:1]); err != nil {
		t.Fatal(err)
	}
	res := r.RouteBytes("dist.csv", data)
	if res.Err != nil {
		t.Fatal(res.Err)
	}
	if got := titlesSeen(t, ann); got["Night Ferry"] != 1 {
		t.Fatalf("ann %v", got)
	}
	if got := titlesSeen(t, bob); got["Copper Sky"] != 1 {
		t.Fatalf("bob %v", got)
	}
}

// TestAssignWhileRouting: titles assigned while files are being routed
// end up with their owner, never stuck in holding and never elsewhere.
func TestAssignWhileRouting(t *testing.T) {
	db, ann, _ := routeDB(t)
	r := &Router{DB: db}
	const files = 20
	var wg sync.WaitGroup
	wg.Add(2)
	go func() {
		defer wg.Done()
		for i := range files {
			if res := r.RouteBytes(fmt.Sprintf("d%d.csv", i), distributorFile(fmt.Sprintf("Late %d", i%4), "Copper Sky", fmt.Sprintf("Nonce %d", i))); res.Err != nil {
				t.Error(res.Err)
			}
		}
	}()
	go func() {
		defer wg.Done()
		for i := range 4 {
			if _, err := db.AssignTitle(fmt.Sprintf("Late %d", i), "ann"); err != nil {
				t.Error(err)
			}
		}
	}()
	wg.Wait()
	held, _ := db.HeldTitles()
	for _, h := range held {
		if strings.HasPrefix(h.Title, "Late") {
			t.Errorf("%q stays held after its assignment", h.Title)
		}
	}
	seen := titlesSeen(t, ann)
	total := 0
	for title, n := range seen {
		if !strings.HasPrefix(title, "Late") {
			t.Errorf("ann sees %q", title)
		}
		total += n
	}
	if total != files {
		t.Errorf("ann has %d Late lines, want %d", total, files)
	}
}

// A routed file over the size limit, or not a regular file, is refused
// before it is read.
func TestRouteRefusesBeforeReading(t *testing.T) {
	db := testImporter(t).DB
	dir := t.TempDir()
	huge := filepath.Join(dir, "huge.csv")
	f, _ := os.Create(huge)
	if err := f.Truncate(8 << 30); err != nil {
		t.Skip("no sparse files here:", err)
	}
	f.Close()
	r := (&Router{DB: db}).RouteFile(huge)
	if !errors.Is(r.Err, ErrTooLarge) {
		t.Errorf("8 GiB file: %v", r.Err)
	}
	if r := (&Router{DB: db}).RouteFile(dir); !errors.Is(r.Err, errNotRegular) {
		t.Errorf("a directory: %v", r.Err)
	}
}
