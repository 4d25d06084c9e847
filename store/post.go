package store

import (
	"bytes"
	"encoding/binary"
	"encoding/json"
	"slices"
	"time"

	"github.com/shopspring/decimal"
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

	p := a.newPosting(rec)
	err := a.db.update(func(tx *bolt.Tx) error {
		b := a.bucket(tx)
		if err := p.claim(tx, b); err != nil {
			return err
		}
		if err := p.readAll(next); err != nil {
			return err
		}
		return p.write(b)
	})
	if err != nil {
		return p.rec, err
	}
	p.apply()
	a.notify()
	return p.rec, nil
}

// posting is one PostStream under way. Its steps, in order: claim the file
// (refuse a duplicate, number it), read every line into per-month
// batches, write everything in key order, and, after the commit, apply
// the new rows to the account's in-memory index.
//
// Only this goroutine changes the index while writeMu is held, so the
// steps may read it without mu; readers never write.
type posting struct {
	a        *account
	rec      FileRecord
	fileNo   uint32
	titles   *dictDelta
	channels *dictDelta
	cov      coverage // the account's, with the post's added by write
	newCov   []coverageKeyed
	batches  map[Month]*batch

	// Set by claim, used while reading lines.
	files    *bolt.Bucket
	txids    *bolt.Bucket
	txCursor *bolt.Cursor // one for every transaction id: a Get allocates one per line
	rates    *rateBook

	txKey        []byte          // one key buffer for every transaction id
	seen         map[string]bool // the file's own transaction ids
	newIDs       sortedRuns      // seen's keys, sorted as they come
	chanSet      map[string]bool
	fileChannels bitset
	// A report's final lines share a few periods: newCov keeps each once,
	// the set of what they cover being all that is asked of it.
	covSeen map[coverageKeyed]bool
	months  monthCache
	row     storedRow
}

func (a *account) newPosting(rec FileRecord) *posting {
	rec.Stored, rec.Duplicates, rec.Pending, rec.Superseded = 0, 0, 0, 0
	rec.ImportedAt = time.Now().UTC()
	return &posting{
		a:        a,
		rec:      rec,
		titles:   newDictDelta(&a.titles, "title", MaxTitles),
		channels: newDictDelta(&a.channels, "channel", MaxChannels),
		cov:      a.coverage,
		batches:  map[Month]*batch{},
		seen:     map[string]bool{},
		chanSet:  map[string]bool{},
		covSeen:  map[coverageKeyed]bool{},
		months:   monthCache{first: 1, last: 0},
	}
}

// claim refuses a file already posted (as lines or as rates) and takes
// the next file number.
func (p *posting) claim(tx *bolt.Tx, b *bolt.Bucket) error {
	p.files = b.Bucket(bucketFiles)
	if p.files.Get([]byte(p.rec.SHA256)) != nil || tx.Bucket(bucketRateFiles).Get([]byte(p.rec.SHA256)) != nil {
		return ErrDuplicateFile
	}
	seq, _ := b.Bucket(bucketFileNos).NextSequence()
	p.fileNo = uint32(seq)
	p.txids = b.Bucket(bucketTxIDs)
	p.txCursor = p.txids.Cursor()
	p.rates = newRateBook(tx)
	return nil
}

// readAll takes batches from next until it returns nil, adding each line.
func (p *posting) readAll(next func(*FileRecord) ([]LineItem, error)) error {
	for {
		p.newIDs.seal() // the last batch's, while the parser makes the next
		lines, err := next(&p.rec)
		if err != nil {
			return err
		}
		if lines == nil {
			return nil
		}
		for i := range lines {
			if err := p.add(&lines[i]); err != nil {
				return err
			}
		}
	}
}

