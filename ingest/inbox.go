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

	mu      sync.Mutex
	seen    map[string]fileState
	status  Status
	started bool
	changes broadcast.Signal // after every file handled
}

type fileState struct {
	size    int64
	modTime time.Time
	since   time.Time // when size and modTime were first seen as they are
}

// Status is what the inbox has done, for the dashboard's status bar.
type Status struct {
	LastImport map[string]time.Time // per channel: last file imported
	Waiting    int                  // files seen, not yet settled
	Imported   int
	Rejected   int
	LastError  string
	LastRun    time.Time
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
		in.importOne(path, account)
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

// settled reports whether a file has kept its size and time for Settle.
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
	return now.Sub(st.since) >= settle && now.Sub(info.ModTime()) >= settle
}

func (in *Inbox) importOne(path, account string) {
	a, err := in.DB.Account(account)
	if err != nil {
		in.fail(err)
		return
	}
	im := &Importer{DB: in.DB, Account: a}
	res := im.ImportFile(path)
	dir := filepath.Dir(path)
	var moveErr error
	if res.Rejected() {
		moveErr = moveAside(path, filepath.Join(dir, "rejected"), res.Err.Error()+"\n")
	} else {
		moveErr = moveAside(path, filepath.Join(dir, "imported"), "")
	}
	in.mu.Lock()
	delete(in.seen, path)
	switch {
	case res.Rejected():
		in.status.Rejected++
		in.status.LastError = res.Err.Error()
	case !res.Duplicate:
		in.status.Imported++
		if in.status.LastImport == nil {
			in.status.LastImport = map[string]time.Time{}
		}
		for _, ch := range res.Record.Channels {
			in.status.LastImport[ch] = res.Record.ImportedAt
		}
	}
	if moveErr != nil {
		in.status.LastError = moveErr.Error()
	}
	in.mu.Unlock()
	if in.Log != nil {
		in.Log(res)
	}
	in.notify()
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
