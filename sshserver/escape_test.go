package sshserver

import (
	"strings"
	"testing"

	"marquee/store"
)

// TestEscapeSequencesInTitlesStayHarmless posts titles and a channel name
// that carry terminal escape sequences, as a third-party report could, and
// reads every byte an SSH client receives while the dashboard shows them in
// the tiles, the table, the title picker and the per-channel import list.
// None of the sequences may reach the client; the readable rest of each name
// must.
func TestEscapeSequencesInTitlesStayHarmless(t *testing.T) {
	ts := startServer(t, nil)
	hostile := []store.LineItem{
		lineOf("\x1b]52;c;ZWNobyBwd25lZA==\x07Clip Film", "Tubi", "US", "2024-06-10", "1.00"),
		lineOf("\x1b[2JWipe Film", "Tubi", "GB", "2024-06-11", "2.00"),
		lineOf("\x1b]0;pwned\x07Retitle Film", "Tubi", "FR", "2024-06-12", "3.00"),
		lineOf("C1\x9b31mRed Film", "\x1b]0;owned\x07Vimeo", "DE", "2024-06-13", "4.00"),
	}
	key := ts.addAccount(t, "eve", "UTC", hostile)
	c := connect(t, ts.addr, key, 120, 40)
	c.waitFor("$10.000", "Jun 2024")

	// Detail rows: every title and the channel, readable.
	c.keys("d")
	c.waitFor("Clip Film", "Wipe Film", "Retitle Film", "Red Film", "Vimeo")

	// The title picker of the filter form lists the titles too.
	c.keys(keyTab, keyTab)
	c.waitFor("▶Filter")
	c.keys(keyDown, keyDown, keyEnter)
	c.waitFor("esc close list", "Wipe Film")
	c.keys(keyEsc)
	c.waitGone("esc close list")

	// The per-channel import list names channels.
	c.keys(keyTab)
	c.waitFor("▶Table")
	c.keys("i")
	c.waitFor("Vimeo")

	// The one OSC the client may see is lipgloss asking the terminal for
	// its background colour, which the session's renderer does itself.
	raw := strings.ReplaceAll(c.scr.rawOutput(), "\x1b]11;?\a", "")
	for _, bad := range []string{
		"\x1b]52", "ZWNobyBwd25lZA", // clipboard write
		"\x1b[2JWipe",                                    // clear screen from the data
		"\x1b]0;pwned", "\x1b]0;owned", "pwned", "owned", // window title
		"\x9b", // C1 CSI
		"\a",   // bell, the OSC terminator
	} {
		if i := strings.Index(raw, bad); i >= 0 {
			t.Logf("context %q", raw[max(0, i-40):min(len(raw), i+40)])
			t.Errorf("the SSH client received %q", bad)
		}
	}
}
