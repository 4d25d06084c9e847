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

// CSV and JSON reports used to pass raw ESC and C1 bytes to a terminal.
// JSON now escapes every control character (ESC as \u001b) and reads back
// as the same title; CSV writes them as visible Go escapes.
func TestCSVAndJSONEscapeControlCharacters(t *testing.T) {
	db, err := store.Open(filepath.Join(t.TempDir(), "r.db"), store.Options{})
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	a, _ := db.Account("local")
	d, _ := store.ParseDate("2024-06-02")
	title := "Night\x1b]0;owned\x07 \u009b31mFerry\x7f \u202eevil"
	_, err = a.Post(store.FileRecord{SHA256: "x", Name: "x.csv"}, []store.LineItem{{Title: title, Channel: "Tubi\x1b[2J", Country: "GB",
		ReportDate: d, PeriodStart: d, PeriodEnd: d, Quantity: decimalOf("1"), Unit: "views", Amount: decimalOf("1"), Currency: "USD"}})
	if err != nil {
		t.Fatal(err)
	}
	raw := func(s string) bool {
		return strings.ContainsFunc(s, func(r rune) bool { return r != '\n' && unsafeRune(r) })
	}
	for _, view := range []string{"detail", "monthly", "metrics"} {
		var js, c bytes.Buffer
		if err := Write(&js, a, store.Filter{}, view, "json"); err != nil {
			t.Fatal(err)
		}
		if err := Write(&c, a, store.Filter{}, view, "csv"); err != nil {
			t.Fatal(err)
		}
		if raw(js.String()) || raw(c.String()) {
			t.Errorf("%s: raw control characters:\njson %q\ncsv %q", view, js.String(), c.String())
		}
		if view == "detail" {
			var rows []map[string]any
			if err := json.Unmarshal(js.Bytes(), &rows); err != nil || len(rows) != 1 || rows[0]["title"] != title {
				t.Errorf("json does not read back: %v %v", rows, err)
			}
			if !strings.Contains(js.String(), `\u001b]0;owned\u0007 \u009b31mFerry\u007f \u202eevil`) {
				t.Errorf("json %s", js.String())
			}
			if !strings.Contains(c.String(), `Night\x1b]0;owned\a \u009b31mFerry\x7f \u202eevil`) {
				t.Errorf("csv %s", c.String())
			}
		}
	}
}
