package sshserver

import (
	"bytes"
	"context"
	"crypto/ed25519"
	"crypto/rand"
	"crypto/sha256"
	"fmt"
	"io"
	"log/slog"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/shopspring/decimal"
	gossh "golang.org/x/crypto/ssh"

	"marquee/store"
)

// syncBuffer is a log sink tests can read while the server writes.
type syncBuffer struct {
	mu sync.Mutex
	b  bytes.Buffer
}

func (b *syncBuffer) Write(p []byte) (int, error) {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.b.Write(p)
}

func (b *syncBuffer) String() string {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.b.String()
}

type testServer struct {
	*Server
	addr string
	db   *store.DB
	log  *syncBuffer
	stop func() // shuts the server down and waits for Serve to return
}

// startServer serves a fresh database on 127.0.0.1 (a free port). adjust
// may change the config, and before the server, before it starts.
func startServer(t testing.TB, adjust func(*Config), before ...func(*Server)) *testServer {
	t.Helper()
	dir := t.TempDir()
	db, err := store.Open(filepath.Join(dir, "marquee.db"), store.Options{})
	if err != nil {
		t.Fatal(err)
	}
	logs := &syncBuffer{}
	cfg := Config{
		DB:          db,
		Listen:      "127.0.0.1:0",
		HostKeyPath: filepath.Join(dir, "host_key"),
		Logger:      slog.New(slog.NewTextHandler(logs, nil)),
		Now:         func() time.Time { return time.Date(2025, 6, 1, 12, 0, 0, 0, time.UTC) },
	}
	if adjust != nil {
		adjust(&cfg)
	}
	s, err := New(cfg)
	if err != nil {
		t.Fatal(err)
	}
	for _, f := range before {
		f(s)
	}
	if err := s.Listen(); err != nil {
		t.Fatal(err)
	}
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan error, 1)
	go func() { done <- s.Serve(ctx) }()
	var once sync.Once
	ts := &testServer{Server: s, addr: s.Addr().String(), db: db, log: logs}
	ts.stop = func() {
		once.Do(func() {
			cancel()
			if err := <-done; err != nil {
				t.Errorf("serve: %v", err)
			}
		})
	}
	t.Cleanup(func() {
		ts.stop()
		db.Close()
	})
	return ts
}

// newKey makes an ed25519 key pair.
func newKey(t testing.TB) gossh.Signer {
	t.Helper()
	_, priv, err := ed25519.GenerateKey(rand.Reader)
	if err != nil {
		t.Fatal(err)
	}
	signer, err := gossh.NewSignerFromKey(priv)
	if err != nil {
		t.Fatal(err)
	}
	return signer
}

// addAccount creates an account with a key and the given lines.
func (ts *testServer) addAccount(t testing.TB, name, zone string, lines []store.LineItem) gossh.Signer {
	t.Helper()
	a, err := ts.db.CreateAccount(name, zone)
	if err != nil {
		t.Fatal(err)
	}
	key := newKey(t)
	rec, err := ParseKey(string(gossh.MarshalAuthorizedKey(key.PublicKey())))
	if err != nil {
		t.Fatal(err)
	}
	rec.Account = name
	if err := ts.db.AddKey(rec); err != nil {
		t.Fatal(err)
	}
	if len(lines) > 0 {
		sum := sha256.Sum256([]byte(name))
		if _, err := a.Post(store.FileRecord{SHA256: fmt.Sprintf("%x", sum), Name: name + ".csv", Format: "canonical"}, lines); err != nil {
			t.Fatal(err)
		}
	}
	return key
}

// lineOf is a USD line of one day.
func lineOf(title, channel, country, date, amount string) store.LineItem {
	d, err := store.ParseDate(date)
	if err != nil {
		panic(err)
	}
	return store.LineItem{
		Title: title, Channel: channel, Country: country,
		ReportDate: d, PeriodStart: d, PeriodEnd: d,
		Quantity: decimal.NewFromInt(1), Unit: "views",
		Amount: decimal.RequireFromString(amount), Currency: "USD",
	}
}

func dial(addr string, auth ...gossh.AuthMethod) (*gossh.Client, error) {
	return gossh.Dial("tcp", addr, &gossh.ClientConfig{
		User:            "whoever", // ignored: the key names the account
		Auth:            auth,
		HostKeyCallback: gossh.InsecureIgnoreHostKey(),
		Timeout:         10 * time.Second,
	})
}

