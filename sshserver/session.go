package sshserver

import (
	"context"
	"errors"
	"fmt"
	"io"
	"strings"
	"sync"
	"time"

	tea "github.com/charmbracelet/bubbletea"
	"github.com/charmbracelet/ssh"
	"github.com/charmbracelet/wish"
	bm "github.com/charmbracelet/wish/bubbletea"

	"marquee/store"
	"marquee/ui"
)

// queryTimeout bounds how long a session's start waits for the client's
// terminal to report its background colour.
const queryTimeout = time.Second

// endReason says why the server, not the user, ended a session.
type endReason int

const (
	endByUser endReason = iota
	endShutdown
	endIdle
	endKeyRemoved
	endGone // the client went away: nothing to tell it
)

// How long a session that was asked to end may take: to quit (restoring
// the client's screen), then, killed, to stop. After both the connection
// is closed under it: a session ends whatever it is doing.
const (
	quitGrace = 2 * time.Second
	killGrace = 2 * time.Second
)

// session is what the server can do to a running dashboard or command
// from outside: end it.
type session struct {
	id        identity
	closeConn func() error  // the last resort: closes the client's connection
	done      chan struct{} // closed when the session's handler has returned

	mu      sync.Mutex
	program *tea.Program
	reason  endReason
}

func newSession(id identity, closeConn func() error) *session {
	return &session{id: id, closeConn: closeConn, done: make(chan struct{})}
}

// attach records the session's program; false means the server ended the
// session before it started.
func (st *session) attach(p *tea.Program) bool {
	st.mu.Lock()
	defer st.mu.Unlock()
	st.program = p
	return st.reason == endByUser
}

// end asks the session to end: the dashboard quits, which restores the
// client's screen. A dashboard too busy to quit in quitGrace is killed, and
// one that does not stop then, or a command, loses its connection. The
// first reason given is the one the session reports.
func (st *session) end(r endReason) {
	st.mu.Lock()
	if st.reason != endByUser {
		st.mu.Unlock()
		return // already ending
	}
	st.reason = r
	p := st.program
	st.mu.Unlock()
	go st.enforce(p)
}

func (st *session) enforce(p *tea.Program) {
	if p != nil {
		go p.Quit() // waits while the program is busy; returns once it ends
		if st.waitDone(quitGrace) {
			return
		}
		p.Kill()
	}
	if st.waitDone(killGrace) {
		return
	}
	if st.closeConn != nil {
		st.closeConn()
	}
}

func (st *session) waitDone(d time.Duration) bool {
	t := time.NewTimer(d)
	defer t.Stop()
	select {
	case <-st.done:
		return true
	case <-t.C:
		return false
	}
}

func (st *session) endedBy() endReason {
	st.mu.Lock()
	defer st.mu.Unlock()
	return st.reason
}

// queryTerm is the session as the renderer sees it while it asks the
// client's terminal for its colours: reads give up after queryTimeout.
type queryTerm struct {
	ssh.Session
	r io.Reader
}

func (t queryTerm) Read(p []byte) (int, error) { return t.r.Read(p) }

// unavailable is what a session is told when its account does not open:
// damage is said as such (the log has the part), and only this session ends.
func unavailable(err error) string {
	if errors.Is(err, store.ErrCorrupt) {
		return "the account's data is damaged; its operator can find what with marquee check"
	}
	return "the account is not available"
}

// dashboard runs one account's dashboard for one session: its own
// renderer, styles, model and store handle.
func (s *Server) dashboard(sess ssh.Session) {
	id := identityOf(sess)
	st := s.sessionState(sess)
	acc, err := s.db.ExistingAccount(id.account)
	if err != nil || st == nil {
		s.log.Error("session: account unavailable", "account", id.account, "err", err)
		wish.Fatalln(sess, "marquee: "+unavailable(err))
		return
	}
	in := newInput(sess)
	defer in.close()
	renderer := bm.MakeRenderer(queryTerm{Session: sess, r: in.reader(time.After(queryTimeout))})
	pty, _, _ := sess.Pty()
	env := sess.Environ()
	inner := s.newModel(ui.Options{
		Account:   acc,
		Renderer:  renderer,
		ExportVia: s.sshCommand(),
		Now:       s.cfg.Now,
		Inbox:     s.inboxes.view(id.account),
		Env:       lookup(env),
	})
	bounded := &boundedModel{inner: inner}
	p := tea.NewProgram(bounded,
		tea.WithInput(in.reader(nil)),
		tea.WithOutput(sess),
		tea.WithEnvironment(append(env, "TERM="+pty.Term)),
		tea.WithAltScreen(),
		tea.WithMouseAllMotion(),
		// The process's SIGINT and SIGTERM are the server's: caught by
		// every session's program as well, they raced the shutdown, and a
		// session that quit on the signal itself went without its goodbye.
		tea.WithoutSignalHandler(),
	)
	defer closeModel(inner)
	if !st.attach(p) {
		wish.Fatalln(sess, "marquee: the server is shutting down")
		return
	}
	ctx, cancel := context.WithCancel(sess.Context())
	defer cancel()
	go windowFeedOf(sess).deliver(ctx, p, in.eof, func() { st.end(endGone) })
	go s.watchIdle(ctx, st, in, id)

	_, err = p.Run()
	// The program outlives the session in its pending commands (a
	// dashboard's 30-second tick holds it until it fires): let go of the
	// dashboard now, so that its memory returns when the session ends.
	bounded.release()
	switch {
	case errors.Is(err, tea.ErrProgramPanic):
		s.log.Error("session panicked", "account", id.account, "fingerprint", id.fingerprint, "err", err)
		wish.Fatalln(sess, "marquee: internal error; the session was closed")
		return
	case err != nil && !errors.Is(err, tea.ErrProgramKilled):
		s.log.Error("session ended with an error", "account", id.account, "fingerprint", id.fingerprint, "err", err)
	}
	switch st.endedBy() {
	case endShutdown:
		wish.Println(sess, "marquee: the server is shutting down; bye")
	case endIdle:
		wish.Println(sess, fmt.Sprintf("marquee: closed after %s without input", s.cfg.IdleTimeout))
	case endKeyRemoved:
		wish.Println(sess, "marquee: your key was removed from the account; the session was closed")
	}
}

// closeModel releases what a dashboard holds outside itself (data
// subscriptions, its zone worker): the user may not have quit with q, the
// client may just have gone away.
func closeModel(m tea.Model) {
	if c, ok := m.(interface{ Close() }); ok {
		c.Close()
	}
}

// watchIdle ends the session once nothing was typed for IdleTimeout.
func (s *Server) watchIdle(ctx context.Context, st *session, in *input, id identity) {
	every := min(max(s.cfg.IdleTimeout/10, 10*time.Millisecond), 5*time.Second)
	t := time.NewTicker(every)
	defer t.Stop()
	for {
		select {
		case <-ctx.Done():
			return
		case now := <-t.C:
			if now.Sub(in.idleSince()) >= s.cfg.IdleTimeout {
				s.log.Info("idle timeout", "account", id.account, "fingerprint", id.fingerprint)
				st.end(endIdle)
				return
			}
		}
	}
}

// lookup finds a variable in a session's environment, never the server's.
func lookup(env []string) func(string) (string, bool) {
	return func(key string) (string, bool) {
		for _, kv := range env {
			if k, v, ok := strings.Cut(kv, "="); ok && k == key {
				return v, true
			}
		}
		return "", false
	}
}
