package ui

import "github.com/charmbracelet/bubbles/key"

// Every key the dashboard answers is a key.Binding here, so `?` lists them
// all and the hints cannot drift from what the keys do.

// globalKeys work everywhere except while a text input has the keyboard,
// where only ctrl+c, tab and shift+tab stay global.
type globalKeys struct {
	Next, Prev, Help, Quit, ForceQuit, Settings, Export, Channels key.Binding
}

func newGlobalKeys() globalKeys {
	return globalKeys{
		Next:      key.NewBinding(key.WithKeys("tab"), key.WithHelp("tab", "next pane")),
		Prev:      key.NewBinding(key.WithKeys("shift+tab"), key.WithHelp("shift+tab", "prev pane")),
		Help:      key.NewBinding(key.WithKeys("?"), key.WithHelp("?", "help")),
		Quit:      key.NewBinding(key.WithKeys("q"), key.WithHelp("q", "quit")),
		ForceQuit: key.NewBinding(key.WithKeys("ctrl+c"), key.WithHelp("ctrl+c", "quit, even typing")),
		Settings:  key.NewBinding(key.WithKeys("z"), key.WithHelp("z", "time zone")),
		Export:    key.NewBinding(key.WithKeys("e"), key.WithHelp("e", "export CSV")),
		Channels:  key.NewBinding(key.WithKeys("i"), key.WithHelp("i", "imports per channel")),
	}
}

func (k globalKeys) ShortHelp() []key.Binding {
	return []key.Binding{k.Next, k.Help, k.Quit}
}

func (k globalKeys) FullHelp() [][]key.Binding {
	return [][]key.Binding{{k.Next, k.Prev, k.Settings, k.Channels}, {k.Export, k.Help, k.Quit, k.ForceQuit}}
}

type chartKeys struct{ Left, Right, First, Last, Drill key.Binding }

func newChartKeys() chartKeys {
	return chartKeys{
		Left:  key.NewBinding(key.WithKeys("left", "h"), key.WithHelp("←/h", "prev month")),
		Right: key.NewBinding(key.WithKeys("right", "l"), key.WithHelp("→/l", "next month")),
		First: key.NewBinding(key.WithKeys("home", "g"), key.WithHelp("g", "first")),
		Last:  key.NewBinding(key.WithKeys("end", "G"), key.WithHelp("G", "last")),
		Drill: key.NewBinding(key.WithKeys("enter"), key.WithHelp("enter", "month detail")),
	}
}

func (k chartKeys) ShortHelp() []key.Binding { return []key.Binding{k.Left, k.Right, k.Drill} }
func (k chartKeys) FullHelp() [][]key.Binding {
	return [][]key.Binding{{k.Left, k.Right, k.First, k.Last, k.Drill}}
}

// formKeys move among the filter form's fields; a date field also takes
// editKeys, an open list takes listKeys.
type formKeys struct{ Up, Down, Enter, Open key.Binding }

func newFormKeys() formKeys {
	return formKeys{
		Up:    key.NewBinding(key.WithKeys("up"), key.WithHelp("↑", "prev field")),
		Down:  key.NewBinding(key.WithKeys("down"), key.WithHelp("↓", "next field")),
		Enter: key.NewBinding(key.WithKeys("enter"), key.WithHelp("enter", "open/press")),
		Open:  key.NewBinding(key.WithKeys(" "), key.WithHelp("space", "open list")),
	}
}

func (k formKeys) ShortHelp() []key.Binding { return []key.Binding{k.Up, k.Down, k.Enter} }
func (k formKeys) FullHelp() [][]key.Binding {
	return [][]key.Binding{{k.Up, k.Down, k.Enter, k.Open}} // editKeys: in Typing
}

// editKeys edit a one-line text field; printable keys type.
type editKeys struct{ Delete, Clear key.Binding }

func newEditKeys() editKeys {
	return editKeys{
		Delete: key.NewBinding(key.WithKeys("backspace"), key.WithHelp("backspace", "delete")),
		Clear:  key.NewBinding(key.WithKeys("ctrl+u"), key.WithHelp("ctrl+u", "clear field")),
	}
}

// listKeys work in an open multi-select list; other printable keys filter.
type listKeys struct {
	Up, Down, PageUp, PageDown, Top, Bottom, Toggle, All, None, Close key.Binding
}

