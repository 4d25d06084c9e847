package ingest

import "marquee/store"

// makeNegative makes a return's quantity and amount negative: channels
// write returns either signed or as positive figures with a return flag.
func makeNegative(li *store.LineItem) {
	if li.Quantity.IsPositive() {
		li.Quantity = li.Quantity.Neg()
	}
	if li.Amount.IsPositive() {
		li.Amount = li.Amount.Neg()
	}
}
