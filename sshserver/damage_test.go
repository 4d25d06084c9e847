package sshserver

import (
	"crypto/sha256"
	"fmt"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"

	bolt "go.etcd.io/bbolt"
	gossh "golang.org/x/crypto/ssh"

	"marquee/store"
)

// An account whose data is damaged is a message to its own sessions; the
// server goes on serving the others.
func TestDamagedAccountIsAMessageForItsSessionsOnly(t *testing.T) {
	path := filepath.Join(t.TempDir(), "marquee.db")
	db, err := store.Open(path, store.Options{})
	if err != nil {
		t.Fatal(err)
	}
	keys := map[string]gossh.Signer{}
	for _, name := range []string{"ann", "bob"} {
		a, err := db.CreateAccount(name, "UTC")
		if err != nil {
			t.Fatal(err)
		}
		keys[name] = newKey(t)
		rec, err := ParseKey(string(gossh.MarshalAuthorizedKey(keys[name].PublicKey())))
		if err != nil {
			t.Fatal(err)
		}
		rec.Account = name
		if err := db.AddKey(rec); err != nil {
			t.Fatal(err)
		}
		sum := sha256.Sum256([]byte(name))
		if _, err := a.Post(store.FileRecord{SHA256: fmt.Sprintf("%x", sum), Name: name + ".csv", Format: "canonical"}, annLines); err != nil {
			t.Fatal(err)
		}
	}
	db.Close()
	bdb, err := bolt.Open(path, 0o600, &bolt.Options{Timeout: time.Second})
	if err != nil {
		t.Fatal(err)
	}
	bdb.Update(func(tx *bolt.Tx) error {
		b := tx.Bucket([]byte("accounts")).Bucket([]byte("bob")).Bucket([]byte("columns"))
		k, v := b.Cursor().First()
		v = slices.Clone(v)
		v[len(v)/2] ^= 4
		return b.Put(slices.Clone(k), v)
	})
	bdb.Close()
	db, err = store.Open(path, store.Options{})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { db.Close() })
	ts := startServer(t, func(c *Config) { c.DB = db })

	for range 2 { // the second request finds it damaged too
		out, errOut, code := runRemote(t, ts.addr, keys["bob"], "report")
		if code != 1 || out != "" || strings.Count(errOut, "\n") != 1 || !strings.Contains(errOut, "damaged") {
			t.Fatalf("bob's report: exit %d, stdout %q, stderr %q", code, out, errOut)
		}
	}
	c, err := open(ts.addr, keys["bob"], 80, 24)
	if err != nil {
		t.Fatal(err)
	}
	defer c.close()
	if _, ended := c.wait(10 * time.Second); !ended || !strings.Contains(c.stderr.String(), "damaged") {
		t.Fatalf("bob's dashboard: ended %v, stderr %q", ended, c.stderr)
	}
	if out, errOut, code := runRemote(t, ts.addr, keys["ann"], "report"); code != 0 || !strings.Contains(out, "revenue_usd") {
		t.Fatalf("ann's report beside a damaged account: exit %d, %q %q", code, out, errOut)
	}
	if log := ts.log.String(); !strings.Contains(log, `column segment`) {
		t.Errorf("the log does not name the damaged part:\n%s", log)
	}
}
