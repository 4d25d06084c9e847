package store

import (
	"container/heap"
	"fmt"
	"math"
	"slices"
	"strings"

	bolt "go.etcd.io/bbolt"
)

// hit is a matching line: its sort key and where it lives (month<<32|row),
// which also breaks ties so pages are stable.
type hit struct {
	key int64
	ref uint64
}

func (h hit) month() Month { return Month(h.ref >> 32) }
func (h hit) row() int     { return int(uint32(h.ref)) }

// maxHeapPage bounds the top-k selection; deeper pages sort every match.
const maxHeapPage = 100_000

// Detail returns one page of line items under the filter, sorted. Only the
// page's lines are read from the raw blocks.
func (h *Account) Detail(q DetailQuery) (DetailPage, error) {
	if q.Limit <= 0 {
		q.Limit = 50
	}
	q.Offset = max(q.Offset, 0)
	var page DetailPage
	err := h.eachDetail(q, false, func(total int, row DetailRow) error {
		page.Total = total
		if row.Title != "" {
			page.Rows = append(page.Rows, row)
		}
		return nil
	})
	return page, err
}

// EachDetail calls fn with every line item under the filter, in order,
// ignoring Offset and Limit: the report command's way to stream a whole
// view without paging through it.
func (h *Account) EachDetail(q DetailQuery, fn func(DetailRow) error) error {
	return h.eachDetail(q, true, func(_ int, row DetailRow) error {
		if row.Title == "" {
			return nil
		}
		return fn(row)
	})
}

// eachDetail finds the matching lines and calls fn for each line of the
// requested page (or of all, with every), always at least once so the
// caller learns the total; a zero row means none.
func (h *Account) eachDetail(q DetailQuery, every bool, fn func(total int, row DetailRow) error) error {
	a := h.a
	if q.Sort == "" {
		q.Sort = SortReportDate
	}
	if !slices.Contains(SortColumns, q.Sort) {
		return fmt.Errorf("cannot sort by %q", q.Sort)
	}
	a.mu.RLock()
	defer a.mu.RUnlock()
	p, err := a.compile(q.Filter)
	if err != nil {
		return err
	}
	search := a.compileSearch(q.Search)
	keyOf := a.sortKey(q.Sort)
	less := func(x, y hit) bool {
		if x.key != y.key {
			return (x.key < y.key) != q.Desc
		}
		return x.ref < y.ref
	}
	k := math.MaxInt // every match, sorted below; else the top k only
	if !every && q.Sort != SortQuantity && q.Limit <= maxHeapPage && q.Offset <= maxHeapPage-q.Limit {
		k = q.Offset + q.Limit // cannot overflow: both are bounded above
	}
	type result struct {
		hits  []hit
		total int
	}
	results := scanParallel(a.parts, func(parts []*partition) result {
		top := &hitHeap{less: less, k: k}
		total := 0
		for _, part := range parts {
			if p.skip(part) {
				continue
			}
			spans := p.spansFor(part)
			for i := range part.when {
				day := watchDay(part, spans, i)
				if !p.match(part, i, day) || !search.match(part, i) {
					continue
				}
				total++
				top.offer(hit{key: keyOf(part, i, day), ref: uint64(part.month)<<32 | uint64(i)})
			}
		}
		return result{top.items, total}
	})
	total := 0
	var hits []hit
	for _, r := range results {
		total += r.total
		hits = append(hits, r.hits...)
	}
	return a.db.view(func(tx *bolt.Tx) error {
		blocks := blockCache{a: a, b: a.bucket(tx).Bucket(bucketRows)}
		if q.Sort == SortQuantity {
			if err := a.quantityKeys(&blocks, hits, q.Desc); err != nil {
				return err
			}
		} else {
			slices.SortFunc(hits, func(x, y hit) int {
				if less(x, y) {
					return -1
				}
				return 1
			})
		}
		if !every {
			from := min(q.Offset, len(hits)) // Offset+Limit may overflow
			hits = hits[from : from+min(q.Limit, len(hits)-from)]
		}
		if err := fn(total, DetailRow{}); err != nil {
			return err
		}
		for _, ht := range hits {
			row, err := blocks.row(ht.month(), ht.row())
			if err != nil {
				return err
			}
			if err := fn(total, a.detailRow(row, p)); err != nil {
				return err
			}
		}
		return nil
	})
}

// sortKey returns the key function of a column. Names sort by their rank
// in the dictionary, so the scan compares integers.
func (a *account) sortKey(col SortColumn) func(*partition, int, Date) int64 {
	switch col {
	case SortWatchDate:
		return func(_ *partition, _ int, day Date) int64 { return int64(day) }
	case SortTitle:
		rank := a.titles.rank
		return func(p *partition, i int, _ Date) int64 { return int64(rank[dimTitle(p.dims[i])]) }
	case SortChannel:
		rank := a.channels.rank
		return func(p *partition, i int, _ Date) int64 { return int64(rank[dimChannel(p.dims[i])]) }
	case SortCountry:
		return func(p *partition, i int, _ Date) int64 { return int64(p.country[i]) }
	case SortStatus:
		return func(p *partition, i int, _ Date) int64 { return int64(p.flags[i] & flagFinal) }
	case SortRevenue:
		return revenueKey
	case SortQuantity:
		return func(*partition, int, Date) int64 { return 0 }
	}
	return func(p *partition, i int, _ Date) int64 { return int64(p.report[i]) }
}

