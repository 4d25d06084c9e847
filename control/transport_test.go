package control

import (
	"bytes"
	"context"
	"errors"
	"io"
	"net"
	"os"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
	"time"
)

// within fails the test unless fn returns within d.
func within(t *testing.T, d time.Duration, what string, fn func()) {
	t.Helper()
	done := make(chan struct{})
	go func() { fn(); close(done) }()
	select {
	case <-done:
	case <-time.After(d):
		t.Fatalf("%s took longer than %v", what, d)
	}
}

// A client that sends half a request and waits neither holds the server's
// shutdown nor a connection past RequestTimeout.
func TestHalfRequestHoldsNothing(t *testing.T) {
	path, stop := serveWith(t, func(s *Server) { s.RequestTimeout = 200 * time.Millisecond },
		func(context.Context, Request, io.Writer, io.Writer) int {
			t.Error("the handler ran")
			return 0
		})
	late, err := net.Dial("unix", path)
	if err != nil {
		t.Fatal(err)
	}
	defer late.Close()
	io.WriteString(late, `{"args":["imp`)
	late.SetReadDeadline(time.Now().Add(3 * time.Second))
	reply, _ := io.ReadAll(late)
	if !strings.Contains(string(reply), "no complete request in time") || !strings.Contains(string(reply), `"exit":2`) {
		t.Fatalf("half a request: reply %q", reply)
	}

	stuck, err := net.Dial("unix", path)
	if err != nil {
		t.Fatal(err)
	}
	defer stuck.Close()
	io.WriteString(stuck, `{"args":["imp`)
	time.Sleep(50 * time.Millisecond)
	within(t, time.Second, "stopping with half a request pending", stop)
}

// Shutdown waits for half a request no longer than it takes to notice,
// even with a long RequestTimeout.
func TestShutdownDoesNotWaitForARequest(t *testing.T) {
	path, stop := serveWith(t, func(s *Server) { s.RequestTimeout = time.Hour },
		func(context.Context, Request, io.Writer, io.Writer) int { return 0 })
	c, err := net.Dial("unix", path)
	if err != nil {
		t.Fatal(err)
	}
	defer c.Close()
	io.WriteString(c, `{"args":`)
	time.Sleep(50 * time.Millisecond)
	within(t, time.Second, "stopping with half a request pending", stop)
}

// The command's context ends when its client goes away (an import from a
// FIFO kept running after the client gave up, and SIGTERM then hung).
func TestClientGoingAwayCancelsTheCommand(t *testing.T) {
	entered := make(chan struct{})
	cancelled := make(chan struct{})
	path, _ := serve(t, func(ctx context.Context, _ Request, _, _ io.Writer) int {
		close(entered)
		select {
		case <-ctx.Done():
			close(cancelled)
		case <-time.After(10 * time.Second):
		}
		return 1
	})
	c, err := net.Dial("unix", path)
	if err != nil {
		t.Fatal(err)
	}
	io.WriteString(c, `{"args":["import","fifo"]}`+"\n")
	<-entered
	c.Close()
	select {
	case <-cancelled:
	case <-time.After(2 * time.Second):
		t.Fatal("the command went on after its client left")
	}
}

// Stopping the server tells a running command to stop, and the client
// still gets the command's status.
func TestShutdownCancelsRunningCommands(t *testing.T) {
	entered := make(chan struct{})
	path, stop := serve(t, func(ctx context.Context, _ Request, _, stderr io.Writer) int {
		close(entered)
		<-ctx.Done()
		io.WriteString(stderr, "marquee: stopped: the server is shutting down\n")
		return 1
	})
	type result struct {
		code int
		err  error
	}
	got := make(chan result, 1)
	var errOut bytes.Buffer
	go func() {
		code, err := Call(path, Request{Args: []string{"import", "big.csv"}}, io.Discard, &errOut)
		got <- result{code, err}
	}()
	<-entered
	within(t, 2*time.Second, "stopping with a running command", stop)
	r := <-got
	if r.err != nil || r.code != 1 || !strings.Contains(errOut.String(), "shutting down") {
		t.Fatalf("Call = %d, %v, stderr %q", r.code, r.err, errOut.String())
	}
}

