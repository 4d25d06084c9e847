package cli

import (
	"errors"
	"fmt"
	"os"

	"marquee/store"
)

// The skeleton every command shares: find the database, open it (or use
// the one of the process the command runs inside), run, release.

// dbPath is the database the command names: --db, else the default.
func (c *cmdline) dbPath() string {
	if c.db != "" {
		return c.path(c.db)
	}
	return c.defaultDB()
}

// dbNamed reports whether the caller chose the database (--db or
// $MARQUEE_DB) rather than leaving it to the default.
func (c *cmdline) dbNamed() bool {
	return c.db != "" || c.getenv("MARQUEE_DB") != ""
}

// withDB runs fn on the database, for commands that work across accounts.
func (c *cmdline) withDB(fn func(db *store.DB) error) error {
	db, fresh, err := c.openDB(store.Options{})
	if err != nil {
		return err
	}
	return c.release(db, fresh, fn(db))
}

// withDBToRead runs fn on the database for a command that only reads it,
// so that it works on a read-only file or file system. A database that
// does not exist yet is created, as withDB does.
func (c *cmdline) withDBToRead(fn func(db *store.DB) error) error {
	opts := store.Options{ReadOnly: c.served == nil && exists(c.dbPath())}
	db, fresh, err := c.openDB(opts)
	if err != nil {
		return err
	}
	return c.release(db, fresh, fn(db))
}

// withAccount runs fn on the command's account (--account). Read-only, the
// database and the account must exist already.
func (c *cmdline) withAccount(readOnly bool, fn func(db *store.DB, a *store.Account) error) error {
	if !store.ValidAccountName(c.account) {
		return accountNameError(c.account)
	}
	if readOnly && c.served == nil {
		if path := c.dbPath(); !exists(path) {
			return fmt.Errorf("database %s does not exist: import reports first, or try marquee demo --db %s", path, path)
		}
	}
	db, fresh, err := c.openDB(store.Options{ReadOnly: readOnly})
	if err != nil {
		return err
	}
	var a *store.Account
	if readOnly {
		a, err = db.ExistingAccount(c.account)
	} else {
		a, err = db.Account(c.account)
	}
	if err == nil {
		err = fn(db, a)
	}
	return c.release(db, fresh, err)
}

// accountNameError is the one message for an account name store refuses.
func accountNameError(name string) error {
	return usagef("account name %q: use lower-case letters, digits, '.', '_' or '-'", name)
}

// openDB opens the database in this process, or returns the served one.
// fresh says this call created the file. A lock another process holds
// becomes errBusy, so that Run can hand the command to that process.
func (c *cmdline) openDB(opts store.Options) (db *store.DB, fresh bool, err error) {
	if c.served != nil {
		return c.served, false, nil
	}
	path := c.dbPath()
	fresh = !exists(path)
	db, err = store.Open(path, opts)
	if errors.Is(err, store.ErrLocked) {
		return nil, false, errBusy{path: path, err: err}
	}
	return db, fresh, err
}

// release closes a database this command opened; a served one stays open.
// A database the command created and made no use of (its error says
// unused) is removed again, so that a failed first import leaves the
// machine as fresh as it was: `marquee` still opens the demo.
func (c *cmdline) release(db *store.DB, fresh bool, err error) error {
	if db == c.served {
		return err
	}
	var u unusedError
	isUnused := errors.As(err, &u)
	if isUnused {
		err = u.err
	}
	if fresh && isUnused {
		// Removed while still locked, so no other process opens it in
		// between; where an open file cannot be removed, after closing.
		rmErr := os.Remove(db.Path())
		db.Close()
		if rmErr != nil {
			os.Remove(db.Path())
		}
		return err
	}
	db.Close()
	return err
}

// unusedError marks a command's error as one after which it wrote nothing
// a user would want to keep.
type unusedError struct{ err error }

func (u unusedError) Error() string { return u.err.Error() }
func (u unusedError) Unwrap() error { return u.err }

func unused(err error) error { return unusedError{err} }

func exists(path string) bool {
	_, err := os.Stat(path)
	return !errors.Is(err, os.ErrNotExist)
}