// revenueKey orders pending lines first, and lines beyond the fixed column
// by their sign and magnitude clamped to the int64 range.
func revenueKey(p *partition, i int, _ Date) int64 {
	switch f := p.flags[i]; {
	case f&flagPending != 0:
		return math.MinInt64
	case f&flagBig != 0:
		v := p.big[uint32(i)]
		if v.IsNegative() {
			return math.MinInt64 + 1
		}
		return math.MaxInt64
	}
	return p.rev[i]
}

// quantityKeys sorts hits by quantity, read from the raw blocks: quantity
// is not a column, so this sort is the one that reads every match.
func (a *account) quantityKeys(blocks *blockCache, hits []hit, desc bool) error {
	type keyed struct {
		hit
		row decodedRow
	}
	all := make([]keyed, len(hits))
	for i, ht := range hits {
		row, err := blocks.row(ht.month(), ht.row())
		if err != nil {
			return err
		}
		all[i] = keyed{ht, row}
	}
	slices.SortFunc(all, func(x, y keyed) int {
		if c := x.row.item.Quantity.Cmp(y.row.item.Quantity); c != 0 {
			if desc {
				return -c
			}
			return c
		}
		if x.ref < y.ref {
			return -1
		}
		return 1
	})
	for i := range all {
		hits[i] = all[i].hit
	}
	return nil
}

func (a *account) detailRow(d decodedRow, p plan) DetailRow {
	item := d.item
	item.Title = a.titles.names[d.title]
	item.Channel = a.channels.names[d.channel]
	item.Country = countryCode(d.country)
	f := a.files[d.fileNo]
	item.Source.File, item.Source.SHA256 = f.name, f.sha
	if d.sourceFile != "" {
		item.Source.File = d.sourceFile
	}
	row := DetailRow{LineItem: item, RevenueUSD: d.revenue, Pending: d.pending}
	if item.HasInstant() {
		row.WatchDate = DateIn(item.WatchedAt, p.loc)
	} else {
		row.WatchDate = Midpoint(item.PeriodStart, item.PeriodEnd)
	}
	return row
}

// maxCachedBlocks bounds the decoded blocks one query keeps (about 4 MB).
const maxCachedBlocks = 256

// blockCache decodes each raw block once per query.
type blockCache struct {
	a    *account
	b    *bolt.Bucket
	rows map[uint64][]decodedRow
}

func (c *blockCache) row(m Month, i int) (decodedRow, error) {
	if c.rows == nil {
		c.rows = map[uint64][]decodedRow{}
	}
	key := uint64(m)<<32 | uint64(i/blockRows)
	rows, ok := c.rows[key]
	if !ok {
		if len(c.rows) >= maxCachedBlocks {
			clear(c.rows) // a whole-view stream must not hold every line
		}
		bk := partKey(m, uint32(i/blockRows))
		raw, ok := unseal(bk, c.b.Get(bk))
		if !ok {
			return decodedRow{}, c.a.damaged(blockName(m, i/blockRows), "checksum mismatch")
		}
		var err error
		if rows, err = c.a.decodeBlock(m, i/blockRows, raw); err != nil {
			return decodedRow{}, err
		}
		c.rows[key] = rows
	}
	if i%blockRows >= len(rows) {
		return decodedRow{}, c.a.damaged(fmt.Sprintf("raw row %s/%d", m, i), "missing")
	}
	return rows[i%blockRows], nil
}

// searchPlan keeps lines whose title, channel or country matches a search.
type searchPlan struct {
	on        bool
	titles    []bool
	channels  []bool
	countries [256]bool
}

func (a *account) compileSearch(s string) searchPlan {
	s = strings.ToLower(strings.TrimSpace(s))
	if s == "" {
		return searchPlan{}
	}
	sp := searchPlan{on: true, titles: make([]bool, len(a.titles.names)), channels: make([]bool, len(a.channels.names))}
	for id, name := range a.titles.names {
		sp.titles[id] = strings.Contains(strings.ToLower(name), s)
	}
	for id, name := range a.channels.names {
		sp.channels[id] = strings.Contains(strings.ToLower(name), s)
	}
	for id := 0; id <= len(countryTable); id++ {
		code := countryCode(uint8(id))
		sp.countries[id] = strings.Contains(strings.ToLower(code), s) || strings.Contains(strings.ToLower(CountryName(code)), s)
	}
	return sp
}

func (sp *searchPlan) match(part *partition, i int) bool {
	if !sp.on {
		return true
	}
	d := part.dims[i]
	t, c := int(dimTitle(d)), int(dimChannel(d))
	return (t < len(sp.titles) && sp.titles[t]) || (c < len(sp.channels) && sp.channels[c]) || sp.countries[part.country[i]]
}

// hitHeap keeps the k first hits in sort order; its root is the last of
// them, the one a better hit evicts.
type hitHeap struct {
	items []hit
	less  func(x, y hit) bool
	k     int
}

func (h *hitHeap) Len() int           { return len(h.items) }
func (h *hitHeap) Less(i, j int) bool { return h.less(h.items[j], h.items[i]) }
func (h *hitHeap) Swap(i, j int)      { h.items[i], h.items[j] = h.items[j], h.items[i] }
func (h *hitHeap) Push(x any)         { h.items = append(h.items, x.(hit)) }
func (h *hitHeap) Pop() any {
	x := h.items[len(h.items)-1]
	h.items = h.items[:len(h.items)-1]
	return x
}

func (h *hitHeap) offer(x hit) {
	switch {
	case h.k == math.MaxInt:
		h.items = append(h.items, x)
	case len(h.items) < h.k:
		heap.Push(h, x)
	case h.less(x, h.items[0]):
		h.items[0] = x
		heap.Fix(h, 0)
	}
}
