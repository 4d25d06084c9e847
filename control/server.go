package control

import (
	"bufio"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"net"
	"os"
	"sync"
	"syscall"
	"time"
)

// Handler runs one command and returns its exit status. ctx ends when the
// client goes away or the server shuts down: a long command (an import)
// should stop then, leaving nothing done.
type Handler func(ctx context.Context, req Request, stdout, stderr io.Writer) int

// Server accepts commands on a Unix socket.
type Server struct {
	ln   *net.UnixListener
	path string

	// RequestTimeout bounds the wait for a request once a client has
	// connected (a client sending half a request would otherwise hold the
	// server's shutdown); default 5s.
	RequestTimeout time.Duration
	// StopGrace is how long Serve, stopping, waits for running commands
	// (told to stop) before it closes their connections; default 10s.
	StopGrace time.Duration
	Logger    *slog.Logger // default slog.Default()
}

// maxRequest bounds a request line: a command line, not a payload.
const maxRequest = 1 << 20

// acceptBackoff bounds the pause after a failed accept.
const acceptBackoff = time.Second

// Listen creates the socket at path. A socket left there by a server that
// died is replaced; anything else at path is an error, never removed.
func Listen(path string) (*Server, error) {
	if fi, err := os.Lstat(path); err == nil {
		if fi.Mode()&os.ModeSocket == 0 {
			return nil, fmt.Errorf("control socket %s: a file that is not a socket is in the way", path)
		}
		if Listening(path) {
			return nil, fmt.Errorf("control socket %s: another server is listening", path)
		}
		if err := os.Remove(path); err != nil {
			return nil, fmt.Errorf("control socket %s: %w", path, err)
		}
	}
	ln, err := net.ListenUnix("unix", &net.UnixAddr{Name: path, Net: "unix"})
	if err != nil {
		return nil, fmt.Errorf("control socket: %w", err)
	}
	if err := os.Chmod(path, 0o600); err != nil {
		ln.Close()
		return nil, fmt.Errorf("control socket: %w", err)
	}
	return &Server{ln: ln, path: path, RequestTimeout: 5 * time.Second, StopGrace: 10 * time.Second}, nil
}

// Path is the socket's path.
func (s *Server) Path() string { return s.path }

func (s *Server) logger() *slog.Logger {
	if s.Logger != nil {
		return s.Logger
	}
	return slog.Default()
}

// Serve runs commands until ctx ends, then removes the socket, tells the
// running commands to stop and waits for them (up to StopGrace, then their
// connections are closed): the caller closes the database only after.
// Failed accepts (out of file descriptors) are waited out, never fatal.
func (s *Server) Serve(ctx context.Context, h Handler) error {
	var wg sync.WaitGroup
	conns := map[*net.UnixConn]struct{}{}
	var mu sync.Mutex
	defer func() {
		done := make(chan struct{})
		go func() { wg.Wait(); close(done) }()
		select {
		case <-done:
			return
		case <-time.After(s.StopGrace):
		}
		mu.Lock()
		s.logger().Warn("control socket: commands still running after the grace period: closing them", "commands", len(conns))
		for c := range conns {
			c.Close()
		}
		mu.Unlock()
		select {
		case <-done:
		case <-time.After(time.Second):
			s.logger().Error("control socket: a command did not stop; shutting down without it")
		}
	}()
	stop := context.AfterFunc(ctx, func() { s.ln.Close() })
	defer stop()
	defer s.ln.Close()
	var delay time.Duration
	for {
		conn, err := s.ln.AcceptUnix()
		if err != nil {
			if ctx.Err() != nil || errors.Is(err, net.ErrClosed) {
				return nil
			}
			if !temporary(err) {
				return err
			}
			delay = min(max(2*delay, 5*time.Millisecond), acceptBackoff)
			s.logger().Warn("control socket: accept failed: retrying", "err", err.Error(), "retry_in", delay.String())
			select {
			case <-time.After(delay):
			case <-ctx.Done():
				return nil
			}
			continue
		}
		delay = 0
		mu.Lock()
		conns[conn] = struct{}{}
		mu.Unlock()
		wg.Add(1)
		go func() {
			defer wg.Done()
			defer func() {
				mu.Lock()
				delete(conns, conn)
				mu.Unlock()
				conn.Close()
			}()
			s.serveConn(ctx, conn, h)
		}()
	}
}

// temporary reports whether an accept error will pass: out of file
// descriptors or buffers.
func temporary(err error) bool {
	return errors.Is(err, syscall.EMFILE) || errors.Is(err, syscall.ENFILE) ||
		errors.Is(err, syscall.ENOBUFS) || errors.Is(err, syscall.ENOMEM) ||
		errors.Is(err, syscall.ECONNABORTED) || errors.Is(err, syscall.EINTR)
}

func (s *Server) serveConn(ctx context.Context, conn *net.UnixConn, h Handler) {
	out := &frames{enc: json.NewEncoder(conn)}
	status := func(code int) { out.send(frame{Exit: &code}) }
	if err := samePeer(conn); err != nil {
		out.send(frame{Err: "marquee: " + err.Error() + "\n"})
		status(1)
		return
	}
	req, err := s.readRequest(ctx, conn)
	switch {
	case errors.Is(err, io.EOF):
		return // a Listening probe
	case err != nil:
		out.send(frame{Err: "marquee: control socket: " + err.Error() + "\n"})
		status(2)
		return
	}
	cmdCtx, cancel := context.WithCancel(ctx)
	defer cancel()
	go func() {
		// The client sends nothing after its request: a read that returns
		// means it went away (or the command ended and conn closed).
		var b [1]byte
		conn.Read(b[:])
		cancel()
	}()
	status(h(cmdCtx, req, stream{f: out}, stream{f: out, stderr: true}))
}

// readRequest reads the request line within RequestTimeout; a shutdown
// ends the wait at once.
func (s *Server) readRequest(ctx context.Context, conn *net.UnixConn) (Request, error) {
	conn.SetReadDeadline(time.Now().Add(s.RequestTimeout))
	stop := context.AfterFunc(ctx, func() { conn.SetReadDeadline(time.Now()) })
	defer stop()
	var req Request
	line, err := bufio.NewReaderSize(io.LimitReader(conn, maxRequest), 64<<10).ReadBytes('\n')
	if len(line) == 0 && errors.Is(err, io.EOF) {
		return req, io.EOF
	}
	var ne net.Error
	if errors.As(err, &ne) && ne.Timeout() {
		return req, errors.New("no complete request in time")
	}
	if err == nil {
		err = json.Unmarshal(line, &req)
	}
	if err != nil || len(req.Args) == 0 {
		return req, errors.New("a malformed request")
	}
	if err := conn.SetReadDeadline(time.Time{}); err != nil {
		return req, err
	}
	return req, nil
}
