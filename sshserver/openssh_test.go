package sshserver

import (
	"crypto/ed25519"
	"crypto/rand"
	"encoding/pem"
	"net"
	"os"
	"os/exec"
	"path/filepath"
	"testing"
	"time"

	"github.com/creack/pty"
	gossh "golang.org/x/crypto/ssh"
)

// TestOpenSSHClient connects with the real ssh client (openssh-client,
// installed by .ci/run) on a terminal of its own, sees the account's
// dashboard and quits with q.
func TestOpenSSHClient(t *testing.T) {
	sshBin, err := exec.LookPath("ssh")
	if err != nil {
		t.Skip("ssh (openssh-client) is not installed")
	}
	ts := startServer(t, nil)
	dir := t.TempDir()

	// A fresh ed25519 key in OpenSSH's file format, registered for ann.
	pub, priv, err := ed25519.GenerateKey(rand.Reader)
	if err != nil {
		t.Fatal(err)
	}
	block, err := gossh.MarshalPrivateKey(priv, "ann@test")
	if err != nil {
		t.Fatal(err)
	}
	keyFile := filepath.Join(dir, "id_ed25519")
	if err := os.WriteFile(keyFile, pem.EncodeToMemory(block), 0o600); err != nil {
		t.Fatal(err)
	}
	sshPub, _ := gossh.NewPublicKey(pub)
	if _, err := ts.db.CreateAccount("ann", "Europe/London"); err != nil {
		t.Fatal(err)
	}
	rec, err := ParseKey(string(gossh.MarshalAuthorizedKey(sshPub)))
	if err != nil {
		t.Fatal(err)
	}
	rec.Account = "ann"
	if err := ts.db.AddKey(rec); err != nil {
		t.Fatal(err)
	}
	a, _ := ts.db.ExistingAccount("ann")
	if _, err := a.Post(fileRec("ann.csv"), annLines); err != nil {
		t.Fatal(err)
	}

	_, port, _ := net.SplitHostPort(ts.addr)
	cmd := exec.Command(sshBin, "-F", "/dev/null", "-p", port, "-i", keyFile,
		"-o", "IdentitiesOnly=yes", "-o", "BatchMode=yes", "-o", "StrictHostKeyChecking=no",
		"-o", "UserKnownHostsFile=/dev/null", "-o", "LogLevel=ERROR",
		"someone@127.0.0.1")
	cmd.Env = append(os.Environ(), "TERM=xterm-256color", "HOME="+dir)
	tty, err := pty.StartWithSize(cmd, &pty.Winsize{Cols: 110, Rows: 32})
	if err != nil {
		t.Fatal(err)
	}
	defer tty.Close()
	scr := newScreen(110, 32)
	scr.reply = func(b []byte) { tty.Write(b) }
	go func() {
		buf := make([]byte, 4096)
		for {
			n, err := tty.Read(buf)
			scr.Write(buf[:n])
			if err != nil {
				return
			}
		}
	}()
	exited := make(chan error, 1)
	go func() { exited <- cmd.Wait() }()

	if _, ok := scr.waitFor(20*time.Second, contains("marquee │ ann", "Europe/London", "$120.750", "Jun 2024")); !ok {
		t.Fatalf("ssh never showed ann's dashboard:\n%s", scr.text())
	}
	tty.Write([]byte("q"))
	select {
	case err := <-exited:
		if err != nil {
			t.Fatalf("ssh exited with %v:\n%s", err, scr.text())
		}
	case <-time.After(10 * time.Second):
		cmd.Process.Kill()
		t.Fatalf("q did not end the ssh session:\n%s", scr.text())
	}
}
