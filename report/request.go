package report

import (
	"flag"
	"fmt"
	"slices"
	"strings"

	"marquee/store"
)

// Request is a report as its command line asks for it: the same flags
// whether `marquee report` runs locally or `report` runs over SSH.
type Request struct {
	Filter       store.Filter
	View, Format string

	from, to                   dateFlag
	titles, countries, channel stringList
	zone                       string
}

// Bind registers the report's flags on fs. After fs.Parse, Check validates
// them and fills Filter.
func Bind(fs *flag.FlagSet) *Request {
	r := &Request{to: dateFlag{end: true}}
	fs.Var(&r.from, "from", "first watch date, YYYY-MM-DD (YYYY-MM: the month's first day)")
	fs.Var(&r.to, "to", "last watch date, YYYY-MM-DD (YYYY-MM: the month's last day)")
	fs.Var(&r.titles, "title", "title (repeat for more)")
	fs.Var(&r.countries, "country", "country: code, English name or alias such as UK (repeat for more)")
	fs.Var(&r.channel, "channel", "channel (repeat for more)")
	fs.StringVar(&r.zone, "tz", "", "time zone for this report (default: the account's)")
	fs.StringVar(&r.View, "view", "metrics", "metrics, monthly or detail")
	fs.StringVar(&r.Format, "format", "text", "text, csv or json")
	return r
}

// Check validates the parsed flags; its error is bad input, one line.
func (r *Request) Check() error {
	f := store.Filter{From: r.from.d, To: r.to.d, Titles: r.titles, Channels: r.channel}
	if f.From != 0 && f.To != 0 && f.From > f.To {
		return fmt.Errorf("report: --from %s is after --to %s", f.From, f.To)
	}
	for _, cc := range r.countries {
		code, ok := store.LookupCountry(cc)
		if !ok {
			return fmt.Errorf("report: --country %q is not a country: use an ISO 3166-1 alpha-2 code (GB), an English name (United Kingdom) or a common alias (UK)", cc)
		}
		f.Countries = append(f.Countries, code)
	}
	if !slices.Contains(Views, r.View) {
		return fmt.Errorf("report: --view %q: use metrics, monthly or detail", r.View)
	}
	if !slices.Contains(Formats, r.Format) {
		return fmt.Errorf("report: --format %q: use text, csv or json", r.Format)
	}
	if r.zone != "" {
		loc, err := store.LoadLocation(r.zone)
		if err != nil {
			return fmt.Errorf("report: %w", err)
		}
		f.Location = loc
	}
	r.Filter = f
	return nil
}

// Args is the report command line, after `report`, that asks for view in
// format under f: what the dashboard offers over SSH in place of a file
// export.
func Args(view, format string, f store.Filter) []string {
	args := []string{"--view", view, "--format", format}
	if f.From != 0 {
		args = append(args, "--from", f.From.String())
	}
	if f.To != 0 {
		args = append(args, "--to", f.To.String())
	}
	for _, t := range f.Titles {
		args = append(args, "--title", t)
	}
	for _, c := range f.Countries {
		args = append(args, "--country", c)
	}
	for _, c := range f.Channels {
		args = append(args, "--channel", c)
	}
	return args
}

// ShellQuote joins args as a POSIX shell splits them back: a word with
// anything beyond letters, digits and -_./:=@, is single-quoted.
func ShellQuote(args []string) string {
	quoted := make([]string, len(args))
	for i, a := range args {
		quoted[i] = a
		if a == "" || strings.IndexFunc(a, unsafeInShell) >= 0 {
			quoted[i] = "'" + strings.ReplaceAll(a, "'", `'\''`) + "'"
		}
	}
	return strings.Join(quoted, " ")
}

func unsafeInShell(r rune) bool {
	switch {
	case r >= 'a' && r <= 'z', r >= 'A' && r <= 'Z', r >= '0' && r <= '9':
		return false
	}
	return !strings.ContainsRune("-_./:=@,", r)
}

// stringList is a repeatable flag.
type stringList []string

func (s *stringList) String() string     { return strings.Join(*s, ",") }
func (s *stringList) Set(v string) error { *s = append(*s, v); return nil }

// dateFlag is a YYYY-MM-DD or YYYY-MM flag; a month is its first day, or
// its last day for the end of a range.
type dateFlag struct {
	d   store.Date
	end bool
}

func (f *dateFlag) String() string { return "" }
func (f *dateFlag) Set(v string) error {
	d, err := store.ParseBound(v, f.end)
	f.d = d
	return err
}
