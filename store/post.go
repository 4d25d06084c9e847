package store

import (
	"encoding/binary"
	"encoding/json"
	"fmt"
	"slices"
	"time"

	bolt "go.etcd.io/bbolt"
)

// batch is what one Post adds to one partition.
type batch struct {
	month Month
	first int // rows the partition held before this post
	cols  []column
	// blocks are the encoded rows, block by block; blocks[0] continues the
	// partition's last block when that one is partly filled.
	blocks [][]byte
}

func (bt *batch) add(c column, r *storedRow) {
	if idx := bt.first + len(bt.cols); len(bt.blocks) == 0 || idx%blockRows == 0 {
		bt.blocks = append(bt.blocks, make([]byte, 0, blockRows*64))
	}
	last := &bt.blocks[len(bt.blocks)-1]
	*last = appendRow(*last, r)
	bt.cols = append(bt.cols, c)
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
// rolls everything back. At the end next may fill in the record (rows
// read, format). The transaction stays open throughout, so the file is
// still stored whole or not at all.
func (h *Account) PostStream(rec FileRecord, next func(*FileRecord) ([]LineItem, error)) (FileRecord, error) {
	a := h.a
	a.writeMu.Lock()
	defer a.writeMu.Unlock()

	// Only this goroutine changes the index while writeMu is held, so it
	// may read it without mu; readers never write.
	titles := newDictDelta(&a.titles)
	channels := newDictDelta(&a.channels)
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
		seen := map[string]bool{}
		rates := newRateBook(tx)
		chanSet := map[string]bool{}
		var fileChannels bitset
		var row storedRow
		for {
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
					k := l.Channel + "\x00" + l.TransactionID
					if seen[k] || txids.Get([]byte(k)) != nil {
						rec.Duplicates++
						continue
					}
					seen[k] = true
				}
				title, err := titles.id(l.Title, 1<<16)
				if err != nil {
					return err
				}
				channel, err := channels.id(l.Channel, 1<<8)
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
				c := column{dims: packDims(uint16(title), uint8(channel), country), report: int32(l.ReportDate)}
				var m Month
				if l.HasInstant() {
					min := l.WatchedAt.Unix() / 60
					if l.WatchedAt.Unix() < 0 {
						min = (l.WatchedAt.Unix() - 59) / 60
					}
					c.when, c.flags = int32(min), flagInstant
					m = DateIn(l.WatchedAt, time.UTC).Month()
				} else {
					w := Midpoint(l.PeriodStart, l.PeriodEnd)
					c.when, m = int32(w), w.Month()
				}
				if l.Status == Final {
					c.flags |= flagFinal
					from, to := l.PeriodStart, l.PeriodEnd
					if !l.HasPeriod() {
						from = DateIn(l.WatchedAt, time.UTC)
						to = from
					}
					newCov = append(newCov, coverageKeyed{uint8(channel), from, to})
				}
				if row.pending {
					c.flags |= flagPending
					rec.Pending++
				} else {
					c.setRevenue(row.revenue)
				}
				bt := batches[m]
				if bt == nil {
					bt = &batch{month: m}
					if p := a.byMonth[m]; p != nil {
						bt.first = p.len()
					}
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
				if err := b.Bucket(bucketCoverage).Put([]byte(k), nil); err != nil {
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
		ids := make([]string, 0, len(seen))
		for k := range seen {
			ids = append(ids, k)
		}
		slices.Sort(ids)
		for _, k := range ids {
			if err := txids.Put([]byte(k), nil); err != nil {
				return err
			}
		}
		raw, _ := json.Marshal(rec)
		if err := files.Put([]byte(rec.SHA256), raw); err != nil {
			return err
		}
		return b.Bucket(bucketFileNos).Put(u32(fileNo), []byte(rec.SHA256))
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
		for _, c := range bt.cols {
			part.append(c)
		}
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

type coverageKeyed struct {
	channel  uint8
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
			blk = append(slices.Clone(rows.Get(key)), blk...)
		}
		if err := rows.Put(key, blk); err != nil {
			return err
		}
	}

	// Column segments: the old rows of the first touched segment, then
	// the new rows.
	seg := n / segmentRows
	tmp := newPartition(bt.month)
	if old != nil {
		for i := seg * segmentRows; i < n; i++ {
			tmp.append(old.column(i))
		}
	}
	for _, c := range bt.cols {
		tmp.append(c)
	}
	cols := b.Bucket(bucketColumns)
	for from := 0; from < tmp.len(); from += segmentRows {
		to := min(from+segmentRows, tmp.len())
		if err := cols.Put(partKey(bt.month, uint32(seg+from/segmentRows)), tmp.encodeSegment(from, to)); err != nil {
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
	superseded := func(channel uint8, day Date, flags uint8, c *coverage) bool {
		return flags&flagFinal == 0 && c.covers(channel, day)
	}
	for _, bt := range batches {
		tmp := newPartition(bt.month)
		for _, c := range bt.cols {
			tmp.append(c)
		}
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
	added []string
	ids   map[string]uint32

	lastName string
	lastID   uint32
	hasLast  bool
}

func newDictDelta(d *dict) *dictDelta { return &dictDelta{base: d, ids: map[string]uint32{}} }

func (d *dictDelta) id(name string, limit int) (uint32, error) {
	// Reports come in runs of one title or channel: skip the map then.
	if d.hasLast && name == d.lastName {
		return d.lastID, nil
	}
	id, err := d.lookup(name, limit)
	d.lastName, d.lastID, d.hasLast = name, id, err == nil
	return id, err
}

func (d *dictDelta) lookup(name string, limit int) (uint32, error) {
	if id, ok := d.base.ids[name]; ok {
		return id, nil
	}
	if id, ok := d.ids[name]; ok {
		return id, nil
	}
	id := uint32(len(d.base.names) + len(d.added))
	if int(id) >= limit {
		return 0, fmt.Errorf("more than %d distinct names of one kind in an account", limit)
	}
	d.added = append(d.added, name)
	d.ids[name] = id
	return id, nil
}

func (d *dictDelta) persist(b *bolt.Bucket) error {
	for i, name := range d.added {
		if err := b.Put(u32(uint32(len(d.base.names)+i)), []byte(name)); err != nil {
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
