package store

import (
	"slices"

	"github.com/shopspring/decimal"
)

// Totals add up a set of line items exactly: their count, their USD
// revenue (pending lines counted apart, never as zero) and their quantity
// per unit, since views and rentals are never added together.
type Totals struct {
	Lines      int
	RevenueUSD decimal.Decimal
	Pending    int
	Quantities []UnitTotal // sorted by unit
}

// UnitTotal is the summed quantity of one unit.
type UnitTotal struct {
	Unit     string
	Quantity decimal.Decimal
}

// Add counts one line.
func (t *Totals) Add(r DetailRow) {
	t.Lines++
	if r.Pending {
		t.Pending++
	} else {
		t.RevenueUSD = t.RevenueUSD.Add(r.RevenueUSD)
	}
	i, found := slices.BinarySearchFunc(t.Quantities, r.Unit, func(u UnitTotal, unit string) int {
		switch {
		case u.Unit < unit:
			return -1
		case u.Unit > unit:
			return 1
		}
		return 0
	})
	if !found {
		t.Quantities = slices.Insert(t.Quantities, i, UnitTotal{Unit: r.Unit})
	}
	t.Quantities[i].Quantity = t.Quantities[i].Quantity.Add(r.Quantity)
}
