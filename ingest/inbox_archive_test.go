package ingest

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"marquee/store"
)

// A zip dropped in the inbox imports like a file and moves to imported/; a
// broken one moves to rejected/ with a note that says it is broken.
func TestInboxTakesArchives(t *testing.T) {
	in, a := testInbox(t)
	yt := readTestdata(t, "youtube_video_summary_2024-06.csv")
	good := filepath.Join(in.Dir, "youtube.csv.zip")
	os.WriteFile(good, zipFile(t, member{"youtube_video_summary_2024-06.csv", yt}, member{"__MACOSX/._youtube.csv", []byte("x")}), 0o644)
	broken := filepath.Join(in.Dir, "broken.zip")
	os.WriteFile(broken, zipFile(t, member{"a.csv", yt})[:60], 0o644)
	old := time.Now().Add(-time.Hour)
	for _, p := range []string{good, broken} {
		os.Chtimes(p, old, old)
	}
	now := time.Now()
	in.Scan(now)
	in.Scan(now.Add(2 * time.Second))
	if st := in.Status(); st.Imported != 1 || st.Rejected != 1 {
		t.Fatalf("status %+v", st)
	}
	if m, _ := a.Metrics(store.Filter{}); m.Lines != 5 {
		t.Fatalf("%d lines", m.Lines)
	}
	if _, err := os.Stat(filepath.Join(in.Dir, "imported", "youtube.csv.zip")); err != nil {
		t.Fatal(err)
	}
	note, err := os.ReadFile(filepath.Join(in.Dir, "rejected", "broken.zip.error.txt"))
	if err != nil || !strings.Contains(string(note), "broken.zip: not a valid zip archive (damaged or cut short)") {
		t.Fatalf("note %q (%v)", note, err)
	}
}
