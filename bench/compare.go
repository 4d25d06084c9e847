package main

import (
	"fmt"
	"reflect"
)

// diffSummary lists how b differs from a (empty when they agree). Revenue
// strings are normalised exact decimals, so equal strings are equal money.
func diffSummary(what string, a, b summary, an, bn string) []string {
	var out []string
	if a.Metrics != b.Metrics {
		out = append(out, fmt.Sprintf("%s metrics: %s %+v, %s %+v", what, an, a.Metrics, bn, b.Metrics))
	}
	if len(a.Months) != len(b.Months) {
		return append(out, fmt.Sprintf("%s: %s has %d months, %s %d", what, an, len(a.Months), bn, len(b.Months)))
	}
	for i := range a.Months {
		if a.Months[i] != b.Months[i] {
			out = append(out, fmt.Sprintf("%s month %d: %s %+v, %s %+v", what, i, an, a.Months[i], bn, b.Months[i]))
		}
	}
	return out
}

// diffPage compares the totals and the revenue of each row in order: rows
// of equal revenue may come in any order, so only revenue is compared.
func diffPage(what string, a, b page, an, bn string) []string {
	if a.Total != b.Total {
		return []string{fmt.Sprintf("%s total: %s %d, %s %d", what, an, a.Total, bn, b.Total)}
	}
	revs := func(p page) []string {
		var r []string
		for _, row := range p.Rows {
			r = append(r, row.Revenue)
		}
		return r
	}
	if ra, rb := revs(a), revs(b); !reflect.DeepEqual(ra, rb) {
		return []string{fmt.Sprintf("%s rows: %s %v, %s %v", what, an, ra, bn, rb)}
	}
	return nil
}
