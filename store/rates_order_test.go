package store

import "testing"

// Later rates replace earlier ones, and a line always converts with the
// newest rate on or before its date: the order files arrive in must not
// change a total.
func TestConversionDoesNotDependOnImportOrder(t *testing.T) {
	eur := line("A", "Amazon", "DE", "2024-01-20", "100")
	eur.Currency = "EUR"
	ratesA := []Rate{{day("2024-01-10"), "USD", dec("1.1")}}
	ratesB := []Rate{{day("2024-01-19"), "USD", dec("1.2")}}
	fix := []Rate{{day("2024-01-19"), "USD", dec("1.25")}} // a corrected value

	type step struct {
		name  string
		rates []Rate
	}
	orders := [][]step{
		{{"A", ratesA}, {"line", nil}, {"B", ratesB}},
		{{"A", ratesA}, {"B", ratesB}, {"line", nil}},
		{{"line", nil}, {"B", ratesB}, {"A", ratesA}},
	}
	for i, order := range orders {
		db := openTemp(t)
		a := mustAccount(t, db, "local")
		for _, s := range order {
			if s.rates == nil {
				post(t, a, "sales", eur)
				continue
			}
			if _, _, err := db.PostRates(fileRecord("rates-"+s.name, 1), s.rates); err != nil {
				t.Fatal(err)
			}
		}
		if m := metrics(t, a, Filter{}); !m.RevenueUSD.Equal(dec("120")) || m.PendingLines != 0 {
			t.Fatalf("order %d: %s with %d pending, want 120", i, m.RevenueUSD, m.PendingLines)
		}
		if _, _, err := db.PostRates(fileRecord("rates-fix", 1), fix); err != nil {
			t.Fatal(err)
		}
		if m := metrics(t, a, Filter{}); !m.RevenueUSD.Equal(dec("125")) {
			t.Fatalf("order %d: after the correction %s, want 125", i, m.RevenueUSD)
		}
		page, _ := a.Detail(DetailQuery{})
		if !page.Rows[0].RevenueUSD.Equal(dec("125")) {
			t.Fatalf("order %d: detail shows %s", i, page.Rows[0].RevenueUSD)
		}
	}
}

// Rates are put in key order; of two values for one day in the same file,
// the file's later one is kept, as a later file's would be.
func TestRatesInKeyOrderKeepTheLastValue(t *testing.T) {
	in := []Rate{
		{day("2024-01-11"), "USD", dec("1.3")},
		{day("2024-01-10"), "JPY", dec("160")},
		{day("2024-01-10"), "USD", dec("1.1")},
		{day("2024-01-11"), "USD", dec("1.2")},
	}
	got := inKeyOrder(in)
	want := []Rate{in[1], in[2], in[3]}
	if len(got) != len(want) {
		t.Fatalf("got %v", got)
	}
	for i := range want {
		if got[i].Currency != want[i].Currency || got[i].Date != want[i].Date || !got[i].PerEUR.Equal(want[i].PerEUR) {
			t.Fatalf("rate %d: got %v, want %v", i, got[i], want[i])
		}
	}
}
