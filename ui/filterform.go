package ui

import (
	"fmt"
	"strings"

	"github.com/charmbracelet/bubbles/key"
	tea "github.com/charmbracelet/bubbletea"

	"marquee/format"
	"marquee/store"
)

// Form fields in focus order.
const (
	fieldFrom = iota
	fieldTo
	fieldTitles
	fieldCountries
	fieldChannels
	fieldFilter
	fieldReset
	fieldCount
)

// filterForm edits a filter without applying it; only the Filter button
// (or Reset) sends filterAppliedMsg upward.
type filterForm struct {
	c       *common
	keys    formKeys
	focus   int
	from    textField
	to      textField
	lists   [3]*multiSelect // titles, countries, channels
	errs    formErrors
	applied formValues // what the dashboard currently shows
	focused bool
	w, h    int
	zid     zonePrefix
}

func newFilterForm(c *common) *filterForm {
	countries := newMultiSelect("Countries", c.newZonePrefix())
	countries.brief = countryShort
	// "uk", "britain" and "england" find GB, not only Ukraine, and "us"
	// lists the United States before Australia.
	countries.rank = func(o option, q string) int { return store.CountryMatch(o.value, q) }
	return &filterForm{
		c:    c,
		keys: newFormKeys(),
		from: newTextField(10),
		to:   newTextField(10),
		lists: [3]*multiSelect{
			newMultiSelect("Titles", c.newZonePrefix()),
			countries,
			newMultiSelect("Channels", c.newZonePrefix()),
		},
		zid: c.newZonePrefix(),
	}
}

func (f *filterForm) Title() string { return "Filter" }

func (f *filterForm) SetSize(w, h int) tea.Cmd {
	f.w, f.h = w, h
	for _, l := range f.lists {
		l.setSize(h)
	}
	return nil
}

func (f *filterForm) Focus() { f.focused = true }
func (f *filterForm) Blur() {
	f.focused = false
	f.closeLists()
}

// Capturing reports whether keys should go to the form rather than to the
// global bindings: a date field or an open list is being typed into.
func (f *filterForm) Capturing() bool {
	return f.focused && (f.focus == fieldFrom || f.focus == fieldTo || f.openList() != nil)
}

// SetChoices refreshes the options of the multi-selects.
func (f *filterForm) SetChoices(titles, countries, channels []string) {
	mk := func(vals []string, label func(string) string) []option {
		out := make([]option, len(vals))
		for i, v := range vals {
			out[i] = option{value: v, label: label(v)}
		}
		return out
	}
	f.lists[0].setOptions(mk(titles, format.Sanitize))
	f.lists[1].setOptions(mk(countries, countryLabel))
	f.lists[2].setOptions(mk(channels, format.Sanitize))
}

func (f *filterForm) values() formValues {
	return formValues{
		From: f.from.value, To: f.to.value,
		Titles: f.lists[0].values(), Countries: f.lists[1].values(), Channels: f.lists[2].values(),
	}
}

// dirty: the form differs from what is applied.
func (f *filterForm) dirty() bool {
	return fmt.Sprint(f.values()) != fmt.Sprint(f.applied)
}

func (f *filterForm) openList() *multiSelect {
	for _, l := range f.lists {
		if l.open {
			return l
		}
	}
	return nil
}

func (f *filterForm) closeLists() {
	for _, l := range f.lists {
		l.open = false
	}
}

// validate refreshes the inline messages.
func (f *filterForm) validate() bool {
	_, f.errs = buildFilter(f.values())
	return f.errs.ok()
}

// apply validates and, if valid, sends the filter upward.
func (f *filterForm) apply() tea.Cmd {
	filter, errs := buildFilter(f.values())
	f.errs = errs
	if !errs.ok() {
		return nil
	}
	f.applied = f.values()
	return func() tea.Msg { return filterAppliedMsg{filter: filter} }
}

// reset clears every field and applies the empty filter.
func (f *filterForm) reset() tea.Cmd {
	f.from.value, f.to.value = "", ""
	for _, l := range f.lists {
		l.setValues(nil)
		l.query.value = ""
		l.open = false
	}
	f.errs = formErrors{}
	f.applied = f.values()
	return func() tea.Msg { return filterAppliedMsg{filter: store.Filter{}, reset: true} }
}

// activate does what enter does on the focused field.
func (f *filterForm) activate() tea.Cmd {
	switch f.focus {
	case fieldFrom, fieldTo:
		f.move(1)
	case fieldTitles, fieldCountries, fieldChannels:
		l := f.lists[f.focus-fieldTitles]
		l.open = true
		l.clamp()
	case fieldFilter:
		return f.apply()
	case fieldReset:
		return f.reset()
	}
	return nil
}

