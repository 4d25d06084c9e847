package ingest

import (
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"marquee/store"
)

func testInbox(t *testing.T) (*Inbox, *store.Account) {
	t.Helper()
	im := testImporter(t)
	return &Inbox{Dir: t.TempDir(), DB: im.DB, Accounts: []string{"local", "bob"}, RootAccount: "local", Settle: time.Second}, im.Account
}

func TestInboxWaitsForAHalfWrittenFile(t *testing.T) {
	in, a := testInbox(t)
	row := "2024-06-30,2024-06-01,2024-06-30,Film,Vimeo,US,1,rentals,2.50,USD,,,\n"
	path := filepath.Join(in.Dir, "june.csv")
	// The uploader has written the header and half a row.
	os.WriteFile(path, []byte(canonicalHeader+row[:20]), 0o644)
	old := time.Now().Add(-time.Hour)
	os.Chtimes(path, old, old)
	now := time.Now()
	in.Scan(now)
	if st := in.Status(); st.Waiting != 1 || st.Imported != 0 {
		t.Fatalf("first sight: %+v", st)
	}
	// It grows before it settles: the clock starts again.
	f, _ := os.OpenFile(path, os.O_APPEND|os.O_WRONLY, 0)
	f.WriteString(row[20:] + row)
	f.Close()
	os.Chtimes(path, old.Add(time.Minute), old.Add(time.Minute))
	in.Scan(now.Add(2 * time.Second))
	if st := in.Status(); st.Imported != 0 || st.Rejected != 0 {
		t.Fatalf("imported while still growing: %+v", st)
	}
	if m, _ := a.Metrics(store.Filter{}); m.Lines != 0 {
		t.Fatalf("a growing file was imported: %+v", m)
	}
	in.Scan(now.Add(4 * time.Second))
	if st := in.Status(); st.Imported != 1 || st.Waiting != 0 {
		t.Fatalf("settled file: %+v", st)
	}
	if m, _ := a.Metrics(store.Filter{}); m.Lines != 2 {
		t.Fatalf("after import: %+v", m)
	}
	if _, err := os.Stat(filepath.Join(in.Dir, "imported", "june.csv")); err != nil {
		t.Fatalf("not moved to imported/: %v", err)
	}
}

func TestInboxRejectsAndRoutesByAccount(t *testing.T) {
	in, local := testInbox(t)
	bobDir := filepath.Join(in.Dir, "bob")
	os.MkdirAll(bobDir, 0o755)
	old := time.Now().Add(-time.Hour)
	for path, content := range map[string]string{
		filepath.Join(in.Dir, "broken.csv"):    "this is not a report\n",
		filepath.Join(bobDir, "bob.csv"):       canonicalHeader + "2024-06-30,2024-06-01,2024-06-30,Bob Film,Vimeo,US,1,rentals,3.00,USD,,,\n",
		filepath.Join(in.Dir, "upload.part"):   "ignored while uploading",
		filepath.Join(in.Dir, ".hidden.csv"):   "ignored",
		filepath.Join(in.Dir, "tubi_2024.csv"): "CONTENT TYPE,PROGRAM NAME,CONTENT NAME,SEASON NUMBER,PARTNER ID,IMPRESSIONS,ESTIMATED PARTNER EARNINGS,eCPM\nMovie,X,X,,1,10,1.00,1\n",
	} {
		os.WriteFile(path, []byte(content), 0o644)
		os.Chtimes(path, old, old)
	}
	now := time.Now()
	in.Scan(now)
	in.Scan(now.Add(2 * time.Second))
	st := in.Status()
	if st.Rejected != 2 || st.Imported != 1 || st.LastError == "" {
		t.Fatalf("status %+v", st)
	}
	note, err := os.ReadFile(filepath.Join(in.Dir, "rejected", "tubi_2024.csv.error.txt"))
	if err != nil || !strings.Contains(string(note), "YYYY-MM") {
		t.Fatalf("rejection note %q (%v) should say how to rename", note, err)
	}
	if _, err := os.Stat(filepath.Join(in.Dir, "rejected", "broken.csv")); err != nil {
		t.Fatal("broken file not in rejected/")
	}
	for _, name := range []string{"upload.part", ".hidden.csv"} {
		if _, err := os.Stat(filepath.Join(in.Dir, name)); err != nil {
			t.Errorf("%s was touched", name)
		}
	}
	bob, _ := in.DB.ExistingAccount("bob")
	if m, _ := bob.Metrics(store.Filter{}); m.Lines != 1 {
		t.Fatalf("bob's inbox file went elsewhere: %+v", m)
	}
	if m, _ := local.Metrics(store.Filter{}); m.Lines != 0 {
		t.Fatalf("bob's file reached local: %+v", m)
	}
	if _, ok := in.Status().LastImport["Vimeo"]; !ok {
		t.Error("no last import for the channel")
	}
}

