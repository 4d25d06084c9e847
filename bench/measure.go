package main

import (
	"slices"
	"time"
)

// timing is the repeated measurement of one step on one engine.
type timing struct {
	step, engine string
	samples      []time.Duration
}

func (t *timing) add(d time.Duration) { t.samples = append(t.samples, d) }

// stats returns the median, the minimum and the maximum in milliseconds.
func (t *timing) stats() (median, lo, hi float64) {
	if len(t.samples) == 0 {
		return 0, 0, 0
	}
	s := slices.Clone(t.samples)
	slices.Sort(s)
	ms := func(d time.Duration) float64 { return float64(d) / float64(time.Millisecond) }
	n := len(s)
	med := ms(s[n/2])
	if n%2 == 0 {
		med = (ms(s[n/2-1]) + ms(s[n/2])) / 2
	}
	return med, ms(s[0]), ms(s[n-1])
}

// timed runs fn and returns how long it took.
func timed(fn func() error) (time.Duration, error) {
	start := time.Now()
	err := fn()
	return time.Since(start), err
}