// add validates one line and, unless its transaction id was seen before,
// appends it to its month's batch.
func (p *posting) add(l *LineItem) error {
	if err := validate(l); err != nil {
		return err
	}
	if p.duplicate(l) {
		p.rec.Duplicates++
		return nil
	}
	title, err := p.titles.id(l.Title)
	if err != nil {
		return err
	}
	channel, err := p.channels.id(l.Channel)
	if err != nil {
		return err
	}
	if !p.fileChannels.has(int(channel)) {
		p.fileChannels.set(int(channel))
		p.chanSet[l.Channel] = true
	}
	country, _ := countryID(l.Country)
	p.row = storedRow{title: title, channel: channel, country: country, line: l, fileNo: p.fileNo}
	if isMemberOf(l.Source.File, p.rec.Name) {
		p.row.sourceFile = l.Source.File
	}
	p.row.revenue, p.row.pending = p.rates.convert(l)
	c, m := p.place(l, title, channel, country)
	p.batch(m).add(c, &p.row)
	p.rec.Stored++
	return nil
}

// duplicate reports whether the line's (channel, transaction id) is
// stored or came earlier in this file, and remembers it if not.
func (p *posting) duplicate(l *LineItem) bool {
	if l.TransactionID == "" {
		return false
	}
	p.txKey = append(append(append(p.txKey[:0], l.Channel...), 0), l.TransactionID...)
	if p.seen[string(p.txKey)] || stored(p.txCursor, p.txKey) {
		return true
	}
	k := string(p.txKey)
	p.seen[k] = true
	p.newIDs.add(k)
	return false
}

// place builds the line's column and picks its month; a final line's
// period joins the new coverage.
func (p *posting) place(l *LineItem, title, channel uint32, country uint8) (column, Month) {
	c, day, final := lineColumn(l, title, channel, country, p.row.revenue, p.row.pending)
	if final.ok {
		if k := (coverageKeyed{uint16(channel), final.from, final.to}); !p.covSeen[k] {
			p.covSeen[k] = true
			p.newCov = append(p.newCov, k)
		}
	}
	if p.row.pending {
		p.rec.Pending++
	}
	return c, p.months.of(day)
}

// finalPeriod is the days a final line covers; ok is false for an
// estimate, which covers none.
type finalPeriod struct {
	from, to Date
	ok       bool
}

// lineColumn is the column a line is stored as (dimensions, watch time,
// flags, revenue), the day whose month holds it, and the days it covers
// when final. Post and the rebuild from raw line items share it, so a
// rebuild writes what the import wrote, to the byte.
func lineColumn(l *LineItem, title, channel uint32, country uint8, revenue decimal.Decimal, pending bool) (column, Date, finalPeriod) {
	c := column{dims: packDims(title, channel), country: country, report: int32(l.ReportDate)}
	var day Date
	if l.HasInstant() {
		min := l.WatchedAt.Unix() / 60
		if l.WatchedAt.Unix() < 0 {
			min = (l.WatchedAt.Unix() - 59) / 60
		}
		c.when, c.flags = int32(min), flagInstant
		day = utcDate(l.WatchedAt)
	} else {
		day = Midpoint(l.PeriodStart, l.PeriodEnd)
		c.when = int32(day)
	}
	var final finalPeriod
	if l.Status == Final {
		c.flags |= flagFinal
		final = finalPeriod{l.PeriodStart, l.PeriodEnd, true}
		if !l.HasPeriod() {
			final.from = utcDate(l.WatchedAt)
			final.to = final.from
		}
	}
	if pending {
		c.flags |= flagPending
	} else {
		c.setRevenue(revenue)
	}
	return c, day, final
}

// batch returns month m's batch, starting it after the partition's rows.
func (p *posting) batch(m Month) *batch {
	bt := p.batches[m]
	if bt == nil {
		first := 0
		if part := p.a.byMonth[m]; part != nil {
			first = part.len()
		}
		bt = newBatch(m, first)
		p.batches[m] = bt
	}
	return bt
}

