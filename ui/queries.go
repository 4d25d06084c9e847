package ui

import (
	"time"

	tea "github.com/charmbracelet/bubbletea"

	"marquee/store"
)

// Commands that talk to the account. Each runs off the event loop and
// returns a message tagged with the sequence number it was issued under.

func summaryCmd(a Account, seq int, f store.Filter) tea.Cmd {
	return func() tea.Msg {
		met, months, err := a.Summary(f)
		return summaryResultMsg{seq: seq, metrics: met, months: months, err: err}
	}
}

// detailCmd fetches a page, and with totals also adds up every line of
// the query, which reads them all: the table asks only for a drill-down or
// a search, and once per query.
func detailCmd(a Account, seq int, q store.DetailQuery, totals bool) tea.Cmd {
	return func() tea.Msg {
		p, err := a.Detail(q)
		msg := detailResultMsg{seq: seq, query: q, page: p, err: err}
		if totals && err == nil {
			var t store.Totals
			if err := a.EachDetail(q, func(r store.DetailRow) error { t.Add(r); return nil }); err != nil {
				msg.err = err
			} else {
				msg.totals = &t
			}
		}
		return msg
	}
}

func choicesCmd(a Account, seq int) tea.Cmd {
	return func() tea.Msg {
		files, err := a.Files()
		return choicesMsg{seq: seq, titles: a.Titles(), countries: a.Countries(), channels: a.Channels(), files: files, filesErr: err}
	}
}

// waitForChange blocks on the account's subscription; the root re-issues
// it after every signal.
func waitForChange(ch <-chan struct{}) tea.Cmd { return waitOn(ch, dataChangedMsg{}) }

// waitOn turns the next signal of a subscription into msg. A nil channel
// waits for nothing; a closed one ends the wait quietly.
func waitOn(ch <-chan struct{}, msg tea.Msg) tea.Cmd {
	if ch == nil {
		return nil
	}
	return func() tea.Msg {
		if _, ok := <-ch; !ok {
			return nil
		}
		return msg
	}
}

// refreshDelay debounces bursts of data changes (an import posts many) so
// the dashboard re-queries once, well within a second.
const refreshDelay = 200 * time.Millisecond

func refreshAfter() tea.Cmd {
	return tea.Tick(refreshDelay, func(time.Time) tea.Msg { return refreshMsg{} })
}

// tick re-renders the "updated N min ago" phrase.
func tick() tea.Cmd {
	return tea.Tick(30*time.Second, func(t time.Time) tea.Msg { return tickMsg(t) })
}

func setTimeZoneCmd(a Account, zone string) tea.Cmd {
	return func() tea.Msg {
		return tzChangedMsg{zone: zone, err: a.SetTimeZone(zone)}
	}
}
