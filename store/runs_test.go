package store

import (
	"fmt"
	"math/rand/v2"
	"slices"
	"testing"
)

// sortedRuns must give what one sort of every key gives, whatever the
// sizes of the batches sealed on the way.
func TestSortedRuns(t *testing.T) {
	r := rand.New(rand.NewPCG(1, 2))
	for _, n := range []int{0, 1, 2, 7, 100, 5000} {
		var s sortedRuns
		var all []string
		for i := range n {
			k := fmt.Sprintf("ch%d\x00tx-%d", r.IntN(3), r.IntN(1<<30)*n+i) // distinct
			s.add(k)
			all = append(all, k)
			if r.IntN(40) == 0 {
				s.seal()
			}
		}
		slices.Sort(all)
		if got := s.sorted(); !slices.Equal(got, all) && !(len(got) == 0 && len(all) == 0) {
			t.Fatalf("%d keys: sortedRuns differs from a sort", n)
		}
	}
}