// Out of file descriptors, the control socket's accept loop waits instead
// of ending for good (20,000 idle SSH connections killed it silently).
func TestControlSurvivesFileDescriptorExhaustion(t *testing.T) {
	path, _ := serve(t, func(context.Context, Request, io.Writer, io.Writer) int { return 0 })
	var old syscall.Rlimit
	if err := syscall.Getrlimit(syscall.RLIMIT_NOFILE, &old); err != nil {
		t.Skip("no RLIMIT_NOFILE")
	}
	fds, err := os.ReadDir("/proc/self/fd")
	if err != nil {
		t.Skip("no /proc/self/fd")
	}
	lim := old
	lim.Cur = uint64(len(fds)) + 4
	if err := syscall.Setrlimit(syscall.RLIMIT_NOFILE, &lim); err != nil {
		t.Skipf("setrlimit: %v", err)
	}
	var conns []net.Conn
	for range 10 {
		c, err := net.Dial("unix", path)
		if err != nil {
			break
		}
		conns = append(conns, c)
	}
	time.Sleep(200 * time.Millisecond) // the server's accepts fail meanwhile
	for _, c := range conns {
		c.Close()
	}
	syscall.Setrlimit(syscall.RLIMIT_NOFILE, &old)
	deadline := time.Now().Add(3 * time.Second)
	for {
		code, err := Call(path, Request{Args: []string{"report"}}, io.Discard, io.Discard)
		if err == nil && code == 0 {
			return
		}
		if time.Now().After(deadline) {
			t.Fatalf("the control socket no longer answers after running out of descriptors: %d %v", code, err)
		}
		time.Sleep(50 * time.Millisecond)
	}
}

// What comes back on stderr is stripped of escape sequences and control
// characters before it reaches the terminal.
func TestCallSanitisesMessages(t *testing.T) {
	path, _ := serve(t, func(_ context.Context, _ Request, stdout, stderr io.Writer) int {
		io.WriteString(stderr, "\x1b]0;owned\x07\x1b[2J\x1b[31mimported 0 files\x1b[0m\r\n")
		io.WriteString(stdout, "a,b\n") // a pipe: bytes as they are
		return 0
	})
	var out, errOut bytes.Buffer
	if code, err := Call(path, Request{Args: []string{"import"}}, &out, &errOut); err != nil || code != 0 {
		t.Fatalf("Call = %d, %v", code, err)
	}
	if errOut.String() != "imported 0 files\n" || out.String() != "a,b\n" {
		t.Fatalf("stderr %q, stdout %q", errOut.String(), out.String())
	}
}

func TestSanitize(t *testing.T) {
	for _, tc := range []struct{ in, want string }{
		{"plain text\n", "plain text\n"},
		{"tab\tkept\n", "tab\tkept\n"},
		{"\x1b[31mred\x1b[0m", "red"},
		{"\x1b[?1049h\x1b[2J\x1b[Hclear", "clear"},
		{"\x1b]0;title\x07after", "after"},
		{"\x1b]8;;http://x\x1b\\link\x1b]8;;\x1b\\", "link"},
		{"\x1bPdcs stuff\x1b\\ok", "ok"},
		{"\x1b7saved\x1b8", "saved"},
		{"over\rwrite", "overwrite"},
		{"bell\x07 back\x08 nul\x00 del\x7f", "bell back nul del"},
		{"c1 \u009b31m csi", "c1  csi"},
		{"c1 \u009d0;t\u009c osc", "c1  osc"},
		{"bad \xff byte", "bad \ufffd byte"},
		{"Café — 東京 $1,120.750", "Café — 東京 $1,120.750"},
		{"trailing \x1b", "trailing "},
		{"\x1b[31", ""},
	} {
		if got := Sanitize(tc.in); got != tc.want {
			t.Errorf("Sanitize(%q) = %q, want %q", tc.in, got, tc.want)
		}
	}
}

