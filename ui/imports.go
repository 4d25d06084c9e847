package ui

import (
	"fmt"
	"sort"
	"strings"

	"github.com/charmbracelet/bubbles/key"
	tea "github.com/charmbracelet/bubbletea"
	"github.com/charmbracelet/x/ansi"

	"marquee/format"
	"marquee/store"
)

// importsOverlay is `i`: each channel's last import on its own line
// (when, which file, how many lines), and the inbox's last error.
type importsOverlay struct {
	c      *common
	keys   importsKeys
	lines  []string // one per channel, by channel name
	errLn  string   // the inbox's last error; "" when none
	offset int
	w, h   int
}

type importsKeys struct{ Up, Down, PageUp, PageDown, Top, Bottom, Close key.Binding }

func newImportsOverlay(c *common, t tableKeys) *importsOverlay {
	return &importsOverlay{c: c, keys: importsKeys{
		Up: t.Up, Down: t.Down, PageUp: t.PageUp, PageDown: t.PageDown, Top: t.Top, Bottom: t.Bottom,
		Close: key.NewBinding(key.WithKeys("i", "esc"), key.WithHelp("esc", "close")),
	}}
}

// set refreshes the list from the imported files.
func (o *importsOverlay) set(files []store.FileRecord, inboxErr string, ago func(store.FileRecord) string) {
	last := map[string]store.FileRecord{}
	for _, f := range files {
		for _, ch := range f.Channels {
			if cur, ok := last[ch]; !ok || f.ImportedAt.After(cur.ImportedAt) {
				last[ch] = f
			}
		}
	}
	names := make([]string, 0, len(last))
	width := 0
	for ch := range last {
		names = append(names, ch)
		width = max(width, ansi.StringWidth(format.Sanitize(ch)))
	}
	sort.Strings(names)
	o.lines = o.lines[:0]
	for _, ch := range names {
		f := last[ch]
		name := format.Sanitize(ch)
		o.lines = append(o.lines, fmt.Sprintf("%s%s  %-16s %s (%s)", name, strings.Repeat(" ", width-ansi.StringWidth(name)),
			ago(f), format.Sanitize(f.Name), plural(f.Stored, "line")))
	}
	o.errLn = ""
	if inboxErr != "" {
		o.errLn = "last inbox error: " + format.Sanitize(inboxErr)
	}
	o.scrollBy(0)
}

func (o *importsOverlay) Title() string         { return "Imports" }
func (o *importsOverlay) Capturing() bool       { return false }
func (o *importsOverlay) CloseKey() key.Binding { return o.keys.Close }
func (o *importsOverlay) SetSize(w, h int) tea.Cmd {
	o.w, o.h = w, h
	o.scrollBy(0)
	return nil
}

// rows is how many channel lines fit: the heading, the error and the
// footer take the rest.
func (o *importsOverlay) rows() int {
	n := o.h - 2
	if o.errLn != "" {
		n--
	}
	return max(1, n)
}

func (o *importsOverlay) scrollBy(d int) {
	o.offset = max(0, min(len(o.lines)-o.rows(), o.offset+d))
}

func (o *importsOverlay) Update(msg tea.Msg) tea.Cmd {
	k, ok := msg.(tea.KeyMsg)
	if !ok {
		return nil
	}
	switch {
	case key.Matches(k, o.keys.Up):
		o.scrollBy(-1)
	case key.Matches(k, o.keys.Down):
		o.scrollBy(1)
	case key.Matches(k, o.keys.PageUp):
		o.scrollBy(-o.rows())
	case key.Matches(k, o.keys.PageDown):
		o.scrollBy(o.rows())
	case key.Matches(k, o.keys.Top):
		o.scrollBy(-len(o.lines))
	case key.Matches(k, o.keys.Bottom):
		o.scrollBy(len(o.lines))
	}
	return nil
}

func (o *importsOverlay) ShortHelp() []key.Binding {
	if len(o.lines) > o.rows() {
		return []key.Binding{o.keys.Down, o.keys.Up, o.keys.Close}
	}
	return []key.Binding{o.keys.Close}
}

func (o *importsOverlay) FullHelp() [][]key.Binding {
	k := o.keys
	return [][]key.Binding{{k.Up, k.Down, k.PageUp, k.PageDown, k.Top, k.Bottom, k.Close}}
}

func (o *importsOverlay) View() string {
	s := o.c.styles
	out := []string{s.Title.Render("Last import per channel")}
	if o.errLn != "" {
		out = append(out, s.Err.Render(fit(o.errLn, o.w)))
	}
	if len(o.lines) == 0 {
		out = append(out, s.Muted.Render("no imports yet"))
	}
	end := min(len(o.lines), o.offset+o.rows())
	for _, l := range o.lines[o.offset:end] {
		out = append(out, fit(l, o.w))
	}
	if len(o.lines) > o.rows() {
		for len(out) < o.h-1 {
			out = append(out, "")
		}
		out = append(out, s.Muted.Render(fit(position(o.offset, end-o.offset, len(o.lines), "channel"), o.w)))
	}
	return strings.Join(out, "\n")
}
