package sshserver

import (
	"os"
	"path/filepath"
	"runtime"
	"strings"
	"testing"
	"time"

	tea "github.com/charmbracelet/bubbletea"

	"marquee/ui"
)

// panicky is a dashboard that panics on "!".
type panicky struct{ tea.Model }

func (p panicky) Close() { closeModel(p.Model) }

func (p panicky) Update(msg tea.Msg) (tea.Model, tea.Cmd) {
	if k, ok := msg.(tea.KeyMsg); ok && k.String() == "!" {
		panic("boom")
	}
	m, cmd := p.Model.Update(msg)
	return panicky{m}, cmd
}

// TestPanicEndsOnlyThatSession: a panic while a session starts, and one in
// a running dashboard, each end their own session; the server and the
// other sessions go on.
func TestPanicEndsOnlyThatSession(t *testing.T) {
	ts := startServer(t, nil, func(s *Server) {
		s.newModel = func(o ui.Options) tea.Model {
			switch o.Account.Name() {
			case "crash":
				panic("cannot build the dashboard")
			case "boom":
				return panicky{ui.New(o)}
			}
			return ui.New(o)
		}
	})
	annKey := ts.addAccount(t, "ann", "UTC", annLines)
	crashKey := ts.addAccount(t, "crash", "UTC", nil)
	boomKey := ts.addAccount(t, "boom", "UTC", bobLines)

	ann := connect(t, ts.addr, annKey, 120, 40)

	crash, err := open(ts.addr, crashKey, 120, 40)
	if err != nil {
		t.Fatal(err)
	}
	defer crash.close()
	if _, ok := crash.wait(10 * time.Second); !ok {
		t.Fatal("the panicking session stayed open")
	}
	if !strings.Contains(crash.stderr.String(), "internal error") {
		t.Errorf("crash: %q", crash.stderr)
	}

	boom := connect(t, ts.addr, boomKey, 120, 40)
	boom.keys("!")
	if _, ok := boom.wait(10 * time.Second); !ok {
		t.Fatal("the dashboard that panicked stayed open")
	}

	// The server still serves, and the open session still answers.
	ann.keys("d")
	ann.waitFor("[Detail (d)]", "Night Ferry")
	again := connect(t, ts.addr, annKey, 120, 40)
	again.waitFor("$120.750")
	if n := strings.Count(ts.log.String(), "session panicked"); n != 2 {
		t.Errorf("%d panics logged, want 2:\n%s", n, ts.log)
	}
}

// TestShutdownClosesSessions: on shutdown every dashboard quits and says
// why, and Serve returns well within the grace period.
func TestShutdownClosesSessions(t *testing.T) {
	ts := startServer(t, func(c *Config) { c.ShutdownGrace = 20 * time.Second })
	key := ts.addAccount(t, "ann", "UTC", annLines)
	c := connect(t, ts.addr, key, 100, 30)
	start := time.Now()
	go func() {
		// The client closes its end once the session ends, as ssh does.
		c.wait(20 * time.Second)
		c.conn.Close()
	}()
	ts.stop()
	if d := time.Since(start); d > 10*time.Second {
		t.Errorf("shutdown took %v", d)
	}
	if !strings.Contains(c.scr.everShown(), "the server is shutting down") {
		t.Errorf("no farewell: %q", c.scr.everShown())
	}
	if _, err := dial(ts.addr, nil); err == nil {
		t.Error("still accepting connections")
	}
}

// TestInboxRunsInTheServer: a report dropped in <inbox>/<account>/ is
// imported into that account while its dashboard is open, and the
// dashboard shows it.
func TestInboxRunsInTheServer(t *testing.T) {
	inbox := t.TempDir()
	ts := startServer(t, func(c *Config) {
		c.InboxDir, c.InboxPoll, c.InboxSettle = inbox, 50*time.Millisecond, 100*time.Millisecond
	})
	annKey := ts.addAccount(t, "ann", "UTC", annLines)
	bobKey := ts.addAccount(t, "bob", "UTC", bobLines)
	ann := connect(t, ts.addr, annKey, 120, 40)
	bob := connect(t, ts.addr, bobKey, 120, 40)
	ann.waitFor("$120.750")
	dropReport(t, filepath.Join(inbox, "ann"), "late.csv", "Night Ferry", "2024-06-20", "1000.00")
	ann.waitFor("$1,120.750")
	time.Sleep(200 * time.Millisecond)
	if strings.Contains(bob.scr.everShown(), "1,120.750") || strings.Contains(bob.scr.everShown(), "Night Ferry") {
		t.Fatalf("bob saw ann's import:\n%s", bob.scr.text())
	}
	if _, err := os.Stat(filepath.Join(inbox, "ann", "imported", "late.csv")); err != nil {
		t.Errorf("not moved to imported/: %v", err)
	}
}

