package main

import (
	"encoding/json"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/shopspring/decimal"

	"marquee/format"
)

// tmuxSession drives the built binary in a real terminal: tmux on its own
// socket, so a developer's sessions are never touched.
type tmuxSession struct {
	t      *testing.T
	socket string
}

func newTmux(t *testing.T, w, h int, command string) *tmuxSession {
	t.Helper()
	if _, err := exec.LookPath("tmux"); err != nil {
		if os.Getenv("CI") != "" {
			t.Fatal("tmux is missing: .ci/run installs it")
		}
		t.Skip("tmux not installed")
	}
	// The temporary folder's parent is unique to the test run; its own name
	// (001, 002, …) repeats across tests, and a socket reused while the
	// previous test's tmux server is still exiting loses the new session.
	s := &tmuxSession{t: t, socket: "marquee-e2e-" + filepath.Base(filepath.Dir(t.TempDir()))}
	s.tmux("new-session", "-d", "-x", itoa(w), "-y", itoa(h), command)
	t.Cleanup(func() { exec.Command("tmux", "-L", s.socket, "kill-server").Run() })
	return s
}

func itoa(n int) string { return decimal.NewFromInt(int64(n)).String() }

func (s *tmuxSession) tmux(args ...string) string {
	s.t.Helper()
	out, err := exec.Command("tmux", append([]string{"-L", s.socket}, args...)...).CombinedOutput()
	if err != nil {
		s.t.Fatalf("tmux %v: %v\n%s", args, err, out)
	}
	return string(out)
}

func (s *tmuxSession) screen() string { return s.tmux("capture-pane", "-p") }

// keys sends each key as its own keystroke, with a pause a person has.
func (s *tmuxSession) keys(keys ...string) {
	for _, k := range keys {
		s.tmux("send-keys", k)
		time.Sleep(120 * time.Millisecond)
	}
}

// waitFor polls the screen until it contains every want.
func (s *tmuxSession) waitFor(want ...string) string {
	s.t.Helper()
	deadline := time.Now().Add(15 * time.Second)
	for {
		scr := s.screen()
		missing := ""
		for _, w := range want {
			if !strings.Contains(scr, w) {
				missing = w
				break
			}
		}
		if missing == "" {
			return scr
		}
		if time.Now().After(deadline) {
			s.t.Fatalf("screen never showed %q:\n%s", missing, scr)
		}
		time.Sleep(100 * time.Millisecond)
	}
}

// firstMonthRevenue is the demo's first month's revenue as the chart's label
// shows it, from `marquee report`.
func firstMonthRevenue(t *testing.T, bin, db string) string {
	t.Helper()
	out, err := exec.Command(bin, "report", "--db", db, "--view", "monthly", "--format", "csv").Output()
	if err != nil {
		t.Fatal(err)
	}
	rows := strings.Split(string(out), "\n")
	cells := strings.Split(rows[1], ",")
	if cells[0] != "2023-11" {
		t.Fatalf("the demo starts at %s, not 2023-11", cells[0])
	}
	return format.FormatUSD(decimal.RequireFromString(cells[len(cells)-1]))
}

