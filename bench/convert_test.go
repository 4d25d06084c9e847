package main

import (
	"database/sql"
	"fmt"
	"math/rand/v2"
	"testing"

	"github.com/shopspring/decimal"
)

// TestDuckConvert checks DuckDB's integer conversion against the
// decimal arithmetic of FORMATS.md (and of the SQLite engine), on ties of
// the rounding and on random amounts and rates.
func TestDuckConvert(t *testing.T) {
	db, err := sql.Open("duckdb", "")
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	cases := [][3]string{
		{"0.0001", "0.000001", "200"},  // 5e-13: a tie, away from zero
		{"-0.0001", "0.000001", "200"}, // -5e-13
		{"0.0003", "0.000001", "200"},  // 1.5e-12
		{"0.0001", "0.000001", "800"},  // 1.25e-13 rounds to 0
		{"0", "1.1", "0.86"},
		{"123456.7891", "1.0934", "157.83"},
		{"-60000", "1.2001", "0.85123"},
	}
	rng := rand.New(rand.NewPCG(3, 4))
	for range 2000 {
		amount := decimal.New(rng.Int64N(2_000_000_000)-1_000_000_000, -4)
		usd := decimal.New(500_000+rng.Int64N(2_000_000), -6)
		cur := decimal.New(500_000+rng.Int64N(200_000_000), -6) // at least 0.5: revenue fits 10^-13 int64s
		cases = append(cases, [3]string{amount.String(), usd.String(), cur.String()})
	}
	for _, c := range cases {
		expr := duckConvert(
			"CAST('"+c[0]+"' AS DECIMAL(18,4))", "CAST('"+c[1]+"' AS DECIMAL(18,6))", "CAST('"+c[2]+"' AS DECIMAL(18,6))")
		var got int64
		if err := db.QueryRow("SELECT " + expr).Scan(&got); err != nil {
			t.Fatalf("%v: %v", c, err)
		}
		a, u, k := decimal.RequireFromString(c[0]), decimal.RequireFromString(c[1]), decimal.RequireFromString(c[2])
		want := a.Mul(u).DivRound(k, 12).Shift(13).IntPart()
		if got != want {
			t.Errorf("%s × %s / %s: duckdb %d, want %d (10^-13 USD)", c[0], c[1], c[2], got, want)
		}
	}
}

// TestRevenue13 checks the Go conversion of the SQLite engine on a tie.
func TestRevenue13(t *testing.T) {
	rb := &rateBook{perEUR: map[string]map[int32]decimal.Decimal{
		"USD": {100: decimal.RequireFromString("0.000001")},
		"GBP": {100: decimal.RequireFromString("200"), 90: decimal.RequireFromString("1")},
	}, memo: map[rateKey]ratePair{}}
	for _, c := range []struct {
		amount string
		day    int32
		want   string
	}{
		{"-0.0001", 100, "-10"}, // -5e-13 rounds away from zero to -1e-12
		{"-0.0001", 114, "-10"}, // the rate of 14 days before
		{"-0.0001", 115, "pending"},
		{"-0.0001", 99, "pending"}, // day 90 has no USD rate
	} {
		v, ok, err := rb.revenue13(decimal.RequireFromString(c.amount), "GBP", c.day)
		got := fmt.Sprint(v)
		if !ok {
			got = "pending"
		}
		if err != nil || got != c.want {
			t.Errorf("%s on day %d: %s %v, want %s", c.amount, c.day, got, err, c.want)
		}
	}
}
