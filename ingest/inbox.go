package ingest

import (
	"context"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"sync"
	"syscall"
	"time"

	"marquee/internal/broadcast"
	"marquee/store"
)

// Inbox watches folders of incoming channel reports and imports each file
// once it has stopped growing: <Dir>/<account>/ for every account it
// serves, and <Dir> itself for RootAccount. An imported file moves
// to imported/ beside it, a rejected one to rejected/ with NAME.error.txt.
//
// A crash between the database commit and the move is harmless: the file
// is seen again, recognised by its SHA-256 as imported, and moved.
type Inbox struct {
	Dir         string
	DB          *store.DB
	Accounts    []string // accounts served, each from <Dir>/<account>/
	RootAccount string   // the account that also owns Dir itself, if any
	Poll        time.Duration
	Settle      time.Duration // a file must keep its size and time this long
	Log         func(Result)  // optional: one call per file handled
	Limits      Limits        // what one file may cost; zero means the defaults

	// importFile imports one file; nil means an Importer's ImportFile.
	// Tests replace it to fail the way a full disk does.
	importFile func(im *Importer, path string) Result

	mu       sync.Mutex
	seen     map[string]fileState
	rejected map[string]bool       // paths rejected and not imported since
	retry    map[string]retryState // files left in place after a transient failure
	status   Status
	started  bool
	changes  broadcast.Signal // after every file handled
}

type fileState struct {
	size    int64
	modTime time.Time
	since   time.Time // when size and modTime were first seen as they are
}

// retryState is a file whose import failed for a reason not its own (a
// full disk, say): it stays in the inbox and is tried again after a delay
// that doubles, up to maxRetryDelay.
type retryState struct {
	failures int
	next     time.Time
}

const (
	firstRetryDelay = 5 * time.Second
	maxRetryDelay   = 10 * time.Minute
)

// Status is what the inbox has done, for the dashboard's status bar.
type Status struct {
	LastImport map[string]time.Time // per channel: last file imported
	Waiting    int                  // files seen, not yet settled
	Imported   int
	Rejected   int // files rejected that have not been imported fine since
	LastError  string
	// LastImported names the newest file imported and LastAdded its line
	// items stored, so the dashboard can say what just arrived.
	LastImported string
	LastAdded    int
	LastRun      time.Time
}

// ErrInboxRunning is returned by Run on an inbox that is already running.
var ErrInboxRunning = errors.New("inbox is already running")

// Run polls until ctx ends.
func (in *Inbox) Run(ctx context.Context) error {
	in.mu.Lock()
	if in.started {
		in.mu.Unlock()
		return ErrInboxRunning
	}
	in.started = true
	in.mu.Unlock()
	poll := in.Poll
	if poll == 0 {
		poll = time.Second
	}
	ticker := time.NewTicker(poll)
	defer ticker.Stop()
	for {
		in.Scan(time.Now())
		select {
		case <-ctx.Done():
			return nil
		case <-ticker.C:
		}
	}
}

// Scan looks at every served folder once and imports what has settled by
// now. Run calls it on every tick; tests call it directly.
func (in *Inbox) Scan(now time.Time) {
	waiting := 0
	for _, account := range in.Accounts {
		waiting += in.scanDir(filepath.Join(in.Dir, account), account, now)
	}
	if in.RootAccount != "" {
		waiting += in.scanDir(in.Dir, in.RootAccount, now)
	}
	in.mu.Lock()
	in.status.Waiting = waiting
	in.status.LastRun = now
	in.mu.Unlock()
}

// scanDir handles one folder and returns how many files are still settling.
func (in *Inbox) scanDir(dir, account string, now time.Time) int {
	entries, err := os.ReadDir(dir)
	if err != nil {
		if !errors.Is(err, os.ErrNotExist) {
			in.fail(fmt.Errorf("inbox %s: %w", dir, err))
		}
		return 0
	}
	waiting := 0
	for _, e := range entries {
		name := e.Name()
		if !e.Type().IsRegular() || ignored(name) {
			continue
		}
		path := filepath.Join(dir, name)
		info, err := e.Info()
		if err != nil {
			continue // moved away meanwhile
		}
		if !in.settled(path, info, now) {
			waiting++
			continue
		}
		in.importOne(path, account, now)
	}
	return waiting
}

// ignored skips notes, hidden files and the names uploaders give files
// they are still writing.
func ignored(name string) bool {
	if strings.HasPrefix(name, ".") || strings.HasSuffix(name, ".error.txt") {
		return true
	}
	for _, ext := range []string{".part", ".partial", ".tmp", ".crdownload", ".filepart"} {
		if strings.HasSuffix(name, ext) {
			return true
		}
	}
	return false
}

// settled reports whether a file has kept its size and time for Settle, as
// seen by this inbox's scans. The file's own time is not compared with the
// clock: a file stamped in the future (a camera's clock, an archive's
// dates) would otherwise wait forever.
func (in *Inbox) settled(path string, info os.FileInfo, now time.Time) bool {
	in.mu.Lock()
	defer in.mu.Unlock()
	if in.seen == nil {
		in.seen = map[string]fileState{}
	}
	st, ok := in.seen[path]
	if !ok || st.size != info.Size() || !st.modTime.Equal(info.ModTime()) {
		in.seen[path] = fileState{size: info.Size(), modTime: info.ModTime(), since: now}
		return false
	}
	settle := in.Settle
	if settle == 0 {
		settle = 2 * time.Second
	}
	return now.Sub(st.since) >= settle
}

