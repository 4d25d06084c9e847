package ui

import "github.com/charmbracelet/bubbles/key"

// globalKeys work everywhere except while a text input has the keyboard,
// where only quit-by-ctrl+c, tab and shift+tab stay global.
type globalKeys struct {
	Next, Prev, Help, Quit, Settings, Export, Channels key.Binding
}

func newGlobalKeys() globalKeys {
	return globalKeys{
		Next:     key.NewBinding(key.WithKeys("tab"), key.WithHelp("tab", "next pane")),
		Prev:     key.NewBinding(key.WithKeys("shift+tab"), key.WithHelp("shift+tab", "prev pane")),
		Help:     key.NewBinding(key.WithKeys("?"), key.WithHelp("?", "help")),
		Quit:     key.NewBinding(key.WithKeys("q", "ctrl+c"), key.WithHelp("q", "quit")),
		Settings: key.NewBinding(key.WithKeys("z"), key.WithHelp("z", "time zone")),
		Export:   key.NewBinding(key.WithKeys("e"), key.WithHelp("e", "export CSV")),
		Channels: key.NewBinding(key.WithKeys("i"), key.WithHelp("i", "imports per channel")),
	}
}

func (k globalKeys) ShortHelp() []key.Binding {
	return []key.Binding{k.Next, k.Help, k.Quit}
}

func (k globalKeys) FullHelp() [][]key.Binding {
	return [][]key.Binding{{k.Next, k.Prev, k.Settings, k.Channels}, {k.Export, k.Help, k.Quit}}
}

type chartKeys struct{ Left, Right, First, Last key.Binding }

func newChartKeys() chartKeys {
	return chartKeys{
		Left:  key.NewBinding(key.WithKeys("left", "h"), key.WithHelp("←/h", "prev month")),
		Right: key.NewBinding(key.WithKeys("right", "l"), key.WithHelp("→/l", "next month")),
		First: key.NewBinding(key.WithKeys("home", "g"), key.WithHelp("g", "first")),
		Last:  key.NewBinding(key.WithKeys("end", "G"), key.WithHelp("G", "last")),
	}
}

func (k chartKeys) ShortHelp() []key.Binding { return []key.Binding{k.Left, k.Right} }
func (k chartKeys) FullHelp() [][]key.Binding {
	return [][]key.Binding{{k.Left, k.Right, k.First, k.Last}}
}

type formKeys struct{ Up, Down, Enter, Toggle, Close, Clear key.Binding }

func newFormKeys() formKeys {
	return formKeys{
		Up:     key.NewBinding(key.WithKeys("up"), key.WithHelp("↑", "prev field")),
		Down:   key.NewBinding(key.WithKeys("down"), key.WithHelp("↓", "next field")),
		Enter:  key.NewBinding(key.WithKeys("enter"), key.WithHelp("enter", "open/press")),
		Toggle: key.NewBinding(key.WithKeys(" "), key.WithHelp("space", "toggle")),
		Close:  key.NewBinding(key.WithKeys("esc"), key.WithHelp("esc", "close list")),
		Clear:  key.NewBinding(key.WithKeys("ctrl+u"), key.WithHelp("ctrl+u", "clear field")),
	}
}

func (k formKeys) ShortHelp() []key.Binding { return []key.Binding{k.Up, k.Down, k.Enter} }
func (k formKeys) FullHelp() [][]key.Binding {
	return [][]key.Binding{{k.Up, k.Down, k.Enter}, {k.Toggle, k.Close, k.Clear}}
}

type tableKeys struct {
	Up, Down, PageUp, PageDown, Monthly, Detail, Sort, Reverse, Search, Drill, Back, Export key.Binding
}

func newTableKeys() tableKeys {
	return tableKeys{
		Up:       key.NewBinding(key.WithKeys("up", "k"), key.WithHelp("↑/k", "up")),
		Down:     key.NewBinding(key.WithKeys("down", "j"), key.WithHelp("↓/j", "down")),
		PageUp:   key.NewBinding(key.WithKeys("pgup", "b"), key.WithHelp("pgup", "page up")),
		PageDown: key.NewBinding(key.WithKeys("pgdown", "f", " "), key.WithHelp("pgdn", "page down")),
		Monthly:  key.NewBinding(key.WithKeys("m"), key.WithHelp("m", "monthly")),
		Detail:   key.NewBinding(key.WithKeys("d"), key.WithHelp("d", "detail")),
		Sort:     key.NewBinding(key.WithKeys("s"), key.WithHelp("s", "sort column")),
		Reverse:  key.NewBinding(key.WithKeys("S"), key.WithHelp("S", "reverse sort")),
		Search:   key.NewBinding(key.WithKeys("/"), key.WithHelp("/", "search")),
		Drill:    key.NewBinding(key.WithKeys("enter"), key.WithHelp("enter", "month detail")),
		Back:     key.NewBinding(key.WithKeys("esc"), key.WithHelp("esc", "back")),
		Export:   key.NewBinding(key.WithKeys("e"), key.WithHelp("e", "export")),
	}
}

func (k tableKeys) ShortHelp() []key.Binding {
	return []key.Binding{k.Monthly, k.Detail, k.Sort, k.Search, k.Drill, k.Export}
}

func (k tableKeys) FullHelp() [][]key.Binding {
	return [][]key.Binding{
		{k.Up, k.Down, k.PageUp, k.PageDown},
		{k.Monthly, k.Detail, k.Sort, k.Reverse},
		{k.Search, k.Drill, k.Back, k.Export},
	}
}