// socketDir is a folder for sockets (their paths are short).
func socketDir(t *testing.T) string {
	t.Helper()
	dir, err := os.MkdirTemp("", "ctl")
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { os.RemoveAll(dir) })
	return dir
}

// Call sends nothing to a path that is not a socket, or is a symbolic
// link to one.
func TestCallRefusesWhatIsNotOurSocket(t *testing.T) {
	ran := make(chan Request, 1)
	path, _ := serve(t, func(_ context.Context, req Request, _, _ io.Writer) int {
		ran <- req
		return 0
	})
	dir := socketDir(t)
	link := filepath.Join(dir, "link.sock")
	if err := os.Symlink(path, link); err != nil {
		t.Fatal(err)
	}
	file := filepath.Join(dir, "file.sock")
	os.WriteFile(file, nil, 0o600)
	for _, p := range []string{link, file} {
		_, err := Call(p, Request{Args: []string{"import"}, Dir: "/home/ann"}, io.Discard, io.Discard)
		if !errors.Is(err, ErrUntrusted) {
			t.Errorf("%s: err = %v, want ErrUntrusted", filepath.Base(p), err)
		}
	}
	select {
	case req := <-ran:
		t.Fatalf("a command was sent through a link: %v", req)
	default:
	}
}

// asUser runs fn with the effective user id uid (the test runs as root),
// so that what fn creates belongs to that user.
func asUser(t *testing.T, uid int, fn func()) {
	t.Helper()
	if err := syscall.Setresuid(-1, uid, -1); err != nil {
		t.Fatalf("seteuid %d: %v", uid, err)
	}
	defer func() {
		if err := syscall.Setresuid(-1, 0, -1); err != nil {
			panic(err) // the rest of the tests would run as another user
		}
	}()
	fn()
}

// With the database in a shared folder, a socket another user put at
// DB.sock, or a socket of ours answered by another user's process, gets
// neither the command line nor the working directory.
func TestCallRefusesAnotherUsersServer(t *testing.T) {
	if os.Getuid() != 0 {
		t.Skip("needs root to act as another user")
	}
	const nobody = 65534
	dir := socketDir(t)
	os.Chmod(dir, 0o777) // a shared folder
	fake := filepath.Join(dir, "m.db.sock")
	var ln *net.UnixListener
	asUser(t, nobody, func() {
		var err error
		ln, err = net.ListenUnix("unix", &net.UnixAddr{Name: fake, Net: "unix"})
		if err != nil {
			t.Fatal(err)
		}
	})
	defer ln.Close()
	got := make(chan string, 4)
	go func() {
		for {
			c, err := ln.Accept()
			if err != nil {
				return
			}
			c.SetReadDeadline(time.Now().Add(500 * time.Millisecond))
			b, _ := io.ReadAll(c)
			if len(b) > 0 {
				got <- string(b)
			}
			c.Write([]byte(`{"out":"\u001b]0;pwned\u0007"}` + "\n" + `{"exit":0}` + "\n"))
			c.Close()
		}
	}()
	// The socket file is nobody's.
	if _, err := Call(fake, Request{Args: []string{"import", "x.csv"}, Dir: "/home/ann"}, io.Discard, io.Discard); !errors.Is(err, ErrUntrusted) || !strings.Contains(err.Error(), "belongs to user 65534") {
		t.Fatalf("another user's socket: err = %v", err)
	}
	// The file is ours, the process answering is not.
	if err := os.Lchown(fake, 0, 0); err != nil {
		t.Fatal(err)
	}
	if _, err := Call(fake, Request{Args: []string{"import", "x.csv"}, Dir: "/home/ann"}, io.Discard, io.Discard); !errors.Is(err, ErrUntrusted) || !strings.Contains(err.Error(), "runs as user 65534") {
		t.Fatalf("another user's server: err = %v", err)
	}
	select {
	case b := <-got:
		t.Fatalf("the fake server received %q", b)
	case <-time.After(700 * time.Millisecond):
	}
}
