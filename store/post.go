package store

import (
	"bytes"
	"encoding/binary"
	"encoding/json"
	"slices"
	"time"

	bolt "go.etcd.io/bbolt"
)

// batch is what one Post adds to one partition.
type batch struct {
	month Month
	first int // rows the partition held before this post
	// rows holds the new rows' columns, indexed from 0. Kept columnar
	// (22 bytes a row, not a 40-byte column struct) so that the
	// supersession count, the segment writer and the final merge read it
	// as it is instead of rebuilding a partition each.
	rows *partition
	// blocks are the encoded rows, block by block; blocks[0] continues the
	// partition's last block when that one is partly filled.
	blocks [][]byte
	// arena is where blocks are cut from, end to end: bbolt keeps every
	// block until the commit, and a block of its own each would cost an
	// allocation and a third of its bytes unused.
	arena []byte
}

// arenaBytes is the size of one arena: a few hundred blocks.
const arenaBytes = 1 << 20

func newBatch(m Month, first int) *batch {
	return &batch{month: m, first: first, rows: newPartition(m)}
}

// newBlock closes the last block and starts the next where it ends.
func (bt *batch) newBlock() []byte {
	if n := len(bt.blocks); n > 0 {
		last := bt.blocks[n-1]
		if len(last)+sealBytes <= cap(bt.arena)-len(bt.arena) {
			// It fitted, so append never moved it: the arena holds it,
			// and room for the seal writeBatch appends in place.
			bt.blocks[n-1] = last[: len(last) : len(last)+sealBytes]
			bt.arena = bt.arena[:len(bt.arena)+len(last)+sealBytes]
		} else {
			bt.blocks[n-1] = last[:len(last):len(last)] // nothing appends over its end
			bt.arena = nil                              // it outgrew the arena's rest and moved
		}
	}
	if cap(bt.arena)-len(bt.arena) < blockRows*64 {
		bt.arena = make([]byte, 0, arenaBytes)
	}
	return bt.arena[len(bt.arena):len(bt.arena)]
}

func (bt *batch) add(c column, r *storedRow) {
	if idx := bt.first + bt.rows.len(); len(bt.blocks) == 0 || idx%blockRows == 0 {
		bt.blocks = append(bt.blocks, bt.newBlock())
	}
	last := &bt.blocks[len(bt.blocks)-1]
	*last = appendRow(*last, r)
	if n := bt.rows.len(); n == cap(bt.rows.when) {
		// Double rather than let append grow each column by a quarter:
		// a million-line file would otherwise reallocate and copy its
		// columns some thirty times, five times their size in garbage.
		bt.rows.reserve(max(n, 1024))
	}
	bt.rows.append(c)
}

// Post stores the line items of one file in one bbolt transaction: every
// line or none. It converts currencies with the rates known now (lines
// without a rate are stored pending), skips lines whose (channel,
// transaction id) was seen before, and records the file so that posting the
// same bytes again returns ErrDuplicateFile. The returned record carries
// the counts.
func (h *Account) Post(rec FileRecord, lines []LineItem) (FileRecord, error) {
	done := false
	return h.PostStream(rec, func(*FileRecord) ([]LineItem, error) {
		if done {
			return nil, nil
		}
		done = true
		return lines, nil
	})
}

