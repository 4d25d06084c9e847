package ui

import (
	"marquee/format"
	"marquee/report"
	"marquee/store"
)

// remoteExport is the command that fetches the view `e` asked for, run on
// the filmmaker's own machine: the report command over SSH, with the
// view's filter (a drilled-down month included). Detail's search and sort
// are the screen's, not the report's.
func remoteExport(via string, f store.Filter, msg exportWantedMsg) string {
	view := "monthly"
	if msg.detail {
		view, f = "detail", msg.query.Filter
	}
	return via + " report " + report.ShellQuote(report.Args(view, "csv", f)) + " > marquee-" + view + ".csv"
}

// exportHintView explains why no file was written and shows the command,
// wrapped to the panel.
func exportHintView(s *Styles, command string, w int) string {
	w = max(w, 20)
	return s.Muted.Width(w).Render("Over SSH a file written here would stay on the server. Run this on your own machine to save the view, with its filters, as CSV:") +
		"\n\n" + s.Cursor.Width(w).Render(format.Sanitize(command)) +
		"\n\n" + s.Muted.Width(w).Render("Detail's search and sort stay on screen; the report keeps the filters. esc closes.")
}
