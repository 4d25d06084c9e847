package store

import (
	"encoding/binary"
	"encoding/json"
	"fmt"
	"regexp"
	"slices"
	"sort"
	"sync"
	"time"

	bolt "go.etcd.io/bbolt"

	"marquee/internal/broadcast"
)

// Buckets inside one account's bucket.
var (
	keyInfo         = []byte("info")
	bucketTitles    = []byte("titles")
	bucketChannels  = []byte("channels")
	bucketFiles     = []byte("files")
	bucketFileNos   = []byte("file-numbers")
	bucketTxIDs     = []byte("transaction-ids")
	bucketRows      = []byte("rows")
	bucketColumns   = []byte("columns")
	bucketCoverage  = []byte("final-coverage")
	accountBuckets  = [][]byte{bucketTitles, bucketChannels, bucketFiles, bucketFileNos, bucketTxIDs, bucketRows, bucketColumns, bucketCoverage}
	validAccountRE  = regexp.MustCompile(`^[a-z0-9][a-z0-9._-]{0,63}$`)
	defaultTimeZone = "UTC"
)

type accountInfo struct {
	TimeZone string    `json:"timezone"`
	Demo     bool      `json:"demo,omitempty"`
	Created  time.Time `json:"created"`
}

// Account is a handle on one account's data. Every method reads and writes
// inside that account's own bucket and its own in-memory index; nothing on
// it can name another account, which is what makes it safe to hand to an
// SSH session.
type Account struct {
	a *account
}

// account is the loaded state behind every handle on one account.
type account struct {
	db   *DB
	name string

	writeMu sync.Mutex // serialises writers: one post at a time

	mu       sync.RWMutex // guards all below; queries hold it for reading
	info     accountInfo
	loc      *time.Location
	titles   dict
	channels dict
	parts    []*partition // sorted by month
	byMonth  map[Month]*partition
	coverage coverage
	files    map[uint32]fileRef
	stored   int // lines the file records say were stored
	version  uint64

	changes broadcast.Signal // after every change of the data
}

type fileRef struct{ sha, name string }

// ValidAccountName reports whether name can name an account: lower-case
// letters, digits, '.', '_' and '-', at most 64.
func ValidAccountName(name string) bool { return validAccountRE.MatchString(name) }

// Account returns a handle on the named account, creating it (time zone
// UTC) if it does not exist.
func (db *DB) Account(name string) (*Account, error) {
	return db.account(name, true)
}

// ExistingAccount returns a handle on an account that must exist.
func (db *DB) ExistingAccount(name string) (*Account, error) {
	return db.account(name, false)
}

func (db *DB) account(name string, create bool) (*Account, error) {
	if !ValidAccountName(name) {
		return nil, fmt.Errorf("account name %q: use lower-case letters, digits, '.', '_' or '-'", name)
	}
	db.mu.Lock()
	defer db.mu.Unlock()
	if a, ok := db.accounts[name]; ok {
		return &Account{a}, nil
	}
	a := &account{db: db, name: name, byMonth: map[Month]*partition{}, files: map[uint32]fileRef{}}
	exists := false
	db.view(func(tx *bolt.Tx) error {
		exists = tx.Bucket(bucketAccounts).Bucket([]byte(name)) != nil
		return nil
	})
	if !exists {
		if !create {
			return nil, fmt.Errorf("account %q: %w", name, ErrNoAccount)
		}
		if err := db.createAccount(name); err != nil {
			return nil, err
		}
	}
	if err := a.load(); err != nil {
		return nil, fmt.Errorf("load account %q: %w", name, err)
	}
	db.accounts[name] = a
	return &Account{a}, nil
}

func (db *DB) createAccount(name string) error {
	return db.update(func(tx *bolt.Tx) error {
		b, err := tx.Bucket(bucketAccounts).CreateBucket([]byte(name))
		if err != nil {
			return err
		}
		for _, sub := range accountBuckets {
			if _, err := b.CreateBucket(sub); err != nil {
				return err
			}
		}
		info, _ := json.Marshal(accountInfo{TimeZone: defaultTimeZone, Created: time.Now().UTC()})
		return b.Put(keyInfo, seal(keyInfo, info))
	})
}

