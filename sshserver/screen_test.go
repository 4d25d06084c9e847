package sshserver

import (
	"strconv"
	"strings"
	"sync"
	"time"
	"unicode/utf8"

	"github.com/charmbracelet/x/ansi"
)

// screen is a small terminal emulator for tests: it understands what Bubble
// Tea's renderer sends (cursor moves, erases, text) and ignores colour, so
// a test can read what an SSH client would see. It answers the terminal
// queries a real terminal answers (primary device attributes), through
// reply, so a session's start does not wait for the query to time out.
type screen struct {
	mu      sync.Mutex
	w, h    int
	cells   [][]rune
	row     int
	col     int
	pending []byte
	all     strings.Builder // every printed rune, ever: for "never shown" checks
	raw     strings.Builder // every byte received, escape sequences included
	changed chan struct{}
	reply   func([]byte)
}

func newScreen(w, h int) *screen {
	s := &screen{changed: make(chan struct{})}
	s.resize(w, h)
	return s
}

func (s *screen) resize(w, h int) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.w, s.h = w, h
	cells := make([][]rune, h)
	for i := range cells {
		cells[i] = []rune(strings.Repeat(" ", w))
		if i < len(s.cells) {
			copy(cells[i], s.cells[i])
		}
	}
	s.cells = cells
	s.row, s.col = min(s.row, h-1), min(s.col, w-1)
}

// Write feeds terminal output.
func (s *screen) Write(p []byte) (int, error) {
	s.mu.Lock()
	s.raw.Write(p)
	b := append(s.pending, p...)
	s.pending = nil
	var replies [][]byte
	for len(b) > 0 {
		n, reply, ok := s.step(b)
		if !ok {
			s.pending = append([]byte(nil), b...)
			break
		}
		if reply != nil {
			replies = append(replies, reply)
		}
		b = b[n:]
	}
	close(s.changed)
	s.changed = make(chan struct{})
	s.mu.Unlock()
	for _, r := range replies {
		if s.reply != nil {
			go s.reply(r)
		}
	}
	return len(p), nil
}

// step consumes one character or sequence; ok is false when b holds only
// the start of one.
func (s *screen) step(b []byte) (n int, reply []byte, ok bool) {
	switch c := b[0]; {
	case c == 0x1b:
		if len(b) < 2 {
			return 0, nil, false
		}
		switch b[1] {
		case '[':
			for i := 2; i < len(b); i++ {
				if b[i] >= 0x40 && b[i] <= 0x7e {
					return i + 1, s.csi(string(b[2:i]), b[i]), true
				}
			}
			return 0, nil, false
		case ']', 'P', '_':
			for i := 2; i < len(b); i++ {
				if b[i] == 0x07 {
					return i + 1, nil, true
				}
				if b[i] == 0x1b && i+1 < len(b) && b[i+1] == '\\' {
					return i + 2, nil, true
				}
			}
			return 0, nil, false
		}
		return 2, nil, true
	case c == '\r':
		s.col = 0
	case c == '\n':
		s.lineFeed()
	case c == '\b':
		s.col = max(0, s.col-1)
	case c < 0x20 || c == 0x7f:
	default:
		if !utf8.FullRune(b) {
			return 0, nil, false
		}
		r, size := utf8.DecodeRune(b)
		s.all.WriteRune(r)
		wd := 1
		if r >= 0x1100 { // below it every rune is one cell wide
			wd = max(1, ansi.StringWidth(string(r)))
		}
		if s.col < s.w {
			s.cells[s.row][s.col] = r
			for i := 1; i < wd && s.col+i < s.w; i++ {
				s.cells[s.row][s.col+i] = ' '
			}
		}
		s.col = min(s.col+wd, s.w)
		return size, nil, true
	}
	return 1, nil, true
}

func (s *screen) lineFeed() {
	if s.row < s.h-1 {
		s.row++
		return
	}
	s.cells = append(s.cells[1:], []rune(strings.Repeat(" ", s.w)))
}

func (s *screen) csi(params string, final byte) []byte {
	private := strings.HasPrefix(params, "?") || strings.HasPrefix(params, ">")
	ps := strings.Split(strings.TrimLeft(params, "?>"), ";")
	num := func(i, def int) int {
		if i >= len(ps) || ps[i] == "" {
			return def
		}
		v, err := strconv.Atoi(ps[i])
		if err != nil {
			return def
		}
		return v
	}
	clear := func(row, from, to int) {
		for c := max(from, 0); c < min(to, s.w); c++ {
			s.cells[row][c] = ' '
		}
	}
	switch final {
	case 'H', 'f':
		s.row, s.col = clamp(num(0, 1)-1, s.h), clamp(num(1, 1)-1, s.w)
	case 'A':
		s.row = clamp(s.row-num(0, 1), s.h)
	case 'B':
		s.row = clamp(s.row+num(0, 1), s.h)
	case 'C':
		s.col = clamp(s.col+num(0, 1), s.w)
	case 'D':
		s.col = clamp(s.col-num(0, 1), s.w)
	case 'G':
		s.col = clamp(num(0, 1)-1, s.w)
	case 'd':
		s.row = clamp(num(0, 1)-1, s.h)
	case 'K':
		switch num(0, 0) {
		case 0:
			clear(s.row, s.col, s.w)
		case 1:
			clear(s.row, 0, s.col+1)
		default:
			clear(s.row, 0, s.w)
		}
	case 'J':
		switch num(0, 0) {
		case 0:
			clear(s.row, s.col, s.w)
			for r := s.row + 1; r < s.h; r++ {
				clear(r, 0, s.w)
			}
		case 1:
			for r := 0; r < s.row; r++ {
				clear(r, 0, s.w)
			}
			clear(s.row, 0, s.col+1)
		default:
			for r := 0; r < s.h; r++ {
				clear(r, 0, s.w)
			}
		}
	case 'h', 'l':
		if private && num(0, 0) == 1049 {
			for r := 0; r < s.h; r++ {
				clear(r, 0, s.w)
			}
		}
	case 'c':
		if !private {
			return []byte("\x1b[?62;22c") // a VT220-ish terminal
		}
	}
	return nil
}

func clamp(v, n int) int { return min(max(v, 0), n-1) }

// text is the screen as lines, trailing spaces trimmed.
func (s *screen) text() string {
	s.mu.Lock()
	defer s.mu.Unlock()
	lines := make([]string, len(s.cells))
	for i, row := range s.cells {
		lines[i] = strings.TrimRight(string(row), " ")
	}
	return strings.Join(lines, "\n")
}

// everShown is everything ever printed, in order.
func (s *screen) everShown() string {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.all.String()
}

// waitFor waits until the screen satisfies ok and returns when it first
// did, or false at the deadline.
func (s *screen) waitFor(timeout time.Duration, ok func(string) bool) (time.Time, bool) {
	deadline := time.After(timeout)
	for {
		s.mu.Lock()
		ch := s.changed
		s.mu.Unlock()
		if ok(s.text()) {
			return time.Now(), true
		}
		select {
		case <-ch:
		case <-deadline:
			return time.Time{}, false
		}
	}
}

// contains is a waitFor predicate: every want is on the screen.
func contains(want ...string) func(string) bool {
	return func(scr string) bool {
		for _, w := range want {
			if !strings.Contains(scr, w) {
				return false
			}
		}
		return true
	}
}

// rawOutput is every byte received, escape sequences included.
func (s *screen) rawOutput() string {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.raw.String()
}
