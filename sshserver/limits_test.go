package sshserver

import (
	"bytes"
	"fmt"
	"log/slog"
	"os"
	"os/exec"
	"os/signal"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
	"time"

	gossh "golang.org/x/crypto/ssh"
	"golang.org/x/crypto/ssh/agent"

	"marquee/store"
)

// A command over 4 KB is refused before it is parsed (parsing is
// quadratic: a 200 KB command took 30 s of CPU).
func TestLongCommandIsRefusedAtOnce(t *testing.T) {
	ts := startServer(t, nil)
	key := ts.addAccount(t, "ann", "UTC", annLines)
	start := time.Now()
	_, errOut, code := runRemote(t, ts.addr, key, "report --title "+strings.Repeat("a", 100<<10)) // one long word is the quadratic case
	if d := time.Since(start); d > 3*time.Second {
		t.Errorf("a 100 KB command took %v to refuse", d)
	}
	if code != 2 || !strings.Contains(errOut, "at most 4096 are accepted") {
		t.Fatalf("exit %d, stderr %q", code, errOut)
	}
	if _, errOut, code := runRemote(t, ts.addr, key, "report --view metrics"); code != 0 {
		t.Fatalf("a short command afterwards: exit %d: %s", code, errOut)
	}
}

// Agent forwarding is refused: the server never uses a client's agent.
func TestAgentForwardingIsRefused(t *testing.T) {
	ts := startServer(t, nil)
	key := ts.addAccount(t, "ann", "UTC", annLines)
	conn, err := dial(ts.addr, gossh.PublicKeys(key))
	if err != nil {
		t.Fatal(err)
	}
	defer conn.Close()
	sess, err := conn.NewSession()
	if err != nil {
		t.Fatal(err)
	}
	defer sess.Close()
	if err := agent.RequestAgentForwarding(sess); err == nil {
		t.Fatal("agent forwarding was accepted")
	}
	// The session still works.
	var out bytes.Buffer
	sess.Stdout = &out
	if err := sess.Run("report --view metrics"); err != nil || out.Len() == 0 {
		t.Fatalf("report after the refusal: %v, %q", err, out.String())
	}
}

// One account may hold a quarter of the sessions by default; another
// account still gets in when it is at its cap.
func TestOneAccountCannotTakeEverySlot(t *testing.T) {
	ts := startServer(t, func(c *Config) { c.MaxSessions = 8 })
	ann := ts.addAccount(t, "ann", "UTC", annLines)
	bob := ts.addAccount(t, "bob", "UTC", bobLines)
	for range 2 {
		connect(t, ts.addr, ann, 100, 30)
	}
	third, err := open(ts.addr, ann, 100, 30)
	if err != nil {
		t.Fatal(err)
	}
	defer third.close()
	if _, ok := third.wait(5 * time.Second); !ok {
		t.Fatal("a third session of ann was let in beyond the cap of 2")
	}
	if !strings.Contains(third.stderr.String(), `account "ann" has its limit of 2 sessions open`) {
		t.Errorf("refusal: %q", third.stderr)
	}
	connect(t, ts.addr, bob, 100, 30)
}

func newTestServer(db *store.DB, keyPath string, logs *syncBuffer) (*Server, error) {
	return New(Config{DB: db, Listen: "127.0.0.1:0", HostKeyPath: keyPath, Logger: slog.New(slog.NewTextHandler(logs, nil))})
}

// A host key is written whole or not at all: a disk that fills up while
// it is written leaves no key (a 0-byte key once kept the server from
// starting), and the next start writes it. A 0-byte key is replaced.
func TestHostKeyIsWrittenWholeOrNotAtAll(t *testing.T) {
	if dir := os.Getenv("MARQUEE_HOST_KEY_DIR"); dir != "" {
		fullDiskStart(dir) // in the child process below
		return
	}
	dir := t.TempDir()
	keyDir := filepath.Join(dir, "keys")
	os.Mkdir(keyDir, 0o700)
	keyPath := filepath.Join(keyDir, "host_key")
	logs := &syncBuffer{}
	db, err := store.Open(filepath.Join(dir, "m.db"), store.Options{})
	if err != nil {
		t.Fatal(err)
	}
	db.Close()

	// The full disk is a file-size limit below the key's size, set in a
	// child process: the limit would also stop this process's test log.
	cmd := exec.Command(os.Args[0], "-test.run=^TestHostKeyIsWrittenWholeOrNotAtAll$")
	cmd.Env = append(os.Environ(), "MARQUEE_HOST_KEY_DIR="+dir)
	out, _ := cmd.CombinedOutput()
	if !strings.Contains(string(out), "full disk: host key") {
		t.Fatalf("the start on a full disk did not fail on the host key:\n%s", out)
	}
	if entries, _ := os.ReadDir(keyDir); len(entries) != 0 {
		t.Fatalf("a failed write left %v", entries)
	}

	db, err = store.Open(filepath.Join(dir, "m.db"), store.Options{})
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	s, err := newTestServer(db, keyPath, logs)
	if err != nil {
		t.Fatalf("start after the disk has room: %v", err)
	}
	first := s.ssh.HostSigners[0].PublicKey().Marshal()
	s, err = newTestServer(db, keyPath, logs)
	if err != nil || !bytes.Equal(s.ssh.HostSigners[0].PublicKey().Marshal(), first) {
		t.Fatalf("restart: %v, or a new host key", err)
	}

	os.WriteFile(keyPath, nil, 0o600) // as the old code left it
	if _, err := newTestServer(db, keyPath, logs); err != nil {
		t.Fatalf("start with a 0-byte host key: %v", err)
	}
	if !strings.Contains(logs.String(), "the host key is empty") {
		t.Errorf("the replaced key was not logged:\n%s", logs)
	}
}

// fullDiskStart starts a server in dir under a 64-byte file-size limit and
// prints what became of it.
func fullDiskStart(dir string) {
	db, err := store.Open(filepath.Join(dir, "m.db"), store.Options{})
	if err != nil {
		fmt.Println("open:", err)
		return
	}
	defer db.Close()
	signal.Ignore(syscall.SIGXFSZ) // a write past the limit fails instead
	lim := syscall.Rlimit{Cur: 64, Max: 64}
	if err := syscall.Setrlimit(syscall.RLIMIT_FSIZE, &lim); err != nil {
		fmt.Println("setrlimit:", err)
		return
	}
	_, err = newTestServer(db, filepath.Join(dir, "keys", "host_key"), &syncBuffer{})
	fmt.Println("full disk:", err)
}
