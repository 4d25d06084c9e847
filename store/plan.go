package store

import (
	"fmt"
	"strings"
	"time"
)

// plan is a Filter compiled against one account's dictionaries: names
// become id masks so the scan tests a line with a few array lookups.
type plan struct {
	from, to  Date
	titles    []bool   // nil: every title
	titleIDs  []uint32 // the titles set in titles
	channels  []bool   // nil: every channel
	chanSet   bitset   // the channels set in channels
	countries *[256]bool
	none      bool // a field named only values the account does not have
	loc       *time.Location
	cov       *coverage
}

// compile builds the plan. Callers hold a.mu for reading.
func (a *account) compile(f Filter) (plan, error) {
	p := plan{from: f.From, to: f.To, loc: f.Location, cov: &a.coverage}
	if p.loc == nil {
		p.loc = a.loc
	}
	if p.from == 0 {
		p.from = MinDate
	}
	if p.to == 0 {
		p.to = MaxDate
	}
	if p.from > p.to {
		return p, fmt.Errorf("from %s is after to %s", p.from, p.to)
	}
	if len(f.Titles) > 0 {
		p.titles = make([]bool, len(a.titles.names))
		hit := false
		for _, t := range f.Titles {
			if id, ok := a.titles.ids[t]; ok && !p.titles[id] {
				p.titles[id], hit = true, true
				p.titleIDs = append(p.titleIDs, id)
			}
		}
		p.none = p.none || !hit
	}
	if len(f.Channels) > 0 {
		p.channels = make([]bool, len(a.channels.names))
		hit := false
		for _, c := range f.Channels {
			if id, ok := a.channels.ids[c]; ok {
				p.channels[id], hit = true, true
				p.chanSet.set(int(id))
			}
		}
		p.none = p.none || !hit
	}
	if len(f.Countries) > 0 {
		p.countries = new([256]bool)
		for _, c := range f.Countries {
			code := strings.ToUpper(c)
			if code == "ZZ" {
				code = Unknown
			}
			id, ok := countryID(code)
			if !ok {
				return p, fmt.Errorf("unknown country code %q", c)
			}
			p.countries[id] = true
		}
	}
	return p, nil
}

// skip reports whether no line of the partition can match, from its zone
// map alone.
func (p *plan) skip(part *partition) bool {
	if p.none {
		return true
	}
	// A partition holds watch dates of its month; instants may land a day
	// either side of their UTC month in the query's zone.
	first, last := part.first-1, part.last+1
	if last < p.from || first > p.to {
		return true
	}
	if p.titles != nil {
		hit := false
		for _, id := range p.titleIDs {
			if part.titles.has(int(id)) {
				hit = true
				break
			}
		}
		if !hit {
			return true
		}
	}
	if p.channels != nil && !part.channels.intersects(p.chanSet) {
		return true
	}
	return p.countries != nil && !anyBit(&part.countries, p.countries)
}

func anyBit(set *[4]uint64, mask *[256]bool) bool {
	for id, on := range mask {
		if on && hasBit(set, uint8(id)) {
			return true
		}
	}
	return false
}

// zoneSpan is the UTC offset, in minutes, that holds from minute from on.
type zoneSpan struct {
	from int32
	off  int32
}

// zoneSpans returns the offsets of loc over the partition's UTC month,
// found by sampling every six hours and bisecting where the offset changes,
// so the scan needs no time.Location call per line.
func zoneSpans(loc *time.Location, m Month) []zoneSpan {
	start := int32(m.First()) * 1440
	end := int32(m.Last()+1) * 1440
	offAt := func(min int32) int32 {
		_, off := time.Unix(int64(min)*60, 0).In(loc).Zone()
		return int32(off / 60)
	}
	spans := []zoneSpan{{from: start - 1440, off: offAt(start - 1440)}}
	const step = 360
	prev := start - 1440
	for t := prev + step; ; t += step {
		if t > end+1440 {
			t = end + 1440
		}
		if off := offAt(t); off != spans[len(spans)-1].off {
			lo, hi := prev, t // offset changes in (lo, hi]
			for hi-lo > 1 {
				mid := lo + (hi-lo)/2
				if offAt(mid) == off {
					hi = mid
				} else {
					lo = mid
				}
			}
			spans = append(spans, zoneSpan{from: hi, off: off})
		}
		if t == end+1440 {
			return spans
		}
		prev = t
	}
}

// localDay is the date, in the zone of spans, of an instant in minutes.
func localDay(spans []zoneSpan, min int32) Date {
	off := spans[0].off
	for _, s := range spans[1:] {
		if min < s.from {
			break
		}
		off = s.off
	}
	return Date(floorDiv(min+off, 1440))
}

func floorDiv(a, b int32) int32 {
	q := a / b
	if (a%b != 0) && (a < 0) {
		q--
	}
	return q
}

// watchDay returns the watch date of row i under the plan's zone.
func watchDay(part *partition, spans []zoneSpan, i int) Date {
	if part.flags[i]&flagInstant != 0 {
		return localDay(spans, part.when[i])
	}
	return Date(part.when[i])
}

// spansFor returns the zone spans a partition needs (nil without instants).
func (p *plan) spansFor(part *partition) []zoneSpan { return partitionSpans(part, p.loc) }

// partitionSpans returns the zone spans of loc over the partition's month,
// or nil when it holds no instants and needs none.
func partitionSpans(part *partition, loc *time.Location) []zoneSpan {
	if part.instants == 0 {
		return nil
	}
	return zoneSpans(loc, part.month)
}

// match reports whether row i (whose watch day is day) passes the filter
// and is not superseded.
func (p *plan) match(part *partition, i int, day Date) bool {
	if day < p.from || day > p.to {
		return false
	}
	d := part.dims[i]
	if p.titles != nil {
		t := int(dimTitle(d))
		if t >= len(p.titles) || !p.titles[t] {
			return false
		}
	}
	if p.channels != nil {
		if c := int(dimChannel(d)); c >= len(p.channels) || !p.channels[c] {
			return false
		}
	}
	if p.countries != nil && !p.countries[part.country[i]] {
		return false
	}
	return part.flags[i]&flagFinal != 0 || !p.cov.covers(dimChannel(d), day)
}
