package sshserver

import (
	"io"
	"log/slog"
	"net"
	"strings"
	"syscall"
	"testing"
	"time"

	gossh "golang.org/x/crypto/ssh"
)

// idleConn opens a TCP connection from the loopback address from (e.g.
// 127.0.0.2) that sends only its SSH version and never authenticates.
func idleConn(t *testing.T, addr, from string) net.Conn {
	t.Helper()
	d := net.Dialer{LocalAddr: &net.TCPAddr{IP: net.ParseIP(from)}, Timeout: 5 * time.Second}
	c, err := d.Dial("tcp", addr)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { c.Close() })
	io.WriteString(c, "SSH-2.0-idler\r\n")
	return c
}

// closedWithin reports whether the server closes c within d (reading and
// dropping what it sends, its version and key exchange).
func closedWithin(c net.Conn, d time.Duration) bool {
	c.SetReadDeadline(time.Now().Add(d))
	_, err := io.Copy(io.Discard, c)
	if ne, ok := err.(net.Error); ok && ne.Timeout() {
		return false
	}
	return true
}

// dialFrom logs in with key from a loopback address.
func dialFrom(addr, from string, key gossh.Signer) (*gossh.Client, error) {
	d := net.Dialer{LocalAddr: &net.TCPAddr{IP: net.ParseIP(from)}, Timeout: 10 * time.Second}
	raw, err := d.Dial("tcp", addr)
	if err != nil {
		return nil, err
	}
	c, chans, reqs, err := gossh.NewClientConn(raw, addr, &gossh.ClientConfig{
		User: "whoever", Auth: []gossh.AuthMethod{gossh.PublicKeys(key)},
		HostKeyCallback: gossh.InsecureIgnoreHostKey(), Timeout: 10 * time.Second,
	})
	if err != nil {
		raw.Close()
		return nil, err
	}
	return gossh.NewClient(c, chans, reqs), nil
}

// A connection that does not authenticate in HandshakeTimeout is closed,
// and the log says so (such connections stayed open 31 minutes).
func TestUnauthenticatedConnectionsTimeOut(t *testing.T) {
	ts := startServer(t, func(c *Config) { c.HandshakeTimeout = 300 * time.Millisecond })
	key := ts.addAccount(t, "ann", "UTC", nil)
	var idle []net.Conn
	for range 10 {
		idle = append(idle, idleConn(t, ts.addr, "127.0.0.1"))
	}
	for i, c := range idle {
		if !closedWithin(c, 3*time.Second) {
			t.Fatalf("idle connection %d still open 3 s after a 300 ms handshake timeout", i)
		}
	}
	if !strings.Contains(ts.log.String(), "no authentication in time") {
		t.Errorf("not logged:\n%s", ts.log)
	}
	// A real login is not cut short: it authenticates in time, and its
	// session outlives the deadline.
	c := connect(t, ts.addr, key, 100, 30)
	time.Sleep(500 * time.Millisecond)
	c.resize(90, 30)
	c.waitFor("marquee │")
	if _, ended := c.wait(0); ended {
		t.Fatal("an authenticated session was closed by the handshake deadline")
	}
}

