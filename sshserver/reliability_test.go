package sshserver

import (
	"net"
	"os"
	"regexp"
	"runtime"
	"strings"
	"sync"
	"testing"
	"time"

	gossh "golang.org/x/crypto/ssh"
)

// tickGoroutine matches Bubble Tea's pending tick of a dashboard that has
// quit, and batchWait the batch waiting for it: both end on their own
// when the timer fires (at most 30 s) and are not a leak.
var (
	tickGoroutine = regexp.MustCompile(`bubbletea\.(Tick|Every)`)
	batchWait     = regexp.MustCompile(`(?s)WaitGroup\)\.Wait.*bubbletea\.\(\*Program\)\.execBatchMsg`)
)

// liveGoroutines counts goroutines, leaving out pending ticks and at most
// as many batches waiting for them.
func liveGoroutines() (int, string) {
	buf := make([]byte, 1<<23)
	stacks := string(buf[:runtime.Stack(buf, true)])
	n, ticks, waits := 0, 0, 0
	for _, g := range strings.Split(stacks, "\n\n") {
		switch {
		case tickGoroutine.MatchString(g):
			ticks++
		case batchWait.MatchString(g):
			waits++
		default:
			n++
		}
	}
	return n + max(0, waits-ticks), stacks
}

func openFDs(t *testing.T) int {
	entries, err := os.ReadDir("/proc/self/fd")
	if err != nil {
		t.Skip("no /proc/self/fd")
	}
	return len(entries)
}

// 200 connections opened and dropped abruptly, at every stage (TCP only,
// mid-handshake, authenticated without a session, a running dashboard),
// leave no goroutine and no file descriptor behind.
func TestDroppedConnectionsLeakNothing(t *testing.T) {
	if testing.Short() {
		t.Skip("opens 200 connections")
	}
	ts := startServer(t, func(c *Config) { c.AuthBurst, c.MaxSessions = 1000, 1000 })
	key := ts.addAccount(t, "ann", "UTC", annLines)
	// One session first, so lazily started machinery is in the baseline.
	warm := connect(t, ts.addr, key, 100, 30)
	warm.close()
	time.Sleep(500 * time.Millisecond)
	g0, _ := liveGoroutines()
	fd0 := openFDs(t)

	const total, parallel = 200, 10
	kinds := map[string]int{}
	var mu sync.Mutex
	var wg sync.WaitGroup
	sem := make(chan struct{}, parallel)
	for i := range total {
		kind := []string{"tcp", "tcp", "tcp", "handshake", "handshake", "auth", "auth", "session"}[i%8]
		mu.Lock()
		kinds[kind]++
		mu.Unlock()
		wg.Add(1)
		sem <- struct{}{}
		go func() {
			defer wg.Done()
			defer func() { <-sem }()
			switch kind {
			case "tcp":
				if c, err := net.Dial("tcp", ts.addr); err == nil {
					c.Close()
				}
			case "handshake":
				if c, err := net.Dial("tcp", ts.addr); err == nil {
					c.Write([]byte("SSH-2.0-dropper\r\n\x00\x00\x01\x0c\x0a\x14"))
					buf := make([]byte, 64)
					c.SetReadDeadline(time.Now().Add(2 * time.Second))
					c.Read(buf)
					c.Close()
				}
			case "auth":
				if conn, err := dial(ts.addr, gossh.PublicKeys(key)); err == nil {
					conn.Close()
				} else {
					t.Errorf("auth: %v", err)
				}
			case "session":
				c, err := open(ts.addr, key, 100, 30)
				if err != nil {
					t.Errorf("session: %v", err)
					return
				}
				if _, ok := c.scr.waitFor(20*time.Second, contains("marquee │")); !ok {
					t.Errorf("no dashboard: %s", c.stderr)
				}
				c.conn.Close() // no q, no channel close: the client just goes
			}
		}()
	}
	wg.Wait()

	var g, fd int
	var stacks string
	for deadline := time.Now().Add(20 * time.Second); ; time.Sleep(100 * time.Millisecond) {
		g, stacks = liveGoroutines()
		fd = openFDs(t)
		if g <= g0 && fd <= fd0 {
			break
		}
		if time.Now().After(deadline) {
			t.Fatalf("after %d dropped connections %v: %d goroutines (before %d), %d fds (before %d)\n%s", total, kinds, g, g0, fd, fd0, stacks)
		}
	}
	t.Logf("%d dropped connections %v: goroutines %d → %d, fds %d → %d", total, kinds, g0, g, fd0, fd)
}
