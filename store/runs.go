package store

import "slices"

// sortedRuns gathers distinct keys that must be written in ascending
// order (bbolt inserts fastest so), sorting them while they arrive rather
// than all at once at the commit: a post seals the keys of each batch as a
// sorted run and merges runs of like length, so that the commit, which
// waits on nothing else, finds a few long runs left to merge.
type sortedRuns struct {
	runs    [][]string // sorted, lengths decreasing
	pending []string   // added since the last seal
}

func (s *sortedRuns) add(k string) { s.pending = append(s.pending, k) }

// seal sorts the keys added since the last seal into a run of their own.
func (s *sortedRuns) seal() {
	if len(s.pending) == 0 {
		return
	}
	slices.Sort(s.pending)
	s.runs = append(s.runs, s.pending)
	s.pending = nil
	// Merge while a run is no longer than the next older one: runs stay
	// few, and every key is merged about log2(n) times in all, as a sort
	// would compare it.
	for n := len(s.runs); n >= 2 && len(s.runs[n-2]) <= len(s.runs[n-1]); n-- {
		s.runs[n-2] = mergeRuns(s.runs[n-2], s.runs[n-1])
		s.runs = s.runs[:n-1]
	}
}

// sorted returns every key added, in ascending order.
func (s *sortedRuns) sorted() []string {
	s.seal()
	for n := len(s.runs); n >= 2; n-- {
		s.runs[n-2] = mergeRuns(s.runs[n-2], s.runs[n-1])
		s.runs = s.runs[:n-1]
	}
	if len(s.runs) == 0 {
		return nil
	}
	return s.runs[0]
}

func mergeRuns(a, b []string) []string {
	out := make([]string, 0, len(a)+len(b))
	for len(a) > 0 && len(b) > 0 {
		if a[0] <= b[0] {
			out, a = append(out, a[0]), a[1:]
		} else {
			out, b = append(out, b[0]), b[1:]
		}
	}
	out = append(out, a...)
	return append(out, b...)
}
