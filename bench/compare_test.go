package main

import "testing"

func TestDiffSummary(t *testing.T) {
	a := summary{Metrics: metrics{Titles: 2, Lines: 10, Revenue: "1.5"}, Months: []monthRow{{Month: "2023-01", Revenue: "1.5"}}}
	if d := diffSummary("x", a, a, "a", "b"); len(d) != 0 {
		t.Errorf("equal summaries differ: %v", d)
	}
	b := a
	b.Months = []monthRow{{Month: "2023-01", Revenue: "1.500000000001"}}
	if d := diffSummary("x", a, b, "a", "b"); len(d) != 1 {
		t.Errorf("a month's revenue differs by 10^-12: %v", d)
	}
	b = a
	b.Metrics.Lines = 9
	if d := diffSummary("x", a, b, "a", "b"); len(d) != 1 {
		t.Errorf("line counts differ: %v", d)
	}
}

func TestDiffPage(t *testing.T) {
	a := page{Total: 2, Rows: []pageRow{{Title: "A", Revenue: "2"}, {Title: "B", Revenue: "1"}}}
	b := page{Total: 2, Rows: []pageRow{{Title: "C", Revenue: "2"}, {Title: "B", Revenue: "1"}}}
	if d := diffPage("x", a, b, "a", "b"); len(d) != 0 {
		t.Errorf("pages of equal revenues differ: %v", d)
	}
	b.Rows[1].Revenue = "pending"
	if d := diffPage("x", a, b, "a", "b"); len(d) != 1 {
		t.Errorf("a pending row is not a revenue: %v", d)
	}
}
