package control

import (
	"bytes"
	"context"
	"fmt"
	"io"
	"net"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"
)

// serve starts a server on a fresh socket with h and stops it at cleanup.
func serve(t *testing.T, h Handler) (path string, stop func()) {
	t.Helper()
	return serveWith(t, nil, h)
}

// serveWith is serve with the server's settings changed by adjust first.
func serveWith(t *testing.T, adjust func(*Server), h Handler) (path string, stop func()) {
	t.Helper()
	// Unix socket paths are short (108 bytes): t.TempDir() can be too long.
	dir, err := os.MkdirTemp("", "ctl")
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { os.RemoveAll(dir) })
	path = filepath.Join(dir, "m.db.sock")
	s, err := Listen(path)
	if err != nil {
		t.Fatal(err)
	}
	if adjust != nil {
		adjust(s)
	}
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan error, 1)
	go func() { done <- s.Serve(ctx, h) }()
	var once sync.Once
	stop = func() {
		once.Do(func() {
			cancel()
			if err := <-done; err != nil {
				t.Errorf("serve: %v", err)
			}
		})
	}
	t.Cleanup(stop)
	return path, stop
}

func TestCallRunsTheCommandInTheServer(t *testing.T) {
	path, _ := serve(t, func(_ context.Context, req Request, stdout, stderr io.Writer) int {
		fmt.Fprintf(stdout, "ran %s in %s\n", strings.Join(req.Args, " "), req.Dir)
		fmt.Fprintln(stderr, "a warning")
		fmt.Fprintln(stdout, "done")
		return 3
	})
	var out, errOut bytes.Buffer
	code, err := Call(path, Request{Args: []string{"title", "list"}, Dir: "/home/ann"}, &out, &errOut)
	if err != nil || code != 3 {
		t.Fatalf("Call = %d, %v", code, err)
	}
	if out.String() != "ran title list in /home/ann\ndone\n" || errOut.String() != "a warning\n" {
		t.Fatalf("stdout %q, stderr %q", out.String(), errOut.String())
	}
	if fi, err := os.Stat(path); err != nil || fi.Mode().Perm() != 0o600 {
		t.Fatalf("socket mode: %v %v", fi.Mode(), err)
	}
}

func TestCommandsRunConcurrently(t *testing.T) {
	release := make(chan struct{})
	var started sync.WaitGroup
	started.Add(4)
	path, _ := serve(t, func(_ context.Context, req Request, stdout, _ io.Writer) int {
		started.Done()
		<-release
		io.WriteString(stdout, req.Args[0])
		return 0
	})
	var wg sync.WaitGroup
	outs := make([]bytes.Buffer, 4)
	for i := range outs {
		wg.Add(1)
		go func() {
			defer wg.Done()
			if code, err := Call(path, Request{Args: []string{fmt.Sprint(i)}}, &outs[i], io.Discard); err != nil || code != 0 {
				t.Errorf("call %d: %d %v", i, code, err)
			}
		}()
	}
	started.Wait() // all four are inside the handler at once
	close(release)
	wg.Wait()
	for i := range outs {
		if outs[i].String() != fmt.Sprint(i) {
			t.Errorf("call %d got %q", i, outs[i].String())
		}
	}
}

// Stopping the server waits for a running command, so the database it
// uses is still open until the command ends.
func TestServeWaitsForRunningCommands(t *testing.T) {
	entered := make(chan struct{})
	finish := make(chan struct{})
	path, stop := serve(t, func(context.Context, Request, io.Writer, io.Writer) int {
		close(entered)
		<-finish
		return 0
	})
	result := make(chan error, 1)
	go func() {
		_, err := Call(path, Request{Args: []string{"import"}}, io.Discard, io.Discard)
		result <- err
	}()
	<-entered
	stopped := make(chan struct{})
	go func() { stop(); close(stopped) }()
	select {
	case <-stopped:
		t.Fatal("Serve returned while a command was running")
	case <-time.After(200 * time.Millisecond):
	}
	close(finish)
	<-stopped
	if err := <-result; err != nil {
		t.Fatalf("the running command lost its status: %v", err)
	}
	if _, err := os.Lstat(path); !os.IsNotExist(err) {
		t.Fatalf("socket left behind: %v", err)
	}
	if Listening(path) {
		t.Fatal("still listening after stop")
	}
}

func TestNoServer(t *testing.T) {
	path := filepath.Join(t.TempDir(), "none.sock")
	if _, err := Call(path, Request{Args: []string{"report"}}, io.Discard, io.Discard); err == nil || !strings.Contains(err.Error(), ErrNoServer.Error()) {
		t.Fatalf("err = %v", err)
	}
}

// A socket left by a server that died is replaced; a regular file in the
// way is refused and kept.
func TestListenReplacesOnlyDeadSockets(t *testing.T) {
	dir, err := os.MkdirTemp("", "ctl")
	if err != nil {
		t.Fatal(err)
	}
	defer os.RemoveAll(dir)
	stale := filepath.Join(dir, "stale.sock")
	ln, err := net.ListenUnix("unix", &net.UnixAddr{Name: stale, Net: "unix"})
	if err != nil {
		t.Fatal(err)
	}
	ln.SetUnlinkOnClose(false)
	ln.Close() // as a SIGKILLed server leaves it
	s, err := Listen(stale)
	if err != nil {
		t.Fatalf("stale socket: %v", err)
	}
	if _, err := Listen(stale); err == nil || !strings.Contains(err.Error(), "another server") {
		t.Fatalf("second server: %v", err)
	}
	s.ln.Close()

	file := filepath.Join(dir, "m.db.sock")
	os.WriteFile(file, []byte("mine"), 0o644)
	if _, err := Listen(file); err == nil || !strings.Contains(err.Error(), "not a socket") {
		t.Fatalf("regular file: %v", err)
	}
	if data, _ := os.ReadFile(file); string(data) != "mine" {
		t.Fatal("the file in the way was changed")
	}
}

func TestMalformedRequest(t *testing.T) {
	path, _ := serve(t, func(context.Context, Request, io.Writer, io.Writer) int {
		t.Error("the handler ran")
		return 0
	})
	conn, err := net.Dial("unix", path)
	if err != nil {
		t.Fatal(err)
	}
	defer conn.Close()
	io.WriteString(conn, "{not json\n")
	reply, _ := io.ReadAll(conn)
	if !strings.Contains(string(reply), "malformed request") || !strings.Contains(string(reply), `"exit":2`) {
		t.Fatalf("reply %q", reply)
	}
}
