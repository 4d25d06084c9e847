package ui

import (
	"io"
	"strings"
	"testing"
	"time"

	tea "github.com/charmbracelet/bubbletea"
	"github.com/charmbracelet/lipgloss"
	"github.com/muesli/termenv"

	"marquee/store"
	"marquee/ui/internal/fake"
)

// testNow is two minutes after the fake's last import.
var testNow = fake.Base.Add(2 * time.Minute)

func testOptions(t *testing.T, a Account) Options {
	t.Setenv("NO_COLOR", "1")
	return Options{
		Account:   a,
		Renderer:  lipgloss.NewRenderer(io.Discard, termenv.WithProfile(termenv.Ascii)),
		ExportDir: t.TempDir(),
		Now:       func() time.Time { return testNow },
	}
}

// harness drives the root model synchronously: it feeds a message, runs
// the commands it returns and feeds their messages back until quiet.
// Commands that do not answer quickly (ticks, waits) are abandoned.
type harness struct {
	t *testing.T
	m *Model
	a *fake.Account
}

func newHarness(t *testing.T, w, h int) *harness {
	a := fake.New()
	m := New(testOptions(t, a)).(*Model)
	hs := &harness{t: t, m: m, a: a}
	hs.send(tea.WindowSizeMsg{Width: w, Height: h})
	hs.send(runNow(m.querySummary()), runNow(m.queryChoices()))
	return hs
}

func runNow(cmd tea.Cmd) tea.Msg { return cmd() }

func (h *harness) send(msgs ...tea.Msg) {
	h.t.Helper()
	queue := append([]tea.Msg(nil), msgs...)
	for len(queue) > 0 {
		msg := queue[0]
		queue = queue[1:]
		if b, ok := msg.(tea.BatchMsg); ok {
			for _, c := range b {
				queue = append(queue, h.run(c)...)
			}
			continue
		}
		_, cmd := h.m.Update(msg)
		queue = append(queue, h.run(cmd)...)
	}
}

func (h *harness) run(cmd tea.Cmd) []tea.Msg {
	if cmd == nil {
		return nil
	}
	ch := make(chan tea.Msg, 1)
	go func() { ch <- cmd() }()
	select {
	case msg := <-ch:
		if msg == nil {
			return nil
		}
		if _, ok := msg.(tea.QuitMsg); ok {
			return nil
		}
		return []tea.Msg{msg}
	case <-time.After(300 * time.Millisecond):
		return nil
	}
}

func (h *harness) keys(keys ...string) {
	h.t.Helper()
	for _, k := range keys {
		h.send(keyMsg(k))
	}
}

func (h *harness) typeText(s string) {
	for _, r := range s {
		h.send(tea.KeyMsg{Type: tea.KeyRunes, Runes: []rune{r}})
	}
}

// keyMsg builds a key message from its name as key.Matches sees it.
func keyMsg(k string) tea.KeyMsg {
	switch k {
	case "tab":
		return tea.KeyMsg{Type: tea.KeyTab}
	case "shift+tab":
		return tea.KeyMsg{Type: tea.KeyShiftTab}
	case "enter":
		return tea.KeyMsg{Type: tea.KeyEnter}
	case "esc":
		return tea.KeyMsg{Type: tea.KeyEsc}
	case "up":
		return tea.KeyMsg{Type: tea.KeyUp}
	case "down":
		return tea.KeyMsg{Type: tea.KeyDown}
	case "left":
		return tea.KeyMsg{Type: tea.KeyLeft}
	case "right":
		return tea.KeyMsg{Type: tea.KeyRight}
	case "pgdown":
		return tea.KeyMsg{Type: tea.KeyPgDown}
	case "pgup":
		return tea.KeyMsg{Type: tea.KeyPgUp}
	case "backspace":
		return tea.KeyMsg{Type: tea.KeyBackspace}
	case " ", "space":
		return tea.KeyMsg{Type: tea.KeySpace, Runes: []rune{' '}}
	case "ctrl+u":
		return tea.KeyMsg{Type: tea.KeyCtrlU}
	case "ctrl+c":
		return tea.KeyMsg{Type: tea.KeyCtrlC}
	}
	return tea.KeyMsg{Type: tea.KeyRunes, Runes: []rune(k)}
}

// settingsOpen: the time zone overlay is shown.
func settingsOpen(m *Model) bool {
	_, ok := m.overlay.(*settings)
	return ok
}

// exportCommand is the SSH export overlay's command; "" when it is closed.
func exportCommand(m *Model) string {
	if o, ok := m.overlay.(*exportOverlay); ok {
		return o.command
	}
	return ""
}

// longFake is the standard fake with 28 more months before it (Sep 2021 –
// Dec 2023), 36 in all: more than any table shows at once.
func longFake() *fake.Account {
	a := fake.New()
	var rows []store.DetailRow
	for i := 0; i < 28; i++ {
		m := store.MonthOf(2021, time.September+time.Month(i))
		rows = append(rows, fake.Row(m, "Night Train", "iTunes", "GB", int64(1000+(i*7919)%50000), int64(1+i%5)))
	}
	a.Post(rows...)
	return a
}

func newHarnessOn(t *testing.T, a *fake.Account, w, h int) *harness {
	m := New(testOptions(t, a)).(*Model)
	hs := &harness{t: t, m: m, a: a}
	hs.send(tea.WindowSizeMsg{Width: w, Height: h})
	hs.send(runNow(m.querySummary()), runNow(m.queryChoices()))
	return hs
}

// statusLine is the last line of the screen: the hints.
func statusLine(m *Model) string {
	v := m.View()
	return v[strings.LastIndex(v, "\n")+1:]
}
