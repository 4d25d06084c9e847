// Package store keeps marquee's data in one bbolt file and answers the
// dashboard's questions about it: metrics, monthly rows and line items under
// a filter, per account, fast at millions of lines.
//
// Raw line items live in bbolt; next to them every account keeps a compact
// columnar copy (a few bytes a line, partitioned by month) that is written in
// the same transaction and loaded into memory on open, so that a query scans
// tight arrays instead of decoding records.
package store

import (
	"bytes"
	"encoding/binary"
	"errors"
	"fmt"
	"hash/fnv"
	"io"
	"os"
	"path/filepath"
	"runtime/debug"
	"sync"
	"time"

	bolt "go.etcd.io/bbolt"
	berrors "go.etcd.io/bbolt/errors"
)

// Errors a caller may want to tell apart.
var (
	ErrLocked        = errors.New("database is in use by another marquee process")
	ErrNotMarquee    = errors.New("not a marquee database")
	ErrCorrupt       = errors.New("database file is damaged")
	ErrNewerSchema   = errors.New("database was written by a newer marquee")
	ErrDuplicateFile = errors.New("file was imported before")
	ErrNoAccount     = errors.New("no such account")
)

// lockedError names the database another process holds, in one phrase:
// "database PATH is in use by another marquee process". It is ErrLocked.
type lockedError struct{ path string }

func (e lockedError) Error() string {
	return "database " + e.path + " is in use by another marquee process"
}

func (e lockedError) Is(target error) bool { return target == ErrLocked }

// schemaVersion is the layout this code writes. Older layouts are upgraded
// by the migrations in migrate.go when the database is opened for writing.
const schemaVersion = 3

const magic = "marquee database"

const initialMmapSize = 1 << 30

var (
	bucketMeta      = []byte("meta")
	bucketAccounts  = []byte("accounts")
	bucketRates     = []byte("rates")
	bucketRateFiles = []byte("rate-files")
	keyMagic        = []byte("magic")
	keySchema       = []byte("schema")
)

// Options tune Open.
type Options struct {
	// Timeout bounds the wait for the file lock; default 1s.
	Timeout time.Duration
	// ReadOnly opens without writing (a shared lock).
	ReadOnly bool
}

// DB is an open marquee database.
type DB struct {
	path string
	bolt *bolt.DB

	mu       sync.Mutex
	accounts map[string]*account // loaded account state, shared by handles

	keyWatch keyWatch // see SubscribeKeys
}

// Open opens or creates the database at path. A database locked by another
// process fails within the timeout with ErrLocked; a file that is not a
// marquee database is refused untouched.
func Open(path string, opts Options) (*DB, error) {
	if opts.Timeout == 0 {
		opts.Timeout = time.Second
	}
	fresh, err := checkFile(path)
	if err != nil {
		return nil, err
	}
	if fresh && opts.ReadOnly {
		return nil, fmt.Errorf("database %s does not exist", path)
	}
	if fresh {
		if err := create(path); err != nil {
			return nil, err
		}
		fresh = false
	}
	bdb, err := openBolt(path, &bolt.Options{
		Timeout:      opts.Timeout,
		ReadOnly:     opts.ReadOnly,
		FreelistType: bolt.FreelistMapType,
		// Address space, not memory: mapping 1 GB up front spares a growing
		// import the remaps (each copying every node it holds) that
		// bbolt's doubling would do.
		InitialMmapSize: initialMmapSize,
	})
	switch {
	case errors.Is(err, berrors.ErrTimeout):
		return nil, lockedError{path}
	case errors.Is(err, berrors.ErrInvalid), errors.Is(err, berrors.ErrChecksum), errors.Is(err, berrors.ErrVersionMismatch), errors.Is(err, errOpenFault):
		return nil, fmt.Errorf("database %s: %w (%v); it was left untouched", path, ErrCorrupt, err)
	case err != nil:
		return nil, fmt.Errorf("open database %s: %w", path, err)
	}
	db := &DB{path: path, bolt: bdb, accounts: map[string]*account{}}
	if err := db.init(fresh, opts.ReadOnly); err != nil {
		bdb.Close()
		if errors.Is(err, errNeedsUpgrade) {
			return upgradeThenOpen(path, opts, err)
		}
		return nil, err
	}
	return db, nil
}

