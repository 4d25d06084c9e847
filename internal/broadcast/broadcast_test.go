package broadcast

import (
	"sync"
	"testing"
	"time"
)

func TestNotifyReachesEverySubscriber(t *testing.T) {
	var s Signal
	a, endA := s.Subscribe()
	b, endB := s.Subscribe()
	defer endA()
	defer endB()
	s.Notify()
	for name, ch := range map[string]<-chan struct{}{"a": a, "b": b} {
		select {
		case <-ch:
		default:
			t.Errorf("subscriber %s got no signal", name)
		}
	}
}

func TestNotifyCoalescesAndNeverBlocks(t *testing.T) {
	var s Signal
	ch, end := s.Subscribe()
	defer end()
	done := make(chan struct{})
	go func() {
		defer close(done)
		for range 1000 {
			s.Notify() // nobody reads: must not block
		}
	}()
	select {
	case <-done:
	case <-time.After(5 * time.Second):
		t.Fatal("Notify blocked on a subscriber that does not read")
	}
	<-ch
	select {
	case <-ch:
		t.Fatal("1000 signals while nobody read left more than one pending")
	default:
	}
	s.Notify()
	select {
	case <-ch:
	default:
		t.Fatal("no signal after the pending one was read")
	}
}

func TestEndClosesOnceAndStopsSignals(t *testing.T) {
	var s Signal
	ch, end := s.Subscribe()
	other, endOther := s.Subscribe()
	defer endOther()
	end()
	end() // a second end must not panic on a closed channel
	select {
	case _, open := <-ch:
		if open {
			t.Fatal("a signal arrived after end, not the close")
		}
	case <-time.After(5 * time.Second):
		t.Fatal("the channel is still open after end")
	}
	s.Notify() // must not send on the closed channel
	select {
	case <-other:
	default:
		t.Fatal("ending one subscription silenced another")
	}
}

func TestEndWakesABlockedReader(t *testing.T) {
	var s Signal
	ch, end := s.Subscribe()
	woke := make(chan struct{})
	go func() {
		<-ch
		close(woke)
	}()
	end()
	select {
	case <-woke:
	case <-time.After(5 * time.Second):
		t.Fatal("a reader waiting on the channel did not return after end")
	}
}

// Run with -race: subscribers come and go while notifiers signal.
func TestConcurrentSubscribeNotifyEnd(t *testing.T) {
	var s Signal
	var wg sync.WaitGroup
	for range 4 {
		wg.Go(func() {
			for range 200 {
				s.Notify()
			}
		})
	}
	for range 8 {
		wg.Go(func() {
			for range 50 {
				ch, end := s.Subscribe()
				s.Notify()
				<-ch // its own Notify came after Subscribe: a signal is there
				end()
			}
		})
	}
	wg.Wait()
	s.mu.Lock()
	defer s.mu.Unlock()
	if n := len(s.subs); n != 0 {
		t.Fatalf("%d subscriptions left after every one ended", n)
	}
}
