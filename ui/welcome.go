package ui

import (
	"marquee/format"
	"marquee/store"
)

// GettingStarted is what an empty account's screen tells a newcomer.
type GettingStarted struct {
	// InboxDir is the inbox this dashboard watches; empty when none runs
	// here (over SSH the inbox is on the server, out of the user's reach).
	InboxDir string
	// CanonicalHeader is the header of the CSV anyone can write by hand.
	CanonicalHeader string
}

// welcomeLines say how to get data in, for an account with no line items.
func (g GettingStarted) lines() []string {
	lines := []string{"No line items yet. To bring your channel reports in:"}
	if g.InboxDir != "" {
		lines = append(lines, "  • drop them in the inbox "+format.Sanitize(g.InboxDir)+" (imported within seconds), or")
	}
	lines = append(lines,
		"  • run  marquee import ~/Downloads/reports/   (files, folders, .zip and .gz)",
		"  Each channel's own report works: docs/formats.md lists them and where to download them.")
	if g.CanonicalHeader != "" {
		lines = append(lines, "  For anything else, write a CSV with this header:", "  "+g.CanonicalHeader)
	}
	return lines
}

// isEmptyFilter reports whether f selects everything.
func isEmptyFilter(f store.Filter) bool {
	return f.From == 0 && f.To == 0 && len(f.Titles)+len(f.Countries)+len(f.Channels) == 0
}
