package report

import (
	"bytes"
	"encoding/csv"
	"encoding/json"
	"path/filepath"
	"strings"
	"testing"

	"marquee/store"
)

// Detail shows a series' episode and a correction's type in every format;
// JSON adds raw_title where the report named the line otherwise, and
// leaves all three out where they are not set.
func TestDetailShowsEpisodeAndAdjustment(t *testing.T) {
	db, err := store.Open(filepath.Join(t.TempDir(), "r.db"), store.Options{})
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	a, _ := db.Account("local")
	d, _ := store.ParseDate("2024-06-01")
	mk := func(title, channel string) store.LineItem {
		return store.LineItem{Title: title, Channel: channel, Country: "GB", ReportDate: d, PeriodStart: d, PeriodEnd: d,
			Quantity: decimalOf("1"), Unit: "units", Amount: decimalOf("2.10"), Currency: "USD"}
	}
	ep := mk("Harbour Lights", "iTunes")
	ep.Episode, ep.RawTitle = "Pilot", "Pilot"
	adj := mk("The Long Road", "YouTube")
	adj.Adjustment = "Backpay"
	film := mk("Night Ferry", "Tubi")
	if _, err := a.Post(store.FileRecord{SHA256: "y", Name: "y.csv"}, []store.LineItem{ep, adj, film}); err != nil {
		t.Fatal(err)
	}

	var js bytes.Buffer
	if err := Write(&js, a, store.Filter{}, "detail", "json"); err != nil {
		t.Fatal(err)
	}
	var rows []map[string]any
	if err := json.Unmarshal(js.Bytes(), &rows); err != nil || len(rows) != 3 {
		t.Fatalf("json %s (%v)", js.String(), err)
	}
	byTitle := map[string]map[string]any{}
	for _, r := range rows {
		byTitle[r["title"].(string)] = r
	}
	if r := byTitle["Harbour Lights"]; r["episode"] != "Pilot" || r["raw_title"] != "Pilot" || r["adjustment"] != nil {
		t.Errorf("episode row %v", r)
	}
	if r := byTitle["The Long Road"]; r["adjustment"] != "Backpay" || r["episode"] != nil || r["raw_title"] != nil {
		t.Errorf("adjustment row %v", r)
	}
	if r := byTitle["Night Ferry"]; r["episode"] != nil || r["raw_title"] != nil || r["adjustment"] != nil {
		t.Errorf("film row %v", r)
	}

	var c bytes.Buffer
	Write(&c, a, store.Filter{}, "detail", "csv")
	recs, err := csv.NewReader(&c).ReadAll()
	if err != nil || len(recs) != 4 || recs[0][11] != "episode" || recs[0][12] != "adjustment" {
		t.Fatalf("csv %v %v", recs, err)
	}
	cells := map[string][]string{}
	for _, r := range recs[1:] {
		cells[r[2]] = r
	}
	if cells["Harbour Lights"][11] != "Pilot" || cells["The Long Road"][12] != "Backpay" || cells["Night Ferry"][11] != "" {
		t.Errorf("csv rows %v", recs)
	}

	var txt bytes.Buffer
	Write(&txt, a, store.Filter{}, "detail", "text")
	for _, want := range []string{"episode", "Pilot", "adjustment", "Backpay"} {
		if !strings.Contains(txt.String(), want) {
			t.Errorf("text detail lacks %q:\n%s", want, txt.String())
		}
	}
}
