package main

import (
	"fmt"
	"io"
	"strings"
)

// answers is everything the harness compares between engines.
type answers struct {
	filter, all, zoned summary
	detail             page
}

func collect(e engine, d dims) (answers, error) {
	var a answers
	var err error
	if a.filter, err = e.summary(d.filterQuery()); err != nil {
		return a, err
	}
	if a.all, err = e.summary(query{}); err != nil {
		return a, err
	}
	if a.detail, err = e.detail(d.filterQuery()); err != nil {
		return a, err
	}
	if err = e.setZone(zoneB); err != nil {
		return a, err
	}
	if a.zoned, err = e.summary(query{}); err != nil {
		return a, err
	}
	return a, e.setZone(zoneA)
}

// check asks every engine the same questions and fails, listing the
// differences, unless all answer exactly as the first. It returns the
// metrics of the whole dataset, which a cold open must show.
func check(engines []engine, d dims, log io.Writer) (metrics, error) {
	var first answers
	var diffs []string
	for i, e := range engines {
		a, err := collect(e, d)
		if err != nil {
			return metrics{}, fmt.Errorf("%s: %w", e.name(), err)
		}
		if i == 0 {
			first = a
			continue
		}
		an, bn := engines[0].name(), e.name()
		diffs = append(diffs, diffSummary("filter", first.filter, a.filter, an, bn)...)
		diffs = append(diffs, diffSummary("all", first.all, a.all, an, bn)...)
		diffs = append(diffs, diffSummary("timezone "+zoneB, first.zoned, a.zoned, an, bn)...)
		diffs = append(diffs, diffPage("detail", first.detail, a.detail, an, bn)...)
	}
	if len(diffs) > 0 {
		if len(diffs) > 20 {
			diffs = append(diffs[:20], fmt.Sprintf("... and %d more", len(diffs)-20))
		}
		return metrics{}, fmt.Errorf("engines disagree:\n  %s", strings.Join(diffs, "\n  "))
	}
	m := first.all.Metrics
	fmt.Fprintf(log, "agree: all %d lines (%d pending, revenue %s USD, %d months), filter %d lines, detail %d rows of %d, %s %d lines\n",
		m.Lines, m.Pending, m.Revenue, len(first.all.Months), first.filter.Metrics.Lines,
		len(first.detail.Rows), first.detail.Total, zoneB, first.zoned.Metrics.Lines)
	return m, nil
}
