package ui

import (
	"bytes"
	"fmt"
	"strings"
	"testing"

	"github.com/charmbracelet/x/exp/golden"
	"github.com/charmbracelet/x/exp/teatest"

	"marquee/store"
	"marquee/ui/internal/fake"
)

const testHeader = "report_date,period_start,period_end,title,channel,country,quantity,unit,amount,currency,watched_at,transaction_id,status"

// An account without line items says how to get data in, at both sizes
// (golden files); a filter that matches nothing says only that.
func TestGoldenEmptyAccount(t *testing.T) {
	for _, size := range []struct{ w, h int }{{80, 24}, {120, 40}} {
		t.Run(fmt.Sprintf("empty_%dx%d", size.w, size.h), func(t *testing.T) {
			opts := testOptions(t, fake.Empty())
			opts.GettingStarted = GettingStarted{InboxDir: "/home/maya/.local/share/marquee/inbox", CanonicalHeader: testHeader}
			tm := teatest.NewTestModel(t, New(opts), teatest.WithInitialTermSize(size.w, size.h))
			waitFor(t, tm, "No line items yet")
			out := finalView(t, tm)
			for _, want := range []string{"/home/maya/.local/share/marquee/inbox", "marquee import", "docs/formats.md", "report_date,period_start"} {
				if !bytes.Contains(out, []byte(want)) {
					t.Errorf("no %q on the empty screen", want)
				}
			}
			golden.RequireEqual(t, out)
		})
	}
}

func TestWelcomeGoesWithData(t *testing.T) {
	h := newHarness(t, 120, 40)
	if strings.Contains(h.m.View(), "No line items yet") {
		t.Fatal("welcome shown beside data")
	}
	h.send(filterAppliedMsg{filter: store.Filter{Titles: []string{"No Such Film"}}})
	if v := h.m.View(); strings.Contains(v, "No line items yet") || !strings.Contains(v, "No months match these filters") {
		t.Fatalf("an empty filter result:\n%s", v)
	}
}
