package sshserver

import (
	"errors"
	"fmt"
	"net"
	"strings"
	"sync"
	"time"

	"github.com/charmbracelet/ssh"
	gossh "golang.org/x/crypto/ssh"

	"marquee/store"
)

// Permission extensions that carry, from the public key callback to the
// session, which account the authenticating key opened. x/crypto keeps the
// permissions of the key that actually signed, so these describe that key
// even when a client offered several.
const (
	extAccount     = "marquee-account"
	extFingerprint = "marquee-fingerprint"
)

// authenticate is the only authentication method: a registered public key.
// The SSH user name is ignored; the key alone names the account.
func (s *Server) authenticate(ctx ssh.Context, key ssh.PublicKey) bool {
	remote := ctx.RemoteAddr()
	if !s.limiter.allow(hostOf(remote), time.Now()) {
		s.log.Warn("auth refused: too many attempts", "remote", remote.String())
		return false
	}
	fp := gossh.FingerprintSHA256(key)
	account, err := s.db.KeyAccount(fp)
	if err != nil {
		if !errors.Is(err, store.ErrNoKey) {
			s.log.Error("auth: key lookup failed", "fingerprint", fp, "err", err)
		} else {
			s.log.Info("auth refused: unknown key", "fingerprint", fp, "remote", remote.String())
		}
		return false
	}
	perms := ctx.Permissions()
	if perms.Extensions == nil {
		perms.Extensions = map[string]string{}
	}
	perms.Extensions[extAccount] = account
	perms.Extensions[extFingerprint] = fp
	return true
}

// hostOf is the address an attempt is counted against: the IP without
// the port.
func hostOf(addr net.Addr) string {
	if tcp, ok := addr.(*net.TCPAddr); ok {
		return tcp.IP.String()
	}
	host, _, err := net.SplitHostPort(addr.String())
	if err != nil {
		return addr.String()
	}
	return host
}

// authLimiter is a token bucket per address: burst attempts at once, one
// more per refill.
type authLimiter struct {
	burst  int
	refill time.Duration

	mu      sync.Mutex
	buckets map[string]*bucket
}

type bucket struct {
	tokens float64
	last   time.Time
}

// maxBuckets bounds the limiter's memory under a scan from many
// addresses: beyond it, buckets that have refilled are forgotten.
const maxBuckets = 10000

func newAuthLimiter(burst int, refill time.Duration) *authLimiter {
	return &authLimiter{burst: burst, refill: refill, buckets: map[string]*bucket{}}
}

// allow takes one attempt from the address's bucket.
func (l *authLimiter) allow(addr string, now time.Time) bool {
	l.mu.Lock()
	defer l.mu.Unlock()
	b, ok := l.buckets[addr]
	if !ok {
		if len(l.buckets) >= maxBuckets {
			l.prune(now)
		}
		b = &bucket{tokens: float64(l.burst), last: now}
		l.buckets[addr] = b
	}
	b.tokens = min(float64(l.burst), b.tokens+float64(now.Sub(b.last))/float64(l.refill))
	b.last = now
	if b.tokens < 1 {
		return false
	}
	b.tokens--
	return true
}

func (l *authLimiter) prune(now time.Time) {
	full := time.Duration(l.burst) * l.refill
	for addr, b := range l.buckets {
		if now.Sub(b.last) >= full {
			delete(l.buckets, addr)
		}
	}
}

// ParseKey reads one public key in authorized_keys form ("ssh-ed25519
// AAAA... comment") and returns what the store registers of it.
func ParseKey(line string) (store.KeyRecord, error) {
	key, comment, _, rest, err := gossh.ParseAuthorizedKey([]byte(strings.TrimSpace(line)))
	if err != nil {
		return store.KeyRecord{}, fmt.Errorf("public key: %w (want one line such as \"ssh-ed25519 AAAA... you@host\")", err)
	}
	if len(strings.TrimSpace(string(rest))) > 0 {
		return store.KeyRecord{}, errors.New("public key: give one key, not several")
	}
	return store.KeyRecord{Fingerprint: gossh.FingerprintSHA256(key), Type: key.Type(), Comment: comment}, nil
}
