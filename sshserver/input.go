package sshserver

import (
	"io"
	"sync"
	"sync/atomic"
	"time"
)

// input reads a session's keystrokes in one goroutine and hands them to
// readers that can give up: the renderer's terminal query must stop
// waiting after a moment (a client that does not answer it would otherwise
// block the session until its first keystroke, and lose that keystroke),
// and the program's reader must end with the session. It also remembers
// when the user last typed, for the idle timeout.
type input struct {
	ch   chan []byte
	done chan struct{} // closed by close: readers give up
	eof  chan struct{} // closed when the client's input ends
	once sync.Once
	last atomic.Int64 // unix nanoseconds of the last keystroke

	mu      sync.Mutex // one reader at a time owns pending
	pending []byte
}

func newInput(r io.Reader) *input {
	in := &input{ch: make(chan []byte), done: make(chan struct{}), eof: make(chan struct{})}
	in.last.Store(time.Now().UnixNano())
	go in.pump(r)
	return in
}

func (in *input) pump(r io.Reader) {
	defer close(in.eof)
	defer close(in.ch)
	buf := make([]byte, 4096)
	for {
		n, err := r.Read(buf)
		if n > 0 {
			in.last.Store(time.Now().UnixNano())
			select {
			case in.ch <- append([]byte(nil), buf[:n]...):
			case <-in.done:
				return
			}
		}
		if err != nil {
			return
		}
	}
}

// idleSince is when the user last typed.
func (in *input) idleSince() time.Time { return time.Unix(0, in.last.Load()) }

// close ends every reader; the pump ends with the session.
func (in *input) close() { in.once.Do(func() { close(in.done) }) }

// reader reads the keystrokes until the input closes or, when deadline is
// not nil, until it fires.
func (in *input) reader(deadline <-chan time.Time) io.Reader {
	return readerFunc(func(p []byte) (int, error) {
		in.mu.Lock()
		defer in.mu.Unlock()
		if len(in.pending) == 0 {
			select {
			case b, ok := <-in.ch:
				if !ok {
					return 0, io.EOF
				}
				in.pending = b
			case <-deadline:
				return 0, io.EOF
			case <-in.done:
				return 0, io.EOF
			}
		}
		n := copy(p, in.pending)
		in.pending = in.pending[n:]
		return n, nil
	})
}

type readerFunc func([]byte) (int, error)

func (f readerFunc) Read(p []byte) (int, error) { return f(p) }
