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
)

// session is what the server can do to a running dashboard from outside:
// ask it to quit.
type session struct {
	mu      sync.Mutex
	program *tea.Program
	reason  endReason
}

// attach records the session's program; false means the server ended the
// session before it started.
func (st *session) attach(p *tea.Program) bool {
	st.mu.Lock()
	defer st.mu.Unlock()
	st.program = p
	return st.reason == endByUser
}

// end asks the dashboard to quit, which restores the client's screen.
func (st *session) end(r endReason) {
	st.mu.Lock()
	if st.reason == endByUser {
		st.reason = r
	}
	p := st.program
	st.mu.Unlock()
	if p != nil {
		p.Quit()
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
	pty, winCh, _ := sess.Pty()
	env := sess.Environ()
	model := s.newModel(ui.Options{
		Account:   acc,
		Renderer:  renderer,
		ExportVia: s.sshCommand(),
		Now:       s.cfg.Now,
		Inbox:     s.inboxes.view(id.account),
		Env:       lookup(env),
	})
	p := tea.NewProgram(model,
		tea.WithInput(in.reader(nil)),
		tea.WithOutput(sess),
		tea.WithEnvironment(append(env, "TERM="+pty.Term)),
		tea.WithAltScreen(),
		tea.WithMouseAllMotion(),
	)
	defer closeModel(model)
	if !st.attach(p) {
		wish.Fatalln(sess, "marquee: the server is shutting down")
		return
	}
	ctx, cancel := context.WithCancel(sess.Context())
	defer cancel()
	go forwardWindow(ctx, p, winCh, in.eof)
	go s.watchIdle(ctx, st, in, id)

	_, err = p.Run()
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

// forwardWindow sends the client's terminal size, first and after every
// change, to the program, which lays the dashboard out again. It quits the
// program when the client goes away: its connection or its input ends.
func forwardWindow(ctx context.Context, p *tea.Program, winCh <-chan ssh.Window, eof <-chan struct{}) {
	for {
		select {
		case <-ctx.Done():
			p.Quit()
			return
		case <-eof:
			p.Quit()
			return
		case w, ok := <-winCh:
			if !ok {
				winCh = nil // the session's requests ended; wait for ctx or eof
				continue
			}
			p.Send(tea.WindowSizeMsg{Width: w.Width, Height: w.Height})
		}
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