// PostStream is Post for a file whose lines arrive in batches while it is
// parsed: next returns the next batch, nil at the end, or an error that
// rolls everything back. A batch is not read once next is called again,
// so its caller may fill it anew. At the end next may fill in the record
// (rows read, format). The transaction stays open throughout, so the file
// is still stored whole or not at all.
func (h *Account) PostStream(rec FileRecord, next func(*FileRecord) ([]LineItem, error)) (FileRecord, error) {
	a := h.a
	a.writeMu.Lock()
	defer a.writeMu.Unlock()

	// Only this goroutine changes the index while writeMu is held, so it
	// may read it without mu; readers never write.
	titles := newDictDelta(&a.titles, "title", MaxTitles)
	channels := newDictDelta(&a.channels, "channel", MaxChannels)
	cov := a.coverage
	var newCov []coverageKeyed
	batches := map[Month]*batch{}
	rec.Stored, rec.Duplicates, rec.Pending, rec.Superseded = 0, 0, 0, 0
	rec.ImportedAt = time.Now().UTC()
	var fileNo uint32

	err := a.db.update(func(tx *bolt.Tx) error {
		b := a.bucket(tx)
		files := b.Bucket(bucketFiles)
		if files.Get([]byte(rec.SHA256)) != nil || tx.Bucket(bucketRateFiles).Get([]byte(rec.SHA256)) != nil {
			return ErrDuplicateFile
		}
		seq, _ := b.Bucket(bucketFileNos).NextSequence()
		fileNo = uint32(seq)
		txids := b.Bucket(bucketTxIDs)
		// One cursor and one key buffer for every transaction id: a Get
		// would allocate a cursor, and the key its bytes, per line.
		txCursor := txids.Cursor()
		var txKey []byte
		seen := map[string]bool{}
		var newIDs sortedRuns // seen's keys, sorted as they come
		rates := newRateBook(tx)
		chanSet := map[string]bool{}
		var fileChannels bitset
		var row storedRow
		// A report's final lines share a few periods: newCov keeps each
		// once, the set of what they cover being all that is asked of it.
		covSeen := map[coverageKeyed]bool{}
		// monthOf is Date.Month, remembering the last month's days: lines
		// come in runs of a month, and Month goes through the calendar.
		var month Month
		monthFirst, monthLast := Date(1), Date(0)
		monthOf := func(d Date) Month {
			if d < monthFirst || d > monthLast {
				month = d.Month()
				monthFirst, monthLast = month.First(), month.Last()
			}
			return month
		}
		for {
			newIDs.seal() // the last batch's, while the parser makes the next
			lines, err := next(&rec)
			if err != nil {
				return err
			}
			if lines == nil {
				break
			}
			for i := range lines {
				l := &lines[i]
				if err := validate(l); err != nil {
					return err
				}
				if l.TransactionID != "" {
					txKey = append(append(append(txKey[:0], l.Channel...), 0), l.TransactionID...)
					if seen[string(txKey)] || stored(txCursor, txKey) {
						rec.Duplicates++
						continue
					}
					k := string(txKey)
					seen[k] = true
					newIDs.add(k)
				}
				title, err := titles.id(l.Title)
				if err != nil {
					return err
				}
				channel, err := channels.id(l.Channel)
				if err != nil {
					return err
				}
				if !fileChannels.has(int(channel)) {
					fileChannels.set(int(channel))
					chanSet[l.Channel] = true
				}
				country, _ := countryID(l.Country)
				row = storedRow{title: title, channel: channel, country: country, line: l, fileNo: fileNo}
				row.revenue, row.pending = rates.convert(l)
				c := column{dims: packDims(title, channel), country: country, report: int32(l.ReportDate)}
				var m Month
				if l.HasInstant() {
					min := l.WatchedAt.Unix() / 60
					if l.WatchedAt.Unix() < 0 {
						min = (l.WatchedAt.Unix() - 59) / 60
					}
					c.when, c.flags = int32(min), flagInstant
					m = monthOf(utcDate(l.WatchedAt))
				} else {
					w := Midpoint(l.PeriodStart, l.PeriodEnd)
					c.when, m = int32(w), monthOf(w)
				}
				if l.Status == Final {
					c.flags |= flagFinal
					from, to := l.PeriodStart, l.PeriodEnd
					if !l.HasPeriod() {
						from = utcDate(l.WatchedAt)
						to = from
					}
					if k := (coverageKeyed{uint16(channel), from, to}); !covSeen[k] {
						covSeen[k] = true
						newCov = append(newCov, k)
					}
				}
				if row.pending {
					c.flags |= flagPending
					rec.Pending++
				} else {
					c.setRevenue(row.revenue)
				}
				bt := batches[m]
				if bt == nil {
					first := 0
					if p := a.byMonth[m]; p != nil {
						first = p.len()
					}
					bt = newBatch(m, first)
					batches[m] = bt
				}
				bt.add(c, &row)
				rec.Stored++
			}
		}
		if len(newCov) > 0 {
			cov = cov.clone()
			keys := map[string]bool{}
			for _, k := range newCov {
				cov.add(k.channel, k.from, k.to)
				keys[string(coverageKey(k.channel, k.from, k.to))] = true
			}
			for _, k := range sortedKeys(keys) {
				if err := b.Bucket(bucketCoverage).Put([]byte(k), seal([]byte(k), nil)); err != nil {
					return err
				}
			}
		}
		rec.Superseded = a.newlySuperseded(&cov, coveredMonths(newCov), batches)
		rec.Channels = sortedKeys(chanSet)
		if err := titles.persist(b.Bucket(bucketTitles)); err != nil {
			return err
		}
		if err := channels.persist(b.Bucket(bucketChannels)); err != nil {
			return err
		}
		// Keys go in ascending order: bbolt keeps a transaction's new keys
		// in one growing node until commit, and inserting into its middle
		// copies the rest of it each time.
		for _, m := range sortedMonths(batches) {
			if err := a.writeBatch(b, batches[m]); err != nil {
				return err
			}
		}
		for _, k := range newIDs.sorted() {
			// Put copies the key, so one buffer serves them all.
			txKey = append(txKey[:0], k...)
			if err := txids.Put(txKey, nil); err != nil {
				return err
			}
		}
		raw, _ := json.Marshal(rec)
		if err := files.Put([]byte(rec.SHA256), seal([]byte(rec.SHA256), raw)); err != nil {
			return err
		}
		return b.Bucket(bucketFileNos).Put(u32(fileNo), seal(u32(fileNo), []byte(rec.SHA256)))
	})
	if err != nil {
		return rec, err
	}

	a.mu.Lock()
	titles.apply(&a.titles)
	channels.apply(&a.channels)
	a.coverage = cov
	a.files[fileNo] = fileRef{sha: rec.SHA256, name: rec.Name}
	// New coverage may supersede lines of the months it covers: those
	// partitions are rebuilt, the others only extended with their new rows.
	stale := coveredMonths(newCov)
	for _, bt := range batches {
		part := a.partition(bt.month)
		from := part.len()
		part.appendRows(bt.rows)
		if !stale[bt.month] {
			part.extend(from, &a.coverage, len(a.titles.names))
		}
	}
	a.rebuild(stale)
	a.version++
	a.mu.Unlock()
	a.notify()
	return rec, nil
}

