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