// move changes field focus, validating the date field being left so its
// message appears when the user moves on rather than while typing.
func (f *filterForm) move(d int) {
	if f.focus == fieldFrom || f.focus == fieldTo {
		f.validate()
	}
	f.focus = (f.focus + d + fieldCount) % fieldCount
}

func (f *filterForm) Update(msg tea.Msg) tea.Cmd {
	switch msg := msg.(type) {
	case tea.KeyMsg:
		if l := f.openList(); l != nil {
			l.update(msg)
			return nil
		}
		switch {
		case key.Matches(msg, f.keys.Up):
			f.move(-1)
			return nil
		case key.Matches(msg, f.keys.Down):
			f.move(1)
			return nil
		case key.Matches(msg, f.keys.Enter):
			return f.activate()
		}
		if f.focus == fieldFrom || f.focus == fieldTo {
			fld := &f.from
			if f.focus == fieldTo {
				fld = &f.to
			}
			fld.update(msg)
			// Clear a message as soon as the value becomes valid; show new
			// ones only on leaving the field or pressing Filter.
			if _, errs := buildFilter(f.values()); errs.From == "" {
				f.errs.From = ""
			}
			if _, errs := buildFilter(f.values()); errs.To == "" {
				f.errs.To = ""
			}
			return nil
		}
		if key.Matches(msg, f.keys.Open) && f.focus >= fieldTitles && f.focus <= fieldChannels {
			return f.activate()
		}
	case tea.MouseMsg:
		return f.click(msg)
	}
	return nil
}

// click: a field or button does what enter does there; list items toggle.
func (f *filterForm) click(msg tea.MouseMsg) tea.Cmd {
	if msg.Action != tea.MouseActionRelease || msg.Button != tea.MouseButtonLeft {
		return nil
	}
	if l := f.openList(); l != nil {
		l.clickItem(f.c, msg)
		return nil
	}
	for i := 0; i < fieldCount; i++ {
		if f.c.hit(f.zid.id(zoneField, i), msg) {
			f.focus = i
			if i == fieldFrom || i == fieldTo {
				return nil
			}
			return f.activate()
		}
	}
	return nil
}

func (f *filterForm) ShortHelp() []key.Binding {
	if l := f.openList(); l != nil {
		return l.keys.ShortHelp()
	}
	return f.keys.ShortHelp()
}

func (f *filterForm) FullHelp() [][]key.Binding { return f.keys.FullHelp() }

// listHelp is the keys of an open list, for `?`.
func (f *filterForm) listHelp() listKeys { return f.lists[0].keys }

func (f *filterForm) View() string {
	s := f.c.styles
	if l := f.openList(); l != nil {
		return l.viewList(f.c, f.w)
	}
	label := func(i int, name string) string {
		cur := "  "
		st := s.Field
		if f.focused && f.focus == i {
			cur, st = "› ", s.FocusField
		}
		return cur + st.Render(fmt.Sprintf("%-10s", name))
	}
	valW := f.w - 12
	mark := func(i int, l string) string { return f.c.mark(f.zid.id(zoneField, i), l) }
	var lines []string
	date := func(i int, name string, fld textField, hint string) {
		v := fld.view(f.focused && f.focus == i)
		if fld.value == "" && !(f.focused && f.focus == i) {
			v = s.Muted.Render(hint)
		}
		lines = append(lines, mark(i, label(i, name)+fitANSI(v, valW)))
	}
	date(fieldFrom, "From", f.from, "YYYY-MM[-DD]")
	if f.errs.From != "" {
		lines = append(lines, "  "+s.Err.Render(fit(f.errs.From, f.w-2)))
	}
	date(fieldTo, "To", f.to, "YYYY-MM[-DD]")
	if f.errs.To != "" {
		lines = append(lines, "  "+s.Err.Render(fit(f.errs.To, f.w-2)))
	}
	for i, l := range f.lists {
		lines = append(lines, mark(fieldTitles+i, label(fieldTitles+i, l.name)+fit(l.summary()+" ▸", valW)))
	}
	button := func(i int, name string) string {
		if f.focused && f.focus == i {
			return mark(i, "›"+s.FocusButton.Render("[ "+name+" ]"))
		}
		return mark(i, " "+s.Button.Render("[ "+name+" ]"))
	}
	lines = append(lines, "", " "+button(fieldFilter, "Filter")+" "+button(fieldReset, "Reset"))
	if f.dirty() {
		lines = append(lines, s.Muted.Render("  edited: press Filter to apply"))
	}
	return strings.Join(lines, "\n")
}
