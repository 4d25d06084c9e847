package report

import (
	"bytes"
	"encoding/csv"
	"encoding/json"
	"path/filepath"
	"strings"
	"testing"

	"github.com/shopspring/decimal"

	"marquee/store"
)

func demoAccount(t *testing.T) *store.Account {
	t.Helper()
	db, err := store.Open(filepath.Join(t.TempDir(), "r.db"), store.Options{})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { db.Close() })
	a, _ := db.Account("local")
	d := func(s string) store.Date { v, _ := store.ParseDate(s); return v }
	mk := func(title, country, date, amount, currency string) store.LineItem {
		return store.LineItem{Title: title, Channel: "Tubi", Country: country, ReportDate: d(date), PeriodStart: d(date), PeriodEnd: d(date),
			Quantity: decimalOf("1"), Unit: "views", Amount: decimalOf(amount), Currency: currency}
	}
	_, err = a.Post(store.FileRecord{SHA256: "x", Name: "x.csv"}, []store.LineItem{
		mk("Night Ferry", "GB", "2024-06-02", "1234.5675", "USD"),
		mk("=HYPERLINK(\"x\")", "US", "2024-07-01", "-2.25", "USD"),
		mk("Euro \x1b[2JFilm", "FR", "2024-07-03", "10", "EUR"),
	})
	if err != nil {
		t.Fatal(err)
	}
	return a
}

func TestMetricsFormats(t *testing.T) {
	a := demoAccount(t)
	var text, js bytes.Buffer
	Write(&text, a, store.Filter{}, "metrics", "text")
	Write(&js, a, store.Filter{}, "metrics", "json")
	wantText := `metric              value
titles                  3
channels                1
countries               3
revenue_usd    $1,232.318
pending_lines           1
`
	if text.String() != wantText {
		t.Errorf("text:\n%s\nwant:\n%s", text.String(), wantText)
	}
	if want := `{"titles":3,"channels":1,"countries":3,"revenue_usd":"1232.3175","pending_lines":1}` + "\n"; js.String() != want {
		t.Errorf("json %s", js.String())
	}
}

func TestMonthlyAndDetail(t *testing.T) {
	a := demoAccount(t)
	var js bytes.Buffer
	if err := Write(&js, a, store.Filter{}, "monthly", "json"); err != nil {
		t.Fatal(err)
	}
	var months []map[string]any
	if err := json.Unmarshal(js.Bytes(), &months); err != nil || len(months) != 2 || months[1]["period"] != "2024-07" || months[1]["revenue_usd"] != "-2.25" {
		t.Fatalf("monthly json %s (%v)", js.String(), err)
	}
	var detail bytes.Buffer
	if err := Write(&detail, a, store.Filter{}, "detail", "json"); err != nil {
		t.Fatal(err)
	}
	var rows []map[string]any
	if err := json.Unmarshal(detail.Bytes(), &rows); err != nil || len(rows) != 3 {
		t.Fatalf("detail json %s (%v)", detail.String(), err)
	}
	if rows[2]["revenue_usd"] != nil || rows[2]["currency"] != "EUR" || rows[0]["amount"] != "1234.5675" {
		t.Errorf("detail rows %v", rows)
	}
	var c bytes.Buffer
	Write(&c, a, store.Filter{}, "detail", "csv")
	recs, err := csv.NewReader(&c).ReadAll()
	if err != nil || len(recs) != 4 {
		t.Fatalf("csv %v %v", recs, err)
	}
	if recs[2][2] != `'=HYPERLINK("x")` || recs[2][7] != "-2.25" || recs[2][9] != "-2.25" {
		t.Errorf("csv row %v: formulas must be neutralised, numbers left alone", recs[2])
	}
	var txt bytes.Buffer
	Write(&txt, a, store.Filter{}, "detail", "text")
	if strings.Contains(txt.String(), "\x1b") || !strings.Contains(txt.String(), "pending") {
		t.Errorf("text detail:\n%q", txt.String())
	}
}

func decimalOf(s string) decimal.Decimal { return decimal.RequireFromString(s) }