// stored reports whether key is in the cursor's bucket, as Get would: a
// key with a value, not a nested bucket.
func stored(c *bolt.Cursor, key []byte) bool {
	k, v := c.Seek(key)
	return v != nil && bytes.Equal(k, key)
}

type coverageKeyed struct {
	channel  uint16
	from, to Date
}

// writeBatch appends a batch's raw rows to the partition's blocks and
// rewrites its column segments from the last, partly filled one.
func (a *account) writeBatch(b *bolt.Bucket, bt *batch) error {
	old := a.byMonth[bt.month]
	n := 0
	if old != nil {
		n = old.len()
	}
	rows := b.Bucket(bucketRows)
	for i, blk := range bt.blocks {
		key := partKey(bt.month, uint32(n/blockRows+i))
		if i == 0 && n%blockRows != 0 {
			old, err := a.unsealed(blockName(bt.month, n/blockRows), key, rows.Get(key))
			if err != nil {
				return err
			}
			blk = append(slices.Clip(old), blk...)
		}
		if err := rows.Put(key, seal(key, blk)); err != nil {
			return err
		}
	}

	// Column segments: the old rows of the first touched segment, then
	// the new rows. When the partition ends on a segment boundary (a new
	// month, typically) the new rows are the segments as they stand.
	seg := n / segmentRows
	tmp := bt.rows
	if old != nil && n > seg*segmentRows {
		tmp = newPartition(bt.month)
		for i := seg * segmentRows; i < n; i++ {
			tmp.append(old.column(i))
		}
		tmp.appendRows(bt.rows)
	}
	cols := b.Bucket(bucketColumns)
	for from := 0; from < tmp.len(); from += segmentRows {
		to := min(from+segmentRows, tmp.len())
		key := partKey(bt.month, uint32(seg+from/segmentRows))
		if err := cols.Put(key, seal(key, tmp.encodeSegment(from, to))); err != nil {
			return err
		}
	}
	return nil
}

func partKey(m Month, n uint32) []byte {
	k := make([]byte, 8)
	binary.BigEndian.PutUint32(k, uint32(m))
	binary.BigEndian.PutUint32(k[4:], n)
	return k
}

