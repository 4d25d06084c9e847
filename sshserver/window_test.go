package sshserver

import (
	"runtime"
	"strings"
	"sync"
	"testing"
	"time"

	tea "github.com/charmbracelet/bubbletea"

	"marquee/ui"
)

// probe is a dashboard that records the sizes it is given and can be made
// slow to lay out (a dashboard busy with a large redraw) or stuck.
type probe struct {
	mu    sync.Mutex
	sizes []tea.WindowSizeMsg
	slow  time.Duration   // each size costs this long
	stuck <-chan struct{} // non-nil: a size of width 377 blocks until closed
}

func (p *probe) Init() tea.Cmd { return nil }

func (p *probe) Update(msg tea.Msg) (tea.Model, tea.Cmd) {
	switch msg := msg.(type) {
	case tea.WindowSizeMsg:
		p.mu.Lock()
		p.sizes = append(p.sizes, msg)
		p.mu.Unlock()
		time.Sleep(p.slow)
		if msg.Width == 377 && p.stuck != nil {
			<-p.stuck
		}
	case tea.KeyMsg:
		if msg.String() == "q" {
			return p, tea.Quit
		}
	}
	return p, nil
}

func (p *probe) View() string { return "marquee │ probe" }

func (p *probe) last() (tea.WindowSizeMsg, int) {
	p.mu.Lock()
	defer p.mu.Unlock()
	if len(p.sizes) == 0 {
		return tea.WindowSizeMsg{}, 0
	}
	return p.sizes[len(p.sizes)-1], len(p.sizes)
}

func probeServer(t *testing.T, p *probe, adjust func(*Config)) *testServer {
	return startServer(t, adjust, func(s *Server) {
		s.newModel = func(ui.Options) tea.Model { return p }
	})
}

// A terminal of 10000×10000 is drawn at 500×200 at most, and the screen
// says so. (The size set the server's memory: 1000×1000 took 709 MB.)
func TestHugeTerminalIsClamped(t *testing.T) {
	p := &probe{}
	ts := probeServer(t, p, nil)
	key := ts.addAccount(t, "ann", "UTC", nil)
	c := connect(t, ts.addr, key, 100, 30)
	c.scr.resize(maxWidth, maxHeight)
	if err := c.sess.WindowChange(10000, 10000); err != nil {
		t.Fatal(err)
	}
	c.waitFor("this terminal is 10000×10000; the server draws at most 500×200")
	got, _ := p.last()
	if got.Width != maxWidth || got.Height != maxHeight-1 {
		t.Fatalf("the dashboard was given %d×%d, want %d×%d (a line is the note)", got.Width, got.Height, maxWidth, maxHeight-1)
	}
	c.resize(120, 40)
	c.waitGone("the server draws at most")
	if got, _ := p.last(); got.Width != 120 || got.Height != 40 {
		t.Fatalf("after shrinking: %d×%d, want 120×40", got.Width, got.Height)
	}
}

// heapInUse is the live heap after a collection.
func heapInUse() uint64 {
	runtime.GC()
	runtime.GC()
	var m runtime.MemStats
	runtime.ReadMemStats(&m)
	return m.HeapAlloc
}

// Four real dashboards on 10000×10000 terminals cost what 500×200 ones do,
// and their memory is returned when they end (four such sessions held
// 11.4 GB after they left).
func TestHugeTerminalsMemoryReturns(t *testing.T) {
	if testing.Short() {
		t.Skip("four full dashboards")
	}
	ts := startServer(t, nil)
	key := ts.addAccount(t, "ann", "UTC", annLines)
	warm := connect(t, ts.addr, key, 100, 30)
	warm.close()
	waitSessions(t, ts, 0)
	base := heapInUse()

	const n = 4
	var cs []*client
	for range n {
		c := connect(t, ts.addr, key, 100, 30)
		c.scr.resize(maxWidth, maxHeight)
		if err := c.sess.WindowChange(10000, 10000); err != nil {
			t.Fatal(err)
		}
		cs = append(cs, c)
	}
	for _, c := range cs {
		c.waitFor("the server draws at most 500×200", "$120.750")
	}
	open := heapInUse()
	for _, c := range cs {
		c.close()
	}
	waitSessions(t, ts, 0)
	var after uint64
	for deadline := time.Now().Add(10 * time.Second); ; time.Sleep(100 * time.Millisecond) {
		after = heapInUse()
		if after < base+32<<20 || time.Now().After(deadline) {
			break
		}
	}
	t.Logf("heap: %d MB before, %d MB with %d sessions at 10000×10000, %d MB after they left", base>>20, open>>20, n, after>>20)
	if open > base+400<<20 {
		t.Errorf("%d clamped sessions hold %d MB", n, (open-base)>>20)
	}
	if after > base+32<<20 {
		t.Errorf("heap %d MB after the sessions left, %d MB before", after>>20, base>>20)
	}
}

// waitSessions waits until the server tracks n sessions.
func waitSessions(t *testing.T, ts *testServer, n int) {
	t.Helper()
	for deadline := time.Now().Add(15 * time.Second); ; time.Sleep(20 * time.Millisecond) {
		ts.mu.Lock()
		got := len(ts.sessions)
		ts.mu.Unlock()
		if got == n {
			return
		}
		if time.Now().After(deadline) {
			t.Fatalf("%d sessions open, want %d", got, n)
		}
	}
}

