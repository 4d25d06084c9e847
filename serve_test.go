package main

import (
	"bytes"
	"errors"
	"net"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
	"time"

	"marquee/cli"
)

// writeReport writes a canonical report with one line per title.
func writeReport(t *testing.T, path string, titles ...string) {
	t.Helper()
	body := "report_date,period_start,period_end,title,channel,country,quantity,unit,amount,currency\n"
	for _, title := range titles {
		body += "2024-06-30,2024-06-01,2024-06-30," + title + ",Tubi,US,1,views,12.50,USD\n"
	}
	if err := os.WriteFile(path, []byte(body), 0o644); err != nil {
		t.Fatal(err)
	}
}

// sshKey makes an ed25519 key pair with ssh-keygen, or skips.
func sshKey(t *testing.T, path string) {
	t.Helper()
	if _, err := exec.LookPath("ssh-keygen"); err != nil {
		t.Skip("ssh-keygen (openssh-client) is not installed")
	}
	if out, err := exec.Command("ssh-keygen", "-q", "-t", "ed25519", "-N", "", "-C", "test", "-f", path).CombinedOutput(); err != nil {
		t.Fatalf("ssh-keygen: %v\n%s", err, out)
	}
}

func TestAccountTitleAndRouteCommands(t *testing.T) {
	dir := t.TempDir()
	db := filepath.Join(dir, "m.db")
	key := filepath.Join(dir, "ann_key")
	sshKey(t, key)
	pub, _ := os.ReadFile(key + ".pub")

	out, err := runCLI(t, "account", "add", "ann", "--db", db, "--timezone", "Europe/London", "--key", key+".pub")
	if err != nil || !strings.Contains(out, `account "ann" created, time zone Europe/London`) || !strings.Contains(out, "SHA256:") {
		t.Fatalf("account add: %v\n%s", err, out)
	}
	if _, err := runCLI(t, "account", "add", "bob", "--db", db); err != nil {
		t.Fatal(err)
	}
	// The same key for a second account is refused.
	if _, err := runCLI(t, "account", "add", "bob", "--db", db, "--key", string(pub)); err == nil || !strings.Contains(err.Error(), "already registered") {
		t.Fatalf("key reuse: %v", err)
	}
	out, _ = runCLI(t, "account", "keys", "ann", "--db", db)
	if lines := strings.Split(strings.TrimSpace(out), "\n"); len(lines) != 2 || !strings.HasPrefix(lines[1], "SHA256:") {
		t.Fatalf("account keys:\n%s", out)
	}
	fp := strings.Fields(strings.Split(out, "\n")[1])[0]
	out, _ = runCLI(t, "account", "list", "--db", db)
	if !strings.Contains(out, "ann      Europe/London     1") || !strings.Contains(out, "bob      UTC               0") {
		t.Fatalf("account list:\n%s", out)
	}

	for title, owner := range map[string]string{"Night Ferry": "ann", "Copper Sky": "bob"} {
		if _, err := runCLI(t, "title", "assign", title, "--account", owner, "--db", db); err != nil {
			t.Fatal(err)
		}
	}
	report := filepath.Join(dir, "dist.csv")
	writeReport(t, report, "Night Ferry", "Copper Sky", "Orphan Reel")
	out, err = runCLI(t, "import", "--route", "--db", db, report)
	if err != nil || !strings.Contains(out, "3 rows read, 1 to ann, 1 to bob, 1 held for unassigned titles") {
		t.Fatalf("import --route: %v\n%s", err, out)
	}
	out, _ = runCLI(t, "title", "list", "--unassigned", "--db", db)
	if !strings.Contains(out, "Orphan Reel") || strings.Contains(out, "Night Ferry") {
		t.Fatalf("title list --unassigned:\n%s", out)
	}
	out, err = runCLI(t, "title", "assign", "Orphan Reel", "--account", "ann", "--db", db)
	if err != nil || !strings.Contains(out, "1 held line moved") {
		t.Fatalf("assign: %v\n%s", err, out)
	}
	ann, _ := runCLI(t, "report", "--db", db, "--account", "ann", "--view", "detail", "--format", "csv")
	bob, _ := runCLI(t, "report", "--db", db, "--account", "bob", "--view", "detail", "--format", "csv")
	if !strings.Contains(ann, "Night Ferry") || !strings.Contains(ann, "Orphan Reel") || strings.Contains(ann, "Copper Sky") {
		t.Fatalf("ann's lines:\n%s", ann)
	}
	if !strings.Contains(bob, "Copper Sky") || strings.Contains(bob, "Night Ferry") || strings.Contains(bob, "Orphan Reel") {
		t.Fatalf("bob's lines:\n%s", bob)
	}
	out, _ = runCLI(t, "title", "list", "--db", db)
	if !strings.Contains(out, "Orphan Reel  ann") {
		t.Fatalf("title list:\n%s", out)
	}
	if _, err := runCLI(t, "account", "remove-key", "ann", fp, "--db", db); err != nil {
		t.Fatal(err)
	}
	if out, _ := runCLI(t, "account", "keys", "ann", "--db", db); strings.Contains(out, fp) {
		t.Fatalf("key still listed:\n%s", out)
	}
}

