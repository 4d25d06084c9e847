package ui

import (
	"strings"

	"github.com/charmbracelet/bubbles/help"
	"github.com/charmbracelet/bubbles/key"
)

// helpSection is one titled block of the full help.
type helpSection struct {
	title string
	keys  help.KeyMap
}

// keyGroups adapts plain binding columns to help.KeyMap.
type keyGroups [][]key.Binding

func (k keyGroups) ShortHelp() []key.Binding  { return nil }
func (k keyGroups) FullHelp() [][]key.Binding { return k }

// renderFullHelp lists every pane's keys under a title; the help model's
// own styles come from the session's renderer.
func renderFullHelp(s *Styles, sections []helpSection, w int) string {
	h := help.New()
	h.Styles = s.HelpStyles
	h.Width = w
	h.FullSeparator = "   "
	var b strings.Builder
	b.WriteString(s.Title.Render("Keys") + s.Muted.Render("  (? or esc to close)") + "\n")
	for _, sec := range sections {
		b.WriteString("\n" + s.FocusTitle.Render(sec.title) + "\n")
		b.WriteString(h.FullHelpView(sec.keys.FullHelp()) + "\n")
	}
	if len(sections) > 3 {
		b.WriteString("\n")
	}
	b.WriteString(s.Muted.Render("Mouse: click tabs, buttons, headers, rows, fields; hover the chart."))
	return b.String()
}

// shortHelp renders one line of hints.
func shortHelp(s *Styles, keys []key.Binding, w int) string {
	h := help.New()
	h.Styles = s.HelpStyles
	h.Width = w
	return h.ShortHelpView(keys)
}
