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
type aggregate struct {
	titles   []titleAgg // by title id; lines == 0 means none
	unstable []int32    // rows to evaluate per query
}

type titleAgg struct {
	tally
	channels  [4]uint64
	countries [4]uint64
}

// rebuild recomputes the zone map and the aggregate. Callers hold the
// account's write lock (or are loading).
func (p *partition) rebuild(cov *coverage, titles int) {
	p.titles = make(bitset, (titles+63)/64)
	p.channels, p.countries, p.instants = [4]uint64{}, [4]uint64{}, 0
	p.agg = &aggregate{titles: make([]titleAgg, titles)}
	for i := range p.dims {
		p.note(p.dims[i], p.flags[i])
		p.aggregateRow(i, cov)
	}
}

// extend adds rows from on to the zone map and the aggregate, after an
// append that brought no new coverage.
func (p *partition) extend(from int, cov *coverage, titles int) {
	if p.agg == nil {
		p.rebuild(cov, titles)
		return
	}
	for len(p.agg.titles) < titles {
		p.agg.titles = append(p.agg.titles, titleAgg{})
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
	t := &p.agg.titles[dimTitle(d)]
	t.addRow(p, i)
	setBit(&t.channels, ch)
	setBit(&t.countries, dimCountry(d))
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
	for t := range part.agg.titles {
		ta := &part.agg.titles[t]
		if ta.lines == 0 || pl.titles != nil && (t >= len(pl.titles) || !pl.titles[t]) {
			continue
		}
		own.tally.merge(&ta.tally)
		own.titles.set(t)
		for w := range own.channels {
			own.channels[w] |= ta.channels[w]
			own.countries[w] |= ta.countries[w]
		}
	}
	spans := pl.spansFor(part)
	for _, i := range part.agg.unstable {
		pl.summarizeRow(part, spans, int(i), base, acc)
	}
}
