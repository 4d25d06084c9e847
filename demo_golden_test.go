package main

import (
	"bytes"
	"fmt"
	"io"
	"path/filepath"
	"testing"
	"time"

	"github.com/charmbracelet/lipgloss"
	"github.com/charmbracelet/x/exp/golden"
	"github.com/charmbracelet/x/exp/teatest"
	"github.com/muesli/termenv"

	"marquee/ingest/demo"
	"marquee/store"
	"marquee/ui"
)

// The dashboard on the real demo database, through the real store, at the
// two sizes, colour off: the screen a filmmaker sees first on `go run .`.
// (ui's golden files use an in-memory fake; these pin store and UI
// together.)
func TestDemoGolden(t *testing.T) {
	db, err := store.Open(filepath.Join(t.TempDir(), "demo.db"), store.Options{})
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	a, err := db.Account("local")
	if err != nil {
		t.Fatal(err)
	}
	if err := demo.Write(db, a); err != nil {
		t.Fatal(err)
	}
	t.Setenv("NO_COLOR", "1")
	for _, size := range []struct{ w, h int }{{80, 24}, {120, 40}} {
		t.Run(fmt.Sprintf("initial_%dx%d", size.w, size.h), func(t *testing.T) {
			m := ui.New(ui.Options{
				Account:  a,
				Renderer: lipgloss.NewRenderer(io.Discard, termenv.WithProfile(termenv.Ascii)),
				// The demo was just written: "updated just now" at any date.
				Now: time.Now,
			})
			tm := teatest.NewTestModel(t, m, teatest.WithInitialTermSize(size.w, size.h))
			teatest.WaitFor(t, tm.Output(), func(b []byte) bool { return bytes.Contains(b, []byte("Watch Period")) },
				teatest.WithDuration(10*time.Second), teatest.WithCheckInterval(10*time.Millisecond))
			if err := tm.Quit(); err != nil {
				t.Fatal(err)
			}
			out := []byte(tm.FinalModel(t, teatest.WithFinalTimeout(5*time.Second)).View())
			if bytes.Contains(out, []byte("\x1b")) {
				t.Fatal("escape sequence on a colourless screen")
			}
			for _, want := range []string{"DEMO", "11", "105", "5", "$10,601.407"} {
				if !bytes.Contains(out, []byte(want)) {
					t.Errorf("the demo screen lacks %q", want)
				}
			}
			golden.RequireEqual(t, out)
		})
	}
}