// dropReport writes a one-line canonical report into dir.
func dropReport(t testing.TB, dir, name, title, date, amount string) {
	t.Helper()
	if err := os.MkdirAll(dir, 0o755); err != nil {
		t.Fatal(err)
	}
	body := "report_date,period_start,period_end,title,channel,country,quantity,unit,amount,currency,watched_at,transaction_id,status\n" +
		date + "," + date + "," + date + "," + title + ",Tubi,GB,1,views," + amount + ",USD,,,\n"
	tmp := filepath.Join(dir, "."+name)
	if err := os.WriteFile(tmp, []byte(body), 0o644); err != nil {
		t.Fatal(err)
	}
	old := time.Now().Add(-time.Minute)
	os.Chtimes(tmp, old, old)
	if err := os.Rename(tmp, filepath.Join(dir, name)); err != nil {
		t.Fatal(err)
	}
}

// TestColourFollowsTheClient: each session's renderer and NO_COLOR come
// from its own client, never from the server's process.
func TestColourFollowsTheClient(t *testing.T) {
	t.Setenv("NO_COLOR", "1") // the server's own environment must not matter
	ts := startServer(t, nil)
	key := ts.addAccount(t, "ann", "UTC", annLines)
	colour := connect(t, ts.addr, key, 120, 40)
	plain, err := open(ts.addr, key, 120, 40, "NO_COLOR=1")
	if err != nil {
		t.Fatal(err)
	}
	defer plain.close()
	plain.t = t
	plain.waitFor("$120.750")
	colour.waitFor("$120.750")
	hasColour := func(raw string) bool { return strings.Contains(raw, "[38;") || strings.Contains(raw, ";38;") }
	if !hasColour(colour.scr.rawOutput()) {
		t.Error("a 256-colour client got no colour")
	}
	if hasColour(plain.scr.rawOutput()) {
		t.Error("a NO_COLOR client got colour")
	}
}

// TestDroppedClientsLeaveNothingBehind: a client that goes away without
// quitting leaves nothing of its session running: no data or inbox
// subscription, zone worker, input pump, watcher or handler. (Bubble Tea's
// pending 30-second tick ends on its own and is not counted.)
func TestDroppedClientsLeaveNothingBehind(t *testing.T) {
	ts := startServer(t, func(c *Config) { c.InboxDir = t.TempDir() })
	key := ts.addAccount(t, "ann", "UTC", annLines)
	leftovers := []string{
		"marquee/ui.waitForChange", "marquee/ui.waitForInbox", "bubblezone",
		"sshserver.(*input).pump", "sshserver.(*windowFeed).deliver", "sshserver.(*windowFeed).drain", "sshserver.(*Server).watchIdle",
		"sshserver.(*Server).dashboard",
	}
	// Counted against what other tests may have left running.
	count := func() (map[string]int, string) {
		buf := make([]byte, 1<<22)
		stacks := string(buf[:runtime.Stack(buf, true)])
		n := map[string]int{}
		for _, l := range leftovers {
			n[l] = strings.Count(stacks, l)
		}
		return n, stacks
	}
	before, _ := count()
	for range 10 {
		c := connect(t, ts.addr, key, 100, 30)
		c.close() // no q: the connection just drops
	}
	deadline := time.Now().Add(10 * time.Second)
	for {
		now, stacks := count()
		found := ""
		for _, l := range leftovers {
			if now[l] > before[l] {
				found = l
			}
		}
		if found == "" {
			return
		}
		if time.Now().After(deadline) {
			t.Fatalf("%s still running after its client left:\n%s", found, stacks)
		}
		time.Sleep(50 * time.Millisecond)
	}
}

// The dashboard asks the client's terminal for pointer motion without a
// button (mode 1003), which hovering the chart needs; cell motion (1002)
// only reports drags.
func TestSessionAsksForHoverEvents(t *testing.T) {
	ts := startServer(t, nil)
	key := ts.addAccount(t, "ann", "UTC", annLines)
	c := connect(t, ts.addr, key, 100, 30)
	c.waitFor("$120.750")
	if !strings.Contains(c.scr.rawOutput(), "\x1b[?1003h") {
		t.Fatal("the session never enabled all-motion mouse reporting")
	}
}
