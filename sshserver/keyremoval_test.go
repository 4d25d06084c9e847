package sshserver

import (
	"strings"
	"testing"
	"time"

	gossh "golang.org/x/crypto/ssh"
)

// Removing a key ends the sessions it opened within a second, with a
// message; the account's other keys' sessions go on. (They stayed open,
// showing data imported after the removal.)
func TestRemovingAKeyEndsItsSessions(t *testing.T) {
	ts := startServer(t, nil)
	removed := ts.addAccount(t, "ann", "UTC", annLines)
	kept := newKey(t)
	rec, err := ParseKey(string(gossh.MarshalAuthorizedKey(kept.PublicKey())))
	if err != nil {
		t.Fatal(err)
	}
	rec.Account = "ann"
	if err := ts.db.AddKey(rec); err != nil {
		t.Fatal(err)
	}
	gone1 := connect(t, ts.addr, removed, 100, 30)
	gone2 := connect(t, ts.addr, removed, 100, 30)
	stays := connect(t, ts.addr, kept, 100, 30)

	start := time.Now()
	if err := ts.db.RemoveKey("ann", gossh.FingerprintSHA256(removed.PublicKey())); err != nil {
		t.Fatal(err)
	}
	for i, c := range []*client{gone1, gone2} {
		if _, ok := c.wait(time.Second - time.Since(start)); !ok {
			t.Fatalf("session %d of the removed key still open a second later", i+1)
		}
		if !strings.Contains(c.scr.everShown()+c.stderr.String(), "your key was removed") {
			t.Errorf("session %d ended without saying why: %q", i+1, c.scr.everShown())
		}
	}
	t.Logf("sessions of the removed key closed %v after the removal", time.Since(start).Round(time.Millisecond))
	if _, ended := stays.wait(200 * time.Millisecond); ended {
		t.Fatal("the other key's session was closed too")
	}
	stays.keys("d")
	stays.waitFor("[Detail (d)]")
	if _, err := open(ts.addr, removed, 100, 30); err == nil {
		t.Error("the removed key still logs in")
	}
}
