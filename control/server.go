package control

import (
	"bufio"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net"
	"os"
	"sync"
)

// Handler runs one command and returns its exit status.
type Handler func(req Request, stdout, stderr io.Writer) int

// Server accepts commands on a Unix socket.
type Server struct {
	ln   *net.UnixListener
	path string
}

// maxRequest bounds a request line: a command line, not a payload.
const maxRequest = 1 << 20

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
	return &Server{ln: ln, path: path}, nil
}

// Serve runs commands until ctx ends, then removes the socket and waits for
// the commands still running: the caller closes the database only after.
func (s *Server) Serve(ctx context.Context, h Handler) error {
	var wg sync.WaitGroup
	defer wg.Wait()
	stop := context.AfterFunc(ctx, func() { s.ln.Close() })
	defer stop()
	defer s.ln.Close()
	for {
		conn, err := s.ln.AcceptUnix()
		if err != nil {
			if ctx.Err() != nil || errors.Is(err, net.ErrClosed) {
				return nil
			}
			return err
		}
		wg.Add(1)
		go func() {
			defer wg.Done()
			defer conn.Close()
			serveConn(conn, h)
		}()
	}
}

func serveConn(conn *net.UnixConn, h Handler) {
	out := &frames{enc: json.NewEncoder(conn)}
	status := func(code int) { out.send(frame{Exit: &code}) }
	if err := samePeer(conn); err != nil {
		out.send(frame{Err: "marquee: " + err.Error() + "\n"})
		status(1)
		return
	}
	var req Request
	line, err := bufio.NewReaderSize(io.LimitReader(conn, maxRequest), 64<<10).ReadBytes('\n')
	if len(line) == 0 && errors.Is(err, io.EOF) {
		return // a Listening probe
	}
	if err == nil {
		err = json.Unmarshal(line, &req)
	}
	if err != nil || len(req.Args) == 0 {
		out.send(frame{Err: "marquee: control socket: a malformed request\n"})
		status(2)
		return
	}
	status(h(req, stream{f: out}, stream{f: out, stderr: true}))
}
