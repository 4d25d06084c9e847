package sshserver

import (
	"fmt"
	"math"
	"path/filepath"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"

	gossh "golang.org/x/crypto/ssh"
)

// TestLoad: 50 sessions of two accounts apply searches at once while the
// inbox imports a report into one of them. No session errs or sees the
// other account's data; the 99th percentile from the keypress that applies
// a search to the frame that shows its result is logged.
func TestLoad(t *testing.T) {
	const sessions, rounds = 50, 4
	inbox := t.TempDir()
	ts := startServer(t, func(c *Config) {
		c.MaxSessions, c.MaxAccountSessions, c.AuthBurst = sessions, sessions, sessions
		c.MaxUnauthenticatedPerAddr = sessions // every client is 127.0.0.1
		c.InboxDir, c.InboxPoll, c.InboxSettle = inbox, 50*time.Millisecond, 100*time.Millisecond
	})
	keys := map[string]gossh.Signer{
		"ann": ts.addAccount(t, "ann", "Europe/London", annLines),
		"bob": ts.addAccount(t, "bob", "America/New_York", bobLines),
	}
	own := map[string]string{"ann": "Night Ferry", "bob": "Copper Sky"}
	other := map[string]string{"ann": "Copper Sky", "bob": "Night Ferry"}
	// What only the other account's screens may ever show (its typed title
	// aside, which the search line echoes).
	foreign := map[string][]string{
		"ann": {"Mar 2025", "$777.770", "Pluto TV", "America/New_York"},
		"bob": {"Jun 2024", "$120.750", "$1,120.750", "Tubi", "Europe/London", "Salt & Iron"},
	}

	var (
		mu        sync.Mutex
		latencies []time.Duration
		wg        sync.WaitGroup
		started   sync.WaitGroup
	)
	errs := make(chan error, sessions)
	started.Add(sessions)
	for i := range sessions {
		account := []string{"ann", "bob"}[i%2]
		wg.Add(1)
		go func() {
			defer wg.Done()
			lat, err := loadSession(keys[account], ts.addr, own[account], other[account], foreign[account], rounds, &started)
			if err != nil {
				errs <- fmt.Errorf("session %d (%s): %w", i, account, err)
				return
			}
			mu.Lock()
			latencies = append(latencies, lat...)
			mu.Unlock()
		}()
	}
	// Import while everyone is searching.
	started.Wait()
	dropReport(t, filepath.Join(inbox, "ann"), "late.csv", "Night Ferry", "2024-06-20", "1000.00")
	wg.Wait()
	close(errs)
	for err := range errs {
		t.Error(err)
	}
	if len(latencies) != sessions*rounds {
		t.Fatalf("%d measurements, want %d", len(latencies), sessions*rounds)
	}
	slices.Sort(latencies)
	p := func(q float64) time.Duration { return latencies[int(math.Ceil(q*float64(len(latencies))))-1] }
	t.Logf("%d sessions × %d searches: keypress → updated frame p50 %v, p99 %v, max %v",
		sessions, rounds, p(0.5).Round(time.Millisecond), p(0.99).Round(time.Millisecond), latencies[len(latencies)-1].Round(time.Millisecond))
	if a, err := ts.db.ExistingAccount("ann"); err != nil || len(a.Titles()) != 2 {
		t.Errorf("ann after the import: %v", err)
	}
}

// loadSession connects, switches to Detail and searches rounds times,
// alternating its own title (rows) and the other account's (none).
func loadSession(key gossh.Signer, addr, own, other string, foreign []string, rounds int, started *sync.WaitGroup) ([]time.Duration, error) {
	once := sync.OnceFunc(started.Done)
	defer once()
	c, err := open(addr, key, 80, 24)
	if err != nil {
		return nil, err
	}
	defer c.close()
	wait := func(ok func(string) bool, what string) (time.Time, error) {
		at, done := c.scr.waitFor(30*time.Second, ok)
		if !done {
			return at, fmt.Errorf("no %s on screen:\n%s", what, c.scr.text())
		}
		return at, nil
	}
	if _, err := wait(contains("marquee │"), "dashboard"); err != nil {
		return nil, err
	}
	if _, err := c.stdin.Write([]byte("d")); err != nil {
		return nil, err
	}
	// " line": one line is "1 line", more are "N lines".
	if _, err := wait(contains("[Detail (d)]", " line"), "detail view"); err != nil {
		return nil, err
	}
	once()
	var lat []time.Duration
	for r := range rounds {
		query, want := own, "of "
		if r%2 == 1 {
			query, want = other, "0 lines"
		}
		if _, err := c.stdin.Write([]byte("/")); err != nil {
			return nil, err
		}
		if _, err := wait(contains("search: "), "search field"); err != nil {
			return nil, err
		}
		if _, err := c.stdin.Write([]byte("\x15" + query)); err != nil {
			return nil, err
		}
		if _, err := wait(contains("search: "+query+"█"), "typed query"); err != nil {
			return nil, err
		}
		sent := time.Now()
		if _, err := c.stdin.Write([]byte("\r")); err != nil {
			return nil, err
		}
		at, err := wait(func(s string) bool {
			return strings.Contains(s, want) && strings.Contains(s, `search "`+query+`"`) && !strings.Contains(s, "loading…")
		}, "search result")
		if err != nil {
			return nil, err
		}
		lat = append(lat, at.Sub(sent))
		scr := c.scr.text()
		if r%2 == 1 && !strings.Contains(scr, "No lines match.") {
			return nil, fmt.Errorf("the other account's title matched:\n%s", scr)
		}
		if r%2 == 0 && strings.Count(scr, own) < 2 {
			return nil, fmt.Errorf("own title not listed:\n%s", scr)
		}
	}
	shown := c.scr.everShown()
	for _, f := range foreign {
		if strings.Contains(shown, f) {
			return nil, fmt.Errorf("shown %q of the other account:\n%s", f, c.scr.text())
		}
	}
	if _, err := c.stdin.Write([]byte("q")); err != nil {
		return nil, err
	}
	if _, ok := c.wait(10 * time.Second); !ok {
		return nil, fmt.Errorf("q did not end the session")
	}
	if s := c.stderr.String(); s != "" {
		return nil, fmt.Errorf("stderr: %q", s)
	}
	return lat, nil
}
