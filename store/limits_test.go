package store

import (
	"errors"
	"fmt"
	"strings"
	"testing"
)

// A file that would take an account past a limit on distinct names is
// refused whole, naming the column and the counts; the account keeps
// taking files whose names it has. The real limits, at their edge.
func TestFileBeyondANameLimitIsRefusedWithItsColumn(t *testing.T) {
	for _, c := range []struct {
		column string
		limit  int
		line   func(i int) LineItem
	}{
		{"title", MaxTitles, func(i int) LineItem { return line(fmt.Sprint("Film ", i), "Tubi", "US", "2024-01-01", "1") }},
		{"channel", MaxChannels, func(i int) LineItem { return line("Film", fmt.Sprint("Channel ", i), "US", "2024-01-01", "1") }},
	} {
		t.Run(c.column, func(t *testing.T) {
			a := mustAccount(t, openTemp(t), "local")
			var first []LineItem
			for i := range c.limit - 10 {
				first = append(first, c.line(i))
			}
			post(t, a, "first.csv", first...)
			var second []LineItem
			for i := range 20 {
				second = append(second, c.line(c.limit-10+i))
			}
			_, err := a.Post(fileRecord("second.csv", len(second)), second)
			var le *LimitError
			if !errors.As(err, &le) || le.Column != c.column || le.Held != c.limit-10 || le.New != 11 || le.Limit != c.limit {
				t.Fatalf("%v (%+v), want a limit error on column %s", err, le, c.column)
			}
			if !strings.Contains(err.Error(), "column "+c.column) || !strings.Contains(err.Error(), fmt.Sprint(c.limit)) {
				t.Errorf("message %q names neither the column nor the limit", err)
			}
			if m := metrics(t, a, Filter{}); m.Lines != c.limit-10 {
				t.Errorf("%d lines stored, want the first file's %d only", m.Lines, c.limit-10)
			}
			// Up to the limit, and names already held, still import.
			post(t, a, "third.csv", second[:10]...)
			post(t, a, "fourth.csv", first[:5]...)
			if m := metrics(t, a, Filter{}); m.Lines != c.limit+5 {
				t.Errorf("%d lines, want %d", m.Lines, c.limit+5)
			}
		})
	}
}