func newListKeys() listKeys {
	return listKeys{
		Up:       key.NewBinding(key.WithKeys("up", "ctrl+p"), key.WithHelp("↑", "up")),
		Down:     key.NewBinding(key.WithKeys("down", "ctrl+n"), key.WithHelp("↓", "down")),
		PageUp:   key.NewBinding(key.WithKeys("pgup"), key.WithHelp("pgup", "up 5")),
		PageDown: key.NewBinding(key.WithKeys("pgdown"), key.WithHelp("pgdn", "down 5")),
		Top:      key.NewBinding(key.WithKeys("home"), key.WithHelp("home", "first")),
		Bottom:   key.NewBinding(key.WithKeys("end"), key.WithHelp("end", "last")),
		Toggle:   key.NewBinding(key.WithKeys(" ", "enter"), key.WithHelp("space", "toggle")),
		All:      key.NewBinding(key.WithKeys("ctrl+a"), key.WithHelp("ctrl+a", "select shown")),
		None:     key.NewBinding(key.WithKeys("ctrl+r"), key.WithHelp("ctrl+r", "select none")),
		Close:    key.NewBinding(key.WithKeys("esc"), key.WithHelp("esc", "close list")),
	}
}

func (k listKeys) ShortHelp() []key.Binding { return []key.Binding{k.Toggle, k.Close} }
func (k listKeys) FullHelp() [][]key.Binding {
	return [][]key.Binding{{k.Up, k.Down, k.PageUp}, {k.PageDown, k.Top, k.Bottom}, {k.Toggle, k.All, k.None, k.Close}}
}

// tableKeys serve the Table pane: the tabs, and the Monthly and Detail
// tables, which share the movement and sort keys.
type tableKeys struct {
	Up, Down, PageUp, PageDown, Top, Bottom         key.Binding
	Monthly, Detail, Sort, Reverse, Search, NextHit key.Binding
	PrevHit, Drill, Back                            key.Binding
}

func newTableKeys() tableKeys {
	return tableKeys{
		Up:       key.NewBinding(key.WithKeys("up", "k"), key.WithHelp("↑/k", "up")),
		Down:     key.NewBinding(key.WithKeys("down", "j"), key.WithHelp("↓/j", "down")),
		PageUp:   key.NewBinding(key.WithKeys("pgup", "b"), key.WithHelp("pgup", "page up")),
		PageDown: key.NewBinding(key.WithKeys("pgdown", "f", " "), key.WithHelp("pgdn", "page down")),
		Top:      key.NewBinding(key.WithKeys("home", "g"), key.WithHelp("g", "first row")),
		Bottom:   key.NewBinding(key.WithKeys("end", "G"), key.WithHelp("G", "last row")),
		Monthly:  key.NewBinding(key.WithKeys("m"), key.WithHelp("m", "monthly")),
		Detail:   key.NewBinding(key.WithKeys("d"), key.WithHelp("d", "detail")),
		Sort:     key.NewBinding(key.WithKeys("s"), key.WithHelp("s", "sort column")),
		Reverse:  key.NewBinding(key.WithKeys("S"), key.WithHelp("S", "reverse sort")),
		Search:   key.NewBinding(key.WithKeys("/"), key.WithHelp("/", "search")),
		// One line in help says both: "n/N next/prev hit".
		NextHit: key.NewBinding(key.WithKeys("n"), key.WithHelp("n/N", "next/prev hit")),
		PrevHit: key.NewBinding(key.WithKeys("N"), key.WithHelp("N", "prev hit")),
		Drill:   key.NewBinding(key.WithKeys("enter"), key.WithHelp("enter", "month detail")),
		Back:    key.NewBinding(key.WithKeys("esc"), key.WithHelp("esc", "back")),
	}
}

func (k tableKeys) FullHelp() [][]key.Binding {
	return [][]key.Binding{
		{k.Up, k.Down, k.PageUp, k.PageDown, k.Top},
		{k.Bottom, k.Monthly, k.Detail, k.Sort, k.Reverse},
		{k.Search, k.NextHit, k.Drill, k.Back},
	}
}

// typingKeys end a line being typed: Detail's search, the time zone.
type typingKeys struct{ Apply, Cancel key.Binding }

func newTypingKeys() typingKeys {
	return typingKeys{
		Apply:  key.NewBinding(key.WithKeys("enter"), key.WithHelp("enter", "apply")),
		Cancel: key.NewBinding(key.WithKeys("esc"), key.WithHelp("esc", "cancel")),
	}
}

func (k typingKeys) ShortHelp() []key.Binding { return []key.Binding{k.Apply, k.Cancel} }

// FullHelp is the Typing block of `?`, the field editing keys included.
func (k typingKeys) FullHelp() [][]key.Binding {
	e := newEditKeys()
	return [][]key.Binding{{k.Apply, k.Cancel, e.Delete, e.Clear}}
}
