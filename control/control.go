// Package control lets a marquee command reach a running `marquee serve`
// or an open dashboard.
//
// Either holds the database's exclusive lock for as long as it runs, so
// `marquee account add`, `title assign`, `import` or `report` started beside
// it could only fail with "in use". Instead it listens on a Unix socket next
// to the database; a command that finds the database locked sends its
// arguments, environment and working directory there, the server runs the
// command against the database it already has open, and streams the
// command's output and exit status back.
//
// The socket is created with mode 0600 and, on Linux, every connection's
// peer must be the server's own user, so the socket gives no one more than
// the database file already does.
//
// control knows no command: the server runs each request through the
// Handler its caller (main) passes, and imports no marquee package.
package control

import (
	"encoding/json"
	"sync"
)

// Request is one command to run in the server.
type Request struct {
	Args []string `json:"args"` // the command line, without the program name
	Dir  string   `json:"dir"`  // the caller's working directory, for relative paths
	// Env is the caller's environment, as KEY=value, that the command
	// runs with instead of the server's: where the database and the
	// caller's folders are ($MARQUEE_DB, $HOME, $XDG_*).
	Env []string `json:"env,omitempty"`
}

// frame is one message from the server: a piece of standard output or
// standard error, or, last, the exit status.
type frame struct {
	Out  string `json:"out,omitempty"`
	Err  string `json:"err,omitempty"`
	Exit *int   `json:"exit,omitempty"`
}

// SocketPath is where the server of the database at dbPath listens.
func SocketPath(dbPath string) string { return dbPath + ".sock" }

// frames writes frames to one connection from the command's two streams.
type frames struct {
	mu  sync.Mutex
	enc *json.Encoder
}

func (f *frames) send(fr frame) error {
	f.mu.Lock()
	defer f.mu.Unlock()
	return f.enc.Encode(fr)
}

// stream is the io.Writer of standard output or standard error.
type stream struct {
	f      *frames
	stderr bool
}

func (s stream) Write(p []byte) (int, error) {
	fr := frame{Out: string(p)}
	if s.stderr {
		fr = frame{Err: string(p)}
	}
	if err := s.f.send(fr); err != nil {
		return 0, err
	}
	return len(p), nil
}
