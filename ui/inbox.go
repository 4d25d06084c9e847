package ui

import (
	"fmt"

	tea "github.com/charmbracelet/bubbletea"
)

// Inbox is the background import loop beside the dashboard, when one runs.
type Inbox interface {
	Status() InboxStatus
	Subscribe() (<-chan struct{}, func())
}

// InboxStatus is what the status bar says of the inbox.
type InboxStatus struct {
	Waiting   int    // files seen, still being written
	Rejected  int    // files rejected since start and not imported fine since
	LastError string // the latest rejection or failure
	Imported  int    // files imported since start
	// LastImported is the newest file imported, LastAdded its line items.
	LastImported string
	LastAdded    int
}

// inboxChangedMsg: the inbox handled a file.
type inboxChangedMsg struct{}

func waitForInbox(ch <-chan struct{}) tea.Cmd { return waitOn(ch, inboxChangedMsg{}) }

// subscribeInbox starts listening to the inbox, if there is one.
func (m *Model) subscribeInbox() tea.Cmd {
	if m.opts.Inbox == nil {
		return nil
	}
	m.inbox = m.opts.Inbox.Status()
	m.inboxSub, m.inboxUnsub = m.opts.Inbox.Subscribe()
	return waitForInbox(m.inboxSub)
}

// inboxParts are the status bar's words on the inbox.
func (m *Model) inboxParts() []string {
	var parts []string
	if n := m.inbox.Waiting; n > 0 {
		parts = append(parts, fmt.Sprintf("%d arriving", n))
	}
	if n := m.inbox.Rejected; n > 0 {
		parts = append(parts, fmt.Sprintf("%d rejected", n))
	}
	return parts
}
