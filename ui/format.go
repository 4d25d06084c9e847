package ui

import (
	"fmt"
	"strings"
	"time"

	"github.com/charmbracelet/x/ansi"

	"marquee/format"
	"marquee/store"
)

// MonthLabel is the long month label of the chart cursor: "Jun 2024".
func monthLabel(m store.Month) string {
	return m.CalendarMonth().String()[:3] + " " + fmt.Sprint(m.Year())
}

// MonthShort is the X axis label: "Jun 24".
func monthShort(m store.Month) string {
	return fmt.Sprintf("%s %02d", m.CalendarMonth().String()[:3], m.Year()%100)
}

// CountryShort is a country in a summary line: its code, and zz, which is
// no country, as "Unknown".
func countryShort(code string) string {
	if strings.EqualFold(code, "zz") {
		return "Unknown"
	}
	return code
}

// CountryLabel shows a country as name and code; zz is "Unknown (zz)".
func countryLabel(code string) string {
	return format.Sanitize(store.CountryName(code) + " (" + code + ")")
}

// Ago is the freshness phrase of the status bar: "updated 2 min ago".
func ago(now, t time.Time) string {
	d := now.Sub(t)
	switch {
	case t.IsZero():
		return "no imports yet"
	case d < time.Minute:
		return "updated just now"
	case d < time.Hour:
		return fmt.Sprintf("updated %d min ago", int(d/time.Minute))
	case d < 48*time.Hour:
		return fmt.Sprintf("updated %d h ago", int(d/time.Hour))
	}
	return fmt.Sprintf("updated %d days ago", int(d/(24*time.Hour)))
}

// fit truncates s with an ellipsis or pads it with spaces to exactly w
// cells. Strings passed here are already sanitised.
func fit(s string, w int) string {
	if w <= 0 {
		return ""
	}
	if ansi.StringWidth(s) > w {
		s = ansi.Truncate(s, w, "…")
	}
	if pad := w - ansi.StringWidth(s); pad > 0 {
		s += strings.Repeat(" ", pad)
	}
	return s
}

// fitRight is fit aligned right, for numbers.
func fitRight(s string, w int) string {
	if w <= 0 {
		return ""
	}
	if ansi.StringWidth(s) > w {
		return ansi.Truncate(s, w, "…")
	}
	return strings.Repeat(" ", w-ansi.StringWidth(s)) + s
}
