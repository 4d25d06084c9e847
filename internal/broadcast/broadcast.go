// Package broadcast fans a "something changed" signal out to subscribers:
// the store's accounts, the ingest inbox and the dashboard's test fake each
// hold one, and the dashboard waits on it to re-query.
package broadcast

import "sync"

// Signal is a coalescing fan-out. Notify never blocks: each subscriber holds
// at most one pending signal, which is enough because a subscriber re-reads
// everything it shows when it wakes, and a slow subscriber must not stall an
// import. The zero value is ready to use; do not copy a Signal once used.
type Signal struct {
	mu   sync.Mutex
	subs map[chan struct{}]struct{}
}

// Subscribe returns a channel that receives after every Notify (coalesced)
// and a function that ends the subscription. Ending it closes the channel,
// so a reader blocked on it returns; ending it again does nothing.
func (s *Signal) Subscribe() (<-chan struct{}, func()) {
	ch := make(chan struct{}, 1)
	s.mu.Lock()
	if s.subs == nil {
		s.subs = map[chan struct{}]struct{}{}
	}
	s.subs[ch] = struct{}{}
	s.mu.Unlock()
	return ch, func() {
		s.mu.Lock()
		defer s.mu.Unlock()
		if _, ok := s.subs[ch]; ok {
			delete(s.subs, ch)
			// Under the lock: Notify never sends on a closed channel.
			close(ch)
		}
	}
}

// Notify signals every subscriber without waiting for any of them.
func (s *Signal) Notify() {
	s.mu.Lock()
	defer s.mu.Unlock()
	for ch := range s.subs {
		select {
		case ch <- struct{}{}:
		default: // a signal is already pending: this one adds nothing
		}
	}
}
