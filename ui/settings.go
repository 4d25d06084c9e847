package ui

import (
	"strings"

	tea "github.com/charmbracelet/bubbletea"

	"marquee/format"
)

// settings changes the account's time zone. The store validates and
// persists the zone; this view only collects it and shows the answer.
type settings struct {
	c       *common
	field   textField
	current string
	err     string
	saving  bool
}

func newSettings(c *common, current string) *settings {
	return &settings{c: c, field: textField{value: current, limit: 64}, current: current}
}

func (s *settings) Update(msg tea.Msg, a Account) tea.Cmd {
	switch msg := msg.(type) {
	case tea.KeyMsg:
		switch msg.String() {
		case "esc":
			return func() tea.Msg { return closeOverlayMsg{} }
		case "enter":
			zone := strings.TrimSpace(s.field.value)
			if zone == "" {
				s.err = "enter an IANA time zone, e.g. Europe/London"
				return nil
			}
			s.saving, s.err = true, ""
			return setTimeZoneCmd(a, zone)
		}
		s.field.update(msg)
	case tzChangedMsg:
		s.saving = false
		if msg.err != nil {
			s.err = format.Sanitize(msg.err.Error())
		}
	}
	return nil
}

func (s *settings) View() string {
	st := s.c.styles
	lines := []string{
		"Time zone: " + format.Sanitize(s.current),
		"Months and days are counted in this zone.",
		"",
		"New zone: " + st.FocusField.Render(s.field.view(true)),
	}
	if s.err != "" {
		lines = append(lines, st.Err.Render(s.err))
	}
	if s.saving {
		lines = append(lines, st.Muted.Render("saving…"))
	}
	lines = append(lines, "", st.Muted.Render("enter save · esc back · e.g. UTC, Europe/Berlin, America/Los_Angeles"))
	return strings.Join(lines, "\n")
}
