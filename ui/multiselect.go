package ui

import (
	"fmt"
	"slices"
	"strings"

	"github.com/charmbracelet/bubbles/key"
	tea "github.com/charmbracelet/bubbletea"
	"github.com/charmbracelet/x/ansi"

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
	rows     int // rows the open list shows
	zid      zonePrefix
	keys     listKeys
	brief    func(value string) string // a value in the closed summary; nil shows it as is
	// rank says how well an option answers the typed query, best 0, -1
	// for no match; the list shows the best first. Nil looks for the
	// query in the label or the value, ignoring case.
	rank func(o option, query string) int
}

func newMultiSelect(name string, zid zonePrefix) *multiSelect {
	return &multiSelect{name: name, selected: map[string]bool{}, zid: zid, query: newTextField(40), keys: newListKeys(), rows: 1}
}

// listHeader is the open list's lines above its items.
const listHeader = 2

// setSize sets the height the open list has, its two header lines included.
func (m *multiSelect) setSize(h int) {
	m.rows = max(1, h-listHeader)
	m.clamp()
}

func (m *multiSelect) setOptions(opts []option) {
	m.options = opts
	m.clamp()
}

// filtered lists the options that match the query.
func (m *multiSelect) filtered() []option {
	q := strings.ToLower(strings.TrimSpace(m.query.value))
	if q == "" {
		return m.options
	}
	rank := m.rank
	if rank == nil {
		rank = func(o option, q string) int {
			if strings.Contains(strings.ToLower(o.label), q) || strings.Contains(strings.ToLower(o.value), q) {
				return 0
			}
			return -1
		}
	}
	type ranked struct {
		option
		rank int
	}
	var hits []ranked
	for _, o := range m.options {
		if r := rank(o, q); r >= 0 {
			hits = append(hits, ranked{o, r})
		}
	}
	slices.SortStableFunc(hits, func(a, b ranked) int { return a.rank - b.rank })
	out := make([]option, len(hits))
	for i, h := range hits {
		out[i] = h.option
	}
	return out
}

// clamp keeps the cursor on an item and the item in view.
func (m *multiSelect) clamp() {
	n := len(m.filtered())
	if m.cursor >= n {
		m.cursor = n - 1
	}
	if m.cursor < 0 {
		m.cursor = 0
	}
	m.offset = max(0, min(m.offset, n-m.rows))
	if m.cursor < m.offset {
		m.offset = m.cursor
	}
	if m.cursor >= m.offset+m.rows {
		m.offset = m.cursor - m.rows + 1
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
	k := m.keys
	switch {
	case key.Matches(msg, k.Close):
		m.open = false
		return
	case key.Matches(msg, k.Up):
		m.cursor--
	case key.Matches(msg, k.Down):
		m.cursor++
	case key.Matches(msg, k.PageUp):
		m.cursor -= 5
	case key.Matches(msg, k.PageDown):
		m.cursor += 5
	case key.Matches(msg, k.Top):
		m.cursor = 0
	case key.Matches(msg, k.Bottom):
		m.cursor = len(m.filtered()) - 1
	case key.Matches(msg, k.Toggle):
		m.toggle(m.cursor)
	case key.Matches(msg, k.All):
		for _, o := range m.filtered() {
			m.selected[o.value] = true
		}
	case key.Matches(msg, k.None):
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
		if c.hit(m.zid.id(zoneItem, i), msg) {
			m.cursor = i
			m.toggle(i)
			return true
		}
	}
	return false
}

// viewList renders the open list in width w and the height of setSize.
func (m *multiSelect) viewList(c *common, w int) string {
	s := c.styles
	lines := []string{
		s.FocusTitle.Render(m.name) + s.Muted.Render(" · type to filter, space toggles, esc done"),
		"filter: " + m.query.view(true),
	}
	f := m.filtered()
	rows := m.rows
	if len(f) > rows {
		// Where the list is, compactly, beside the filter: "▲ 4–13 of 105 ▼".
		end := min(len(f), m.offset+rows)
		pos := fmt.Sprintf("%d–%d of %d", m.offset+1, end, len(f))
		if m.offset > 0 {
			pos = "▲ " + pos
		}
		if end < len(f) {
			pos += " ▼"
		}
		pad := w - ansi.StringWidth(lines[1]) - ansi.StringWidth(pos)
		if pad >= 2 {
			lines[1] += strings.Repeat(" ", pad) + s.Muted.Render(pos)
		}
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
		lines = append(lines, c.mark(m.zid.id(zoneItem, i), l))
	}
	return strings.Join(lines, "\n")
}
