package ui

import (
	"strings"
	"testing"

	"github.com/shopspring/decimal"

	"marquee/store"
)

// focusForm moves focus from the table (initial) to the filter form.
func focusForm(h *harness) {
	h.keys("tab", "tab") // table → chart → form
	if h.m.focus != paneForm {
		h.t.Fatalf("focus = %v, want form", h.m.focus)
	}
}

func TestFilterFormValidation(t *testing.T) {
	h := newHarness(t, 120, 40)
	focusForm(h)
	h.typeText("2024-13")
	h.keys("down") // leaving From shows its message
	if h.m.form.errs.From == "" || !strings.Contains(h.m.View(), "From: use YYYY-MM or YYYY-MM-DD") {
		t.Fatalf("no inline message for a bad From:\n%s", h.m.View())
	}
	// Filter with an invalid form applies nothing.
	h.m.form.focus = fieldFilter
	h.keys("enter")
	if h.m.filter.From != 0 {
		t.Fatal("invalid form was applied")
	}
	// Fixing the value clears the message at once.
	h.m.form.focus = fieldFrom
	h.keys("backspace", "backspace")
	h.typeText("06")
	if h.m.form.errs.From != "" {
		t.Fatalf("message kept after fix: %q", h.m.form.errs.From)
	}
	// To before From is refused.
	h.keys("down")
	h.typeText("2024-03")
	h.m.form.focus = fieldFilter
	h.keys("enter")
	if h.m.form.errs.To != "To is before From" || h.m.filter.From != 0 {
		t.Fatalf("range error = %q, filter %+v", h.m.form.errs.To, h.m.filter)
	}
}

func TestFilterAppliesOnlyOnFilterAndResetClears(t *testing.T) {
	h := newHarness(t, 120, 40)
	all := h.m.metrics.RevenueUSD
	focusForm(h)
	h.typeText("2024-02")
	h.keys("down")
	h.typeText("2024-04")
	h.keys("down") // Titles
	h.keys("enter")
	h.typeText("night")
	h.keys(" ", "esc")
	if got := h.m.form.lists[0].values(); len(got) != 1 || got[0] != "Night Train" {
		t.Fatalf("titles selected = %v", got)
	}
	// Edited but not applied: the dashboard still shows everything.
	if !h.m.metrics.RevenueUSD.Equal(all) || len(h.m.filter.Titles) != 0 {
		t.Fatal("edits applied before Filter")
	}
	if !strings.Contains(h.m.View(), "edited: press Filter to apply") {
		t.Error("no edited note")
	}
	h.m.form.focus = fieldFilter
	h.keys("enter")
	f := h.m.filter
	if f.From.String() != "2024-02-01" || f.To.String() != "2024-04-30" || len(f.Titles) != 1 {
		t.Fatalf("applied filter = %+v", f)
	}
	want, _, _ := h.a.Summary(f)
	if !h.m.metrics.RevenueUSD.Equal(want.RevenueUSD) || h.m.metrics.RevenueUSD.Equal(all) {
		t.Fatalf("metrics %s, want %s", h.m.metrics.RevenueUSD, want.RevenueUSD)
	}
	if len(h.m.chart.rows) != 3 || len(h.m.table.monthly.rows) != 3 {
		t.Fatalf("chart %d rows, table %d months; want 3", len(h.m.chart.rows), len(h.m.table.monthly.rows))
	}
	if !strings.Contains(h.m.View(), "2024-02-01 … 2024-04-30 · titles: Night Train") {
		t.Errorf("summary line missing:\n%s", h.m.View())
	}
	// Reset clears every field and shows all data.
	h.m.form.focus = fieldReset
	h.keys("enter")
	if h.m.form.from.value != "" || h.m.form.to.value != "" || len(h.m.form.lists[0].values()) != 0 {
		t.Fatal("Reset left values in the form")
	}
	if !h.m.metrics.RevenueUSD.Equal(all) || len(h.m.chart.rows) != 8 {
		t.Fatalf("after Reset revenue %s (want %s), %d months", h.m.metrics.RevenueUSD, all, len(h.m.chart.rows))
	}
}

func TestCountriesShowNameAndCode(t *testing.T) {
	h := newHarness(t, 120, 40)
	focusForm(h)
	h.m.form.focus = fieldCountries
	h.keys("enter")
	v := h.m.View()
	for _, want := range []string{"United Kingdom (GB)", "Unknown (zz)", "Germany (DE)"} {
		if !strings.Contains(v, want) {
			t.Errorf("country list lacks %q", want)
		}
	}
	h.typeText("unk")
	if f := h.m.form.lists[1].filtered(); len(f) != 1 || f[0].value != store.Unknown {
		t.Fatalf("type-to-filter 'unk' = %v", f)
	}
	_ = decimal.Zero
}

// A long open list says where it is.
func TestOpenListShowsItsPosition(t *testing.T) {
	h := newHarness(t, 80, 24)
	focusForm(h)
	h.m.form.focus = fieldCountries
	h.keys("enter")
	l := h.m.form.lists[1]
	l.setSize(5) // three items on screen of the five countries
	h.send(keyMsg("down"), keyMsg("down"), keyMsg("down"))
	if v := h.m.View(); !strings.Contains(v, "▲ 2–4 of 5 ▼") {
		t.Fatalf("no position in the open list:\n%s", v)
	}
}

// The country picker finds a country by its code, its English name or a
// common alias: "uk" is the United Kingdom as well as Ukraine.
func TestCountryPickerFindsNamesAndAliases(t *testing.T) {
	h := newHarness(t, 120, 40)
	h.m.form.SetChoices(nil, []string{"DE", "GB", "UA", "US", "zz"}, nil)
	countries := h.m.form.lists[1]
	for _, tc := range []struct{ query, want string }{
		{"uk", "GB UA"}, {"UK", "GB UA"}, {"britain", "GB"}, {"England", "GB"}, {"united kingdom", "GB"},
		{"america", "US"}, {"usa", "US"}, {"ger", "DE"}, {"unknown", "zz"}, {"holland", ""}, {"", "DE GB UA US zz"},
		{"u", "GB UA US zz DE"}, // names that start with it, then the rest
	} {
		countries.query.value = tc.query
		var got []string
		for _, o := range countries.filtered() {
			got = append(got, o.value)
		}
		if strings.Join(got, " ") != tc.want {
			t.Errorf("%q found %v, want %s", tc.query, got, tc.want)
		}
	}
	// The code itself comes first: "us" is not Australia or Belarus.
	h.m.form.SetChoices(nil, []string{"AU", "BY", "US"}, nil)
	for _, q := range []string{"us", "(US)", "US"} {
		countries.query.value = q
		if f := countries.filtered(); len(f) == 0 || f[0].value != "US" {
			t.Errorf("%q lists %v first", q, f)
		}
	}
}
