// Package ui is marquee's dashboard: metric tiles, the revenue chart, the
// filter form and the Monthly/Detail table on one screen. The root model
// owns layout, focus and every query; each pane is a small model that
// reports upward with typed messages.
package ui

import (
	"os"
	"time"

	"github.com/charmbracelet/bubbles/key"
	tea "github.com/charmbracelet/bubbletea"
	"github.com/charmbracelet/lipgloss"
	zone "github.com/lrstanley/bubblezone"

	"marquee/format"
	"marquee/store"
)

// Options wire the dashboard to one session.
type Options struct {
	Account   Account
	Renderer  *lipgloss.Renderer // this session's renderer (SSH: the client's)
	ExportDir string             // where `e` writes CSV files
	// ExportVia, when set, is how the filmmaker's own machine reaches this
	// dashboard's server ("ssh -p 23234 host"): over SSH a file written by
	// `e` would land on the server, so `e` shows the report command that
	// fetches the view instead.
	ExportVia string
	Now       func() time.Time // clock, fixed in tests
	Inbox     Inbox            // the background import loop; nil when none runs
	// GettingStarted is what an account without line items is told.
	GettingStarted GettingStarted
	// Env looks up this session's environment (NO_COLOR). Nil means the
	// process environment, right for a local terminal; an SSH session
	// passes the client's, never the server's.
	Env func(key string) (string, bool)
}

// Model is the root model.
type Model struct {
	opts Options
	c    *common
	keys globalKeys
	zid  zonePrefix
	// panes in tab order; chart, form and table are the same panes, typed,
	// for the data only they take.
	panes [paneCount]pane
	chart *chart
	form  *filterForm
	table *tablePane

	overlay overlay // help, time zone or the SSH export command; nil when none
	focus   paneID
	w, h    int

	name, tz string
	demo     bool
	closed   bool // quit: the zone manager has been stopped
	filter   store.Filter
	metrics  store.Metrics
	queryErr error
	files    []store.FileRecord
	loaded   bool // the first summary arrived

	// Sequence numbers: seq counts requests; the others remember the latest
	// request of each kind, and results with an older number are dropped.
	seq, summarySeq, detailSeq, choicesSeq int

	sub            <-chan struct{}
	unsub          func()
	refreshPending bool

	inbox      InboxStatus
	inboxSub   <-chan struct{}
	inboxUnsub func()

	status string // the last transient message (export, time zone)
}

// New builds the dashboard for one account and session.
func New(opts Options) tea.Model {
	if opts.Now == nil {
		opts.Now = time.Now
	}
	if opts.Renderer == nil {
		opts.Renderer = lipgloss.DefaultRenderer()
	}
	if opts.ExportDir == "" {
		opts.ExportDir = "."
	}
	if opts.Env == nil {
		opts.Env = os.LookupEnv
	}
	_, noColor := opts.Env("NO_COLOR")
	c := &common{
		styles: newStyles(opts.Renderer, noColor),
		zones:  zone.New(), // one per model: SSH sessions share the process
		now:    opts.Now,
	}
	keys := newGlobalKeys()
	export := keys.Export
	export.SetHelp("e", "export") // the table's hint has less room
	m := &Model{
		opts:  opts,
		c:     c,
		keys:  keys,
		zid:   c.newZonePrefix(),
		chart: newChart(c),
		form:  newFilterForm(c),
		table: newTablePane(c, export),
		focus: paneTable,
		name:  format.Sanitize(opts.Account.Name()),
		tz:    format.Sanitize(opts.Account.TimeZone()),
		demo:  opts.Account.IsDemo(),
	}
	m.panes = [paneCount]pane{paneChart: m.chart, paneForm: m.form, paneTable: m.table}
	m.table.Focus()
	return m
}

// Init subscribes to data changes and issues the first queries.
func (m *Model) Init() tea.Cmd {
	m.sub, m.unsub = m.opts.Account.Subscribe()
	return tea.Batch(m.querySummary(), m.queryChoices(), waitForChange(m.sub), m.subscribeInbox(), tick())
}

func (m *Model) next() int {
	m.seq++
	return m.seq
}

func (m *Model) querySummary() tea.Cmd {
	m.summarySeq = m.next()
	return summaryCmd(m.opts.Account, m.summarySeq, m.filter)
}

func (m *Model) queryDetail(q store.DetailQuery) tea.Cmd {
	m.detailSeq = m.next()
	return detailCmd(m.opts.Account, m.detailSeq, q, m.table.detail.needTotals(q))
}

func (m *Model) queryChoices() tea.Cmd {
	m.choicesSeq = m.next()
	return choicesCmd(m.opts.Account, m.choicesSeq)
}

// refreshAll re-runs every query with the current filters; panes keep
// their cursors because they match new rows to the old selection.
// The zone is re-read first: it may have changed here, in another session
// of the account, or by `account set` run beside the server.
func (m *Model) refreshAll() tea.Cmd {
	m.tz = format.Sanitize(m.opts.Account.TimeZone())
	if s, ok := m.overlay.(*settings); ok {
		s.current = m.tz // what the user types stays as typed
	}
	return tea.Batch(m.querySummary(), m.queryChoices(), m.table.Refresh())
}

// Close releases what quit releases, for a program that ended without the
// user quitting (an SSH client that went away, a server shutting down).
// Call it after the program has returned.
func (m *Model) Close() { m.quit() }

// quit unsubscribes and stops the zone manager's goroutine, which would
// otherwise outlive an SSH session.
func (m *Model) quit() tea.Cmd {
	if m.unsub != nil {
		m.unsub()
		m.unsub = nil
	}
	if m.inboxUnsub != nil {
		m.inboxUnsub()
		m.inboxUnsub = nil
	}
	if !m.closed {
		m.closed = true
		m.c.zones.Close()
	}
	return tea.Quit
}

// setFocus moves focus to pane p.
func (m *Model) setFocus(p paneID) {
	for _, q := range m.panes {
		q.Blur()
	}
	m.focus = p
	m.panes[p].Focus()
}

// capturing: a text input of the focused pane owns the keyboard.
func (m *Model) capturing() bool { return m.panes[m.focus].Capturing() }

// focusedKeys is the hint line of the focused pane.
func (m *Model) focusedKeys() []key.Binding { return m.panes[m.focus].ShortHelp() }

// openOverlay shows o over the panes at the body's size.
func (m *Model) openOverlay(o overlay) {
	m.overlay = o
	m.sizeOverlay()
}

// sizeOverlay: an overlay's panel takes the rows between the top lines
// and the status bar.
func (m *Model) sizeOverlay() {
	if m.overlay != nil {
		m.overlay.SetSize(m.w-2, m.h-5)
	}
}

// helpSections are the blocks of `?`, one per part that has keys.
func (m *Model) helpSections() []helpSection {
	return []helpSection{
		{"Everywhere", m.keys},
		{"Chart", m.chart.keys},
		{"Filter form", m.form},
		{"Open list (type to filter)", m.form.listHelp()},
		{"Table", m.table},
		{"Typing", m.table.detail.searchKey},
	}
}
