package ui

import (
	"github.com/charmbracelet/bubbles/key"
	tea "github.com/charmbracelet/bubbletea"

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

// exportOverlay explains, over SSH, why no file was written and shows the
// command that fetches the view instead.
type exportOverlay struct {
	c       *common
	command string
	close   key.Binding
	w       int
}

func newExportOverlay(c *common, command string) *exportOverlay {
	return &exportOverlay{c: c, command: command,
		close: key.NewBinding(key.WithKeys("esc", "enter", "e"), key.WithHelp("esc", "close"))}
}

func (o *exportOverlay) Title() string             { return "Export" }
func (o *exportOverlay) Capturing() bool           { return false }
func (o *exportOverlay) CloseKey() key.Binding     { return o.close }
func (o *exportOverlay) Update(tea.Msg) tea.Cmd    { return nil }
func (o *exportOverlay) SetSize(w, h int) tea.Cmd  { o.w = w - 2; return nil }
func (o *exportOverlay) ShortHelp() []key.Binding  { return []key.Binding{o.close} }
func (o *exportOverlay) FullHelp() [][]key.Binding { return [][]key.Binding{{o.close}} }

// View wraps the text to the panel.
func (o *exportOverlay) View() string {
	s := o.c.styles
	w := max(o.w, 20)
	return s.Muted.Width(w).Render("Over SSH a file written here would stay on the server. Run this on your own machine to save the view, with its filters, as CSV:") +
		"\n\n" + s.Cursor.Width(w).Render(format.Sanitize(o.command)) +
		"\n\n" + s.Muted.Width(w).Render("Detail's search and sort stay on screen; the report keeps the filters. esc closes.")
}
