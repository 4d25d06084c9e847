package report

import (
	"flag"
	"io"
	"reflect"
	"strings"
	"testing"

	"marquee/store"
)

// Args and Bind agree: the command line Args writes parses back into the
// same view, format and filter.
func TestArgsParseBack(t *testing.T) {
	from, _ := store.ParseDate("2024-06-01")
	to, _ := store.ParseDate("2024-06-30")
	for _, f := range []store.Filter{
		{},
		{From: from},
		{From: from, To: to, Titles: []string{"Salt & Iron", "It's \"odd\""}, Countries: []string{"US", "zz"}, Channels: []string{"Pluto TV"}},
	} {
		fs := flag.NewFlagSet("report", flag.ContinueOnError)
		fs.SetOutput(io.Discard)
		req := Bind(fs)
		if err := fs.Parse(Args("detail", "csv", f)); err != nil {
			t.Fatal(err)
		}
		if err := req.Check(); err != nil {
			t.Fatal(err)
		}
		if req.View != "detail" || req.Format != "csv" || !reflect.DeepEqual(norm(req.Filter), norm(f)) {
			t.Errorf("%+v came back as %+v (%s %s)", f, req.Filter, req.View, req.Format)
		}
	}
}

func norm(f store.Filter) store.Filter {
	for _, s := range []*[]string{&f.Titles, &f.Countries, &f.Channels} {
		if len(*s) == 0 {
			*s = nil
		}
	}
	return f
}

func TestCheckRefusesBadInput(t *testing.T) {
	for _, tc := range []struct{ args, want string }{
		{"--from 2024-07-01 --to 2024-06-01", "is after"},
		{"--country XX", "not a country"},
		{"--country Atlantis", "not a country"},
		{"--from 2024-13", "YYYY-MM"},
		{"--to 2024-02-30", "YYYY-MM"},
		{"--view pie", `--view "pie"`},
		{"--format xml", `--format "xml"`},
		{"--tz Mars/Olympus", "Mars/Olympus"},
	} {
		fs := flag.NewFlagSet("report", flag.ContinueOnError)
		fs.SetOutput(io.Discard)
		req := Bind(fs)
		err := fs.Parse(strings.Fields(tc.args))
		if err == nil {
			err = req.Check()
		}
		if err == nil || !strings.Contains(err.Error(), tc.want) {
			t.Errorf("%s: %v, want %q", tc.args, err, tc.want)
		}
	}
}

func TestShellQuote(t *testing.T) {
	got := ShellQuote([]string{"--title", "Salt & Iron", "--title", "It's", "--from", "2024-06-01", ""})
	want := `--title 'Salt & Iron' --title 'It'\''s' --from 2024-06-01 ''`
	if got != want {
		t.Fatalf("got  %s\nwant %s", got, want)
	}
}

// A person's words for a country and a month are read as the dashboard
// reads them: UK and Britain are GB, and a month covers all its days.
func TestCheckReadsNamesAndMonths(t *testing.T) {
	fs := flag.NewFlagSet("report", flag.ContinueOnError)
	fs.SetOutput(io.Discard)
	req := Bind(fs)
	args := "--country UK --country britain --country de --country Holland --from 2024-06 --to 2024-07"
	if err := fs.Parse(strings.Fields(args)); err != nil {
		t.Fatal(err)
	}
	if err := req.Check(); err != nil {
		t.Fatal(err)
	}
	f := req.Filter
	if got, want := f.Countries, []string{"GB", "GB", "DE", "NL"}; !reflect.DeepEqual(got, want) {
		t.Errorf("countries %v, want %v", got, want)
	}
	if f.From.String() != "2024-06-01" || f.To.String() != "2024-07-31" {
		t.Errorf("range %s..%s, want 2024-06-01..2024-07-31", f.From, f.To)
	}
}
