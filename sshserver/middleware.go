package sshserver

import (
	"fmt"
	"runtime/debug"
	"time"

	"github.com/charmbracelet/ssh"
	"github.com/charmbracelet/wish"
	gossh "golang.org/x/crypto/ssh"
)

// identity is who a session is: the account its key opened and the key's
// fingerprint (never the key itself).
type identity struct {
	account, fingerprint string
}

type identityKey struct{}

func identityOf(sess ssh.Session) identity {
	id, _ := sess.Context().Value(identityKey{}).(identity)
	return id
}

// middleware lists the session middleware for wish.WithMiddleware, which
// runs the last one first: window sizes, recover, key check, logging,
// session cap, terminal check, then the dashboard.
func (s *Server) middleware() []wish.Middleware {
	return []wish.Middleware{
		func(ssh.Handler) ssh.Handler { return s.dashboard },
		s.requireTerminal,
		s.capSessions,
		s.logSessions,
		s.verifyKey,
		s.recoverPanics,
		drainWindows,
	}
}

// drainWindows takes the session's terminal sizes from the first moment,
// whatever becomes of the session: the ssh package's request loop waits
// until each window-change is taken, and while it waits it reads nothing
// else from the connection, not even its end. (The sizes ride on the
// session, not its context: a connection's sessions share one context.)
func drainWindows(next ssh.Handler) ssh.Handler {
	return func(sess ssh.Session) {
		feed := newWindowFeed()
		_, winCh, _ := sess.Pty()
		go feed.drain(winCh)
		next(sizedSession{Session: sess, sizes: feed})
	}
}

// sizedSession is a session with its terminal sizes.
type sizedSession struct {
	ssh.Session
	sizes *windowFeed
}

func windowFeedOf(sess ssh.Session) *windowFeed {
	if s, ok := sess.(sizedSession); ok {
		return s.sizes
	}
	return newWindowFeed() // never fed: the session had no PTY
}

// recoverPanics ends a panicking session, and only it, with a log entry.
// (A panic inside the dashboard's own update loop is caught by Bubble Tea,
// which ends the program; see session.go.)
func (s *Server) recoverPanics(next ssh.Handler) ssh.Handler {
	return func(sess ssh.Session) {
		defer func() {
			if r := recover(); r != nil {
				id := identityOf(sess)
				s.log.Error("session panicked", "account", id.account, "fingerprint", id.fingerprint,
					"panic", fmt.Sprint(r), "stack", string(debug.Stack()))
				wish.Fatalln(sess, "marquee: internal error; the session was closed")
			}
		}()
		next(sess)
	}
}

// verifyKey checks that the session's key is the one that authenticated,
// and that it still opens the same account, before anything is shown.
func (s *Server) verifyKey(next ssh.Handler) ssh.Handler {
	return func(sess ssh.Session) {
		key := sess.PublicKey()
		ext := sess.Permissions().Extensions
		if key == nil || ext == nil {
			s.refuse(sess, "session without an authenticated key", "")
			return
		}
		fp := gossh.FingerprintSHA256(key)
		if fp != ext[extFingerprint] {
			s.refuse(sess, "session key is not the key that authenticated", fp)
			return
		}
		account, err := s.db.KeyAccount(fp)
		if err != nil || account != ext[extAccount] {
			s.refuse(sess, "key no longer opens the account", fp)
			return
		}
		sess.Context().SetValue(identityKey{}, identity{account: account, fingerprint: fp})
		next(sess)
	}
}

func (s *Server) refuse(sess ssh.Session, why, fp string) {
	s.log.Warn("session refused: "+why, "fingerprint", fp, "remote", sess.RemoteAddr().String())
	wish.Fatalln(sess, "marquee: permission denied")
}

// logSessions logs connects and disconnects with account and fingerprint.
func (s *Server) logSessions(next ssh.Handler) ssh.Handler {
	return func(sess ssh.Session) {
		id := identityOf(sess)
		pty, _, _ := sess.Pty()
		start := time.Now()
		s.log.Info("connect", "account", id.account, "fingerprint", id.fingerprint,
			"remote", sess.RemoteAddr().String(), "term", pty.Term,
			"width", pty.Window.Width, "height", pty.Window.Height,
			"client", sess.Context().ClientVersion())
		defer func() {
			s.log.Info("disconnect", "account", id.account, "fingerprint", id.fingerprint,
				"remote", sess.RemoteAddr().String(), "duration", time.Since(start).Round(time.Millisecond).String())
		}()
		next(sess)
	}
}

// capSessions refuses sessions beyond MaxSessions, and new ones while the
// server shuts down.
func (s *Server) capSessions(next ssh.Handler) ssh.Handler {
	return func(sess ssh.Session) {
		if ok, reason := s.track(sess); !ok {
			s.log.Warn("session refused", "reason", reason, "account", identityOf(sess).account)
			wish.Fatalln(sess, "marquee: "+reason)
			return
		}
		defer s.untrack(sess)
		next(sess)
	}
}

// requireTerminal runs a session's command (only `report`), and refuses a
// session without a PTY and without a command (ssh -T): the dashboard
// needs a terminal.
func (s *Server) requireTerminal(next ssh.Handler) ssh.Handler {
	return func(sess ssh.Session) {
		if raw := sess.RawCommand(); len(raw) > maxCommand {
			s.log.Warn("command refused: too long", "account", identityOf(sess).account, "bytes", len(raw))
			fmt.Fprintf(sess.Stderr(), "marquee: the command is %d bytes long; at most %d are accepted\n", len(raw), maxCommand)
			sess.Exit(2)
			return
		}
		if cmd := sess.Command(); len(cmd) > 0 {
			s.runCommand(sess, cmd)
			return
		}
		if _, _, ok := sess.Pty(); !ok {
			wish.Fatalln(sess, "marquee: the dashboard needs an interactive terminal; connect with ssh -t (or run: report --help)")
			return
		}
		next(sess)
	}
}
