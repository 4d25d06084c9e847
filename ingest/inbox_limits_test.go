package ingest

import (
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"runtime"
	"strings"
	"syscall"
	"testing"
	"time"

	"marquee/store"
)

const inboxRow = "2024-06-30,2024-06-01,2024-06-30,Film,Vimeo,US,1,rentals,2.50,USD,,,\n"

// scanTwice sees a file and, Settle later, handles it.
func scanTwice(in *Inbox, now time.Time) {
	in.Scan(now)
	in.Scan(now.Add(in.Settle))
}

// An 8 GiB sparse file (no space on disk) used to be read whole and
// OOM-kill the server on every start, as it stayed in the inbox. It is now
// refused by its size before a byte is read, and moved to rejected/ with
// the reason.
func TestInboxRejectsAnOversizedFileUnread(t *testing.T) {
	in, a := testInbox(t)
	path := filepath.Join(in.Dir, "huge.csv")
	f, err := os.Create(path)
	if err != nil {
		t.Fatal(err)
	}
	if err := f.Truncate(8 << 30); err != nil {
		t.Skip("no sparse files here:", err)
	}
	f.Close()
	var before, after runtime.MemStats
	runtime.ReadMemStats(&before)
	scanTwice(in, time.Now())
	runtime.ReadMemStats(&after)
	if grew := int64(after.TotalAlloc - before.TotalAlloc); grew > 64<<20 {
		t.Errorf("refusing the file allocated %d MB", grew>>20)
	}
	note, err := os.ReadFile(filepath.Join(in.Dir, "rejected", "huge.csv.error.txt"))
	if err != nil || !strings.Contains(string(note), "huge.csv: the file is 8 GiB, more than the 2 GiB a report may be") {
		t.Fatalf("note %q, %v", note, err)
	}
	if st := in.Status(); st.Rejected != 1 {
		t.Errorf("status %+v", st)
	}
	if m, _ := a.Metrics(store.Filter{}); m.Lines != 0 {
		t.Errorf("stored %d lines", m.Lines)
	}
}

// The limits are the inbox's to set: smaller ones refuse a smaller file
// and a shorter row, each with its reason.
func TestInboxLimitsAreConfigurable(t *testing.T) {
	for _, tc := range []struct {
		limits Limits
		data   string
		note   string
	}{
		{Limits{FileBytes: 100}, canonicalHeader + inboxRow, "june.csv: the file is 190 bytes, more than the 100 bytes a report may be"},
		{Limits{RowBytes: 1 << 10}, canonicalHeader + strings.Repeat("x", 2<<10) + "\n", "june.csv line 2: a row longer than 1 KiB"},
	} {
		in, _ := testInbox(t)
		in.Limits = tc.limits
		os.WriteFile(filepath.Join(in.Dir, "june.csv"), []byte(tc.data), 0o644)
		scanTwice(in, time.Now())
		note, _ := os.ReadFile(filepath.Join(in.Dir, "rejected", "june.csv.error.txt"))
		if !strings.HasPrefix(string(note), tc.note) {
			t.Errorf("%+v: note %q, want %q", tc.limits, note, tc.note)
		}
	}
}

// A full disk is not the report's fault: the file stays in the inbox and
// is tried again after a delay that doubles, then imported once it can
// be. It used to go to rejected/ for good.
func TestInboxRetriesATransientFailure(t *testing.T) {
	in, a := testInbox(t)
	path := filepath.Join(in.Dir, "june.csv")
	os.WriteFile(path, []byte(canonicalHeader+inboxRow), 0o644)
	tries := 0
	in.importFile = func(im *Importer, p string) Result {
		tries++
		if tries <= 2 {
			return Result{Path: p, Err: fmt.Errorf("june.csv: %w", &os.PathError{Op: "write", Path: "m.db", Err: syscall.ENOSPC})}
		}
		return im.ImportFile(p)
	}
	now := time.Now()
	scanTwice(in, now)
	if _, err := os.Stat(path); err != nil || tries != 1 {
		t.Fatalf("after a full disk: tries %d, %v", tries, err)
	}
	if st := in.Status(); st.Rejected != 0 || !strings.Contains(st.LastError, "no space left") {
		t.Fatalf("status %+v", st)
	}
	// Settled again, but the delay has not passed: not tried.
	in.Scan(now.Add(2 * time.Second))
	in.Scan(now.Add(3 * time.Second))
	if tries != 1 {
		t.Fatalf("tried %d times within the delay", tries)
	}
	in.Scan(now.Add(firstRetryDelay + 2*time.Second))
	if tries != 2 {
		t.Fatalf("not tried again after the delay: %d", tries)
	}
	// The second delay is twice the first.
	in.Scan(now.Add(2*firstRetryDelay + 3*time.Second))
	in.Scan(now.Add(3*firstRetryDelay + 1*time.Second))
	if tries != 2 {
		t.Fatalf("tried %d times within the doubled delay", tries)
	}
	in.Scan(now.Add(4*firstRetryDelay + 2*time.Second))
	if tries != 3 {
		t.Fatalf("not tried after the doubled delay: %d", tries)
	}
	if m, _ := a.Metrics(store.Filter{}); m.Lines != 1 {
		t.Fatalf("stored %d lines", m.Lines)
	}
	if _, err := os.Stat(filepath.Join(in.Dir, "imported", "june.csv")); err != nil {
		t.Fatal("not moved to imported/ once it could be imported")
	}
}

