package ui

import (
	"github.com/charmbracelet/bubbles/help"
	"github.com/charmbracelet/lipgloss"
)

// Styles are built from one session's renderer, so an SSH client gets the
// colours its own terminal supports; nothing here touches lipgloss's global
// renderer.
type styles struct {
	Header, Demo, Muted, Title, FocusTitle    lipgloss.Style
	Border, FocusBorder                       lipgloss.Style
	TileLabel, TileValue                      lipgloss.Style
	Line, Point, Cursor, Axis, AxisLabel      lipgloss.Style
	Selected, HeaderCell, Tab, ActiveTab, Err lipgloss.Style
	Button, FocusButton, Field, FocusField    lipgloss.Style
	Status, Help                              lipgloss.Style
	HelpStyles                                help.Styles
}

// NewStyles builds the styles. With noColor set (NO_COLOR) only attributes
// such as bold and reverse are used; every colour is adaptive so the screen
// reads on light and dark backgrounds alike.
func newStyles(r *lipgloss.Renderer, noColor bool) *styles {
	c := func(light, dark string) lipgloss.TerminalColor {
		if noColor {
			return lipgloss.NoColor{}
		}
		return lipgloss.AdaptiveColor{Light: light, Dark: dark}
	}
	accent := c("#5A3FC0", "#B9A4FF")
	muted := c("#6B6B6B", "#9A9A9A")
	gold := c("#9A6A00", "#F2C14E")
	red := c("#B00020", "#FF7B7B")
	ns := r.NewStyle
	s := &styles{
		Header:      ns().Bold(true),
		Demo:        ns().Bold(true).Reverse(true),
		Muted:       ns().Foreground(muted),
		Title:       ns().Bold(true),
		FocusTitle:  ns().Bold(true).Foreground(accent),
		Border:      ns().Foreground(muted),
		FocusBorder: ns().Foreground(accent),
		TileLabel:   ns().Foreground(muted),
		TileValue:   ns().Bold(true),
		Line:        ns().Foreground(accent),
		Point:       ns().Foreground(accent).Bold(true),
		Cursor:      ns().Foreground(gold).Bold(true),
		Axis:        ns().Foreground(muted),
		AxisLabel:   ns().Foreground(muted),
		Selected:    ns().Reverse(true),
		HeaderCell:  ns().Bold(true).Underline(true),
		Tab:         ns().Foreground(muted),
		ActiveTab:   ns().Bold(true).Reverse(true),
		Err:         ns().Foreground(red).Bold(true),
		Button:      ns(),
		FocusButton: ns().Bold(true).Reverse(true),
		Field:       ns(),
		FocusField:  ns().Bold(true),
		Status:      ns().Foreground(muted),
		Help:        ns(),
	}
	s.HelpStyles = help.Styles{
		ShortKey:       ns().Bold(true),
		ShortDesc:      ns().Foreground(muted),
		ShortSeparator: ns().Foreground(muted),
		Ellipsis:       ns().Foreground(muted),
		FullKey:        ns().Bold(true),
		FullDesc:       ns().Foreground(muted),
		FullSeparator:  ns().Foreground(muted),
	}
	return s
}