// A crash after the commit but before the move: the file comes back, is
// recognised, and moved without importing twice.
func TestInboxRecoversFileImportedBeforeACrash(t *testing.T) {
	in, a := testInbox(t)
	path := filepath.Join(in.Dir, "again.csv")
	os.WriteFile(path, []byte(canonicalHeader+"2024-06-30,2024-06-01,2024-06-30,Film,Vimeo,US,1,rentals,2.50,USD,,,\n"), 0o644)
	if r := (&Importer{DB: in.DB, Account: a}).ImportFile(path); r.Rejected() {
		t.Fatal(r.Err)
	}
	old := time.Now().Add(-time.Hour)
	os.Chtimes(path, old, old)
	now := time.Now()
	in.Scan(now)
	in.Scan(now.Add(2 * time.Second))
	if m, _ := a.Metrics(store.Filter{}); m.Lines != 1 {
		t.Fatalf("imported twice: %+v", m)
	}
	if _, err := os.Stat(filepath.Join(in.Dir, "imported", "again.csv")); err != nil {
		t.Fatal("not moved to imported/")
	}
}

func TestInboxRunStopsWithContext(t *testing.T) {
	in, _ := testInbox(t)
	in.Poll = 10 * time.Millisecond
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan error)
	go func() { done <- in.Run(ctx) }()
	time.Sleep(30 * time.Millisecond)
	if err := in.Run(ctx); err != ErrInboxRunning {
		t.Errorf("second Run: %v", err)
	}
	cancel()
	select {
	case err := <-done:
		if err != nil {
			t.Fatal(err)
		}
	case <-time.After(2 * time.Second):
		t.Fatal("Run did not stop")
	}
}

// A rejected file put back fixed and imported is no longer counted as
// rejected, and the status names what arrived.
func TestInboxForgetsARejectionFixed(t *testing.T) {
	in, _ := testInbox(t)
	path := filepath.Join(in.Dir, "june.csv")
	settle := func(content string, at time.Time) Status {
		t.Helper()
		os.WriteFile(path, []byte(content), 0o644)
		old := at.Add(-time.Hour)
		os.Chtimes(path, old, old)
		in.Scan(at)
		in.Scan(at.Add(2 * time.Second))
		in.Scan(at.Add(4 * time.Second))
		return in.Status()
	}
	now := time.Now()
	if st := settle(canonicalHeader+"2024-06-30,2024-06-01,2024-06-30,Film,Vimeo,US,one,rentals,2.50,USD,,,\n", now); st.Rejected != 1 {
		t.Fatalf("a broken file: %+v", st)
	}
	row := "2024-06-30,2024-06-01,2024-06-30,Film,Vimeo,US,1,rentals,2.50,USD,,,\n"
	st := settle(canonicalHeader+row+row, now.Add(time.Minute))
	if st.Rejected != 0 || st.Imported != 1 || st.LastImported != "june.csv" || st.LastAdded != 2 {
		t.Fatalf("the fixed file imported: %+v", st)
	}
}
