// Package sshserver is `marquee serve`: the dashboard over SSH, one Bubble
// Tea program per session, each on its own renderer and on a store handle
// of the one account its public key opens; `ssh HOST report` for scripts;
// and one ingest inbox per account. It is the composition of ui, store,
// ingest and report, so it may import them all; they never import it.
package sshserver

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"net"
	"os"
	"path/filepath"
	"runtime/debug"
	"sync"
	"time"

	tea "github.com/charmbracelet/bubbletea"
	"github.com/charmbracelet/ssh"
	"github.com/charmbracelet/wish"
	gossh "golang.org/x/crypto/ssh"

	"marquee/format"
	"marquee/store"
	"marquee/ui"
)

// Config sets up a Server. Only DB is required.
type Config struct {
	DB          *store.DB
	Listen      string // host:port; default 127.0.0.1:23234
	HostKeyPath string // created on first start; default next to the database
	InboxDir    string // <InboxDir>/<account>/ feeds each account; "" runs no inbox
	// PublicAddr is the host:port filmmakers connect to, for the command
	// the dashboard's export shows; default Listen.
	PublicAddr string

	IdleTimeout time.Duration // a session without input this long is closed; default 30m
	MaxSessions int           // concurrent sessions; default 100
	// MaxAccountSessions bounds one account's sessions, so that one
	// account (or one stolen key) cannot take every slot; default a
	// quarter of MaxSessions, at least 1.
	MaxAccountSessions int
	AuthBurst          int           // authentication attempts an address may make at once; default 20
	AuthRefill         time.Duration // one attempt regained per; default 3s
	ShutdownGrace      time.Duration // sessions may take this long to close; default 10s

	// A connection must authenticate within HandshakeTimeout (default
	// 10s); at most MaxUnauthenticated connections (default 256), and
	// MaxUnauthenticatedPerAddr from one address (default 32), may be
	// waiting to at once. See guard.go.
	HandshakeTimeout          time.Duration
	MaxUnauthenticated        int
	MaxUnauthenticatedPerAddr int

	InboxPoll, InboxSettle time.Duration // ingest.Inbox timings; defaults 1s and 2s

	Logger *slog.Logger     // default: text to stderr
	Now    func() time.Time // the dashboard's clock; default time.Now
}

// DefaultListen is where `marquee serve` listens unless told otherwise.
const DefaultListen = "127.0.0.1:23234"

// DefaultHostKeyPath is the host key beside the database file.
func DefaultHostKeyPath(dbPath string) string {
	return filepath.Join(filepath.Dir(dbPath), "ssh_host_ed25519_key")
}

// Server is a running SSH front end to one database.
type Server struct {
	cfg     Config
	db      *store.DB
	log     *slog.Logger
	ssh     *ssh.Server
	limiter *authLimiter
	guard   *connGuard
	inboxes *inboxes

	// newModel builds a session's dashboard; tests replace it.
	newModel func(ui.Options) tea.Model

	// ended receives when a session ends; returnMemory then gives the
	// memory the session used back to the system.
	ended chan struct{}

	mu       sync.Mutex
	sessions map[ssh.Session]*session
	closing  bool
	ln       net.Listener
}

// New prepares a server: it loads or creates the host key. Nothing listens
// until Serve.
func New(cfg Config) (*Server, error) {
	if cfg.DB == nil {
		return nil, errors.New("sshserver: no database")
	}
	setDefaults(&cfg)
	s := &Server{
		cfg:      cfg,
		db:       cfg.DB,
		log:      cfg.Logger,
		limiter:  newAuthLimiter(cfg.AuthBurst, cfg.AuthRefill),
		newModel: ui.New,
		sessions: map[ssh.Session]*session{},
		ended:    make(chan struct{}, 1),
	}
	s.inboxes = newInboxes(cfg, s.log)
	s.guard = newConnGuard(cfg, s.log)
	if err := os.MkdirAll(filepath.Dir(cfg.HostKeyPath), 0o700); err != nil {
		return nil, fmt.Errorf("host key folder: %w", err)
	}
	if err := ensureHostKey(cfg.HostKeyPath, s.log); err != nil {
		return nil, err
	}
	srv, err := wish.NewServer(
		wish.WithAddress(cfg.Listen),
		wish.WithHostKeyPath(cfg.HostKeyPath),
		wish.WithPublicKeyAuth(s.authenticate),
		// Input, not output, is what counts as activity (see session.go);
		// this only reaps connections that never open a session.
		wish.WithIdleTimeout(cfg.IdleTimeout+time.Minute),
		wish.WithMiddleware(s.middleware()...),
		s.withAuthLog(),
		s.withConnGuard(),
		withoutAgentForwarding(),
	)
	if err != nil {
		return nil, fmt.Errorf("ssh server (host key %s): %w", cfg.HostKeyPath, err)
	}
	s.ssh = srv
	return s, nil
}

