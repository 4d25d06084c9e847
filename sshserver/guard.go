package sshserver

import (
	"errors"
	"log/slog"
	"net"
	"sync"
	"syscall"
	"time"

	"github.com/charmbracelet/ssh"
)

// connGuard bounds what connections that have not authenticated may cost:
// each has HandshakeTimeout to authenticate, and at most
// MaxUnauthenticated of them (MaxUnauthenticatedPerAddr from one address)
// wait at once; beyond, a new connection is closed as it is accepted.
// Without it 20,000 idle connections took every file descriptor: a real
// login timed out, the inbox stalled and the control socket died.
type connGuard struct {
	timeout           time.Duration
	maxTotal, maxAddr int
	log               *limitLog

	mu      sync.Mutex
	total   int
	perAddr map[string]int
}

func newConnGuard(cfg Config, log *slog.Logger) *connGuard {
	return &connGuard{
		timeout: cfg.HandshakeTimeout, maxTotal: cfg.MaxUnauthenticated, maxAddr: cfg.MaxUnauthenticatedPerAddr,
		log: newLimitLog(log), perAddr: map[string]int{},
	}
}

// admit counts a new connection from host, or refuses it.
func (g *connGuard) admit(host string) (ok bool, why string) {
	g.mu.Lock()
	defer g.mu.Unlock()
	switch {
	case g.total >= g.maxTotal:
		return false, "too many unauthenticated connections"
	case g.perAddr[host] >= g.maxAddr:
		return false, "too many unauthenticated connections from one address"
	}
	g.total++
	g.perAddr[host]++
	return true, ""
}

func (g *connGuard) release(host string) {
	g.mu.Lock()
	defer g.mu.Unlock()
	g.total--
	if g.perAddr[host]--; g.perAddr[host] <= 0 {
		delete(g.perAddr, host)
	}
}

// guardedListener accepts through the guard, and waits out a full file
// descriptor table (EMFILE, ENFILE) instead of failing: the connections
// already open go on, and new ones are accepted once descriptors free up.
type guardedListener struct {
	net.Listener
	g *connGuard
}

// acceptBackoff bounds the pause after an accept error.
const acceptBackoff = time.Second

func (l guardedListener) Accept() (net.Conn, error) {
	var delay time.Duration
	for {
		conn, err := l.Listener.Accept()
		if err != nil {
			if !temporary(err) {
				return nil, err
			}
			delay = min(max(2*delay, 5*time.Millisecond), acceptBackoff)
			l.g.log.warn("accept failed: retrying", "err", err.Error(), "retry_in", delay.String())
			time.Sleep(delay)
			continue
		}
		delay = 0
		host := hostOf(conn.RemoteAddr())
		if ok, why := l.g.admit(host); !ok {
			l.g.log.warn("connection refused: "+why, "remote", host)
			conn.Close()
			continue
		}
		return &pendingConn{Conn: conn, g: l.g, host: host}, nil
	}
}

// temporary reports whether an accept error will pass: out of file
// descriptors, or what the net package calls temporary.
func temporary(err error) bool {
	if errors.Is(err, syscall.EMFILE) || errors.Is(err, syscall.ENFILE) ||
		errors.Is(err, syscall.ENOBUFS) || errors.Is(err, syscall.ENOMEM) {
		return true
	}
	var ne interface{ Temporary() bool }
	return errors.As(err, &ne) && ne.Temporary()
}

// pendingConn is a connection counted against the guard until it has
// authenticated or closed.
type pendingConn struct {
	net.Conn
	g    *connGuard
	host string

	mu       sync.Mutex
	ctx      ssh.Context
	timer    *time.Timer
	released bool
}

// start arms the handshake deadline; the server calls it with the
// connection's context (through ssh's ConnCallback).
func (c *pendingConn) start(ctx ssh.Context) {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.ctx = ctx
	c.timer = time.AfterFunc(c.g.timeout, func() {
		if c.authenticated() {
			return
		}
		c.g.log.warn("connection closed: no authentication in time", "remote", c.host, "timeout", c.g.timeout.String())
		c.Conn.Close()
	})
}

// authenticated reports whether the connection has authenticated (or
// closed): passAuth was called, or the ssh package has recorded the
// connection in its context, which it does once the handshake is done.
func (c *pendingConn) authenticated() bool {
	c.mu.Lock()
	defer c.mu.Unlock()
	if c.released {
		return true
	}
	if c.ctx == nil || c.ctx.Value(ssh.ContextKeyConn) == nil {
		return false
	}
	c.releaseLocked()
	return true
}

// passAuth frees the connection's place: it has authenticated.
func (c *pendingConn) passAuth() {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.releaseLocked()
}

type pendingKey struct{}

// passAuth frees the place of the connection of ctx, which has just
// authenticated (from the authentication log callback, called on success
// as the server sends it).
func passAuth(ctx ssh.Context) {
	if pc, ok := ctx.Value(pendingKey{}).(*pendingConn); ok {
		pc.passAuth()
	}
}

func (c *pendingConn) releaseLocked() {
	if !c.released {
		c.released = true
		c.g.release(c.host)
		if c.timer != nil {
			c.timer.Stop()
		}
	}
}

func (c *pendingConn) Close() error {
	c.mu.Lock()
	c.releaseLocked()
	c.mu.Unlock()
	return c.Conn.Close()
}

// withConnGuard gives each accepted connection its handshake deadline.
func (s *Server) withConnGuard() ssh.Option {
	return ssh.WrapConn(func(ctx ssh.Context, conn net.Conn) net.Conn {
		if pc, ok := conn.(*pendingConn); ok {
			ctx.SetValue(pendingKey{}, pc)
			pc.start(ctx)
		}
		return conn
	})
}

// limitLog logs a limit being hit at most once per interval per message,
// with how many times it was hit since the last line: a flood must not
// flood the log. The hits after the last line are logged when the
// interval ends.
type limitLog struct {
	log      *slog.Logger
	interval time.Duration

	mu      sync.Mutex
	last    map[string]time.Time
	hits    map[string]int
	pending map[string][]any // the args of the last unlogged hit
}

func newLimitLog(log *slog.Logger) *limitLog {
	return &limitLog{log: log, interval: 10 * time.Second,
		last: map[string]time.Time{}, hits: map[string]int{}, pending: map[string][]any{}}
}

func (l *limitLog) warn(msg string, args ...any) {
	l.mu.Lock()
	defer l.mu.Unlock()
	l.hits[msg]++
	now := time.Now()
	if wait := l.interval - now.Sub(l.last[msg]); wait > 0 {
		if _, ok := l.pending[msg]; !ok {
			time.AfterFunc(wait, func() { l.flush(msg) })
		}
		l.pending[msg] = args
		return
	}
	l.emitLocked(msg, args, now)
}

func (l *limitLog) flush(msg string) {
	l.mu.Lock()
	defer l.mu.Unlock()
	args, ok := l.pending[msg]
	if ok && l.hits[msg] > 0 {
		l.emitLocked(msg, args, time.Now())
	}
}

func (l *limitLog) emitLocked(msg string, args []any, now time.Time) {
	n := l.hits[msg]
	l.last[msg], l.hits[msg] = now, 0
	delete(l.pending, msg)
	l.log.Warn(msg, append(args, "times", n)...)
}
