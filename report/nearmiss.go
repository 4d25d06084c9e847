package report

import (
	"fmt"
	"slices"
	"strings"
	"unicode"

	"marquee/store"
)

// Names is what an account holds to be filtered on.
type Names interface {
	Titles() []string
	Channels() []string
	Countries() []string
}

// Unmatched returns one warning line for every --title, --channel and
// --country value of f that names nothing in the account, with the names
// that differ from it only in case, spacing or punctuation: a report that
// prints zero because of a typo should say so, not look like an answer.
func Unmatched(n Names, f store.Filter) []string {
	var warnings []string
	check := func(flag string, asked, have []string) {
		for _, v := range asked {
			if slices.Contains(have, v) {
				continue
			}
			w := fmt.Sprintf("warning: --%s %q matches nothing in this account", flag, v)
			if near := nearMisses(v, have); len(near) > 0 {
				quoted := make([]string, len(near))
				for i, s := range near {
					quoted[i] = fmt.Sprintf("%q", s)
				}
				w += "; did you mean " + strings.Join(quoted, " or ") + "?"
			}
			warnings = append(warnings, w)
		}
	}
	check("title", f.Titles, n.Titles())
	check("channel", f.Channels, n.Channels())
	check("country", f.Countries, n.Countries())
	return warnings
}

// nearMisses lists, at most three, the names whose folded form equals or
// contains v's: "night ferry" finds "Night Ferry", "NightFerry" and
// "Night Ferry (Director's Cut)".
func nearMisses(v string, names []string) []string {
	key := fold(v)
	if key == "" {
		return nil
	}
	var equal, contain []string
	for _, n := range names {
		switch k := fold(n); {
		case k == key:
			equal = append(equal, n)
		case k != "" && (strings.Contains(k, key) || strings.Contains(key, k)):
			contain = append(contain, n)
		}
	}
	out := append(equal, contain...)
	if len(out) > 3 {
		out = out[:3]
	}
	return out
}

// fold keeps letters and digits, lower-cased: case, spacing and
// punctuation are what a typed name most often gets wrong.
func fold(s string) string {
	return strings.Map(func(r rune) rune {
		if unicode.IsLetter(r) || unicode.IsDigit(r) {
			return unicode.ToLower(r)
		}
		return -1
	}, s)
}