func (in *Inbox) importOne(path, account string, now time.Time) {
	in.mu.Lock()
	r, retrying := in.retry[path]
	in.mu.Unlock()
	if retrying && now.Before(r.next) {
		return
	}
	a, err := in.DB.Account(account)
	if err != nil {
		in.fail(err)
		return
	}
	im := &Importer{DB: in.DB, Account: a, Limits: in.Limits}
	var res Result
	if in.importFile != nil {
		res = in.importFile(im, path)
	} else {
		res = im.ImportFile(path)
	}
	if errors.Is(res.Err, os.ErrNotExist) {
		in.forget(path) // taken away meanwhile: nothing to do
		return
	}
	dir := filepath.Dir(path)
	var moveErr error
	var message string
	if res.Rejected() {
		message = printable(res.Err.Error())
	}
	later := res.Rejected() && transient(res.Err)
	switch {
	case later:
		// Not the file's fault: it stays, to be tried again.
	case res.Rejected():
		moveErr = moveAside(path, filepath.Join(dir, "rejected"), message+"\n")
	default:
		moveErr = moveAside(path, filepath.Join(dir, "imported"), "")
	}
	in.mu.Lock()
	delete(in.seen, path) // a file left in place must settle again
	if later {
		if in.retry == nil {
			in.retry = map[string]retryState{}
		}
		r.failures++
		delay := min(firstRetryDelay<<min(r.failures-1, 16), maxRetryDelay)
		if errors.Is(res.Err, ErrChanged) {
			delay = 0 // settling again is the wait
		}
		r.next = now.Add(delay)
		in.retry[path] = r
		in.status.LastError = message
	} else {
		delete(in.retry, path)
	}
	switch {
	case later:
	case res.Rejected():
		if in.rejected == nil {
			in.rejected = map[string]bool{}
		}
		in.rejected[path] = true
		in.status.LastError = message
	case !res.Duplicate:
		// A rejected file put back, fixed, and imported is no longer a
		// rejection to warn about.
		delete(in.rejected, path)
		in.status.Imported++
		in.status.LastImported, in.status.LastAdded = filepath.Base(path), res.Record.Stored
		if in.status.LastImport == nil {
			in.status.LastImport = map[string]time.Time{}
		}
		for _, ch := range res.Record.Channels {
			in.status.LastImport[ch] = res.Record.ImportedAt
		}
	}
	in.status.Rejected = len(in.rejected)
	if moveErr != nil {
		in.status.LastError = printable(moveErr.Error())
	}
	in.mu.Unlock()
	if in.Log != nil {
		in.Log(res)
	}
	in.notify()
}

func (in *Inbox) forget(path string) {
	in.mu.Lock()
	delete(in.seen, path)
	delete(in.retry, path)
	in.mu.Unlock()
}

// transient reports whether an import failed for a reason that is not the
// file's and may pass: the file changed while it was read, the disk or a
// quota is full, the process ran out of descriptors or memory, the
// database is damaged or busy, or the disk failed to read (an I/O error
// may be a bad sector of the report, but moving a valid report aside for
// good is worse than trying it again every ten minutes). What the file
// itself is (not a report, too large, not a regular file, unreadable for
// its permissions) is final: it goes to rejected/ with the reason.
func transient(err error) bool {
	for _, e := range []error{
		ErrChanged, store.ErrCorrupt, syscall.ENOSPC, syscall.EDQUOT, syscall.EIO, syscall.EMFILE,
		syscall.ENFILE, syscall.ENOMEM, syscall.EAGAIN, syscall.EINTR, syscall.EBUSY, syscall.EROFS,
		syscall.ETIMEDOUT,
	} {
		if errors.Is(err, e) {
			return true
		}
	}
	return false
}

// moveAside moves a file into folder (created if needed), never over
// another file, and writes note beside it as NAME.error.txt when not empty.
func moveAside(path, folder, note string) error {
	if err := os.MkdirAll(folder, 0o755); err != nil {
		return err
	}
	name := filepath.Base(path)
	target := filepath.Join(folder, name)
	for i := 1; exists(target); i++ {
		ext := filepath.Ext(name)
		target = filepath.Join(folder, fmt.Sprintf("%s.%d%s", strings.TrimSuffix(name, ext), i, ext))
	}
	if note != "" {
		if err := os.WriteFile(target+".error.txt", []byte(note), 0o644); err != nil {
			return err
		}
	}
	return os.Rename(path, target)
}

func exists(path string) bool {
	_, err := os.Lstat(path)
	return err == nil
}

func (in *Inbox) fail(err error) {
	in.mu.Lock()
	in.status.LastError = err.Error()
	in.mu.Unlock()
	in.notify()
}

// Status returns a copy of the inbox's status.
func (in *Inbox) Status() Status {
	in.mu.Lock()
	defer in.mu.Unlock()
	st := in.status
	st.LastImport = make(map[string]time.Time, len(in.status.LastImport))
	for k, v := range in.status.LastImport {
		st.LastImport[k] = v
	}
	return st
}

// Subscribe returns a channel that receives after every file the inbox
// handles (coalesced) and a function that ends the subscription. Data
// changes themselves are signalled by store.Account.Subscribe.
func (in *Inbox) Subscribe() (<-chan struct{}, func()) { return in.changes.Subscribe() }

func (in *Inbox) notify() { in.changes.Notify() }

// Channels lists the channels with a last import, sorted.
func (s Status) Channels() []string {
	out := make([]string, 0, len(s.LastImport))
	for ch := range s.LastImport {
		out = append(out, ch)
	}
	slices.Sort(out)
	return out
}