func TestAccountCommandsBadInput(t *testing.T) {
	db := filepath.Join(t.TempDir(), "m.db")
	for _, args := range [][]string{
		{"account"},
		{"account", "frob"},
		{"account", "add", "--db", db},
		{"account", "add", "Bad Name", "--db", db},
		{"account", "add", "ann", "--timezone", "Mars/Olympus", "--db", db},
		{"account", "add", "ann", "--key", "ssh-ed25519 not-base64", "--db", db},
		{"account", "add", "ann", "--key", filepath.Join(t.TempDir(), "missing.pub"), "--db", db},
		{"account", "keys", "--db", db},
		{"account", "remove-key", "ann", "not-a-fingerprint", "--db", db},
		{"title", "assign", "Night Ferry", "--db", db},
		{"title", "list", "extra", "--db", db},
		{"import", "--route", "--account", "ann", "--db", db, db},
		{"serve", "--listen", "nowhere", "--db", db},
		{"serve", "--bogus"},
	} {
		_, err := runCLI(t, args...)
		var ue cli.UsageError
		if !errors.As(err, &ue) {
			t.Errorf("%v: %v, want a usage error", args, err)
		} else if strings.Contains(ue.Error(), "\n") {
			t.Errorf("%v: message is not one line: %q", args, ue.Error())
		}
	}
}

