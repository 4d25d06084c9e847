package ui

import (
	"bytes"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/shopspring/decimal"

	"marquee/report"
	"marquee/store"
	"marquee/ui/internal/fake"
)

// exportedPath reads the file path out of the status line.
func exportedPath(t *testing.T, status string) string {
	t.Helper()
	i := strings.Index(status, " to /")
	j := strings.Index(status[max(i, 0):], " (") + max(i, 0)
	if !strings.HasPrefix(status, "exported ") || i < 0 || j < i {
		t.Fatalf("status after export = %q", status)
	}
	return status[i+4 : j]
}

func readFile(t *testing.T, path string) string {
	t.Helper()
	b, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	return string(b)
}

// `e` writes exactly what `marquee report` prints for the view on screen:
// exact decimals, refunds as negative numbers a spreadsheet adds up, the
// drill-down and the search, under a name that says so, never over an
// earlier export.
func TestExportIsTheReport(t *testing.T) {
	h := newHarness(t, 120, 40)
	refund := fake.Row(store.MonthOf(2024, 3), "The Quiet Field", "iTunes", "GB", 0, -1)
	refund.RevenueUSD = decimal.RequireFromString("-9.470123456789")
	h.a.Post(refund)
	h.send(refreshMsg{})

	h.keys("e")
	path := exportedPath(t, h.m.status)
	if filepath.Dir(path) != h.m.opts.ExportDir || filepath.Base(path) != "marquee-monthly-"+testNow.Format("20060102-150405")+".csv" {
		t.Fatalf("monthly export at %s", path)
	}
	var want bytes.Buffer
	if err := report.Write(&want, h.a, store.Filter{}, "monthly", "csv"); err != nil {
		t.Fatal(err)
	}
	if got := readFile(t, path); got != want.String() {
		t.Fatalf("monthly export:\n%s\nwant the report:\n%s", got, want.String())
	}
	if !strings.HasPrefix(h.m.status, "exported 8 monthly rows to "+path+" (all time") {
		t.Fatalf("status = %q", h.m.status)
	}

	h.keys("e") // the same second: a file of its own
	if again := exportedPath(t, h.m.status); again == path || !strings.HasSuffix(again, "-2.csv") {
		t.Fatalf("second export went to %s (first %s)", again, path)
	}

	h.keys("g", "down", "down", "enter") // March 2024, drilled
	h.keys("/")
	h.typeText("quiet")
	h.keys("enter", "e")
	path = exportedPath(t, h.m.status)
	if base := filepath.Base(path); !strings.HasPrefix(base, "marquee-detail-2024-03-search-quiet-") {
		t.Fatalf("detail export named %s", base)
	}
	want.Reset()
	if err := report.WriteDetail(&want, h.a, h.m.table.detail.Query(), "csv"); err != nil {
		t.Fatal(err)
	}
	got := readFile(t, path)
	if got != want.String() || !strings.Contains(got, ",-9.470123456789,") || strings.Contains(got, "'-") {
		t.Fatalf("detail export:\n%s\nwant the report:\n%s", got, want.String())
	}
	if !strings.Contains(got, "The Quiet Field") || strings.Count(got, "\n") < 2 {
		t.Fatalf("detail export lacks the searched lines:\n%s", got)
	}
	for _, line := range strings.Split(strings.TrimSpace(got), "\n")[1:] {
		if !strings.Contains(line, ",2024-03-") || !strings.Contains(line, "Quiet") {
			t.Fatalf("a line outside March or the search: %s", line)
		}
	}
	if !strings.Contains(h.m.status, `exported 4 lines of Mar 2024 matching "quiet" to `+path+` (2024-03-01 … 2024-03-31`) {
		t.Fatalf("status = %q", h.m.status)
	}
}

func TestExportFileNames(t *testing.T) {
	jun := store.MonthOf(2024, 6)
	from, _ := store.ParseDate("2024-01-01")
	for _, tc := range []struct {
		e    export
		want string
	}{
		{export{}, "marquee-monthly-20240901-120000"},
		{export{filter: store.Filter{From: from}}, "marquee-monthly-2024-01-01_to_end-20240901-120000"},
		{export{filter: store.Filter{Countries: []string{"GB"}}}, "marquee-monthly-filtered-20240901-120000"},
		{export{detail: true, drill: &jun, query: store.DetailQuery{Search: "Night Ferry / 2"}}, "marquee-detail-2024-06-search-night-ferry-2-20240901-120000"},
		{export{detail: true, query: store.DetailQuery{Search: "../../etc"}}, "marquee-detail-search-etc-20240901-120000"},
	} {
		if got := tc.e.fileName(fake.Base); got != tc.want {
			t.Errorf("%+v: %s, want %s", tc.e, got, tc.want)
		}
	}
}
