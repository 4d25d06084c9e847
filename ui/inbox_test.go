package ui

import (
	"strings"
	"sync"
	"testing"

	tea "github.com/charmbracelet/bubbletea"

	"marquee/ui/internal/fake"
)

type fakeInbox struct {
	mu     sync.Mutex
	status InboxStatus
	ch     chan struct{}
}

func (f *fakeInbox) Status() InboxStatus {
	f.mu.Lock()
	defer f.mu.Unlock()
	return f.status
}

func (f *fakeInbox) Subscribe() (<-chan struct{}, func()) { return f.ch, func() {} }

func TestStatusBarShowsTheInbox(t *testing.T) {
	in := &fakeInbox{ch: make(chan struct{}, 1)}
	opts := testOptions(t, fake.New())
	opts.Inbox = in
	m := New(opts).(*Model)
	m.Update(tea.WindowSizeMsg{Width: 120, Height: 40})
	m.subscribeInbox()
	if v := m.View(); strings.Contains(v, "rejected") {
		t.Fatal("rejections shown before any")
	}
	in.mu.Lock()
	in.status = InboxStatus{Waiting: 1, Rejected: 2, LastError: "bad.csv line 3"}
	in.mu.Unlock()
	in.ch <- struct{}{}
	msg := waitForInbox(in.ch)()
	m.Update(msg)
	v := m.View()
	if !strings.Contains(v, "2 rejected") || !strings.Contains(v, "1 arriving") {
		t.Fatalf("status bar does not show the inbox:\n%s", v)
	}
	// Why: at once, and in the per-channel import line (i).
	if !strings.Contains(v, "inbox: bad.csv line 3") {
		t.Fatalf("status bar does not say why:\n%s", v)
	}
	m.Update(tea.KeyMsg{Type: tea.KeyRunes, Runes: []rune("i")})
	if v := m.View(); !strings.Contains(v, "last inbox error: bad.csv line 3") {
		t.Fatalf("the import line does not keep the reason:\n%s", v)
	}
}

// An import from the inbox says what arrived; the rejected count goes
// when the rejected file comes back fixed.
func TestStatusBarNamesAnInboxImport(t *testing.T) {
	in := &fakeInbox{ch: make(chan struct{}, 1), status: InboxStatus{Rejected: 1, LastError: "june.csv line 2: bad quantity"}}
	opts := testOptions(t, fake.New())
	opts.Inbox = in
	m := New(opts).(*Model)
	m.Update(tea.WindowSizeMsg{Width: 120, Height: 40})
	m.subscribeInbox()
	if v := m.View(); !strings.Contains(v, "1 rejected") {
		t.Fatalf("no rejection shown:\n%s", v)
	}
	in.mu.Lock()
	in.status = InboxStatus{Imported: 1, LastImported: "june\x1b[2J.csv", LastAdded: 2, LastError: in.status.LastError}
	in.mu.Unlock()
	in.ch <- struct{}{}
	m.Update(waitForInbox(in.ch)())
	v := m.View()
	if !strings.Contains(v, "inbox: imported june.csv, 2 line items added") || strings.Contains(v, "rejected") || strings.Contains(v, "\x1b") {
		t.Fatalf("status bar after the fixed file:\n%s", v)
	}
}
