package ingest

import (
	"errors"
	"strings"
	"testing"
)

// Every text field is bounded and a row over a bound is refused with its
// column named (a 100 MB title was accepted; the database grew by 105 MB).
func TestCellBounds(t *testing.T) {
	row := func(title, channel, txid, status string) string {
		return canonicalHeader + "2024-06-30,2024-06-01,2024-06-30," + title + "," + channel + ",US,1,rentals,2.50,USD,," + txid + "," + status + "\n"
	}
	long := func(n int) string { return strings.Repeat("a", n) }
	for _, tc := range []struct {
		name, data, column string
	}{
		{"title at the bound", row(long(512), "Vimeo", "", ""), ""},
		{"title over", row(long(513), "Vimeo", "", ""), "title"},
		{"channel at the bound", row("Film", long(128), "", ""), ""},
		{"channel over", row("Film", long(129), "", ""), "channel"},
		{"transaction id over", row("Film", "Vimeo", long(257), ""), "transaction_id"},
		{"status over", row("Film", "Vimeo", "", long(65)), "status"},
		{"spaces around do not count", row("  "+long(512)+"  ", "Vimeo", "", ""), ""},
	} {
		t.Run(tc.name, func(t *testing.T) {
			_, err := Parse("june.csv", []byte(tc.data))
			if tc.column == "" {
				if err != nil {
					t.Fatal(err)
				}
				return
			}
			var pe *ParseError
			if !errors.As(err, &pe) || !errors.Is(err, ErrTooLong) || pe.Column != tc.column || pe.Line != 2 {
				t.Fatalf("error %v, want too long in column %s", err, tc.column)
			}
		})
	}
}

// A file cut inside its last row, as a stalled upload leaves it, is an
// error, not a shorter report: 10 of 20 rows were imported that way.
func TestCutLastRow(t *testing.T) {
	short := "report_date,period_start,period_end,title,channel,country,quantity,unit,amount,currency\n"
	r1 := "2024-06-30,2024-06-01,2024-06-30,Film,Vimeo,US,1,rentals,2.50,USD"
	for _, tc := range []struct {
		name, data string
		ok         bool
	}{
		{"whole, with a final line break", canonicalHeader + inboxRow + inboxRow, true},
		{"whole, without a final line break", canonicalHeader + inboxRow + strings.TrimSuffix(inboxRow, "\n"), true},
		{"cut after a cell", canonicalHeader + inboxRow + inboxRow[:strings.Index(inboxRow, ",US")], false},
		{"cut inside a cell", canonicalHeader + inboxRow + inboxRow[:strings.Index(inboxRow, "Vim")+2], false},
		{"the only row cut", canonicalHeader + inboxRow[:30], false},
		{"cut inside a quoted cell", canonicalHeader + inboxRow + `2024-06-30,2024-06-01,2024-06-30,"Fil`, false},
		// A channel that leaves trailing optional columns out of every
		// row: as short as the row before, so whole.
		{"rows shorter than the header", short[:len(short)-1] + ",notes\n" + r1 + "\n" + r1, true},
	} {
		t.Run(tc.name, func(t *testing.T) {
			_, err := Parse("june.csv", []byte(tc.data))
			if tc.ok != (err == nil) {
				t.Fatalf("error %v", err)
			}
			if err != nil && !errors.Is(err, ErrSyntax) {
				t.Errorf("error %v, want malformed CSV", err)
			}
		})
	}
}
