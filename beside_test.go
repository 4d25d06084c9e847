package main

import (
	"bytes"
	"net"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
	"time"

	"marquee/control"
)

// runIn runs the binary in dir with exactly the variables env (and PATH),
// as a caller in another terminal would.
func runIn(t *testing.T, dir string, env []string, bin string, args ...string) (stdout, stderr string, status int) {
	t.Helper()
	cmd := exec.Command(bin, args...)
	cmd.Dir = dir
	cmd.Env = append([]string{"PATH=" + os.Getenv("PATH")}, env...)
	return runBin(t, cmd)
}

// startServe starts `marquee serve` on db with its own environment, and
// returns once its control socket answers.
func startServe(t *testing.T, bin, dir, db string, env []string, stderr *os.File) *exec.Cmd {
	t.Helper()
	cmd := exec.Command(bin, "serve", "--db", db, "--listen", freeAddr(t), "--inbox", filepath.Join(dir, "inbox"))
	cmd.Env = append([]string{"PATH=" + os.Getenv("PATH")}, env...)
	var logs bytes.Buffer
	cmd.Stderr = &logs
	if stderr != nil {
		cmd.Stderr = stderr
	}
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { cmd.Process.Kill() })
	waitListening(t, control.SocketPath(db), func() string { return logs.String() })
	return cmd
}

func waitListening(t *testing.T, sock string, logs func() string) {
	t.Helper()
	for deadline := time.Now().Add(15 * time.Second); !control.Listening(sock); time.Sleep(50 * time.Millisecond) {
		if time.Now().After(deadline) {
			t.Fatalf("nothing listens on %s:\n%s", sock, logs())
		}
	}
}

// A command forwarded to a running server runs with the caller's
// environment, never the server's: `MARQUEE_DB=… marquee demo` works as
// `--db` does (it exited 2: the server had no MARQUEE_DB), and a relative
// $MARQUEE_DB is the caller's directory's.
func TestForwardedCommandsUseTheCallersEnvironment(t *testing.T) {
	if testing.Short() {
		t.Skip("builds the binary")
	}
	bin := buildMarquee(t)
	dir := t.TempDir()
	db := filepath.Join(dir, "data", "m.db")
	server := startServe(t, bin, dir, db, []string{"HOME=" + filepath.Join(dir, "server-home")}, nil)

	caller := []string{"MARQUEE_DB=" + db, "HOME=" + filepath.Join(dir, "caller-home")}
	out, errOut, code := runIn(t, dir, caller, bin, "demo")
	if code != 0 || !strings.Contains(out, `demo data written to account "local"`) {
		t.Fatalf("MARQUEE_DB=… marquee demo beside serve: exit %d\nstdout: %s\nstderr: %s", code, out, errOut)
	}
	out, errOut, code = runIn(t, dir, []string{"MARQUEE_DB=data/m.db"}, bin, "report", "--format", "json")
	if code != 0 || !strings.Contains(out, `"revenue_usd":"10601.407"`) {
		t.Fatalf("a relative MARQUEE_DB beside serve: exit %d\nstdout: %s\nstderr: %s", code, out, errOut)
	}
	server.Process.Signal(syscall.SIGTERM)
	if err := waitExit(server, 15*time.Second); err != nil {
		t.Fatalf("serve: %v", err)
	}
}

