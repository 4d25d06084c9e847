package ui

import (
	"strings"

	"github.com/charmbracelet/bubbles/help"
	"github.com/charmbracelet/bubbles/key"
	tea "github.com/charmbracelet/bubbletea"
	"github.com/charmbracelet/lipgloss"
	"github.com/charmbracelet/x/ansi"
)

// helpSection is one titled block of the full help.
type helpSection struct {
	title string
	keys  help.KeyMap
}

// helpOverlay is `?`: every key of every part, by part.
type helpOverlay struct {
	c        *common
	sections []helpSection
	close    key.Binding
	w, h     int
}

func newHelpOverlay(c *common, sections []helpSection) *helpOverlay {
	return &helpOverlay{c: c, sections: sections,
		close: key.NewBinding(key.WithKeys("?", "esc"), key.WithHelp("esc", "close"))}
}

func (o *helpOverlay) Title() string             { return "Help" }
func (o *helpOverlay) Capturing() bool           { return false }
func (o *helpOverlay) CloseKey() key.Binding     { return o.close }
func (o *helpOverlay) Update(tea.Msg) tea.Cmd    { return nil }
func (o *helpOverlay) SetSize(w, h int) tea.Cmd  { o.w, o.h = w, h; return nil }
func (o *helpOverlay) ShortHelp() []key.Binding  { return []key.Binding{o.close} }
func (o *helpOverlay) FullHelp() [][]key.Binding { return [][]key.Binding{{o.close}} }
func (o *helpOverlay) View() string              { return renderFullHelp(o.c.styles, o.sections, o.w, o.h) }

// renderFullHelp lists every part's keys under a title, the blocks set
// side by side while they fit in w; blank lines part the rows of blocks
// when h has room for them. The help model's own styles come from the
// session's renderer.
func renderFullHelp(s *styles, sections []helpSection, w, h int) string {
	hm := help.New()
	hm.Styles = s.HelpStyles
	hm.Width = w
	hm.FullSeparator = "   "
	blocks := make([]string, len(sections))
	for i, sec := range sections {
		blocks[i] = s.FocusTitle.Render(sec.title) + "\n" + hm.FullHelpView(sec.keys.FullHelp())
	}
	var rows [][]string
	rowW := 0
	for _, b := range blocks {
		bw := lipgloss.Width(b)
		if len(rows) > 0 && rowW+len(blockGap)+bw <= w {
			rows[len(rows)-1] = append(rows[len(rows)-1], b)
			rowW += len(blockGap) + bw
			continue
		}
		rows = append(rows, []string{b})
		rowW = bw
	}
	joined := make([]string, len(rows))
	height := 0
	for i, r := range rows {
		parts := make([]string, 0, 2*len(r))
		for j, b := range r {
			if j > 0 {
				parts = append(parts, blockGap)
			}
			parts = append(parts, b)
		}
		joined[i] = lipgloss.JoinHorizontal(lipgloss.Top, parts...)
		height += lipgloss.Height(joined[i])
	}
	// The title and the mouse line take two lines; blank lines go before
	// each row and the mouse line while there is room.
	spare := h - 2 - height
	gap := func() string {
		if spare <= 0 {
			return ""
		}
		spare--
		return "\n"
	}
	var b strings.Builder
	b.WriteString(s.Title.Render("Keys") + s.Muted.Render("  (? or esc to close)") + "\n")
	for _, r := range joined {
		b.WriteString(gap() + trimRight(r) + "\n")
	}
	b.WriteString(gap() + s.Muted.Render("Mouse: click tabs, buttons, headers, rows, fields; hover the chart."))
	return b.String()
}

// blockGap parts blocks set side by side.
const blockGap = "  "

// trimRight drops the padding JoinHorizontal leaves at line ends.
func trimRight(block string) string {
	lines := strings.Split(block, "\n")
	for i, l := range lines {
		if ansi.Strip(l) == l {
			lines[i] = strings.TrimRight(l, " ")
		}
	}
	return strings.Join(lines, "\n")
}

// shortHelp renders one line of hints.
func shortHelp(s *styles, keys []key.Binding, w int) string {
	h := help.New()
	h.Styles = s.HelpStyles
	h.Width = w
	return h.ShortHelpView(keys)
}
