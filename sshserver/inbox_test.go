package sshserver

import (
	"context"
	"log/slog"
	"os"
	"path/filepath"
	"testing"
	"time"

	"marquee/store"
)

// One account's slow file never holds up another account's inbox: the
// inboxes used to be scanned one after the other, so a file that took
// 175 s to refuse kept every other account's reports waiting as long.
// Here "aaa" is busy with a 512 MiB file (sparse: hashed in a fraction of a second,
// then refused for its NUL bytes) while "bbb"'s report is imported.
func TestInboxesDoNotWaitForEachOther(t *testing.T) {
	dir := t.TempDir()
	db, err := store.Open(filepath.Join(dir, "m.db"), store.Options{})
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	for _, name := range []string{"aaa", "bbb"} {
		if _, err := db.Account(name); err != nil {
			t.Fatal(err)
		}
	}
	inbox := filepath.Join(dir, "inbox")
	os.MkdirAll(filepath.Join(inbox, "aaa"), 0o755)
	slow := filepath.Join(inbox, "aaa", "slow.csv")
	f, err := os.Create(slow)
	if err != nil {
		t.Fatal(err)
	}
	if err := f.Truncate(512 << 20); err != nil {
		t.Skip("no sparse files here:", err)
	}
	f.Close()
	dropReport(t, filepath.Join(inbox, "bbb"), "june.csv", "Night Ferry", "2024-06-20", "10.00")

	b := newInboxes(Config{DB: db, InboxDir: inbox, InboxPoll: 10 * time.Millisecond, InboxSettle: 20 * time.Millisecond},
		slog.New(slog.NewTextHandler(&syncBuffer{}, nil)))
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan struct{})
	go func() {
		defer close(done)
		b.run(ctx)
	}()
	defer func() {
		cancel()
		<-done
	}()
	deadline := time.Now().Add(30 * time.Second)
	for {
		if _, err := os.Stat(filepath.Join(inbox, "bbb", "imported", "june.csv")); err == nil {
			break
		}
		if time.Now().After(deadline) {
			t.Fatal("bbb's report was never imported")
		}
		time.Sleep(5 * time.Millisecond)
	}
	if _, err := os.Stat(slow); err != nil {
		t.Errorf("aaa's slow file was done before bbb's report was imported: bbb waited for it")
	}
	cancel()
	<-done
	if _, err := os.Stat(filepath.Join(inbox, "aaa", "rejected", "slow.csv.error.txt")); err != nil {
		t.Errorf("aaa's file was not refused in the end: %v", err)
	}
}
