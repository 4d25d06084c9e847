package store

import (
	"runtime"
	"sync"

	"github.com/shopspring/decimal"
)

// tally counts lines and sums their revenue exactly: fixed-point values
// in 128 bits, the rare values beyond the column as decimals, pending
// lines only counted.
type tally struct {
	sum     sum128
	big     decimal.Decimal // revenue of lines outside the fixed column
	lines   int
	pending int
	final   int // lines with status final
}

// addRow counts row i of a partition.
func (t *tally) addRow(p *partition, i int) {
	t.lines++
	if p.flags[i]&flagFinal != 0 {
		t.final++
	}
	switch f := p.flags[i]; {
	case f&flagPending != 0:
		t.pending++
	case f&flagBig != 0:
		t.big = t.big.Add(p.big[uint32(i)])
	default:
		t.sum.add(p.rev[i])
	}
}

func (t *tally) merge(o *tally) {
	t.sum.addSum(o.sum)
	if !o.big.IsZero() {
		t.big = t.big.Add(o.big)
	}
	t.lines += o.lines
	t.pending += o.pending
	t.final += o.final
}

func (t *tally) revenue() decimal.Decimal { return t.sum.decimal().Add(t.big) }

// monthAcc accumulates one watch period.
type monthAcc struct {
	tally
	titles    bitset
	channels  bitset
	countries [4]uint64
}

func (m *monthAcc) merge(o *monthAcc) {
	m.tally.merge(&o.tally)
	for i, w := range o.titles {
		if w != 0 {
			for len(m.titles) <= i {
				m.titles = append(m.titles, 0)
			}
			m.titles[i] |= w
		}
	}
	m.channels.or(o.channels)
	for i := range m.countries {
		m.countries[i] |= o.countries[i]
	}
}

// Summary returns the metric tiles and the Monthly rows for a filter in one
// pass over the columnar index.
func (h *Account) Summary(f Filter) (Metrics, []MonthRow, error) {
	a := h.a
	a.mu.RLock()
	defer a.mu.RUnlock()
	p, err := a.compile(f)
	if err != nil {
		return Metrics{}, nil, err
	}
	if len(a.parts) == 0 {
		return Metrics{}, nil, nil
	}
	base := a.parts[0].month - 1
	span := int(a.parts[len(a.parts)-1].month-base) + 2
	accs := scanParallel(a.parts, func(parts []*partition) []monthAcc {
		acc := make([]monthAcc, span)
		// Sets sized up front spare a query its growth; an account of
		// very many titles lets its title sets grow to the ids they meet.
		titleWords, channelWords := (len(a.titles.names)+63)/64, (len(a.channels.names)+63)/64
		if titleWords > 1024 {
			titleWords = 0
		}
		for i := range acc {
			acc[i].titles = make(bitset, titleWords)
			acc[i].channels = make(bitset, channelWords)
		}
		for _, part := range parts {
			if !p.skip(part) {
				p.summarize(part, base, acc)
			}
		}
		return acc
	})
	total := accs[0]
	for _, acc := range accs[1:] {
		for i := range total {
			total[i].merge(&acc[i])
		}
	}
	var all monthAcc
	var rows []MonthRow
	for i := range total {
		m := &total[i]
		if m.lines == 0 {
			continue
		}
		all.merge(m)
		rows = append(rows, MonthRow{
			Period:       base + Month(i),
			Titles:       m.titles.count(),
			Channels:     m.channels.count(),
			Countries:    countKnown(&m.countries),
			RevenueUSD:   m.revenue(),
			PendingLines: m.pending,
		})
	}
	metrics := Metrics{
		Titles:       all.titles.count(),
		Channels:     all.channels.count(),
		Countries:    countKnown(&all.countries),
		RevenueUSD:   all.revenue(),
		PendingLines: all.pending,
		Lines:        all.lines,
		FinalLines:   all.final,
	}
	return metrics, rows, nil
}

// Metrics returns the tiles for a filter.
func (h *Account) Metrics(f Filter) (Metrics, error) {
	m, _, err := h.Summary(f)
	return m, err
}

// Monthly returns one row per watch period for a filter, sorted by period.
func (h *Account) Monthly(f Filter) ([]MonthRow, error) {
	_, rows, err := h.Summary(f)
	return rows, err
}

// summarize adds the partition's matching lines to acc, indexed by watch
// period minus base.
func (p *plan) summarize(part *partition, base Month, acc []monthAcc) {
	if p.useAggregate(part) {
		p.summarizeAggregate(part, base, acc)
		return
	}
	spans := p.spansFor(part)
	for i := range part.when {
		p.summarizeRow(part, spans, i, base, acc)
	}
}

// summarizeRow adds row i if it matches.
func (p *plan) summarizeRow(part *partition, spans []zoneSpan, i int, base Month, acc []monthAcc) {
	day := watchDay(part, spans, i)
	if !p.match(part, i, day) {
		return
	}
	m := &acc[part.month-base]
	if day < part.first || day > part.last {
		m = &acc[day.Month()-base]
	}
	d := part.dims[i]
	m.addRow(part, i)
	m.titles.set(int(dimTitle(d)))
	m.channels.set(int(dimChannel(d)))
	setBit(&m.countries, part.country[i])
}

// scanParallel splits the partitions between the machine's cores,
// balancing by line count, and returns each worker's result.
func scanParallel[T any](parts []*partition, work func([]*partition) T) []T {
	workers := runtime.GOMAXPROCS(0)
	total := 0
	for _, p := range parts {
		total += p.len()
	}
	if workers <= 1 || total < 50_000 {
		return []T{work(parts)}
	}
	var groups [][]*partition
	per := total/workers + 1
	start, n := 0, 0
	for i, p := range parts {
		n += p.len()
		if n >= per || i == len(parts)-1 {
			groups = append(groups, parts[start:i+1])
			start, n = i+1, 0
		}
	}
	out := make([]T, len(groups))
	var wg sync.WaitGroup
	for g, group := range groups {
		wg.Add(1)
		go func() {
			defer wg.Done()
			out[g] = work(group)
		}()
	}
	wg.Wait()
	return out
}

func countBits(s *[4]uint64) int {
	b := bitset(s[:])
	return b.count()
}

// countKnown counts countries other than unknown (id 0).
func countKnown(s *[4]uint64) int {
	n := countBits(s)
	if hasBit(s, 0) {
		n--
	}
	return n
}
