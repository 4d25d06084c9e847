package ui

import (
	"fmt"
	"strings"
	"testing"
	"time"

	"marquee/store"
	"marquee/ui/internal/fake"
)

// i lists every channel's last import on its own line, and scrolls when
// they do not fit.
func TestImportsOverlayListsEveryChannel(t *testing.T) {
	h := newHarness(t, 120, 40)
	h.keys("i")
	v := h.m.View()
	for _, want := range []string{"Amazon", "Vimeo", "iTunes"} {
		line := ""
		for _, l := range strings.Split(v, "\n") {
			if strings.Contains(l, "│ "+want+" ") || strings.Contains(l, "│"+want+" ") {
				line = l
			}
		}
		if line == "" {
			t.Fatalf("no line of its own for %s:\n%s", want, v)
		}
		if strings.Count(line, "ago") != 1 {
			t.Fatalf("%s's line holds %d imports: %q", want, strings.Count(line, "ago"), line)
		}
	}
	if !strings.Contains(v, "amazon-2024-08.csv") || !strings.Contains(v, "3 h ago") {
		t.Fatalf("the file and its age are missing:\n%s", v)
	}

	// Thirty channels at 80×24: a page of them, then the rest with G.
	h = newHarness(t, 80, 24)
	var files []store.FileRecord
	for i := 0; i < 30; i++ {
		files = append(files, store.FileRecord{Name: fmt.Sprintf("ch%02d.csv", i), Channels: []string{fmt.Sprintf("Channel %02d", i)},
			ImportedAt: fake.Base.Add(-time.Duration(i) * time.Hour)})
	}
	h.send(choicesMsg{seq: h.m.choicesSeq, files: files})
	h.keys("i")
	v = h.m.View()
	if !strings.Contains(v, "Channel 00") || strings.Contains(v, "Channel 29") || !strings.Contains(v, "of 30 channels · ▼") {
		t.Fatalf("first page of 30 channels:\n%s", v)
	}
	h.keys("G")
	if v := h.m.View(); !strings.Contains(v, "Channel 29") || strings.Contains(v, "Channel 00") {
		t.Fatalf("after G:\n%s", v)
	}
	h.keys("i")
	if h.m.overlay != nil {
		t.Fatal("i did not close the list")
	}
}