// burst sends n window-change requests at once, of alternating sizes.
func burst(t *testing.T, c *client, n int) {
	t.Helper()
	for i := range n {
		if err := c.sess.WindowChange(30+i%2, 100); err != nil {
			t.Fatalf("window change %d: %v", i, err)
		}
	}
}

// A burst of window changes to a dashboard slow to lay out neither wedges
// the session nor makes its keys wait behind every size: only the latest
// size is laid out. (100,000 in a burst wedged 6 sessions of 6 for good.)
func TestWindowChangeBurstIsCoalesced(t *testing.T) {
	p := &probe{slow: 5 * time.Millisecond}
	ts := probeServer(t, p, nil)
	key := ts.addAccount(t, "ann", "UTC", nil)
	c := connect(t, ts.addr, key, 100, 30)
	const n = 5000 // 25 s of layouts if each were done
	burst(t, c, n)
	if err := c.sess.WindowChange(40, 123); err != nil {
		t.Fatal(err)
	}
	deadline := time.Now().Add(5 * time.Second)
	for {
		if got, _ := p.last(); got.Width == 123 && got.Height == 40 {
			break
		}
		if time.Now().After(deadline) {
			got, count := p.last()
			t.Fatalf("after %d window changes the dashboard has %d×%d after %d layouts", n, got.Width, got.Height, count)
		}
		time.Sleep(10 * time.Millisecond)
	}
	c.keys("q")
	if _, ok := c.wait(3 * time.Second); !ok {
		t.Fatal("q did not end the session after the burst")
	}
	_, count := p.last()
	t.Logf("%d window changes: %d layouts", n+1, count)
	if count > n/10 {
		t.Errorf("%d layouts for %d window changes: not coalesced", count, n+1)
	}
}

// A client that drops its connection with window changes queued leaves no
// goroutine or file descriptor behind (50 queued resizes leaked 1 fd and 7
// goroutines, 30 times of 30).
func TestDropWithQueuedResizesLeaksNothing(t *testing.T) {
	p := &probe{slow: 20 * time.Millisecond}
	ts := probeServer(t, p, nil)
	key := ts.addAccount(t, "ann", "UTC", nil)
	warm := connect(t, ts.addr, key, 100, 30)
	warm.close()
	waitSessions(t, ts, 0)
	time.Sleep(200 * time.Millisecond)
	g0, _ := liveGoroutines()
	fd0 := openFDs(t)
	const drops = 5
	for range drops {
		c := connect(t, ts.addr, key, 100, 30)
		burst(t, c, 200)
		c.conn.Close()
	}
	var g, fd int
	var stacks string
	for deadline := time.Now().Add(15 * time.Second); ; time.Sleep(100 * time.Millisecond) {
		g, stacks = liveGoroutines()
		fd = openFDs(t)
		if g <= g0 && fd <= fd0 {
			break
		}
		if time.Now().After(deadline) {
			t.Fatalf("after %d drops with 200 queued resizes: %d goroutines (before %d), %d fds (before %d)\n%s", drops, g, g0, fd, fd0, stacks)
		}
	}
}

// The idle timeout and shutdown end a session whatever its dashboard is
// doing, even stuck in its update: the dashboard is asked to quit, then
// killed, then its connection is closed.
func TestStuckSessionEndsOnIdleAndShutdown(t *testing.T) {
	stuck := make(chan struct{})
	defer close(stuck)
	p := &probe{stuck: stuck}
	ts := probeServer(t, p, func(c *Config) { c.IdleTimeout = 300 * time.Millisecond })
	key := ts.addAccount(t, "ann", "UTC", nil)

	idle := connect(t, ts.addr, key, 100, 30)
	if err := idle.sess.WindowChange(30, 377); err != nil {
		t.Fatal(err)
	}
	start := time.Now()
	if _, ok := idle.wait(quitGrace + killGrace + 3*time.Second); !ok {
		t.Fatal("the idle timeout did not end a stuck session")
	}
	t.Logf("stuck session ended %v after its idle timeout", time.Since(start).Round(time.Millisecond))
	if !strings.Contains(ts.log.String(), "idle timeout") {
		t.Errorf("no idle timeout logged:\n%s", ts.log)
	}
}

func TestShutdownEndsAStuckSession(t *testing.T) {
	stuck := make(chan struct{})
	defer close(stuck)
	p := &probe{stuck: stuck}
	ts := probeServer(t, p, func(c *Config) { c.ShutdownGrace = time.Second })
	key := ts.addAccount(t, "ann", "UTC", nil)
	c := connect(t, ts.addr, key, 100, 30)
	if err := c.sess.WindowChange(30, 377); err != nil {
		t.Fatal(err)
	}
	time.Sleep(100 * time.Millisecond)
	start := time.Now()
	ts.stop()
	if d := time.Since(start); d > quitGrace+killGrace+3*time.Second {
		t.Errorf("shutdown with a stuck session took %v", d)
	}
	if _, ok := c.wait(2 * time.Second); !ok {
		t.Error("the stuck session's client is still connected after shutdown")
	}
}