// An open dashboard serves the control socket as `marquee serve` does:
// import, report and account set from another terminal run inside it, with
// the caller's variables and directory, and the screen follows at once.
// Another dashboard or a server on the same database is refused in one
// line. (They all failed with "in use" before.)
func TestDashboardServesTheControlSocket(t *testing.T) {
	if testing.Short() {
		t.Skip("builds the binary and drives it in tmux")
	}
	bin := buildMarquee(t)
	dir := t.TempDir()
	db := filepath.Join(dir, "m.db")
	writeReport(t, filepath.Join(dir, "first.csv"), "Night Ferry")
	if _, errOut, code := runIn(t, dir, nil, bin, "import", "--db", db, "first.csv"); code != 0 {
		t.Fatalf("first import: %s", errOut)
	}
	s := newTmux(t, 120, 40, bin+" --db "+db+" --inbox "+filepath.Join(dir, "inbox"))
	s.waitFor("marquee │ local", "$12.500")
	waitListening(t, control.SocketPath(db), s.screen)

	writeReport(t, filepath.Join(dir, "second.csv"), "Copper Sky", "Salt & Iron")
	out, errOut, code := runIn(t, dir, []string{"MARQUEE_DB=" + db}, bin, "import", "second.csv")
	if code != 0 || !strings.Contains(out, "second.csv: canonical: 2 rows read, 2 line items stored") {
		t.Fatalf("import beside the dashboard: exit %d\nstdout: %s\nstderr: %s", code, out, errOut)
	}
	s.waitFor("$37.500")
	out, errOut, code = runIn(t, dir, []string{"MARQUEE_DB=m.db"}, bin, "report", "--format", "json")
	if code != 0 || !strings.Contains(out, `"revenue_usd":"37.5"`) {
		t.Fatalf("report beside the dashboard: exit %d\nstdout: %s\nstderr: %s", code, out, errOut)
	}
	out, errOut, code = runIn(t, dir, nil, bin, "account", "set", "--db", db, "--timezone", "Asia/Tokyo")
	if code != 0 || !strings.Contains(out, "Asia/Tokyo") {
		t.Fatalf("account set beside the dashboard: exit %d\nstdout: %s\nstderr: %s", code, out, errOut)
	}
	s.waitFor("time zone Asia/Tokyo")
	// A failure inside the dashboard keeps its status and its one line.
	out, errOut, code = runIn(t, dir, nil, bin, "import", "--db", db, "missing.csv")
	if code != 1 || !strings.HasPrefix(out, "missing.csv: rejected: ") {
		t.Fatalf("a missing file beside the dashboard: exit %d\nstdout: %s\nstderr: %s", code, out, errOut)
	}
	for _, args := range [][]string{
		{"--db", db},
		{"serve", "--db", db, "--listen", "127.0.0.1:0"},
	} {
		_, errOut, code := runIn(t, dir, nil, bin, args...)
		if code != 1 || strings.Count(errOut, "\n") != 1 || !strings.Contains(errOut, "a marquee dashboard has it open") {
			t.Errorf("%v beside the dashboard: exit %d, stderr %q", args, code, errOut)
		}
	}
	s.keys("q")
	deadline := time.Now().Add(10 * time.Second)
	for control.Listening(control.SocketPath(db)) || exists(control.SocketPath(db)) {
		if time.Now().After(deadline) {
			t.Fatal("the control socket outlived the dashboard")
		}
		time.Sleep(50 * time.Millisecond)
	}
}

func exists(path string) bool {
	_, err := os.Lstat(path)
	return err == nil
}

// The built binary answers --help with the README's command reference
// (--inbox included), `report -h` with the report's flags, and --version
// with what Go recorded in it: exit 0 each.
func TestHelpAndVersion(t *testing.T) {
	if testing.Short() {
		t.Skip("builds the binary")
	}
	bin := buildMarquee(t)
	dir := t.TempDir()
	readme, err := os.ReadFile("README.md")
	if err != nil {
		t.Fatal(err)
	}
	_, section, _ := strings.Cut(string(readme), "## Command reference\n")
	_, block, _ := strings.Cut(section, "```\n")
	block, _, _ = strings.Cut(block, "```\n")
	out, errOut, code := runIn(t, dir, nil, bin, "--help")
	if code != 0 || !strings.Contains(out, block) || !strings.Contains(out, "[--inbox DIR]") {
		t.Fatalf("--help: exit %d, stderr %q; it does not quote the README's reference:\n%s", code, errOut, out)
	}
	out, _, code = runIn(t, dir, nil, bin, "report", "-h")
	for _, want := range []string{"--from YYYY-MM-DD", "first watch date", "--channel NAME", "--tz ZONE", "--format text|csv|json"} {
		if code != 0 || !strings.Contains(out, want) {
			t.Fatalf("report -h: exit %d, lacks %q:\n%s", code, want, out)
		}
	}
	out, _, code = runIn(t, dir, nil, bin, "--version")
	meta, err := exec.Command("go", "version", "-m", bin).Output()
	if err != nil {
		t.Fatal(err)
	}
	commit := "(no commit recorded)"
	for _, l := range strings.Split(string(meta), "\n") {
		if _, rev, ok := strings.Cut(l, "vcs.revision="); ok {
			commit = "(commit " + rev[:12]
		}
	}
	if code != 0 || !strings.HasPrefix(out, "marquee ") || !strings.Contains(out, commit) || strings.Count(out, "\n") != 1 {
		t.Fatalf("--version: exit %d, want %s in one line:\n%s", code, commit, out)
	}
}

