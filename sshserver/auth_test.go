package sshserver

import (
	"bytes"
	"encoding/base64"
	"io"
	"net"
	"strings"
	"testing"
	"time"

	"github.com/charmbracelet/ssh"
	gossh "golang.org/x/crypto/ssh"
)

func TestUnknownKeyIsRefused(t *testing.T) {
	ts := startServer(t, nil)
	ts.addAccount(t, "ann", "UTC", annLines)
	stranger := newKey(t)
	if conn, err := dial(ts.addr, gossh.PublicKeys(stranger)); err == nil {
		conn.Close()
		t.Fatal("an unregistered key was let in")
	}
	logs := ts.log.String()
	if !strings.Contains(logs, gossh.FingerprintSHA256(stranger.PublicKey())) {
		t.Errorf("the refusal is not logged with the fingerprint:\n%s", logs)
	}
	material := base64.StdEncoding.EncodeToString(stranger.PublicKey().Marshal())
	if strings.Contains(logs, material) || strings.Contains(logs, material[20:40]) {
		t.Errorf("key material in the log:\n%s", logs)
	}
}

func TestPasswordsAreRefused(t *testing.T) {
	ts := startServer(t, nil)
	ts.addAccount(t, "ann", "UTC", annLines)
	if conn, err := dial(ts.addr, gossh.Password("ann")); err == nil {
		conn.Close()
		t.Fatal("a password was accepted")
	}
	answer := func(string, string, []string, []bool) ([]string, error) { return []string{"ann"}, nil }
	if conn, err := dial(ts.addr, gossh.KeyboardInteractive(answer)); err == nil {
		conn.Close()
		t.Fatal("keyboard-interactive was accepted")
	}
	// No method but a key is even offered.
	_, err := dial(ts.addr, gossh.Password("x"))
	if err == nil || !strings.Contains(err.Error(), "[none]") && !strings.Contains(err.Error(), "publickey") {
		t.Fatalf("refusal %v", err)
	}
}

// TestUserNameIsIgnored: the key, not the user name, names the account.
func TestUserNameIsIgnored(t *testing.T) {
	ts := startServer(t, nil)
	annKey := ts.addAccount(t, "ann", "UTC", annLines)
	ts.addAccount(t, "bob", "UTC", bobLines)
	conn, err := gossh.Dial("tcp", ts.addr, &gossh.ClientConfig{
		User: "bob", Auth: []gossh.AuthMethod{gossh.PublicKeys(annKey)},
		HostKeyCallback: gossh.InsecureIgnoreHostKey(),
	})
	if err != nil {
		t.Fatal(err)
	}
	defer conn.Close()
	sess, err := conn.NewSession()
	if err != nil {
		t.Fatal(err)
	}
	scr := newScreen(120, 40)
	stdin, _ := sess.StdinPipe()
	scr.reply = func(b []byte) { stdin.Write(b) }
	sess.Stdout = scr
	sess.RequestPty("xterm", 40, 120, nil)
	sess.Shell()
	if _, ok := scr.waitFor(15*time.Second, contains("marquee │ ann", "$120.750")); !ok {
		t.Fatalf("user bob with ann's key:\n%s", scr.text())
	}
}

func TestSessionWithoutTerminalIsRefused(t *testing.T) {
	ts := startServer(t, nil)
	key := ts.addAccount(t, "ann", "UTC", annLines)
	out, errOut, code := runRemote(t, ts.addr, key, "")
	if code != 1 {
		t.Fatalf("exit %d", code)
	}
	msg := strings.TrimSpace(out + errOut)
	if msg != "marquee: the dashboard needs an interactive terminal; connect with ssh -t (or run: report --help)" {
		t.Fatalf("message %q", msg)
	}
	if strings.Contains(msg, "Night Ferry") {
		t.Fatal("data shown without a terminal")
	}
}

func TestAuthAttemptsAreRateLimited(t *testing.T) {
	ts := startServer(t, func(c *Config) { c.AuthBurst, c.AuthRefill = 3, time.Hour })
	key := ts.addAccount(t, "ann", "UTC", annLines)
	for i := range 3 {
		conn, err := dial(ts.addr, gossh.PublicKeys(key))
		if err != nil {
			t.Fatalf("attempt %d: %v", i+1, err)
		}
		conn.Close()
	}
	if conn, err := dial(ts.addr, gossh.PublicKeys(key)); err == nil {
		conn.Close()
		t.Fatal("a fourth attempt within the hour was let in")
	}
	if !strings.Contains(ts.log.String(), "too many attempts") {
		t.Errorf("not logged:\n%s", ts.log)
	}
}

