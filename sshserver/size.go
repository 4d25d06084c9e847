package sshserver

import (
	"context"
	"fmt"
	"sync"

	tea "github.com/charmbracelet/bubbletea"
	"github.com/charmbracelet/ssh"
	"github.com/charmbracelet/x/ansi"
)

// The largest terminal a session draws. A dashboard's memory grows with
// its width × height (1000×1000 took 709 MB), and the client chooses the
// size: without a bound one session could take the server's memory. A
// larger terminal gets a 500×200 dashboard and a line saying so.
const (
	maxWidth  = 500
	maxHeight = 200
)

// clampWindow bounds a client's terminal size; clamped reports whether it
// was larger than the server draws.
func clampWindow(w ssh.Window) (width, height int, clamped bool) {
	width, height = max(w.Width, 1), max(w.Height, 1)
	clamped = width > maxWidth || height > maxHeight
	return min(width, maxWidth), min(height, maxHeight), clamped
}

// windowFeed passes a session's terminal size from the SSH request loop to
// its program. Only the latest size matters: the request loop hands sizes
// to drain, which never waits on the program (a burst of window-change
// requests would otherwise block the connection's reader behind a busy
// dashboard, wedging the session for good), and deliver sends the newest
// one whenever the program is ready for it.
type windowFeed struct {
	mu     sync.Mutex
	latest ssh.Window
	fresh  chan struct{} // one pending signal at most
}

func newWindowFeed() *windowFeed { return &windowFeed{fresh: make(chan struct{}, 1)} }

// drain takes every size the client sends until the session's requests
// end (the ssh package closes winCh then), however the dashboard ended.
func (f *windowFeed) drain(winCh <-chan ssh.Window) {
	if winCh == nil {
		return
	}
	for w := range winCh {
		f.mu.Lock()
		f.latest = w
		f.mu.Unlock()
		select {
		case f.fresh <- struct{}{}:
		default:
		}
	}
}

// deliver sends the newest size to the program until ctx ends, and says
// gone when the client goes away: its connection or its input ends.
func (f *windowFeed) deliver(ctx context.Context, p *tea.Program, eof <-chan struct{}, gone func()) {
	for {
		select {
		case <-ctx.Done():
			gone()
			return
		case <-eof:
			gone()
			return
		case <-f.fresh:
			f.mu.Lock()
			w := f.latest
			f.mu.Unlock()
			width, height, clamped := clampWindow(w)
			note := ""
			if clamped {
				note = fmt.Sprintf("marquee: this terminal is %d×%d; the server draws at most %d×%d", w.Width, w.Height, maxWidth, maxHeight)
			}
			// Both return at once when the program has ended.
			p.Send(sizeNote(note))
			p.Send(tea.WindowSizeMsg{Width: width, Height: height})
		}
	}
}

// sizeNote is the line a clamped session shows at its bottom; "" when the
// terminal fits.
type sizeNote string

// boundedModel runs the dashboard inside the size the server draws, and
// keeps its last line for the note that the terminal was clamped.
type boundedModel struct {
	inner tea.Model
	note  string
}

func (m *boundedModel) Init() tea.Cmd { return m.inner.Init() }

func (m *boundedModel) Update(msg tea.Msg) (tea.Model, tea.Cmd) {
	switch msg := msg.(type) {
	case sizeNote:
		m.note = string(msg)
		return m, nil
	case tea.WindowSizeMsg:
		if m.note != "" && msg.Height > 1 {
			msg.Height--
		}
		var cmd tea.Cmd
		m.inner, cmd = m.inner.Update(msg)
		return m, cmd
	}
	var cmd tea.Cmd
	m.inner, cmd = m.inner.Update(msg)
	return m, cmd
}

func (m *boundedModel) View() string {
	if m.note == "" {
		return m.inner.View()
	}
	return m.inner.View() + "\n" + ansi.Truncate(m.note, maxWidth, "…")
}

// release drops the dashboard once the program has returned.
func (m *boundedModel) release() { m.inner = nil }
