package sshserver

import (
	"context"
	"log/slog"
	"path/filepath"
	"sync"
	"time"

	"marquee/ingest"
	"marquee/store"
	"marquee/ui"
)

// inboxes runs one ingest.Inbox per account, <dir>/<account>/, so that
// each dashboard's status bar speaks of its own account's files only (a
// shared inbox's last error could name another account's report).
type inboxes struct {
	dir          string
	db           *store.DB
	poll, settle time.Duration
	log          *slog.Logger
	mu           sync.Mutex
	byAccount    map[string]*ingest.Inbox
}

func newInboxes(cfg Config, log *slog.Logger) *inboxes {
	poll := cfg.InboxPoll
	if poll <= 0 {
		poll = time.Second
	}
	return &inboxes{dir: cfg.InboxDir, db: cfg.DB, poll: poll, settle: cfg.InboxSettle, log: log, byAccount: map[string]*ingest.Inbox{}}
}

// get returns the account's inbox, creating it; nil when no inbox runs.
func (b *inboxes) get(account string) *ingest.Inbox {
	if b.dir == "" {
		return nil
	}
	b.mu.Lock()
	defer b.mu.Unlock()
	in, ok := b.byAccount[account]
	if !ok {
		in = &ingest.Inbox{
			Dir: b.dir, DB: b.db, Accounts: []string{account}, Poll: b.poll, Settle: b.settle,
			Log: func(r ingest.Result) { b.logResult(account, r) },
		}
		b.byAccount[account] = in
	}
	return in
}

// view is the account's inbox as the dashboard sees it.
func (b *inboxes) view(account string) ui.Inbox {
	in := b.get(account)
	if in == nil {
		return nil
	}
	return inboxView{in}
}

// run gives every account's folder a goroutine of its own, scanning each
// poll until ctx ends, so that one account's slow file never holds up
// another account's inbox. Accounts created while the server runs are
// picked up on the next poll. It returns once every inbox has stopped.
func (b *inboxes) run(ctx context.Context) {
	if b.dir == "" {
		return
	}
	var wg sync.WaitGroup
	defer wg.Wait()
	running := map[string]bool{}
	t := time.NewTicker(b.poll)
	defer t.Stop()
	for {
		accounts, err := b.db.Accounts()
		if err != nil {
			b.log.Error("inbox: list accounts", "err", err)
		}
		for _, a := range accounts {
			if running[a] {
				continue
			}
			running[a] = true
			wg.Add(1)
			go func(in *ingest.Inbox) {
				defer wg.Done()
				in.Run(ctx)
			}(b.get(a))
		}
		select {
		case <-ctx.Done():
			return
		case <-t.C:
		}
	}
}

func (b *inboxes) logResult(account string, r ingest.Result) {
	name := filepath.Base(r.Path)
	switch {
	case r.Rejected():
		b.log.Warn("inbox: rejected", "account", account, "file", name, "err", r.Err)
	case r.Duplicate:
		b.log.Info("inbox: already imported", "account", account, "file", name)
	default:
		b.log.Info("inbox: imported", "account", account, "file", name, "lines", r.Record.Stored)
	}
}

// inboxView adapts an ingest.Inbox to the dashboard's status bar.
type inboxView struct{ *ingest.Inbox }

func (v inboxView) Status() ui.InboxStatus {
	st := v.Inbox.Status()
	return ui.InboxStatus{Waiting: st.Waiting, Rejected: st.Rejected, LastError: st.LastError,
		Imported: st.Imported, LastImported: st.LastImported, LastAdded: st.LastAdded}
}
