package control

import (
	"bufio"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net"
	"os"

	"github.com/charmbracelet/x/term"
)

// ErrNoServer means no server listens at the socket: none was started, or
// it died and left its socket behind.
var ErrNoServer = errors.New("no marquee server on the control socket")

// ErrUntrusted means the socket is not one our own server made: not a
// socket, a symbolic link, another user's, or answered by another user's
// process. Nothing was sent to it.
var ErrUntrusted = errors.New("control socket is not our own")

// Call runs req in the server listening at path, copies its output to
// stdout and stderr as it comes, and returns its exit status. It sends
// nothing unless the socket and the process answering it are the calling
// user's own (in a shared folder another user could put a socket there and
// receive the command line and working directory), and what comes back
// for a terminal is stripped of escape sequences and control characters.
func Call(path string, req Request, stdout, stderr io.Writer) (int, error) {
	if err := checkSocket(path); err != nil {
		return 0, err
	}
	conn, err := net.Dial("unix", path)
	if err != nil {
		return 0, fmt.Errorf("%w: %v", ErrNoServer, err)
	}
	defer conn.Close()
	if err := checkServer(conn.(*net.UnixConn)); err != nil {
		return 0, fmt.Errorf("%w: %s: %v", ErrUntrusted, path, err)
	}
	line, err := json.Marshal(req)
	if err != nil {
		return 0, err
	}
	if _, err := conn.Write(append(line, '\n')); err != nil {
		return 0, err
	}
	stdout, stderr = forTerminal(stdout), Sanitizer{W: stderr}
	dec := json.NewDecoder(bufio.NewReader(conn))
	for {
		var f frame
		if err := dec.Decode(&f); err != nil {
			return 0, fmt.Errorf("the server ended the command without a status: %w", err)
		}
		switch {
		case f.Exit != nil:
			return *f.Exit, nil
		case f.Err != "":
			io.WriteString(stderr, f.Err)
		default:
			io.WriteString(stdout, f.Out)
		}
	}
}

// checkSocket refuses a path that is not a socket of ours: lstat, so a
// symbolic link is refused rather than followed.
func checkSocket(path string) error {
	fi, err := os.Lstat(path)
	if err != nil {
		return fmt.Errorf("%w: %v", ErrNoServer, err)
	}
	switch {
	case fi.Mode()&os.ModeSymlink != 0:
		return fmt.Errorf("%w: %s is a symbolic link", ErrUntrusted, path)
	case fi.Mode()&os.ModeSocket == 0:
		return fmt.Errorf("%w: %s is not a socket", ErrUntrusted, path)
	}
	if uid, ok := fileOwner(fi); ok && uid != os.Getuid() {
		return fmt.Errorf("%w: %s belongs to user %d, not to you (%d)", ErrUntrusted, path, uid, os.Getuid())
	}
	return nil
}

// forTerminal sanitises output bound for a terminal; output to a file or
// a pipe is the command's bytes as they are (a CSV report, say).
func forTerminal(w io.Writer) io.Writer {
	if f, ok := w.(interface{ Fd() uintptr }); ok && term.IsTerminal(f.Fd()) {
		return Sanitizer{W: w}
	}
	return w
}

// Listening reports whether a server answers at path.
func Listening(path string) bool {
	conn, err := net.Dial("unix", path)
	if err != nil {
		return false
	}
	conn.Close()
	return true
}