func setDefaults(cfg *Config) {
	if cfg.Listen == "" {
		cfg.Listen = DefaultListen
	}
	if cfg.HostKeyPath == "" {
		cfg.HostKeyPath = DefaultHostKeyPath(cfg.DB.Path())
	}
	if cfg.PublicAddr == "" {
		cfg.PublicAddr = cfg.Listen
	}
	if cfg.IdleTimeout <= 0 {
		cfg.IdleTimeout = 30 * time.Minute
	}
	if cfg.MaxSessions <= 0 {
		cfg.MaxSessions = 100
	}
	if cfg.MaxAccountSessions <= 0 {
		cfg.MaxAccountSessions = max(cfg.MaxSessions/4, 1)
	}
	if cfg.AuthBurst <= 0 {
		cfg.AuthBurst = 20
	}
	if cfg.AuthRefill <= 0 {
		cfg.AuthRefill = 3 * time.Second
	}
	if cfg.HandshakeTimeout <= 0 {
		cfg.HandshakeTimeout = 10 * time.Second
	}
	if cfg.MaxUnauthenticated <= 0 {
		cfg.MaxUnauthenticated = 256
	}
	if cfg.MaxUnauthenticatedPerAddr <= 0 {
		cfg.MaxUnauthenticatedPerAddr = 32
	}
	if cfg.ShutdownGrace <= 0 {
		cfg.ShutdownGrace = 10 * time.Second
	}
	if cfg.Logger == nil {
		cfg.Logger = slog.New(slog.NewTextHandler(os.Stderr, nil))
	}
	if cfg.Now == nil {
		cfg.Now = time.Now
	}
}

// withAuthLog counts password and keyboard-interactive attempts against
// the address's limit too (they always fail: only keys are accepted), logs
// failed attempts, and tells the connection guard of a success.
func (s *Server) withAuthLog() ssh.Option {
	return func(srv *ssh.Server) error {
		srv.ServerConfigCallback = func(ctx ssh.Context) *gossh.ServerConfig {
			return &gossh.ServerConfig{
				AuthLogCallback: func(conn gossh.ConnMetadata, method string, err error) {
					if err == nil {
						passAuth(ctx)
						return
					}
					if method == "none" || method == "publickey" {
						return
					}
					s.limiter.allow(hostOf(conn.RemoteAddr()), time.Now())
					s.log.Info("auth refused", "method", method, "remote", conn.RemoteAddr().String())
				},
			}
		}
		return nil
	}
}

// Listen binds the address; Addr is valid after it. Serve calls it when
// it has not been called.
func (s *Server) Listen() error {
	ln, err := net.Listen("tcp", s.cfg.Listen)
	if err != nil {
		return fmt.Errorf("listen on %s: %w", s.cfg.Listen, err)
	}
	s.mu.Lock()
	s.ln = ln
	s.mu.Unlock()
	return nil
}

// Addr is the address the server listens on (after Listen).
func (s *Server) Addr() net.Addr {
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.ln == nil {
		return nil
	}
	return s.ln.Addr()
}

// Serve accepts connections and runs the inbox until ctx ends, then shuts
// down: it stops accepting, asks every session to close (each dashboard
// quits and restores the client's screen), waits up to ShutdownGrace and
// closes what is left.
func (s *Server) Serve(ctx context.Context) error {
	if s.Addr() == nil {
		if err := s.Listen(); err != nil {
			return err
		}
	}
	s.mu.Lock()
	ln := s.ln
	s.mu.Unlock()
	s.log.Info("listening", "addr", ln.Addr().String(), "host_key", s.cfg.HostKeyPath)

	inboxCtx, stopInbox := context.WithCancel(context.Background())
	inboxDone := make(chan struct{})
	go func() {
		defer close(inboxDone)
		s.inboxes.run(inboxCtx)
	}()
	defer func() {
		stopInbox()
		<-inboxDone
	}()

	keysCtx, stopKeys := context.WithCancel(context.Background())
	defer stopKeys()
	go s.endRemovedKeys(keysCtx)
	go s.returnMemory(keysCtx)

	served := make(chan error, 1)
	go func() { served <- s.ssh.Serve(guardedListener{Listener: ln, g: s.guard}) }()
	select {
	case err := <-served:
		return fmt.Errorf("ssh server: %w", err)
	case <-ctx.Done():
	}
	// Stop accepting and let Serve return before Shutdown waits on the
	// server's listeners: the ssh package's Serve registers its listener
	// after it starts, and a Shutdown racing that registration is a data
	// race in the package (seen when a server stops right after starting).
	ln.Close()
	<-served
	return s.shutdown()
}