// The built binary serves over SSH: the real ssh client in tmux sees the
// account's dashboard and quits with q; SIGTERM stops the server cleanly,
// and the host key made on first start is kept.
func TestServeBinaryWithOpenSSH(t *testing.T) {
	if testing.Short() {
		t.Skip("builds the binary and drives ssh in tmux")
	}
	if _, err := exec.LookPath("ssh"); err != nil {
		t.Skip("ssh (openssh-client) is not installed")
	}
	dir := t.TempDir()
	bin := filepath.Join(dir, "marquee")
	if out, err := exec.Command("go", "build", "-o", bin, ".").CombinedOutput(); err != nil {
		t.Fatalf("build: %v\n%s", err, out)
	}
	db := filepath.Join(dir, "data", "m.db")
	key := filepath.Join(dir, "ann_key")
	sshKey(t, key)
	for _, args := range [][]string{
		{"account", "add", "ann", "--db", db, "--timezone", "Asia/Tokyo", "--key", key + ".pub"},
		{"title", "assign", "Night Ferry", "--account", "ann", "--db", db},
	} {
		if out, err := exec.Command(bin, args...).CombinedOutput(); err != nil {
			t.Fatalf("%v: %v\n%s", args, err, out)
		}
	}
	report := filepath.Join(dir, "dist.csv")
	writeReport(t, report, "Night Ferry", "Other Film")
	if out, err := exec.Command(bin, "import", "--route", "--db", db, report).CombinedOutput(); err != nil {
		t.Fatalf("import: %v\n%s", err, out)
	}

	addr := freeAddr(t)
	serve := func() (*exec.Cmd, *bytes.Buffer) {
		cmd := exec.Command(bin, "serve", "--db", db, "--listen", addr, "--inbox", filepath.Join(dir, "inbox"))
		var logs bytes.Buffer
		cmd.Stderr = &logs
		if err := cmd.Start(); err != nil {
			t.Fatal(err)
		}
		t.Cleanup(func() { cmd.Process.Kill() })
		for deadline := time.Now().Add(10 * time.Second); ; time.Sleep(50 * time.Millisecond) {
			if c, err := net.Dial("tcp", addr); err == nil {
				c.Close()
				break
			}
			if time.Now().After(deadline) {
				t.Fatalf("serve never listened:\n%s", logs.String())
			}
		}
		return cmd, &logs
	}
	server, logs := serve()
	hostKey := filepath.Join(dir, "data", "ssh_host_ed25519_key")
	firstKey, err := os.ReadFile(hostKey)
	if err != nil {
		t.Fatalf("no host key beside the database: %v", err)
	}

	_, port, _ := net.SplitHostPort(addr)
	s := newTmux(t, 100, 30, "ssh -F /dev/null -p "+port+" -i "+key+
		" -o IdentitiesOnly=yes -o BatchMode=yes -o StrictHostKeyChecking=no -o UserKnownHostsFile=/dev/null"+
		" -o LogLevel=ERROR filmmaker@127.0.0.1")
	scr := s.waitFor("marquee │ ann", "Asia/Tokyo", "$12.500")
	if strings.Contains(scr, "Other Film") {
		t.Fatalf("another title on ann's screen:\n%s", scr)
	}
	s.keys("q")
	deadline := time.Now().Add(10 * time.Second)
	for exec.Command("tmux", "-L", s.socket, "has-session").Run() == nil {
		if time.Now().After(deadline) {
			t.Fatalf("q did not end the ssh session:\n%s", s.screen())
		}
		time.Sleep(100 * time.Millisecond)
	}

	besideTheServer(t, bin, dir, db, port)

	server.Process.Signal(syscall.SIGTERM)
	if err := waitExit(server, 15*time.Second); err != nil {
		t.Fatalf("serve after SIGTERM: %v\n%s", err, logs)
	}
	if _, err := os.Lstat(db + ".sock"); !os.IsNotExist(err) {
		t.Errorf("the control socket outlived the server: %v", err)
	}
	for _, want := range []string{"account=ann", "fingerprint=SHA256:", "connect", "disconnect", "shutting down"} {
		if !strings.Contains(logs.String(), want) {
			t.Errorf("log lacks %q:\n%s", want, logs)
		}
	}
	server, _ = serve()
	again, _ := os.ReadFile(hostKey)
	if !bytes.Equal(firstKey, again) {
		t.Error("the host key changed on restart")
	}
	server.Process.Signal(syscall.SIGINT)
	if err := waitExit(server, 15*time.Second); err != nil {
		t.Fatalf("serve after SIGINT: %v", err)
	}

	// A server killed outright leaves its socket; commands then open the
	// database themselves, and the next server replaces the socket.
	server, _ = serve()
	server.Process.Kill()
	waitExit(server, 15*time.Second)
	if out, err := exec.Command(bin, "account", "list", "--db", db).CombinedOutput(); err != nil || !strings.Contains(string(out), "bob") {
		t.Fatalf("account list after a killed server: %v\n%s", err, out)
	}
	server, logs = serve()
	if out, err := exec.Command(bin, "title", "list", "--db", db).CombinedOutput(); err != nil || !strings.Contains(string(out), "Copper Sky") {
		t.Fatalf("title list through a restarted server: %v\n%s\n%s", err, out, logs)
	}
	server.Process.Signal(syscall.SIGTERM)
	waitExit(server, 15*time.Second)
}