// bucket returns this account's bucket in tx.
func (a *account) bucket(tx *bolt.Tx) *bolt.Bucket {
	return tx.Bucket(bucketAccounts).Bucket([]byte(a.name))
}

// load reads the account's dictionaries, coverage and column segments,
// verifying each value's checksum.
func (a *account) load() error {
	return a.db.view(func(tx *bolt.Tx) error {
		b := a.bucket(tx)
		if err := a.loadBaseIn(b); err != nil {
			return err
		}
		if err := a.coverage.load(a, b.Bucket(bucketCoverage)); err != nil {
			return err
		}
		if err := a.loadColumns(tx, b.Bucket(bucketColumns)); err != nil {
			return err
		}
		// A page lost from the tree drops its segments without a
		// checksum to notice: the count of lines tells.
		if n := a.lines(); n != a.stored {
			return a.damagedDerived("column data", fmt.Sprintf("%d lines where the imported files stored %d", n, a.stored))
		}
		a.rebuildAll()
		return nil
	})
}

// loadBase reads what the raw blocks cannot rebuild: the settings, the
// dictionaries and the file records.
func (a *account) loadBase() error {
	return a.db.view(func(tx *bolt.Tx) error { return a.loadBaseIn(a.bucket(tx)) })
}

func (a *account) loadBaseIn(b *bolt.Bucket) error {
	info, err := a.unsealed("settings", keyInfo, b.Get(keyInfo))
	if err != nil {
		return err
	}
	if err := json.Unmarshal(info, &a.info); err != nil {
		return a.damaged("settings", "")
	}
	loc, err := LoadLocation(a.info.TimeZone)
	if err != nil {
		return err
	}
	a.loc = loc
	if err := a.titles.load(a, "title", b.Bucket(bucketTitles)); err != nil {
		return err
	}
	if err := a.channels.load(a, "channel", b.Bucket(bucketChannels)); err != nil {
		return err
	}
	a.stored = 0
	return b.Bucket(bucketFileNos).ForEach(func(k, v []byte) error {
		sha, err := a.unsealed(fmt.Sprintf("file number %x", k), k, v)
		if err != nil {
			return err
		}
		part := "file record " + string(sha)
		raw, err := a.unsealed(part, sha, b.Bucket(bucketFiles).Get(sha))
		if err != nil {
			return err
		}
		var rec FileRecord
		if len(k) != 4 || json.Unmarshal(raw, &rec) != nil {
			return a.damaged(part, "")
		}
		a.stored += rec.Stored
		a.files[binary.BigEndian.Uint32(k)] = fileRef{sha: string(sha), name: rec.Name}
		return nil
	})
}

// lines counts the rows of every partition.
func (a *account) lines() int {
	n := 0
	for _, p := range a.parts {
		n += p.len()
	}
	return n
}

// partition returns the month's partition, creating it. Callers hold mu
// for writing (or are loading).
func (a *account) partition(m Month) *partition {
	if p, ok := a.byMonth[m]; ok {
		return p
	}
	p := newPartition(m)
	a.byMonth[m] = p
	i := sort.Search(len(a.parts), func(i int) bool { return a.parts[i].month >= m })
	a.parts = slices.Insert(a.parts, i, p)
	return p
}

// Name is the account's name.
func (h *Account) Name() string { return h.a.name }

// TimeZone is the IANA name of the account's time zone.
func (h *Account) TimeZone() string {
	h.a.mu.RLock()
	defer h.a.mu.RUnlock()
	return h.a.info.TimeZone
}

// Location is the account's time zone.
func (h *Account) Location() *time.Location {
	h.a.mu.RLock()
	defer h.a.mu.RUnlock()
	return h.a.loc
}

// IsDemo reports whether the account holds the generated demo data.
func (h *Account) IsDemo() bool {
	h.a.mu.RLock()
	defer h.a.mu.RUnlock()
	return h.a.info.Demo
}

// SetTimeZone validates and persists the account's time zone. Watch dates
// of instants are computed at query time, so every query after it buckets
// in the new zone.
func (h *Account) SetTimeZone(zone string) error {
	loc, err := LoadLocation(zone)
	if err != nil {
		return err
	}
	return h.updateInfo(func(info *accountInfo) { info.TimeZone = zone }, loc)
}

