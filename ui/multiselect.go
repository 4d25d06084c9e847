package ui

import (
	"fmt"
	"strings"

	tea "github.com/charmbracelet/bubbletea"

	"marquee/format"
)

// option is one choice of a multi-select: the value the filter uses and the
// label the user reads (countries: "United Kingdom (GB)").
type option struct{ value, label string }

// multiSelect is a closed summary line that opens into a list with
// type-to-filter. Selection survives option refreshes, so new data does not
// silently drop what the user picked.
type multiSelect struct {
	name     string
	options  []option
	selected map[string]bool
	open     bool
	query    textField
	cursor   int // index into filtered()
	offset   int // first visible filtered row
	zid      string
	brief    func(value string) string // a value in the closed summary; nil shows it as is
}

func newMultiSelect(name, zid string) *multiSelect {
	return &multiSelect{name: name, selected: map[string]bool{}, zid: zid, query: textField{limit: 40}}
}

func (m *multiSelect) setOptions(opts []option) {
	m.options = opts
	m.clamp()
}

// filtered lists the options whose label or value contains the query,
// ignoring case.
func (m *multiSelect) filtered() []option {
	q := strings.ToLower(strings.TrimSpace(m.query.value))
	if q == "" {
		return m.options
	}
	var out []option
	for _, o := range m.options {
		if strings.Contains(strings.ToLower(o.label), q) || strings.Contains(strings.ToLower(o.value), q) {
			out = append(out, o)
		}
	}
	return out
}

func (m *multiSelect) clamp() {
	n := len(m.filtered())
	if m.cursor >= n {
		m.cursor = n - 1
	}
	if m.cursor < 0 {
		m.cursor = 0
	}
}

// values returns the selected values in option order; values no longer
// offered stay selected and come last.
func (m *multiSelect) values() []string {
	var out []string
	seen := map[string]bool{}
	for _, o := range m.options {
		if m.selected[o.value] {
			out = append(out, o.value)
			seen[o.value] = true
		}
	}
	for v, on := range m.selected {
		if on && !seen[v] {
			out = append(out, v)
		}
	}
	return out
}

func (m *multiSelect) setValues(vals []string) {
	m.selected = map[string]bool{}
	for _, v := range vals {
		m.selected[v] = true
	}
}

func (m *multiSelect) toggle(i int) {
	f := m.filtered()
	if i < 0 || i >= len(f) {
		return
	}
	v := f[i].value
	m.selected[v] = !m.selected[v]
	if !m.selected[v] {
		delete(m.selected, v)
	}
}

// summary is the closed line: "all", or the count and the first choices.
func (m *multiSelect) summary() string {
	vals := m.values()
	if len(vals) == 0 {
		return "all"
	}
	if m.brief != nil {
		shown := make([]string, len(vals))
		for i, v := range vals {
			shown[i] = m.brief(v)
		}
		vals = shown
	}
	return fmt.Sprintf("%d: %s", len(vals), format.Sanitize(strings.Join(vals, ", ")))
}

// update handles keys while the list is open. Arrows move, space and enter
// toggle, esc closes, any other printable key filters.
func (m *multiSelect) update(msg tea.KeyMsg) {
	switch msg.String() {
	case "esc":
		m.open = false
		return
	case "up", "ctrl+p":
		m.cursor--
	case "down", "ctrl+n":
		m.cursor++
	case "pgup":
		m.cursor -= 5
	case "pgdown":
		m.cursor += 5
	case " ", "enter":
		m.toggle(m.cursor)
	case "ctrl+a":
		for _, o := range m.filtered() {
			m.selected[o.value] = true
		}
	case "ctrl+r":
		m.selected = map[string]bool{}
	default:
		m.query.update(msg)
	}
	m.clamp()
}

// clickItem toggles the item whose zone was clicked.
func (m *multiSelect) clickItem(c *common, msg tea.MouseMsg) bool {
	f := m.filtered()
	for i := m.offset; i < len(f); i++ {
		if c.zones.Get(fmt.Sprintf("%si%d", m.zid, i)).InBounds(msg) {
			m.cursor = i
			m.toggle(i)
			return true
		}
	}
	return false
}

// viewList renders the open list in h lines of width w.
func (m *multiSelect) viewList(c *common, w, h int) string {
	s := c.styles
	lines := []string{
		s.FocusTitle.Render(m.name) + s.Muted.Render(" · type to filter, space toggles, esc done"),
		"filter: " + m.query.view(true),
	}
	f := m.filtered()
	rows := h - len(lines)
	if rows < 1 {
		rows = 1
	}
	if m.cursor < m.offset {
		m.offset = m.cursor
	}
	if m.cursor >= m.offset+rows {
		m.offset = m.cursor - rows + 1
	}
	if len(f) == 0 {
		lines = append(lines, s.Muted.Render("  no match"))
	}
	for i := m.offset; i < len(f) && i < m.offset+rows; i++ {
		box := "[ ] "
		if m.selected[f[i].value] {
			box = "[x] "
		}
		l := " " + fit(box+f[i].label, w-1)
		if i == m.cursor {
			l = s.Selected.Render("›" + fit(box+f[i].label, w-1))
		}
		lines = append(lines, c.zones.Mark(fmt.Sprintf("%si%d", m.zid, i), l))
	}
	return strings.Join(lines, "\n")
}