// A file that changed while it was imported is left where it is, and
// imported once it has settled again.
func TestInboxLeavesAFileThatChangedWhileRead(t *testing.T) {
	in, a := testInbox(t)
	path := filepath.Join(in.Dir, "june.csv")
	os.WriteFile(path, []byte(canonicalHeader+inboxRow), 0o644)
	changed := false
	in.importFile = func(im *Importer, p string) Result {
		if !changed {
			changed = true
			im.Progress = func(Progress) {
				f, _ := os.OpenFile(p, os.O_APPEND|os.O_WRONLY, 0)
				f.WriteString(inboxRow)
				f.Close()
			}
		}
		return im.ImportFile(p)
	}
	now := time.Now()
	scanTwice(in, now)
	if _, err := os.Stat(path); err != nil {
		t.Fatalf("a file that changed was moved: %v", err)
	}
	if m, _ := a.Metrics(store.Filter{}); m.Lines != 0 {
		t.Fatalf("a file that changed while read was imported: %d lines", m.Lines)
	}
	if st := in.Status(); st.Rejected != 0 || !strings.Contains(st.LastError, "changed while") {
		t.Fatalf("status %+v", st)
	}
	scanTwice(in, now.Add(time.Minute))
	if m, _ := a.Metrics(store.Filter{}); m.Lines != 2 {
		t.Fatalf("after it settled: %d lines", m.Lines)
	}
}

// A file stamped in the future (a wrong clock) used to wait in the inbox
// forever: settling is by the size and time staying as they are.
func TestInboxImportsAFileStampedInTheFuture(t *testing.T) {
	in, a := testInbox(t)
	path := filepath.Join(in.Dir, "june.csv")
	os.WriteFile(path, []byte(canonicalHeader+inboxRow), 0o644)
	future := time.Now().AddDate(1, 0, 0)
	os.Chtimes(path, future, future)
	scanTwice(in, time.Now())
	if m, _ := a.Metrics(store.Filter{}); m.Lines != 1 {
		t.Fatalf("stored %d lines, status %+v", m.Lines, in.Status())
	}
}

// Escape sequences and line breaks in a file name reach neither the note
// beside it nor the status bar as they are.
func TestInboxNotesEscapeTheFileName(t *testing.T) {
	in, _ := testInbox(t)
	name := "bad\x1b]0;owned\x07\nname\u009b.csv"
	os.WriteFile(filepath.Join(in.Dir, name), []byte("not a report\n"), 0o644)
	scanTwice(in, time.Now())
	note, err := os.ReadFile(filepath.Join(in.Dir, "rejected", name+".error.txt"))
	if err != nil {
		t.Fatal(err)
	}
	want := `bad\x1b]0;owned\a\nname\u009b.csv: not a known report layout`
	if !strings.HasPrefix(string(note), want) || strings.Count(string(note), "\n") != 1 || strings.ContainsAny(string(note), "\x1b\x07\u009b") {
		t.Errorf("note %q, want it to start %q", note, want)
	}
	if st := in.Status(); strings.ContainsAny(st.LastError, "\x1b\x07\n\u009b") {
		t.Errorf("status error %q", st.LastError)
	}
}

// What is transient and what is the file's own fault.
func TestTransient(t *testing.T) {
	for _, tc := range []struct {
		err  error
		want bool
	}{
		{fmt.Errorf("x: %w", ErrChanged), true},
		{&os.PathError{Op: "write", Path: "db", Err: syscall.ENOSPC}, true},
		{&os.PathError{Op: "read", Path: "f", Err: syscall.EIO}, true},
		{fmt.Errorf("x: %w", store.ErrCorrupt), true},
		{&ParseError{File: "f", Err: ErrTooLarge, Reason: "big"}, false},
		{&ParseError{File: "f", Err: ErrNumber, Reason: "bad"}, false},
		{&os.PathError{Op: "open", Path: "f", Err: syscall.EACCES}, false},
		{fmt.Errorf("x: %w", errNotRegular), false},
		{errors.New("anything else"), false},
	} {
		if got := transient(tc.err); got != tc.want {
			t.Errorf("transient(%v) = %v", tc.err, got)
		}
	}
}