func TestSessionCap(t *testing.T) {
	ts := startServer(t, func(c *Config) { c.MaxSessions = 1 })
	key := ts.addAccount(t, "ann", "UTC", annLines)
	first := connect(t, ts.addr, key, 100, 30)
	second, err := open(ts.addr, key, 100, 30)
	if err != nil {
		t.Fatal(err)
	}
	defer second.close()
	if _, ok := second.wait(10 * time.Second); !ok {
		t.Fatal("a session over the cap was kept")
	}
	if !strings.Contains(second.stderr.String(), "limit of 1 session;") {
		t.Fatalf("over the cap: %q", second.stderr)
	}
	first.keys("q")
	first.wait(5 * time.Second)
}

func TestIdleSessionIsClosed(t *testing.T) {
	ts := startServer(t, func(c *Config) { c.IdleTimeout = 700 * time.Millisecond })
	key := ts.addAccount(t, "ann", "UTC", annLines)
	c := connect(t, ts.addr, key, 100, 30)
	if _, ok := c.wait(10 * time.Second); !ok {
		t.Fatal("an idle session stayed open")
	}
	if !strings.Contains(c.scr.everShown(), "closed after 700ms without input") {
		t.Fatalf("no farewell: %q", c.scr.everShown())
	}
}

func TestWindowChangeRelaysOut(t *testing.T) {
	ts := startServer(t, nil)
	key := ts.addAccount(t, "ann", "UTC", annLines)
	c := connect(t, ts.addr, key, 120, 40)
	c.waitFor("╭─ Revenue by month (USD)", "╭─ Channels")
	c.resize(80, 24)
	scr := c.waitFor("tab: next pane", "Channels 1 · Countries 2 · Titles 2")
	if strings.Contains(scr, "╭─ Channels") {
		t.Fatalf("still the wide layout:\n%s", scr)
	}
	for _, l := range lines(scr) {
		if len([]rune(l)) > 80 {
			t.Fatalf("line wider than 80 after the resize: %q", l)
		}
	}
	c.resize(120, 40)
	c.waitFor("╭─ Revenue by month (USD)", "╭─ Channels")
}

// TestKeyCheck: the middleware refuses a session whose key is not the one
// that authenticated (x/crypto should make that impossible; the check
// makes it certain) and one whose key was removed since.
func TestKeyCheck(t *testing.T) {
	ts := startServer(t, nil)
	annKey := ts.addAccount(t, "ann", "UTC", nil)
	other := newKey(t)
	ran := false
	next := func(ssh.Session) { ran = true }
	fp := gossh.FingerprintSHA256(annKey.PublicKey())
	for _, tc := range []struct {
		name string
		key  gossh.PublicKey
		ext  map[string]string
	}{
		{"no key", nil, map[string]string{extAccount: "ann", extFingerprint: fp}},
		{"another key", other.PublicKey(), map[string]string{extAccount: "ann", extFingerprint: fp}},
		{"another account", annKey.PublicKey(), map[string]string{extAccount: "bob", extFingerprint: fp}},
	} {
		sess := &fakeSession{key: tc.key, perms: ssh.Permissions{Permissions: &gossh.Permissions{Extensions: tc.ext}}}
		ts.verifyKey(next)(sess)
		if ran || sess.exit != 1 || !strings.Contains(sess.stderr.String(), "permission denied") {
			t.Errorf("%s: ran %v, exit %d, %q", tc.name, ran, sess.exit, sess.stderr.String())
		}
	}
}

// fakeSession is just enough of an ssh.Session for verifyKey.
type fakeSession struct {
	ssh.Session
	key    gossh.PublicKey
	perms  ssh.Permissions
	stderr bytes.Buffer
	exit   int
}

func (f *fakeSession) PublicKey() ssh.PublicKey {
	if f.key == nil {
		return nil
	}
	return f.key
}
func (f *fakeSession) Permissions() ssh.Permissions { return f.perms }
func (f *fakeSession) RemoteAddr() net.Addr         { return &net.TCPAddr{IP: net.IPv4(127, 0, 0, 1)} }
func (f *fakeSession) Stderr() io.ReadWriter        { return &f.stderr }
func (f *fakeSession) Exit(code int) error          { f.exit = code; return nil }
func (f *fakeSession) Close() error                 { return nil }