func (s *Server) shutdown() error {
	s.mu.Lock()
	s.closing = true
	open := make([]*session, 0, len(s.sessions))
	for _, st := range s.sessions {
		open = append(open, st)
	}
	s.mu.Unlock()
	s.log.Info("shutting down", "sessions", len(open))
	for _, sess := range open {
		sess.end(endShutdown)
	}
	// Each session quits, or is killed, or loses its connection (see
	// session.end); the caller closes the database next, which the
	// dashboards may still be reading, so wait for them.
	deadline := time.NewTimer(s.cfg.ShutdownGrace)
	defer deadline.Stop()
wait:
	for _, sess := range open {
		select {
		case <-sess.done:
		case <-deadline.C:
			s.log.Warn("sessions still open after the grace period: closing them", "grace", s.cfg.ShutdownGrace.String())
			break wait
		}
	}
	// Then a moment for clients to close their connections themselves, as
	// ssh does once its session ends, before they are closed.
	ctx, cancel := context.WithTimeout(context.Background(), time.Second)
	defer cancel()
	err := s.ssh.Shutdown(ctx)
	if errors.Is(err, context.DeadlineExceeded) {
		err = s.ssh.Close()
	}
	last := time.After(time.Second)
	for _, sess := range open {
		select {
		case <-sess.done:
		case <-last:
			s.log.Error("a session did not end; shutting down without it", "account", sess.id.account)
			return nil
		}
	}
	if err != nil && !errors.Is(err, net.ErrClosed) {
		return fmt.Errorf("shut down: %w", err)
	}
	return nil
}

// endRemovedKeys ends, each time a key is removed, the sessions of keys
// that no longer open their account: removing a key shuts its holder out
// at once, not at their next login.
func (s *Server) endRemovedKeys(ctx context.Context) {
	changed, stop := s.db.SubscribeKeys()
	defer stop()
	for {
		select {
		case <-ctx.Done():
			return
		case <-changed:
		}
		s.mu.Lock()
		open := make([]*session, 0, len(s.sessions))
		for _, st := range s.sessions {
			open = append(open, st)
		}
		s.mu.Unlock()
		for _, st := range open {
			account, err := s.db.KeyAccount(st.id.fingerprint)
			if err == nil && account == st.id.account {
				continue
			}
			s.log.Info("session closed: its key was removed", "account", st.id.account, "fingerprint", st.id.fingerprint)
			st.end(endKeyRemoved)
		}
	}
}

// track adds a session under the caps; it reports false when the server,
// or the account's share of it, is full, or the server is closing.
func (s *Server) track(sess ssh.Session) (ok bool, reason string) {
	id := identityOf(sess)
	s.mu.Lock()
	defer s.mu.Unlock()
	switch {
	case s.closing:
		return false, "the server is shutting down"
	case len(s.sessions) >= s.cfg.MaxSessions:
		return false, fmt.Sprintf("the server is at its limit of %s; try again later", format.Count(s.cfg.MaxSessions, "session", "sessions"))
	case s.accountSessions(id.account) >= s.cfg.MaxAccountSessions:
		return false, fmt.Sprintf("account %q has its limit of %s open; close one first", id.account, format.Count(s.cfg.MaxAccountSessions, "session", "sessions"))
	}
	s.sessions[sess] = newSession(id, connCloser(sess))
	return true, ""
}

// accountSessions counts the account's open sessions; s.mu is held.
func (s *Server) accountSessions(account string) int {
	n := 0
	for _, st := range s.sessions {
		if st.id.account == account {
			n++
		}
	}
	return n
}

// connCloser closes the session's SSH connection, which ends every wait
// on the client (a write it does not read) at once.
func connCloser(sess ssh.Session) func() error {
	conn, ok := sess.Context().Value(ssh.ContextKeyConn).(gossh.Conn)
	if !ok {
		return sess.Close
	}
	return conn.Close
}

// sessionState is the tracked state of a session that passed the cap.
func (s *Server) sessionState(sess ssh.Session) *session {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.sessions[sess]
}

func (s *Server) untrack(sess ssh.Session) {
	s.mu.Lock()
	st := s.sessions[sess]
	delete(s.sessions, sess)
	s.mu.Unlock()
	if st != nil {
		close(st.done)
	}
	select {
	case s.ended <- struct{}{}:
	default:
	}
}

// returnMemory hands the memory of ended sessions back to the system, at
// most every few seconds: the Go runtime would otherwise keep a large
// dashboard's pages for minutes (4 sessions held 246 MB of RSS after they
// had left; with this, it fell back to 19 MB).
func (s *Server) returnMemory(ctx context.Context) {
	for {
		select {
		case <-ctx.Done():
			return
		case <-s.ended:
		}
		select { // let the sessions ending together end first
		case <-ctx.Done():
			return
		case <-time.After(2 * time.Second):
		}
		debug.FreeOSMemory()
	}
}
