package store

import (
	"encoding/json"
	"errors"
	"fmt"
	"slices"
	"sort"

	bolt "go.etcd.io/bbolt"
)

// Errors of accounts and title ownership.
var (
	ErrAccountExists = errors.New("account already exists")
	ErrTitleOwned    = errors.New("title belongs to another account")
)

// bucketOwners maps a title to the one account that owns it. Routed
// imports send a title's lines only there.
var bucketOwners = []byte("title-owners")

// CreateAccount creates an account in the given IANA time zone. An account
// that exists already is ErrAccountExists, untouched.
func (db *DB) CreateAccount(name, zone string) (*Account, error) {
	if zone == "" {
		zone = defaultTimeZone
	}
	if _, err := LoadLocation(zone); err != nil {
		return nil, err
	}
	if !ValidAccountName(name) {
		return nil, fmt.Errorf("account name %q: use lower-case letters, digits, '.', '_' or '-'", name)
	}
	if db.hasAccount(name) {
		return nil, fmt.Errorf("account %q: %w", name, ErrAccountExists)
	}
	a, err := db.Account(name)
	if err != nil {
		return nil, err
	}
	if zone != a.TimeZone() {
		if err := a.SetTimeZone(zone); err != nil {
			return nil, err
		}
	}
	return a, nil
}

func (db *DB) hasAccount(name string) bool {
	found := false
	db.view(func(tx *bolt.Tx) error {
		found = tx.Bucket(bucketAccounts).Bucket([]byte(name)) != nil
		return nil
	})
	return found
}

// AccountSummary is one line of `account list`.
type AccountSummary struct {
	Name     string
	TimeZone string
	Keys     int
	Titles   int // titles assigned to the account
}

// AccountSummaries describes every account without loading its data.
func (db *DB) AccountSummaries() ([]AccountSummary, error) {
	var out []AccountSummary
	err := db.view(func(tx *bolt.Tx) error {
		index := map[string]int{}
		err := tx.Bucket(bucketAccounts).ForEachBucket(func(k []byte) error {
			var info accountInfo
			raw, ok := unseal(keyInfo, tx.Bucket(bucketAccounts).Bucket(k).Get(keyInfo))
			if err := json.Unmarshal(raw, &info); !ok || err != nil {
				return fmt.Errorf("account %q info: %w", k, ErrCorrupt)
			}
			index[string(k)] = len(out)
			out = append(out, AccountSummary{Name: string(k), TimeZone: info.TimeZone})
			return nil
		})
		if err != nil {
			return err
		}
		if err := eachKey(tx, func(rec KeyRecord) {
			if i, ok := index[rec.Account]; ok {
				out[i].Keys++
			}
		}); err != nil {
			return err
		}
		if b := tx.Bucket(bucketOwners); b != nil {
			return b.ForEach(func(_, v []byte) error {
				if i, ok := index[string(v)]; ok {
					out[i].Titles++
				}
				return nil
			})
		}
		return nil
	})
	return out, err
}

// TitleOwner is one assigned title.
type TitleOwner struct {
	Title, Account string
}

// TitleOwners lists the assigned titles, sorted by title.
func (db *DB) TitleOwners() ([]TitleOwner, error) {
	var out []TitleOwner
	err := db.view(func(tx *bolt.Tx) error {
		b := tx.Bucket(bucketOwners)
		if b == nil {
			return nil
		}
		return b.ForEach(func(k, v []byte) error {
			out = append(out, TitleOwner{Title: string(k), Account: string(v)})
			return nil
		})
	})
	sort.Slice(out, func(i, j int) bool { return out[i].Title < out[j].Title })
	return out, err
}

// OwnersOf maps each of titles that has an owner to that owner.
func (db *DB) OwnersOf(titles []string) (map[string]string, error) {
	out := map[string]string{}
	err := db.view(func(tx *bolt.Tx) error {
		b := tx.Bucket(bucketOwners)
		if b == nil {
			return nil
		}
		for _, t := range titles {
			if v := b.Get([]byte(t)); v != nil {
				out[t] = string(v)
			}
		}
		return nil
	})
	return out, err
}

// AssignTitle records that account owns title and moves the title's held
// lines into the account; it returns how many lines moved. Assigning a
// title again to its owner only retries the move.
//
// A title owned by another account is refused (ErrTitleOwned), and so is a
// title whose lines another account already holds from its own imports:
// its lines would then be visible to an account that does not own it.
func (db *DB) AssignTitle(title, account string) (int, error) {
	if title == "" {
		return 0, fmt.Errorf("assign title: empty title")
	}
	err := db.update(func(tx *bolt.Tx) error {
		if tx.Bucket(bucketAccounts).Bucket([]byte(account)) == nil {
			return fmt.Errorf("account %q: %w", account, ErrNoAccount)
		}
		b, err := tx.CreateBucketIfNotExists(bucketOwners)
		if err != nil {
			return fmt.Errorf("title owners: %w", err)
		}
		if old := b.Get([]byte(title)); old != nil {
			if string(old) == account {
				return nil
			}
			return fmt.Errorf("title %q: %w %q", title, ErrTitleOwned, old)
		}
		if other := accountWithTitle(tx, title, account); other != "" {
			return fmt.Errorf("title %q: %w: account %q already has its lines", title, ErrTitleOwned, other)
		}
		return b.Put([]byte(title), []byte(account))
	})
	if err != nil {
		return 0, err
	}
	return db.releaseHeld(title)
}

// accountWithTitle names an account other than except whose title
// dictionary holds title, or "".
func accountWithTitle(tx *bolt.Tx, title, except string) string {
	found := ""
	accounts := tx.Bucket(bucketAccounts)
	accounts.ForEachBucket(func(k []byte) error {
		if found != "" || string(k) == except {
			return nil
		}
		titles := accounts.Bucket(k).Bucket(bucketTitles)
		if titles == nil {
			return nil
		}
		return titles.ForEach(func(k, v []byte) error {
			if name, ok := unseal(k, v); ok && string(name) == title {
				found = string(k)
			}
			return nil
		})
	})
	return found
}

// ForeignTitles returns the titles among those of lines that another
// account than account owns, sorted: a plain import into account must not
// take them.
func (db *DB) ForeignTitles(account string, lines []LineItem) ([]string, error) {
	seen := map[string]bool{}
	var titles []string
	for i := range lines {
		if !seen[lines[i].Title] {
			seen[lines[i].Title] = true
			titles = append(titles, lines[i].Title)
		}
	}
	owners, err := db.OwnersOf(titles)
	if err != nil {
		return nil, err
	}
	var out []string
	for t, owner := range owners {
		if owner != account {
			out = append(out, t)
		}
	}
	slices.Sort(out)
	return out, nil
}