// newlySuperseded counts the estimated lines that the post takes out of the
// totals: its own estimated lines already covered by a final report, plus,
// when it brings final lines, older estimates they now cover. It counts in
// the account's current time zone.
func (a *account) newlySuperseded(cov *coverage, covered map[Month]bool, batches map[Month]*batch) int {
	n := 0
	superseded := func(channel uint16, day Date, flags uint8, c *coverage) bool {
		return flags&flagFinal == 0 && c.covers(channel, day)
	}
	for _, bt := range batches {
		tmp := bt.rows
		spans := partitionSpans(tmp, a.loc)
		for i := range tmp.when {
			if superseded(dimChannel(tmp.dims[i]), watchDay(tmp, spans, i), tmp.flags[i], cov) {
				n++
			}
		}
	}
	for _, part := range a.parts {
		if !covered[part.month] {
			continue
		}
		spans := partitionSpans(part, a.loc)
		for i := range part.when {
			ch, day := dimChannel(part.dims[i]), watchDay(part, spans, i)
			if superseded(ch, day, part.flags[i], cov) && !superseded(ch, day, part.flags[i], &a.coverage) {
				n++
			}
		}
	}
	return n
}

// coveredMonths lists the partitions whose lines new coverage can reach:
// the months of its days, widened by a day for instants, whose watch date
// may fall a day either side of their UTC date.
func coveredMonths(cov []coverageKeyed) map[Month]bool {
	months := map[Month]bool{}
	for _, k := range cov {
		for m := (k.from - 1).Month(); m <= (k.to + 1).Month(); m++ {
			months[m] = true
		}
	}
	return months
}

// dictDelta assigns ids to names new to a dictionary inside a transaction;
// the dictionary itself changes only after the commit.
type dictDelta struct {
	base  *dict
	kind  string // the column: "title", "channel"
	limit int    // names an account may hold
	added []string
	ids   map[string]uint32

	// recent are the last names looked up, newest first: reports come in
	// runs of one title or channel, or alternate among a few, and
	// comparing a handful of names (interned by ingest, so often the same
	// pointer) is cheaper than hashing one.
	recent [4]recentName
}

type recentName struct {
	name string
	id   uint32
	ok   bool
}

func newDictDelta(d *dict, kind string, limit int) *dictDelta {
	return &dictDelta{base: d, kind: kind, limit: limit, ids: map[string]uint32{}}
}

func (d *dictDelta) id(name string) (uint32, error) {
	for i := range d.recent {
		if r := d.recent[i]; r.ok && r.name == name {
			return r.id, nil
		}
	}
	id, err := d.lookup(name)
	if err == nil {
		copy(d.recent[1:], d.recent[:])
		d.recent[0] = recentName{name: name, id: id, ok: true}
	}
	return id, err
}

func (d *dictDelta) lookup(name string) (uint32, error) {
	if id, ok := d.base.ids[name]; ok {
		return id, nil
	}
	if id, ok := d.ids[name]; ok {
		return id, nil
	}
	id := uint32(len(d.base.names) + len(d.added))
	if int(id) >= d.limit {
		return 0, &LimitError{Column: d.kind, Limit: d.limit, Held: len(d.base.names), New: len(d.added) + 1}
	}
	d.added = append(d.added, name)
	d.ids[name] = id
	return id, nil
}

func (d *dictDelta) persist(b *bolt.Bucket) error {
	for i, name := range d.added {
		key := u32(uint32(len(d.base.names) + i))
		if err := b.Put(key, seal(key, []byte(name))); err != nil {
			return err
		}
	}
	return nil
}

func (d *dictDelta) apply(to *dict) {
	for _, name := range d.added {
		to.add(name)
	}
	if len(d.added) > 0 {
		to.rerank()
	}
}

func sortedMonths(batches map[Month]*batch) []Month {
	out := make([]Month, 0, len(batches))
	for m := range batches {
		out = append(out, m)
	}
	slices.Sort(out)
	return out
}

func sortedKeys(m map[string]bool) []string {
	out := make([]string, 0, len(m))
	for k := range m {
		out = append(out, k)
	}
	slices.Sort(out)
	return out
}
