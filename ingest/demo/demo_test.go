package demo

import (
	"path/filepath"
	"testing"

	"marquee/store"
)

func TestDemoMetricsAreExact(t *testing.T) {
	db, err := store.Open(filepath.Join(t.TempDir(), "demo.db"), store.Options{})
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	a, err := db.Account("local")
	if err != nil {
		t.Fatal(err)
	}
	if err := Write(db, a); err != nil {
		t.Fatal(err)
	}
	m, err := a.Metrics(store.Filter{})
	if err != nil {
		t.Fatal(err)
	}
	if m.Titles != 5 || m.Channels != 11 || m.Countries != 105 || m.RevenueUSD.String() != "10601.407" || m.PendingLines != 0 {
		t.Fatalf("demo metrics = %+v, want 5 titles, 11 channels, 105 countries, $10,601.407", m)
	}
	if !a.IsDemo() {
		t.Error("demo account not marked as demo")
	}
	// The variety the demo promises.
	files, _ := a.Files()
	superseded := 0
	for _, f := range files {
		superseded += f.Superseded
	}
	if superseded == 0 {
		t.Error("no estimate was superseded by a final report")
	}
	rows, _ := a.Monthly(store.Filter{})
	if len(rows) < 36 {
		t.Errorf("demo spans %d months", len(rows))
	}
	page, _ := a.Detail(store.DetailQuery{Filter: store.Filter{Countries: []string{"zz"}}})
	if page.Total == 0 {
		t.Error("no line of unknown country")
	}
	// Writing twice changes nothing.
	if err := Write(db, a); err != nil {
		t.Fatal(err)
	}
	again, _ := a.Metrics(store.Filter{})
	if !again.RevenueUSD.Equal(m.RevenueUSD) || again.Lines != m.Lines {
		t.Fatalf("second write changed the demo: %+v", again)
	}
	// The same demo whatever the time zone.
	a.SetTimeZone("Pacific/Kiritimati")
	if tz, _ := a.Metrics(store.Filter{}); !tz.RevenueUSD.Equal(m.RevenueUSD) {
		t.Fatalf("in Kiritimati the demo earns %s", tz.RevenueUSD)
	}
}
