package control

import (
	"bufio"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net"
)

// ErrNoServer means no server listens at the socket: none was started, or
// it died and left its socket behind.
var ErrNoServer = errors.New("no marquee server on the control socket")

// Call runs req in the server listening at path, copies its output to
// stdout and stderr as it comes, and returns its exit status.
func Call(path string, req Request, stdout, stderr io.Writer) (int, error) {
	conn, err := net.Dial("unix", path)
	if err != nil {
		return 0, fmt.Errorf("%w: %v", ErrNoServer, err)
	}
	defer conn.Close()
	line, err := json.Marshal(req)
	if err != nil {
		return 0, err
	}
	if _, err := conn.Write(append(line, '\n')); err != nil {
		return 0, err
	}
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

// Listening reports whether a server answers at path.
func Listening(path string) bool {
	conn, err := net.Dial("unix", path)
	if err != nil {
		return false
	}
	conn.Close()
	return true
}
