package ui

import (
	"github.com/charmbracelet/bubbles/help"
	"github.com/charmbracelet/bubbles/key"
	tea "github.com/charmbracelet/bubbletea"
)

// The contracts of the dashboard's parts, after soft-serve's
// common.Component. The root keeps one array of panes and at most one
// overlay and talks to them through these interfaces; what a part does
// with a message is its own business.

// component is any part of the screen with its own keys and size.
type component interface {
	// Update handles one message addressed to the component.
	Update(msg tea.Msg) tea.Cmd
	// View renders the component at its size. It changes no state:
	// scrolling follows the cursor where the cursor moves, and the size
	// where the size is set.
	View() string
	// SetSize sets the content size (inside the panel border). A part
	// that needs other data at another size returns the command asking
	// for it.
	SetSize(w, h int) tea.Cmd
	// ShortHelp is the status bar's hint line; FullHelp is the part's
	// block in `?`. Every key the part handles is in FullHelp.
	help.KeyMap
}

// pane is one framed part of the dashboard; tab moves the focus among them.
type pane interface {
	component
	// Title is the panel's title.
	Title() string
	Focus()
	Blur()
	// Capturing reports that a text input of the pane has the keyboard,
	// so the one-letter global keys type into it instead.
	Capturing() bool
}

// overlay takes the body of the screen (help, time zone, the SSH export
// command). While one is open it gets every key but ctrl+c and no mouse
// events; the root closes it on CloseKey.
type overlay interface {
	component
	Title() string
	// Capturing reports that the overlay types every printable key, q
	// included, into a field.
	Capturing() bool
	CloseKey() key.Binding
}

// paneID indexes the root's panes, in tab order.
type paneID int

const (
	paneChart paneID = iota
	paneForm
	paneTable
	paneCount
)

// paneNames label the compact layout's pane tabs.
var paneNames = [paneCount]string{"Chart", "Filter", "Table"}