// client is one SSH session on the dashboard, read through a screen.
type client struct {
	t      testing.TB
	conn   *gossh.Client
	sess   *gossh.Session
	stdin  io.WriteCloser
	scr    *screen
	stderr *syncBuffer
	done   chan error
}

// connect opens a session with a PTY of w×h and waits for the dashboard.
func connect(t testing.TB, addr string, key gossh.Signer, w, h int) *client {
	t.Helper()
	c, err := open(addr, key, w, h)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(c.close)
	c.t = t
	if _, ok := c.scr.waitFor(20*time.Second, contains("marquee │")); !ok {
		t.Fatalf("no dashboard:\n%s\nstderr: %s", c.scr.text(), c.stderr)
	}
	return c
}

// open starts a session; env holds "KEY=VALUE" pairs the client sends.
func open(addr string, key gossh.Signer, w, h int, env ...string) (*client, error) {
	conn, err := dial(addr, gossh.PublicKeys(key))
	if err != nil {
		return nil, err
	}
	sess, err := conn.NewSession()
	if err != nil {
		conn.Close()
		return nil, err
	}
	c := &client{conn: conn, sess: sess, scr: newScreen(w, h), stderr: &syncBuffer{}, done: make(chan error, 1)}
	stdin, err := sess.StdinPipe()
	if err != nil {
		conn.Close()
		return nil, err
	}
	c.stdin = stdin
	c.scr.reply = func(b []byte) { stdin.Write(b) }
	sess.Stdout, sess.Stderr = c.scr, c.stderr
	for _, kv := range env {
		k, v, _ := strings.Cut(kv, "=")
		if err := sess.Setenv(k, v); err != nil {
			conn.Close()
			return nil, err
		}
	}
	if err := sess.RequestPty("xterm-256color", h, w, gossh.TerminalModes{}); err != nil {
		conn.Close()
		return nil, err
	}
	if err := sess.Shell(); err != nil {
		conn.Close()
		return nil, err
	}
	go func() { c.done <- sess.Wait() }()
	return c, nil
}

// keys types each key as its own write, with a pause a person has, so that
// a lone escape is read as the escape key.
func (c *client) keys(keys ...string) {
	for _, k := range keys {
		if _, err := io.WriteString(c.stdin, k); err != nil {
			c.t.Fatalf("type %q: %v", k, err)
		}
		time.Sleep(30 * time.Millisecond)
	}
}

// waitFor fails the test unless the screen shows every want in time.
func (c *client) waitFor(want ...string) string {
	c.t.Helper()
	if _, ok := c.scr.waitFor(15*time.Second, contains(want...)); !ok {
		c.t.Fatalf("screen never showed %q:\n%s", want, c.scr.text())
	}
	return c.scr.text()
}

// resize tells the server the terminal changed size.
func (c *client) resize(w, h int) {
	c.scr.resize(w, h)
	if err := c.sess.WindowChange(h, w); err != nil {
		c.t.Fatal(err)
	}
}

// wait waits for the session to end.
func (c *client) wait(timeout time.Duration) (error, bool) {
	select {
	case err := <-c.done:
		return err, true
	case <-time.After(timeout):
		return nil, false
	}
}

func (c *client) close() {
	c.sess.Close()
	c.conn.Close()
}

// Keys as a terminal sends them.
const (
	keyTab   = "\t"
	keyEnter = "\r"
	keyEsc   = "\x1b"
	keyDown  = "\x1b[B"
	keyCtrlU = "\x15"
)

func lines(s string) []string { return strings.Split(s, "\n") }

func signerOf(k any) gossh.Signer { return k.(gossh.Signer) }

// waitGone fails the test unless gone leaves the screen in time.
func (c *client) waitGone(gone string) string {
	c.t.Helper()
	if _, ok := c.scr.waitFor(15*time.Second, func(s string) bool { return !strings.Contains(s, gone) }); !ok {
		c.t.Fatalf("screen kept showing %q:\n%s", gone, c.scr.text())
	}
	return c.scr.text()
}

func fileRec(name string) store.FileRecord {
	sum := sha256.Sum256([]byte(name))
	return store.FileRecord{SHA256: fmt.Sprintf("%x", sum), Name: name, Format: "canonical"}
}
