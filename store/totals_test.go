package store

import (
	"testing"

	"github.com/shopspring/decimal"
)

func TestTotalsKeepUnitsApart(t *testing.T) {
	d := decimal.RequireFromString
	var tot Totals
	for _, r := range []DetailRow{
		{LineItem: LineItem{Quantity: d("1200"), Unit: "views"}, RevenueUSD: d("1.250000000001")},
		{LineItem: LineItem{Quantity: d("2"), Unit: "rentals"}, RevenueUSD: d("7.98")},
		{LineItem: LineItem{Quantity: d("-1"), Unit: "rentals"}, RevenueUSD: d("-3.99")},
		{LineItem: LineItem{Quantity: d("30.5"), Unit: "views"}, Pending: true},
	} {
		tot.Add(r)
	}
	if tot.Lines != 4 || tot.Pending != 1 || tot.RevenueUSD.String() != "5.240000000001" {
		t.Fatalf("lines %d pending %d revenue %s", tot.Lines, tot.Pending, tot.RevenueUSD)
	}
	if len(tot.Quantities) != 2 || tot.Quantities[0].Unit != "rentals" || tot.Quantities[0].Quantity.String() != "1" ||
		tot.Quantities[1].Unit != "views" || tot.Quantities[1].Quantity.String() != "1230.5" {
		t.Fatalf("quantities %+v", tot.Quantities)
	}
}