// errNeedsUpgrade is a read-only open of an older schema.
var errNeedsUpgrade = errors.New("needs an upgrade")

// upgradeThenOpen upgrades an older database that a read-only command
// opens, by opening it for writing once, then opens it read-only: the
// first command after an update of marquee may well be a report. Where
// it cannot be written (a read-only file system) the first error stands.
func upgradeThenOpen(path string, opts Options, readErr error) (*DB, error) {
	rw := opts
	rw.ReadOnly = false
	db, err := Open(path, rw)
	if err != nil {
		if errors.Is(err, ErrLocked) || errors.Is(err, ErrCorrupt) {
			return nil, err
		}
		return nil, fmt.Errorf("%w (%v)", readErr, err)
	}
	if err := db.Close(); err != nil {
		return nil, err
	}
	return Open(path, opts)
}

// errOpenFault is bbolt failing to read the file as it opens it.
var errOpenFault = errors.New("unreadable page")

// openBolt is bolt.Open with a damaged page (a freelist pointing past the
// end of the file, say) an error rather than a panic or a fault.
func openBolt(path string, opts *bolt.Options) (db *bolt.DB, err error) {
	defer debug.SetPanicOnFault(debug.SetPanicOnFault(true))
	defer func() {
		if r := recover(); r != nil {
			db, err = nil, fmt.Errorf("%w: %v", errOpenFault, r)
		}
	}()
	return bolt.Open(path, 0o600, opts)
}

// create makes a new database beside path and links it into place only
// once it is complete: a process killed while creating it leaves no
// half-made file that every later Open would refuse as not marquee's.
func create(path string) error {
	dir := filepath.Dir(path)
	if err := os.MkdirAll(dir, 0o700); err != nil {
		return fmt.Errorf("create database folder: %w", err)
	}
	f, err := os.CreateTemp(dir, "."+filepath.Base(path)+".new-*")
	if err != nil {
		return fmt.Errorf("create database %s: %w", path, err)
	}
	tmp := f.Name()
	f.Close()
	defer os.Remove(tmp)
	bdb, err := bolt.Open(tmp, 0o600, &bolt.Options{Timeout: time.Second, FreelistType: bolt.FreelistMapType})
	if err != nil {
		return fmt.Errorf("create database %s: %w", path, err)
	}
	err = (&DB{path: path, bolt: bdb}).init(true, false)
	if cerr := bdb.Close(); err == nil {
		err = cerr
	}
	if err == nil {
		// Link never replaces: a database another process created
		// meanwhile wins, and this empty one is dropped. A file system
		// without hard links gets a rename unless the path exists.
		if err = os.Link(tmp, path); err != nil {
			err = nil
			if !exists(path) {
				err = os.Rename(tmp, path)
			}
		}
	}
	if err != nil {
		return fmt.Errorf("create database %s: %w", path, err)
	}
	return nil
}

// checkFile tells a new database from an existing one and refuses, before
// bbolt may write to it, a file that is not a bbolt file at all.
func checkFile(path string) (fresh bool, err error) {
	f, err := os.Open(path)
	if errors.Is(err, os.ErrNotExist) {
		return true, nil
	}
	if err != nil {
		return false, fmt.Errorf("open database %s: %w", path, err)
	}
	defer f.Close()
	head := make([]byte, 32)
	n, err := io.ReadFull(f, head)
	if n == 0 {
		return false, fmt.Errorf("database %s is an empty file, %w; it was left untouched", path, ErrNotMarquee)
	}
	// A bbolt file starts with a meta page: a 16-byte page header, then the
	// magic 0xED0CDAED.
	if err != nil || binary.LittleEndian.Uint32(head[16:20]) != 0xED0CDAED {
		return false, fmt.Errorf("database %s: %w; it was left untouched", path, ErrNotMarquee)
	}
	return false, checkLength(f, path)
}

