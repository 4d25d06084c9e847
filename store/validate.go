package store

import (
	"errors"
	"fmt"
	"slices"
)

// ErrInvalidLine wraps every reason Post refuses a line item.
var ErrInvalidLine = errors.New("invalid line item")

// validate checks a line item against the data model before anything of
// its file is written. Ingest checks the same things with better context;
// this is the store's own guarantee.
func validate(l *LineItem) error {
	bad := func(format string, args ...any) error {
		where := fmt.Sprintf("%s line %d", l.Source.File, l.Source.Line)
		return fmt.Errorf("%s: %w: %s", where, ErrInvalidLine, fmt.Sprintf(format, args...))
	}
	switch {
	case l.Title == "":
		return bad("empty title")
	case l.Channel == "":
		return bad("empty channel")
	case !IsCountry(l.Country):
		return bad("country %q is not an ISO 3166-1 alpha-2 code", l.Country)
	case !slices.Contains(Units, l.Unit):
		return bad("unit %q is not one of %v", l.Unit, Units)
	case len(l.Currency) != 3 || !isUpper(l.Currency):
		return bad("currency %q is not an ISO 4217 code", l.Currency)
	case l.ReportDate < MinDate || l.ReportDate > MaxDate:
		return bad("report date %s out of range", l.ReportDate)
	case l.Status != Estimated && l.Status != Final:
		return bad("status %d", l.Status)
	case len(l.Identifiers) > maxRowIDs:
		return bad("%d identifiers, more than %d", len(l.Identifiers), maxRowIDs)
	}
	if l.HasInstant() {
		if !InstantInRange(l.WatchedAt) {
			return bad("watched_at %s out of range", l.WatchedAt)
		}
		if !l.HasPeriod() {
			return nil
		}
	}
	switch {
	case l.PeriodStart < MinDate || l.PeriodEnd > MaxDate:
		return bad("period %s..%s out of range", l.PeriodStart, l.PeriodEnd)
	case l.PeriodEnd < l.PeriodStart:
		return bad("period ends %s before it starts %s", l.PeriodEnd, l.PeriodStart)
	}
	return nil
}

func isUpper(s string) bool {
	for i := 0; i < len(s); i++ {
		if s[i] < 'A' || s[i] > 'Z' {
			return false
		}
	}
	return true
}
