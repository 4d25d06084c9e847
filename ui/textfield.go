package ui

import (
	"unicode/utf8"

	"github.com/charmbracelet/bubbles/key"
	tea "github.com/charmbracelet/bubbletea"

	"marquee/format"
)

// textField is a one-line input without a blinking cursor: blinking would
// make every golden file racy, and the fields are short.
type textField struct {
	value string
	limit int
	keys  editKeys
}

func newTextField(limit int) textField {
	return textField{limit: limit, keys: newEditKeys()}
}

// update edits the value for printable keys, backspace and ctrl+u. It
// reports whether the key was consumed.
func (f *textField) update(msg tea.KeyMsg) bool {
	switch {
	case msg.Type == tea.KeyRunes || msg.Type == tea.KeySpace:
		s := format.Sanitize(string(msg.Runes))
		if msg.Type == tea.KeySpace {
			s = " "
		}
		if f.limit > 0 && utf8.RuneCountInString(f.value+s) > f.limit {
			return true
		}
		f.value += s
		return true
	case key.Matches(msg, f.keys.Delete):
		if f.value != "" {
			_, n := utf8.DecodeLastRuneInString(f.value)
			f.value = f.value[:len(f.value)-n]
		}
		return true
	case key.Matches(msg, f.keys.Clear):
		f.value = ""
		return true
	}
	return false
}

// view shows the value with a block cursor when focused.
func (f textField) view(focused bool) string {
	if focused {
		return f.value + "█"
	}
	return f.value
}