// MarkDemo records that the account holds demo data.
func (h *Account) MarkDemo() error {
	return h.updateInfo(func(info *accountInfo) { info.Demo = true }, nil)
}

func (h *Account) updateInfo(change func(*accountInfo), loc *time.Location) error {
	a := h.a
	a.writeMu.Lock()
	defer a.writeMu.Unlock()
	a.mu.RLock()
	info := a.info
	a.mu.RUnlock()
	change(&info)
	raw, _ := json.Marshal(info)
	if err := a.db.update(func(tx *bolt.Tx) error { return a.bucket(tx).Put(keyInfo, seal(keyInfo, raw)) }); err != nil {
		return err
	}
	a.mu.Lock()
	a.info = info
	if loc != nil {
		a.loc = loc
	}
	a.version++
	a.mu.Unlock()
	a.notify()
	return nil
}

// LoadLocation loads an IANA time zone by name with a message a user can act on.
func LoadLocation(zone string) (*time.Location, error) {
	if zone == "" || zone == "Local" {
		return nil, fmt.Errorf("time zone %q: name an IANA zone such as Europe/London", zone)
	}
	loc, err := time.LoadLocation(zone)
	if err != nil {
		return nil, fmt.Errorf("unknown time zone %q: use an IANA name such as America/Los_Angeles", zone)
	}
	return loc, nil
}

// Version counts the account's data changes; it moves after every post,
// rate conversion and time zone change.
func (h *Account) Version() uint64 {
	h.a.mu.RLock()
	defer h.a.mu.RUnlock()
	return h.a.version
}

// Subscribe returns a channel that receives after every change of the
// account's data (coalesced: one pending signal at most) and a function that
// ends the subscription.
func (h *Account) Subscribe() (<-chan struct{}, func()) { return h.a.changes.Subscribe() }

func (a *account) notify() { a.changes.Notify() }

// Titles lists the account's titles, sorted.
func (h *Account) Titles() []string {
	h.a.mu.RLock()
	defer h.a.mu.RUnlock()
	return h.a.titles.sorted()
}

// Channels lists the account's channels, sorted.
func (h *Account) Channels() []string {
	h.a.mu.RLock()
	defer h.a.mu.RUnlock()
	return h.a.channels.sorted()
}

// Countries lists the country codes present in the account, sorted, with
// "zz" first when there are lines of unknown country.
func (h *Account) Countries() []string {
	h.a.mu.RLock()
	defer h.a.mu.RUnlock()
	var all [4]uint64
	for _, p := range h.a.parts {
		for i := range all {
			all[i] |= p.countries[i]
		}
	}
	var codes []string
	for id := 0; id < 256; id++ {
		if hasBit(&all, uint8(id)) {
			codes = append(codes, countryCode(uint8(id)))
		}
	}
	return codes
}

// Files lists the account's imported files, oldest first.
func (h *Account) Files() ([]FileRecord, error) {
	var recs []FileRecord
	err := h.a.db.view(func(tx *bolt.Tx) error {
		return h.a.bucket(tx).Bucket(bucketFiles).ForEach(func(k, v []byte) error {
			raw, err := h.a.unsealed("file record "+string(k), k, v)
			if err != nil {
				return err
			}
			var rec FileRecord
			if err := json.Unmarshal(raw, &rec); err != nil {
				return h.a.damaged("file record "+string(k), "")
			}
			recs = append(recs, rec)
			return nil
		})
	})
	sort.Slice(recs, func(i, j int) bool { return recs[i].ImportedAt.Before(recs[j].ImportedAt) })
	return recs, err
}

// HasFile reports whether a file with this SHA-256 was imported into the
// account (or, for rates, into the database).
func (h *Account) HasFile(sha string) bool {
	found := false
	h.a.db.view(func(tx *bolt.Tx) error {
		found = h.a.bucket(tx).Bucket(bucketFiles).Get([]byte(sha)) != nil ||
			tx.Bucket(bucketRateFiles).Get([]byte(sha)) != nil
		return nil
	})
	return found
}
