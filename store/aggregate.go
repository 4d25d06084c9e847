package store

import (
	"sync"
)

// aggregate pre-sums a partition per title, so a query that filters at most
// by title and covers the whole month reads one entry per title instead of
// every line. Only stable lines go in: lines whose watch period and
// supersession no time zone can change. The rest (instants within a day of
// a month edge or of a final report's coverage) are listed and scanned one
// by one at query time.
//
// It holds an entry for each title the month has, not for each title of
// the account: an account may have millions, a month a few.
type aggregate struct {
	ids      []uint32         // the title of each entry
	titles   []titleAgg       // by entry
	dense    []int32          // while rebuilding: entry+1 by title id
	slot     map[uint32]int32 // after: title id to entry, made by the first extend
	unstable []int32          // rows to evaluate per query
}

type titleAgg struct {
	tally
	channels  bitset
	countries [4]uint64
}

// entry returns the title's entry, adding it.
// A rebuild indexes entries by an array as long as the account's titles
// (4 bytes a title, dropped after), a map lookup a row being the slower
// part of opening; an extend, a few rows, uses the map.
func (g *aggregate) entry(title uint32) *titleAgg {
	if g.dense != nil {
		for int(title) >= len(g.dense) {
			g.dense = append(g.dense, 0)
		}
		if g.dense[title] == 0 {
			g.ids = append(g.ids, title)
			g.titles = append(g.titles, titleAgg{})
			g.dense[title] = int32(len(g.ids))
		}
		return &g.titles[g.dense[title]-1]
	}
	if g.slot == nil {
		g.slot = make(map[uint32]int32, len(g.ids))
		for e, id := range g.ids {
			g.slot[id] = int32(e)
		}
	}
	s, ok := g.slot[title]
	if !ok {
		s = int32(len(g.ids))
		g.slot[title] = s
		g.ids = append(g.ids, title)
		g.titles = append(g.titles, titleAgg{})
	}
	return &g.titles[s]
}

// rebuild recomputes the zone map and the aggregate. Callers hold the
// account's write lock (or are loading).
func (p *partition) rebuild(cov *coverage, titles int) {
	p.titles = nil
	p.channels, p.countries, p.instants = nil, [4]uint64{}, 0
	p.agg = &aggregate{dense: make([]int32, titles)}
	for i := range p.dims {
		p.note(p.dims[i], p.country[i], p.flags[i])
		p.aggregateRow(i, cov)
	}
	p.agg.dense = nil
}

// extend adds rows from on to the zone map and the aggregate, after an
// append that brought no new coverage.
func (p *partition) extend(from int, cov *coverage, titles int) {
	if p.agg == nil {
		p.rebuild(cov, titles)
		return
	}
	for i := from; i < len(p.dims); i++ {
		p.aggregateRow(i, cov) // append already noted the zone map
	}
}

// aggregateRow adds row i to the aggregate, or to the unstable list.
func (p *partition) aggregateRow(i int, cov *coverage) {
	d, f := p.dims[i], p.flags[i]
	ch := dimChannel(d)
	if f&flagInstant != 0 {
		utc := Date(floorDiv(p.when[i], 1440))
		if !p.inMonthEverywhere(p.when[i]) ||
			f&flagFinal == 0 && (cov.covers(ch, utc-1) || cov.covers(ch, utc) || cov.covers(ch, utc+1)) {
			p.agg.unstable = append(p.agg.unstable, int32(i))
			return
		}
	} else if f&flagFinal == 0 && cov.covers(ch, Date(p.when[i])) {
		return // superseded, whatever the zone
	}
	t := p.agg.entry(dimTitle(d))
	t.addRow(p, i)
	t.channels.set(int(ch))
	setBit(&t.countries, p.country[i])
}

// Offsets of the world's zones run from UTC-12 to UTC+14.
const (
	maxWest = 12 * 60
	maxEast = 14 * 60
)

// inMonthEverywhere reports whether an instant (minutes since 1970 UTC)
// falls in the partition's month in every time zone. Away from coverage,
// such an instant's period and status are the same in every zone.
func (p *partition) inMonthEverywhere(min int32) bool {
	start := int32(p.first) * 1440
	end := int32(p.last+1) * 1440
	return min-maxWest >= start && min+maxEast < end
}

// rebuildAll rebuilds every partition, in parallel.
func (a *account) rebuildAll() { a.rebuild(nil) }

// rebuild rebuilds the partitions of the given months (nil: all), in
// parallel.
func (a *account) rebuild(months map[Month]bool) {
	var wg sync.WaitGroup
	sem := make(chan struct{}, 4)
	for _, p := range a.parts {
		if months != nil && !months[p.month] {
			continue
		}
		wg.Add(1)
		sem <- struct{}{}
		go func() {
			defer wg.Done()
			p.rebuild(&a.coverage, len(a.titles.names))
			<-sem
		}()
	}
	wg.Wait()
}

// useAggregate reports whether the plan can read the partition's
// aggregate: no channel or country filter, and the whole month in range.
func (pl *plan) useAggregate(part *partition) bool {
	return part.agg != nil && pl.channels == nil && pl.countries == nil &&
		pl.from <= part.first && part.last <= pl.to
}

// summarizeAggregate adds the partition's aggregate and its unstable lines.
func (pl *plan) summarizeAggregate(part *partition, base Month, acc []monthAcc) {
	own := &acc[part.month-base]
	for e, id := range part.agg.ids {
		ta := &part.agg.titles[e]
		if t := int(id); ta.lines == 0 || pl.titles != nil && (t >= len(pl.titles) || !pl.titles[t]) {
			continue
		}
		own.tally.merge(&ta.tally)
		own.titles.set(int(id))
		own.channels.or(ta.channels)
		for w := range own.countries {
			own.countries[w] |= ta.countries[w]
		}
	}
	spans := pl.spansFor(part)
	for _, i := range part.agg.unstable {
		pl.summarizeRow(part, spans, int(i), base, acc)
	}
}