// checkLength refuses a file shorter than its newest valid meta page says
// (a truncated copy): bbolt would map past its end and crash reading it.
func checkLength(f *os.File, path string) error {
	info, err := f.Stat()
	if err != nil {
		return fmt.Errorf("open database %s: %w", path, err)
	}
	// A meta page: a 16-byte page header, then magic, version, page size,
	// flags (4 bytes each), root bucket (16), freelist, high-water page,
	// txid and a FNV-64a checksum of what precedes it (8 bytes each).
	meta := func(off int64) (pageSize, pages, txid uint64, ok bool) {
		m := make([]byte, 64)
		if _, err := f.ReadAt(m, off+16); err != nil || binary.LittleEndian.Uint32(m) != 0xED0CDAED {
			return 0, 0, 0, false
		}
		h := fnv.New64a()
		h.Write(m[:56])
		if h.Sum64() != binary.LittleEndian.Uint64(m[56:]) {
			return 0, 0, 0, false
		}
		return uint64(binary.LittleEndian.Uint32(m[8:])), binary.LittleEndian.Uint64(m[40:]), binary.LittleEndian.Uint64(m[48:]), true
	}
	size0, pages0, tx0, ok0 := meta(0)
	second := int64(size0)
	if !ok0 {
		second = int64(os.Getpagesize())
	}
	size1, pages1, tx1, ok1 := meta(second)
	need := uint64(0)
	switch {
	case ok0 && (!ok1 || tx0 >= tx1):
		need = size0 * pages0
	case ok1:
		need = size1 * pages1
	}
	if uint64(info.Size()) < need {
		return fmt.Errorf("database %s: %w (%d bytes of %d: truncated); it was left untouched", path, ErrCorrupt, info.Size(), need)
	}
	return nil
}

func (db *DB) init(fresh, readOnly bool) error {
	if fresh {
		return db.update(func(tx *bolt.Tx) error {
			meta, err := tx.CreateBucket(bucketMeta)
			if err != nil {
				return err
			}
			for _, name := range [][]byte{bucketAccounts, bucketRates, bucketRateFiles} {
				if _, err := tx.CreateBucket(name); err != nil {
					return err
				}
			}
			meta.Put(keyMagic, []byte(magic))
			return meta.Put(keySchema, u32(schemaVersion))
		})
	}
	var version uint32
	err := db.view(func(tx *bolt.Tx) error {
		meta := tx.Bucket(bucketMeta)
		if meta == nil || !bytes.Equal(meta.Get(keyMagic), []byte(magic)) {
			return fmt.Errorf("database %s: %w (a bbolt file of another program); it was left untouched", db.path, ErrNotMarquee)
		}
		version = binary.BigEndian.Uint32(meta.Get(keySchema))
		return nil
	})
	if err != nil {
		return err
	}
	switch {
	case version > schemaVersion:
		return fmt.Errorf("database %s has schema %d, this marquee knows %d: %w", db.path, version, schemaVersion, ErrNewerSchema)
	case version < schemaVersion && readOnly:
		return fmt.Errorf("database %s has schema %d and %w; open it for writing once", db.path, version, errNeedsUpgrade)
	case version < schemaVersion:
		return db.update(func(tx *bolt.Tx) error { return migrate(tx, version) })
	}
	return nil
}

// Path is the database file.
func (db *DB) Path() string { return db.path }

// Close closes the database. Handles become unusable.
func (db *DB) Close() error { return db.bolt.Close() }

// Accounts lists the account names, sorted.
func (db *DB) Accounts() ([]string, error) {
	var names []string
	err := db.view(func(tx *bolt.Tx) error {
		return tx.Bucket(bucketAccounts).ForEachBucket(func(k []byte) error {
			names = append(names, string(k))
			return nil
		})
	})
	return names, err
}

func u32(v uint32) []byte {
	b := make([]byte, 4)
	binary.BigEndian.PutUint32(b, v)
	return b
}

func exists(path string) bool {
	_, err := os.Lstat(path)
	return err == nil
}
