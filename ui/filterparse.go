package ui

import (
	"strings"

	"marquee/format"
	"marquee/store"
)

// formValues is what the form holds, before it is applied.
type formValues struct {
	From, To                    string
	Titles, Countries, Channels []string
}

// formErrors are inline messages per date field.
type formErrors struct{ From, To string }

func (e formErrors) ok() bool { return e.From == "" && e.To == "" }

// buildFilter validates the form and turns it into a store filter.
func buildFilter(v formValues) (store.Filter, formErrors) {
	var f store.Filter
	var errs formErrors
	var err error
	if f.From, err = store.ParseBound(v.From, false); err != nil {
		errs.From = "From: " + err.Error()
	}
	if f.To, err = store.ParseBound(v.To, true); err != nil {
		errs.To = "To: " + err.Error()
	}
	if errs.ok() && f.From != 0 && f.To != 0 && f.From > f.To {
		errs.To = "To is before From"
	}
	f.Titles = clone(v.Titles)
	f.Countries = clone(v.Countries)
	f.Channels = clone(v.Channels)
	return f, errs
}

func clone(s []string) []string {
	if len(s) == 0 {
		return nil
	}
	return append([]string(nil), s...)
}

// FilterSummary is the one-line summary of the active filters.
func filterSummary(f store.Filter) string {
	period := "all time"
	switch {
	case f.From != 0 && f.To != 0:
		period = f.From.String() + " … " + f.To.String()
	case f.From != 0:
		period = "from " + f.From.String()
	case f.To != 0:
		period = "until " + f.To.String()
	}
	list := func(name string, vals []string) string {
		if len(vals) == 0 {
			return name + ": all"
		}
		return name + ": " + format.Sanitize(strings.Join(vals, ", "))
	}
	countries := make([]string, len(f.Countries))
	for i, c := range f.Countries {
		countries[i] = countryShort(c)
	}
	return strings.Join([]string{period, list("titles", f.Titles), list("countries", countries), list("channels", f.Channels)}, " · ")
}