// Without a terminal to draw on — stdout piped, or TERM=dumb — the
// dashboard says so in one line pointing to `marquee report` and exits 1,
// creating no database (not even the demo's), instead of a blank screen.
func TestDashboardWithoutATerminal(t *testing.T) {
	if testing.Short() {
		t.Skip("builds the binary")
	}
	bin := buildMarquee(t)
	dir := t.TempDir()
	home := filepath.Join(dir, "home")
	for _, args := range [][]string{{"--db", "new.db"}, {}} {
		_, errOut, code := runIn(t, dir, []string{"HOME=" + home, "TERM=xterm-256color"}, bin, args...)
		if code != 1 || strings.Count(errOut, "\n") != 1 || !strings.Contains(errOut, "standard output is not one: for scripts use marquee report") {
			t.Errorf("%v piped: exit %d, stderr %q", args, code, errOut)
		}
	}
	for _, made := range []string{filepath.Join(dir, "new.db"), filepath.Join(home, ".cache", "marquee", "demo-v1.db")} {
		if exists(made) {
			t.Errorf("%s was created", made)
		}
	}
	s := newTmux(t, 200, 20, "cd "+dir+" && TERM=dumb HOME="+home+" "+bin+" --db new.db; echo status=$?; sleep 60")
	scr := s.waitFor("status=1")
	if !strings.Contains(scr, "TERM is dumb: for plain output use marquee report") {
		t.Fatalf("TERM=dumb:\n%s", scr)
	}
	if exists(filepath.Join(dir, "new.db")) {
		t.Error("TERM=dumb created the database")
	}
}

// `marquee serve 2>&1 | tee log`, then Ctrl-C: tee dies too, and the
// server's log lines go to a closed pipe. The server must neither die of
// SIGPIPE nor skip telling its sessions goodbye.
func TestServeSurvivesAClosedStderr(t *testing.T) {
	if testing.Short() {
		t.Skip("builds the binary and drives ssh in tmux")
	}
	if _, err := exec.LookPath("ssh"); err != nil {
		t.Skip("ssh (openssh-client) is not installed")
	}
	bin := buildMarquee(t)
	dir := t.TempDir()
	db := filepath.Join(dir, "m.db")
	key := filepath.Join(dir, "ann_key")
	sshKey(t, key)
	if _, errOut, code := runIn(t, dir, nil, bin, "account", "add", "ann", "--db", db, "--key", key+".pub"); code != 0 {
		t.Fatal(errOut)
	}
	r, w, err := os.Pipe()
	if err != nil {
		t.Fatal(err)
	}
	r.Close() // the reader is gone before the server writes a line
	addr := freeAddr(t)
	server := exec.Command(bin, "serve", "--db", db, "--listen", addr, "--inbox", filepath.Join(dir, "inbox"))
	server.Stderr = w
	if err := server.Start(); err != nil {
		t.Fatal(err)
	}
	w.Close()
	t.Cleanup(func() { server.Process.Kill() })
	exited := make(chan error, 1)
	go func() { exited <- server.Wait() }()
	for deadline := time.Now().Add(15 * time.Second); !control.Listening(control.SocketPath(db)); time.Sleep(50 * time.Millisecond) {
		select {
		case err := <-exited:
			t.Fatalf("serve died writing its log to a closed pipe: %v", err)
		default:
		}
		if time.Now().After(deadline) {
			t.Fatal("serve never listened")
		}
	}
	_, port, _ := net.SplitHostPort(addr)
	s := newTmux(t, 100, 30, "ssh -F /dev/null -p "+port+" -i "+key+
		" -o IdentitiesOnly=yes -o BatchMode=yes -o StrictHostKeyChecking=no -o UserKnownHostsFile=/dev/null"+
		" -o LogLevel=ERROR ann@127.0.0.1; echo ssh-status=$?; sleep 60")
	s.waitFor("marquee │ ann")
	server.Process.Signal(syscall.SIGINT)
	s.waitFor("the server is shutting down; bye", "ssh-status=")
	select {
	case err := <-exited:
		if err != nil {
			t.Fatalf("serve after SIGINT: %v", err)
		}
	case <-time.After(15 * time.Second):
		t.Fatal("serve did not stop after SIGINT")
	}
}