// Idle connections beyond the per-address cap are closed as they come;
// another address still logs in; beyond the total cap every address is
// refused until the idle ones go. Each refusal is logged.
func TestUnauthenticatedConnectionsAreCapped(t *testing.T) {
	ts := startServer(t, func(c *Config) {
		c.HandshakeTimeout = time.Minute
		c.MaxUnauthenticated, c.MaxUnauthenticatedPerAddr = 6, 4
	})
	key := ts.addAccount(t, "ann", "UTC", nil)
	var held []net.Conn
	for i := range 8 {
		c := idleConn(t, ts.addr, "127.0.0.1")
		if i < 4 {
			held = append(held, c)
			continue
		}
		if !closedWithin(c, 3*time.Second) {
			t.Fatalf("idle connection %d from one address was kept beyond the cap of 4", i+1)
		}
	}
	for i, c := range held {
		if closedWithin(c, 50*time.Millisecond) {
			t.Fatalf("idle connection %d, under the cap, was closed", i+1)
		}
	}
	if conn, err := dialFrom(ts.addr, "127.0.0.2", key); err != nil {
		t.Fatalf("another address could not log in beside the idle ones: %v", err)
	} else {
		conn.Close()
	}
	// Two more from a third address fill the total of 6.
	held = append(held, idleConn(t, ts.addr, "127.0.0.3"), idleConn(t, ts.addr, "127.0.0.3"))
	time.Sleep(100 * time.Millisecond)
	if conn, err := dialFrom(ts.addr, "127.0.0.2", key); err == nil {
		conn.Close()
		t.Fatal("logged in beyond the total cap of unauthenticated connections")
	}
	for _, c := range held {
		c.Close()
	}
	deadline := time.Now().Add(5 * time.Second)
	for {
		conn, err := dialFrom(ts.addr, "127.0.0.1", key)
		if err == nil {
			conn.Close()
			break
		}
		if time.Now().After(deadline) {
			t.Fatalf("no login once the idle connections left: %v", err)
		}
		time.Sleep(50 * time.Millisecond)
	}
	for _, want := range []string{"too many unauthenticated connections from one address", "too many unauthenticated connections\""} {
		if !strings.Contains(ts.log.String(), strings.TrimSuffix(want, "\"")) {
			t.Errorf("log lacks %q:\n%s", want, ts.log)
		}
	}
}

// withFDLimit runs fn with the process's open-file limit at what is open
// now plus spare, and restores it.
func withFDLimit(t *testing.T, spare uint64, fn func()) {
	t.Helper()
	var old syscall.Rlimit
	if err := syscall.Getrlimit(syscall.RLIMIT_NOFILE, &old); err != nil {
		t.Skip("no RLIMIT_NOFILE")
	}
	lim := old
	lim.Cur = uint64(openFDs(t)) + spare
	if err := syscall.Setrlimit(syscall.RLIMIT_NOFILE, &lim); err != nil {
		t.Skipf("setrlimit: %v", err)
	}
	defer syscall.Setrlimit(syscall.RLIMIT_NOFILE, &old)
	fn()
}

// Out of file descriptors, the server waits and logs instead of dying, and
// serves again once descriptors are free.
func TestAcceptSurvivesFileDescriptorExhaustion(t *testing.T) {
	ts := startServer(t, nil)
	key := ts.addAccount(t, "ann", "UTC", nil)
	withFDLimit(t, 6, func() {
		var conns []net.Conn
		for range 20 {
			c, err := net.DialTimeout("tcp", ts.addr, time.Second)
			if err != nil {
				break // the client side is out of descriptors too
			}
			conns = append(conns, c)
		}
		time.Sleep(300 * time.Millisecond) // the server's accepts fail meanwhile
		for _, c := range conns {
			c.Close()
		}
	})
	deadline := time.Now().Add(5 * time.Second)
	for {
		conn, err := dial(ts.addr, gossh.PublicKeys(key))
		if err == nil {
			conn.Close()
			break
		}
		if time.Now().After(deadline) {
			t.Fatalf("no login after the descriptors were freed: %v", err)
		}
		time.Sleep(50 * time.Millisecond)
	}
	if !strings.Contains(ts.log.String(), "accept failed: retrying") {
		t.Errorf("the accept failures were not logged:\n%s", ts.log)
	}
}

// A flood of refusals is logged once per interval with its count, the
// last ones included once the interval ends.
func TestLimitLogCountsWhatItDoesNotLog(t *testing.T) {
	logs := &syncBuffer{}
	l := newLimitLog(slog.New(slog.NewTextHandler(logs, nil)))
	l.interval = 100 * time.Millisecond
	for range 1000 {
		l.warn("connection refused: too many", "remote", "127.0.0.1")
	}
	if n := strings.Count(logs.String(), "\n"); n != 1 {
		t.Fatalf("%d lines for a burst:\n%s", n, logs)
	}
	time.Sleep(300 * time.Millisecond)
	if !strings.Contains(logs.String(), "times=1\n") || !strings.Contains(logs.String(), "times=999\n") {
		t.Fatalf("counts:\n%s", logs)
	}
}
