//go:build race

package store_test

// raceEnabled: the race detector slows the bit-flip trials tenfold, and
// the plain run of .ci/run does the full count.
const raceEnabled = true