// write stores what the lines added: coverage, the superseded count,
// dictionaries, rows and columns, transaction ids, and the file record.
func (p *posting) write(b *bolt.Bucket) error {
	if err := p.writeCoverage(b); err != nil {
		return err
	}
	p.rec.Superseded = p.a.newlySuperseded(&p.cov, coveredMonths(p.newCov), p.batches)
	p.rec.Channels = sortedKeys(p.chanSet)
	if err := p.titles.persist(b.Bucket(bucketTitles)); err != nil {
		return err
	}
	if err := p.channels.persist(b.Bucket(bucketChannels)); err != nil {
		return err
	}
	// Keys go in ascending order: bbolt keeps a transaction's new keys
	// in one growing node until commit, and inserting into its middle
	// copies the rest of it each time.
	for _, m := range sortedMonths(p.batches) {
		if err := p.a.writeBatch(b, p.batches[m]); err != nil {
			return err
		}
	}
	for _, k := range p.newIDs.sorted() {
		// Put copies the key, so one buffer serves them all.
		p.txKey = append(p.txKey[:0], k...)
		if err := p.txids.Put(p.txKey, nil); err != nil {
			return err
		}
	}
	return p.writeFile(b)
}

// writeCoverage adds the final lines' periods to the coverage, in memory
// (a copy, applied after the commit) and in the bucket.
func (p *posting) writeCoverage(b *bolt.Bucket) error {
	if len(p.newCov) == 0 {
		return nil
	}
	p.cov = p.cov.clone()
	keys := map[string]bool{}
	for _, k := range p.newCov {
		p.cov.add(k.channel, k.from, k.to)
		keys[string(coverageKey(k.channel, k.from, k.to))] = true
	}
	for _, k := range sortedKeys(keys) {
		if err := b.Bucket(bucketCoverage).Put([]byte(k), seal([]byte(k), nil)); err != nil {
			return err
		}
	}
	return nil
}

// writeFile records the file, by SHA-256 and by number.
func (p *posting) writeFile(b *bolt.Bucket) error {
	raw, _ := json.Marshal(p.rec)
	if err := p.files.Put([]byte(p.rec.SHA256), seal([]byte(p.rec.SHA256), raw)); err != nil {
		return err
	}
	return b.Bucket(bucketFileNos).Put(u32(p.fileNo), seal(u32(p.fileNo), []byte(p.rec.SHA256)))
}

// apply makes the committed post visible to readers.
func (p *posting) apply() {
	a := p.a
	a.mu.Lock()
	defer a.mu.Unlock()
	p.titles.apply(&a.titles)
	p.channels.apply(&a.channels)
	a.coverage = p.cov
	a.files[p.fileNo] = fileRef{sha: p.rec.SHA256, name: p.rec.Name}
	// New coverage may supersede lines of the months it covers: those
	// partitions are rebuilt, the others only extended with their new rows.
	stale := coveredMonths(p.newCov)
	for _, bt := range p.batches {
		part := a.partition(bt.month)
		from := part.len()
		part.appendRows(bt.rows)
		if !stale[bt.month] {
			part.extend(from, &a.coverage, len(a.titles.names))
		}
	}
	a.rebuild(stale)
	a.version++
}

// monthCache is Date.Month remembering the last month's days: lines come
// in runs of a month, and Month goes through the calendar.
type monthCache struct {
	month       Month
	first, last Date // empty at first: first > last
}

func (c *monthCache) of(d Date) Month {
	if d < c.first || d > c.last {
		c.month = d.Month()
		c.first, c.last = c.month.First(), c.month.Last()
	}
	return c.month
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

// isMemberOf reports whether a line's source is a member of the file
// posted, "ARCHIVE:MEMBER": the store keeps which member each line came
// from. Any other source is the file itself, whatever the line says.
func isMemberOf(source, file string) bool {
	return len(source) > len(file)+1 && source[len(file)] == ':' && source[:len(file)] == file
}
