package ui

import (
	"strings"

	"github.com/charmbracelet/bubbles/key"
	tea "github.com/charmbracelet/bubbletea"

	"marquee/format"
)

// settings is the overlay that changes the account's time zone. The store
// validates and persists the zone; this view only collects it and shows
// the answer.
type settings struct {
	c       *common
	account Account
	keys    typingKeys
	field   textField
	current string
	err     string
	saving  bool
}

func newSettings(c *common, a Account, current string) *settings {
	f := newTextField(64)
	f.value = current
	return &settings{c: c, account: a, field: f, current: current, keys: newTypingKeys()}
}

func (s *settings) Title() string             { return "Settings" }
func (s *settings) Capturing() bool           { return true }
func (s *settings) CloseKey() key.Binding     { return s.keys.Cancel }
func (s *settings) SetSize(w, h int) tea.Cmd  { return nil }
func (s *settings) ShortHelp() []key.Binding  { return s.keys.ShortHelp() }
func (s *settings) FullHelp() [][]key.Binding { return s.keys.FullHelp() }

func (s *settings) Update(msg tea.Msg) tea.Cmd {
	switch msg := msg.(type) {
	case tea.KeyMsg:
		if key.Matches(msg, s.keys.Apply) {
			zone := strings.TrimSpace(s.field.value)
			if zone == "" {
				s.err = "enter an IANA time zone, e.g. Europe/London"
				return nil
			}
			s.saving, s.err = true, ""
			return setTimeZoneCmd(s.account, zone)
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
