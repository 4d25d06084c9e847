package ui

import (
	"bytes"
	"fmt"
	"strings"
	"testing"
	"time"

	tea "github.com/charmbracelet/bubbletea"
	"github.com/charmbracelet/x/exp/golden"
	"github.com/charmbracelet/x/exp/teatest"

	"marquee/store"
	"marquee/ui/internal/fake"
)

// startProgram runs the dashboard on the fake in a real Bubble Tea program
// and waits for the first data to be on screen.
func startProgram(t *testing.T, a *fake.Account, w, h int) *teatest.TestModel {
	t.Helper()
	tm := teatest.NewTestModel(t, New(testOptions(t, a)), teatest.WithInitialTermSize(w, h))
	waitFor(t, tm, "Watch Period")
	return tm
}

// waitFor waits until the program has written every one of ss (output
// read while waiting is consumed, so things drawn in one frame are waited
// for together).
func waitFor(t *testing.T, tm *teatest.TestModel, ss ...string) {
	t.Helper()
	teatest.WaitFor(t, tm.Output(), func(b []byte) bool {
		for _, s := range ss {
			if !bytes.Contains(b, []byte(s)) {
				return false
			}
		}
		return true
	},
		teatest.WithDuration(5*time.Second), teatest.WithCheckInterval(10*time.Millisecond))
}

// send types keys one message at a time, as a person would.
func send(tm *teatest.TestModel, keys ...string) {
	for _, k := range keys {
		tm.Send(keyMsg(k))
	}
}

func typeIn(tm *teatest.TestModel, s string) {
	for _, r := range s {
		tm.Send(tea.KeyMsg{Type: tea.KeyRunes, Runes: []rune{r}})
	}
}

// finalView quits and returns the last frame as the user saw it.
func finalView(t *testing.T, tm *teatest.TestModel) []byte {
	t.Helper()
	if err := tm.Quit(); err != nil {
		t.Fatal(err)
	}
	m := tm.FinalModel(t, teatest.WithFinalTimeout(5*time.Second))
	return []byte(m.View())
}

func TestGolden(t *testing.T) {
	scenarios := []struct {
		name string
		run  func(t *testing.T, tm *teatest.TestModel)
	}{
		{"initial", func(t *testing.T, tm *teatest.TestModel) {}},
		{"filtered", func(t *testing.T, tm *teatest.TestModel) {
			send(tm, "tab", "tab") // table → chart → form
			typeIn(tm, "2024-02")
			send(tm, "down")
			typeIn(tm, "2024-06-30")
			send(tm, "down", "enter") // Titles
			typeIn(tm, "night")
			send(tm, " ", "ctrl+u")
			typeIn(tm, "quiet")
			send(tm, " ", "esc", "down", "enter") // Countries
			typeIn(tm, "kingdom")
			send(tm, " ", "ctrl+u")
			typeIn(tm, "states")
			send(tm, " ", "ctrl+u")
			typeIn(tm, "unk")
			send(tm, " ", "esc", "down", "down", "enter") // Filter
			waitFor(t, tm, "3: Unknown, GB, US", "$48,102.769")
		}},
		{"detail", func(t *testing.T, tm *teatest.TestModel) {
			send(tm, "d")
			waitFor(t, tm, "of 108 lines")
		}},
		{"chart_cursor", func(t *testing.T, tm *teatest.TestModel) {
			send(tm, "tab", "h", "h", "h")
			waitFor(t, tm, "May 2024 · $43,549.600")
		}},
		{"help", func(t *testing.T, tm *teatest.TestModel) {
			send(tm, "?")
			waitFor(t, tm, "Mouse: click")
		}},
	}
	for _, size := range []struct{ w, h int }{{80, 24}, {120, 40}} {
		for _, sc := range scenarios {
			t.Run(fmt.Sprintf("%s_%dx%d", sc.name, size.w, size.h), func(t *testing.T) {
				tm := startProgram(t, fake.New(), size.w, size.h)
				sc.run(t, tm)
				out := finalView(t, tm)
				if bytes.Contains(out, []byte("\x1b")) {
					t.Fatal("escape sequence on a colourless screen")
				}
				golden.RequireEqual(t, out)
			})
		}
	}
}

// TestRefreshOnDataChange posts data while the program runs: the
// dashboard re-queries within a second and keeps filters, the selected
// Detail row and the chart cursor.
func TestRefreshOnDataChange(t *testing.T) {
	a := fake.New()
	tm := startProgram(t, a, 120, 40)
	send(tm, "tab", "h", "h") // chart cursor on Jun
	waitFor(t, tm, "Jun 2024 · $53,101.890")
	tm.Send(filterAppliedMsg{filter: store.Filter{Titles: []string{"Night Train", "Paper Moons", "The Quiet Field", fakeGlass(a)}}})
	send(tm, "d")
	waitFor(t, tm, "of 108 lines")
	send(tm, "down", "down")
	waitFor(t, tm, "›2024-01-16    2024-02-10    Paper Moons")
	a.Post(fake.Row(store.MonthOf(2024, 6), "Night Train", "iTunes", "US", 1000000, 1))
	start := time.Now()
	waitFor(t, tm, "of 109 lines", "Jun 2024 · $54,101.890")
	if d := time.Since(start); d > time.Second {
		t.Errorf("refresh took %v", d)
	}
	if err := tm.Quit(); err != nil {
		t.Fatal(err)
	}
	fm := tm.FinalModel(t, teatest.WithFinalTimeout(5*time.Second)).(*Model)
	if len(fm.filter.Titles) != 4 {
		t.Errorf("filter lost: %+v", fm.filter)
	}
	if r, _ := fm.chart.Selected(); r.Period.String() != "2024-06" {
		t.Errorf("chart cursor moved to %s", r.Period)
	}
	if fm.table.detail.cursor != 2 || fm.table.view != viewDetail {
		t.Errorf("detail selection lost: row %d view %v", fm.table.detail.cursor, fm.table.view)
	}
}

// fakeGlass returns the fake's escape-laden title as stored.
func fakeGlass(a *fake.Account) string {
	for _, t := range a.Titles() {
		if strings.Contains(t, "Harbor") {
			return t
		}
	}
	return ""
}
