package ui

import (
	"testing"

	"marquee/store"
)

// Detail names a series' episode beside its title.
func TestDetailCellsShowTheEpisode(t *testing.T) {
	r := store.DetailRow{LineItem: store.LineItem{Title: "Harbour Lights", Episode: "Pilot", Country: "GB", Unit: "units"}}
	if got := detailCells(r)[2]; got != "Harbour Lights · Pilot" {
		t.Fatalf("title cell %q", got)
	}
	r.Episode = ""
	if got := detailCells(r)[2]; got != "Harbour Lights" {
		t.Fatalf("title cell %q", got)
	}
}