// besideTheServer runs the admin commands while `marquee serve` holds the
// database: they reach it through the control socket, relative paths are
// the caller's, failures keep their exit status and message, a key added
// opens its account at once, and the dashboard says where to go instead.
func besideTheServer(t *testing.T, bin, dir, db, port string) {
	t.Helper()
	sshKey(t, filepath.Join(dir, "bob_key"))
	writeReport(t, filepath.Join(dir, "dist2.csv"), "Copper Sky", "Night Ferry")
	cli := func(args ...string) (string, string, int) {
		if len(args) > 0 && (args[0] == "import" || args[0] == "report") {
			args = append([]string{args[0], "--db", db}, args[1:]...) // flags before paths
		} else {
			args = append(args, "--db", db)
		}
		cmd := exec.Command(bin, args...)
		cmd.Dir = dir // the key and the report are named relative to it
		var out, errOut bytes.Buffer
		cmd.Stdout, cmd.Stderr = &out, &errOut
		err := cmd.Run()
		code := 0
		var exit *exec.ExitError
		if errors.As(err, &exit) {
			code = exit.ExitCode()
		} else if err != nil {
			t.Fatal(err)
		}
		return out.String(), errOut.String(), code
	}
	for _, step := range []struct {
		args []string
		want string
	}{
		{[]string{"account", "add", "bob", "--timezone", "America/New_York", "--key", "bob_key.pub"}, `account "bob" created, time zone America/New_York`},
		{[]string{"title", "assign", "Copper Sky", "--account", "bob"}, `title "Copper Sky" belongs to account "bob"`},
		{[]string{"import", "--route", "dist2.csv"}, "2 rows read, 1 to ann, 1 to bob"},
		{[]string{"report", "--account", "bob", "--view", "detail", "--format", "csv"}, "Copper Sky"},
		{[]string{"account", "list"}, "bob      America/New_York     1"},
	} {
		out, errOut, code := cli(step.args...)
		if code != 0 || !strings.Contains(out, step.want) {
			t.Fatalf("%v beside the server: exit %d\nstdout: %s\nstderr: %s", step.args, code, out, errOut)
		}
	}
	// A failure inside the server keeps its status and its one line.
	_, errOut, code := cli("account", "remove-key", "bob", "SHA256:"+strings.Repeat("A", 43))
	if code != 1 || strings.Count(errOut, "\n") != 1 || !strings.HasPrefix(errOut, "marquee: ") {
		t.Fatalf("remove-key of an unknown key: exit %d, stderr %q", code, errOut)
	}
	_, errOut, code = cli()
	if code != 1 || !strings.Contains(errOut, "marquee serve has it open") {
		t.Fatalf("the dashboard beside the server: exit %d, stderr %q", code, errOut)
	}
	// bob's new key opens bob's dashboard on the running server.
	s := newTmux(t, 100, 30, "ssh -F /dev/null -p "+port+" -i "+filepath.Join(dir, "bob_key")+
		" -o IdentitiesOnly=yes -o BatchMode=yes -o StrictHostKeyChecking=no -o UserKnownHostsFile=/dev/null"+
		" -o LogLevel=ERROR bob@127.0.0.1")
	scr := s.waitFor("marquee │ bob", "America/New_York", "$12.500")
	if strings.Contains(scr, "Night Ferry") {
		t.Fatalf("ann's title on bob's screen:\n%s", scr)
	}
	s.keys("q")
}

func freeAddr(t *testing.T) string {
	t.Helper()
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	defer ln.Close()
	return ln.Addr().String()
}

func waitExit(cmd *exec.Cmd, timeout time.Duration) error {
	done := make(chan error, 1)
	go func() { done <- cmd.Wait() }()
	select {
	case err := <-done:
		return err
	case <-time.After(timeout):
		cmd.Process.Kill()
		return errors.New("did not exit in time")
	}
}