// The built binary in tmux: the demo opens, a filter typed with the keys
// applies, and the tiles agree with `marquee report` for the same filter.
func TestDashboardEndToEnd(t *testing.T) {
	if testing.Short() {
		t.Skip("builds the binary and drives it in tmux")
	}
	dir := t.TempDir()
	bin := filepath.Join(dir, "marquee")
	if out, err := exec.Command("go", "build", "-o", bin, ".").CombinedOutput(); err != nil {
		t.Fatalf("build: %v\n%s", err, out)
	}
	db := filepath.Join(dir, "demo.db")
	if out, err := exec.Command(bin, "demo", "--db", db).CombinedOutput(); err != nil {
		t.Fatalf("demo: %v\n%s", err, out)
	}
	out, err := exec.Command(bin, "report", "--db", db, "--format", "json", "--from", "2024-01-01", "--to", "2024-06-30",
		"--title", "Night Ferry", "--title", "Salt & Iron", "--country", "US", "--country", "GB").Output()
	if err != nil {
		t.Fatal(err)
	}
	var want struct {
		Titles     int    `json:"titles"`
		Countries  int    `json:"countries"`
		RevenueUSD string `json:"revenue_usd"`
	}
	if err := json.Unmarshal(out, &want); err != nil {
		t.Fatal(err)
	}
	if want.RevenueUSD == "0" {
		t.Fatal("the filter matches nothing in the demo: pick another")
	}
	revenue := format.FormatUSD(decimal.RequireFromString(want.RevenueUSD))

	first := firstMonthRevenue(t, bin, db)
	s := newTmux(t, 120, 40, bin+" --db "+db+" --inbox "+filepath.Join(dir, "inbox"))
	s.waitFor("DEMO", "$10,601.407", "Monthly")

	// Hovering: the terminal is asked for motion without a button (tmux's
	// mouse_all_flag), and the pointer over the chart's left edge labels
	// the first month with its revenue from `marquee report`.
	if flag := strings.TrimSpace(s.tmux("display", "-p", "#{mouse_all_flag}")); flag != "1" {
		t.Fatalf("the dashboard does not ask for mouse motion without a button (mouse_all_flag=%s)", flag)
	}
	s.tmux("send-keys", "-l", "\x1b[<35;7;10M") // SGR: motion, no button, column 7, row 10
	s.waitFor("Nov 2023 · " + first)

	s.keys("Tab", "Tab") // table → chart → filter form
	s.waitFor("▶Filter")
	s.keys("2024-01", "Down", "2024-06", "Down")
	s.keys("Enter", "Night", "Space", "C-u", "Salt", "Space", "Escape", "Down")
	s.keys("Enter", "(US)", "Space", "C-u", "(GB)", "Space", "Escape")
	scr := s.waitFor("2: ")
	if strings.Contains(scr, revenue) && revenue != "$10,601.407" {
		t.Fatal("the filter applied before Filter was pressed")
	}
	s.keys("Down", "Down", "Enter") // Channels, then the Filter button
	scr = s.waitFor(revenue, "2024-01-01 … 2024-06-30")
	if !strings.Contains(scr, "Night Ferry") || !strings.Contains(scr, "GB") {
		t.Errorf("filter summary missing:\n%s", scr)
	}
	if strings.Contains(scr, "$10,601.407") {
		t.Errorf("the unfiltered total is still shown:\n%s", scr)
	}
	if !strings.Contains(scr, "Jun 2024") || strings.Contains(scr, "Jul 2024") {
		t.Errorf("the table is not limited to the date range:\n%s", scr)
	}
	s.keys("q")
	deadline := time.Now().Add(5 * time.Second)
	for exec.Command("tmux", "-L", s.socket, "has-session").Run() == nil {
		if time.Now().After(deadline) {
			t.Fatalf("q did not quit:\n%s", s.screen())
		}
		time.Sleep(100 * time.Millisecond)
	}
}

// In tmux at 120×40 on the demo's 36 months: sorting by Revenue puts the
// best month (from `marquee report`) on the top row with the view at the
// top, and keys typed in one burst ("jjj") each move the cursor.
func TestDashboardSortAndBurstEndToEnd(t *testing.T) {
	if testing.Short() {
		t.Skip("builds the binary and drives it in tmux")
	}
	dir := t.TempDir()
	bin := filepath.Join(dir, "marquee")
	if out, err := exec.Command("go", "build", "-o", bin, ".").CombinedOutput(); err != nil {
		t.Fatalf("build: %v\n%s", err, out)
	}
	db := filepath.Join(dir, "demo.db")
	if out, err := exec.Command(bin, "demo", "--db", db).CombinedOutput(); err != nil {
		t.Fatalf("demo: %v\n%s", err, out)
	}
	out, err := exec.Command(bin, "report", "--db", db, "--view", "monthly", "--format", "csv").Output()
	if err != nil {
		t.Fatal(err)
	}
	var bestRev decimal.Decimal
	bestMonth := ""
	rows := strings.Split(strings.TrimSpace(string(out)), "\n")[1:]
	for _, r := range rows {
		cells := strings.Split(r, ",")
		rev := decimal.RequireFromString(cells[len(cells)-1])
		if bestMonth == "" || rev.GreaterThan(bestRev) {
			bestRev, bestMonth = rev, cells[0]
		}
	}
	when, err := time.Parse("2006-01", bestMonth)
	if err != nil {
		t.Fatal(err)
	}
	label := when.Format("Jan 2006")

	s := newTmux(t, 120, 40, bin+" --db "+db+" --inbox "+filepath.Join(dir, "inbox"))
	s.waitFor("of " + itoa(len(rows)) + " months")
	s.keys("s", "s", "s", "s")
	scr := s.waitFor("sorted by Revenue", "1–14 of "+itoa(len(rows))+" months · ▼ ")
	lines := strings.Split(scr, "\n")
	top := ""
	for i, l := range lines {
		if strings.Contains(l, "Watch Period") && i+1 < len(lines) {
			top = lines[i+1]
		}
	}
	if !strings.Contains(top, "›"+label) || !strings.Contains(top, format.FormatUSD(bestRev)) {
		t.Fatalf("the top row is not the best month %s %s: %q\n%s", label, format.FormatUSD(bestRev), top, scr)
	}

	s.tmux("send-keys", "jjj") // one write: one KeyRunes message of three runes
	deadline := time.Now().Add(5 * time.Second)
	for {
		lines = strings.Split(s.screen(), "\n")
		row := -1
		for i, l := range lines {
			if strings.Contains(l, "Watch Period") {
				row = i
			}
			if row >= 0 && strings.Contains(l, "│›") {
				row = i - row
				break
			}
		}
		if row == 4 {
			break
		}
		if time.Now().After(deadline) {
			t.Fatalf("jjj put the cursor on row %d, want 4:\n%s", row, strings.Join(lines, "\n"))
		}
		time.Sleep(100 * time.Millisecond)
	}
	s.keys("q")
}
