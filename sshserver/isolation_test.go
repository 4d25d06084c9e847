package sshserver

import (
	"strings"
	"testing"
	"time"

	"marquee/store"
)

// Two filmmakers' data, told apart by every field a screen shows.
var (
	annLines = []store.LineItem{
		lineOf("Night Ferry", "Tubi", "GB", "2024-06-10", "100.50"),
		lineOf("Salt & Iron", "Tubi", "US", "2024-06-12", "20.25"),
	}
	bobLines = []store.LineItem{
		lineOf("Copper Sky", "Pluto TV", "JP", "2025-03-05", "777.77"),
	}
	annOnly = []string{"Night Ferry", "Salt & Iron", "Jun 2024", "$120.750", "Tubi", "Europe/London"}
	bobOnly = []string{"Copper Sky", "Mar 2025", "$777.770", "Pluto TV", "America/New_York"}
)

// TestAccountsSeeOnlyTheirOwnData drives two dashboards over SSH: each
// shows its own metrics, monthly rows and detail rows, and nothing of the
// other account, even when the other's title is typed into the filter.
func TestAccountsSeeOnlyTheirOwnData(t *testing.T) {
	ts := startServer(t, nil)
	annKey := ts.addAccount(t, "ann", "Europe/London", annLines)
	bobKey := ts.addAccount(t, "bob", "America/New_York", bobLines)

	for _, tc := range []struct {
		name         string
		key          any
		own, foreign []string
		tiles        string
		otherTitle   string
	}{
		{"ann", annKey, annOnly, bobOnly, "$120.750", "Copper Sky"},
		{"bob", bobKey, bobOnly, annOnly, "$777.770", "Night Ferry"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			c := connect(t, ts.addr, signerOf(tc.key), 120, 40)
			// Metrics and monthly rows.
			c.waitFor("marquee │ "+tc.name, tc.tiles, tc.own[2])
			// Detail rows.
			c.keys("d")
			c.waitFor(tc.own[0], "of ")
			for _, f := range tc.foreign {
				if strings.Contains(c.scr.everShown(), f) {
					t.Fatalf("%s was shown %q of the other account:\n%s", tc.name, f, c.scr.text())
				}
			}
			// The other's title typed into the filter form's title list
			// finds nothing to pick.
			c.keys(keyTab, keyTab)
			c.waitFor("▶Filter")
			c.keys(keyDown, keyDown, keyEnter)
			c.waitFor("esc close list")
			prefix := tc.otherTitle[:4]
			c.keys(strings.Split(prefix, "")...)
			c.waitFor("filter: "+prefix, "no match")
			c.keys(" ")
			c.keys(keyEsc)
			c.waitGone("esc close list")
			if strings.Contains(c.scr.everShown(), tc.otherTitle) {
				t.Fatalf("typing %q offered the other account's title:\n%s", prefix, c.scr.text())
			}
			// And typed whole into the table's search: no lines.
			c.keys(keyTab) // form → table
			c.waitFor("▶Table")
			c.keys("d")
			c.waitFor("[Detail (d)]")
			c.keys("/")
			c.waitFor("search: ")
			c.keys(strings.Split(tc.otherTitle, "")...)
			c.waitFor(tc.otherTitle)
			c.keys(keyEnter)
			scr := c.waitFor("0 lines", "search \""+tc.otherTitle+"\"")
			for _, f := range tc.foreign {
				if f == tc.otherTitle {
					continue // it is on screen as the search the user typed
				}
				if strings.Contains(c.scr.everShown(), f) {
					t.Fatalf("%s was shown %q of the other account:\n%s", tc.name, f, scr)
				}
			}
			c.keys("q")
			if _, ok := c.wait(10 * time.Second); !ok {
				t.Fatal("q did not end the session")
			}
		})
	}
}
