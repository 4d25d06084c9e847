package store

import (
	"encoding/json"
	"errors"
	"fmt"
	"regexp"
	"sort"
	"sync"
	"time"

	bolt "go.etcd.io/bbolt"
)

// Errors of the SSH key registry.
var (
	ErrKeyTaken = errors.New("key is already registered")
	ErrNoKey    = errors.New("no such key")
)

// bucketKeys maps an SSH key's SHA-256 fingerprint to the one account it
// opens. It is keyed by fingerprint, not by account, so that a key can
// never belong to two accounts: the second Put would find the first.
var bucketKeys = []byte("ssh-keys")

// fingerprintRE is OpenSSH's SHA-256 fingerprint: "SHA256:" and 43
// characters of unpadded base64.
var fingerprintRE = regexp.MustCompile(`^SHA256:[A-Za-z0-9+/]{43}$`)

// KeyRecord is one registered SSH public key. The key itself is not kept:
// the fingerprint is all authentication needs, and a listing shows it.
type KeyRecord struct {
	Fingerprint string    `json:"-"`
	Account     string    `json:"account"`
	Type        string    `json:"type"`              // e.g. ssh-ed25519
	Comment     string    `json:"comment,omitempty"` // the authorized_keys comment
	Added       time.Time `json:"added"`
}

// ValidFingerprint reports whether fp looks like "SHA256:<43 base64>".
func ValidFingerprint(fp string) bool { return fingerprintRE.MatchString(fp) }

// AddKey registers a key for an existing account. Adding a key the account
// already has changes nothing; a key of another account is refused with
// ErrKeyTaken.
func (db *DB) AddKey(k KeyRecord) error {
	if !ValidFingerprint(k.Fingerprint) {
		return fmt.Errorf("key fingerprint %q: want SHA256:<base64>", k.Fingerprint)
	}
	if k.Added.IsZero() {
		k.Added = time.Now().UTC()
	}
	raw, err := json.Marshal(k)
	if err != nil {
		return fmt.Errorf("encode key record: %w", err)
	}
	return db.update(func(tx *bolt.Tx) error {
		if tx.Bucket(bucketAccounts).Bucket([]byte(k.Account)) == nil {
			return fmt.Errorf("account %q: %w", k.Account, ErrNoAccount)
		}
		b, err := tx.CreateBucketIfNotExists(bucketKeys)
		if err != nil {
			return fmt.Errorf("key registry: %w", err)
		}
		if old := b.Get([]byte(k.Fingerprint)); old != nil {
			var rec KeyRecord
			if err := json.Unmarshal(old, &rec); err != nil {
				return fmt.Errorf("key record %s: %w", k.Fingerprint, ErrCorrupt)
			}
			if rec.Account == k.Account {
				return nil
			}
			return fmt.Errorf("key %s: %w for account %q", k.Fingerprint, ErrKeyTaken, rec.Account)
		}
		return b.Put([]byte(k.Fingerprint), raw)
	})
}

// KeyAccount returns the account a key fingerprint opens, or ErrNoKey.
func (db *DB) KeyAccount(fingerprint string) (string, error) {
	var rec KeyRecord
	err := db.view(func(tx *bolt.Tx) error {
		b := tx.Bucket(bucketKeys)
		if b == nil {
			return ErrNoKey
		}
		raw := b.Get([]byte(fingerprint))
		if raw == nil {
			return ErrNoKey
		}
		if err := json.Unmarshal(raw, &rec); err != nil {
			return fmt.Errorf("key record %s: %w", fingerprint, ErrCorrupt)
		}
		return nil
	})
	return rec.Account, err
}

// Keys lists an account's keys, oldest first.
func (db *DB) Keys(account string) ([]KeyRecord, error) {
	var out []KeyRecord
	err := db.view(func(tx *bolt.Tx) error {
		if tx.Bucket(bucketAccounts).Bucket([]byte(account)) == nil {
			return fmt.Errorf("account %q: %w", account, ErrNoAccount)
		}
		return eachKey(tx, func(rec KeyRecord) {
			if rec.Account == account {
				out = append(out, rec)
			}
		})
	})
	sort.SliceStable(out, func(i, j int) bool { return out[i].Added.Before(out[j].Added) })
	return out, err
}

// RemoveKey removes one of an account's keys. A fingerprint the account
// does not have is ErrNoKey, whether or not another account has it.
func (db *DB) RemoveKey(account, fingerprint string) error {
	err := db.removeKey(account, fingerprint)
	if err == nil {
		db.keyWatch.notify()
	}
	return err
}

func (db *DB) removeKey(account, fingerprint string) error {
	return db.update(func(tx *bolt.Tx) error {
		b := tx.Bucket(bucketKeys)
		var rec KeyRecord
		if b != nil {
			if raw := b.Get([]byte(fingerprint)); raw != nil {
				if err := json.Unmarshal(raw, &rec); err != nil {
					return fmt.Errorf("key record %s: %w", fingerprint, ErrCorrupt)
				}
			}
		}
		if rec.Account != account || account == "" {
			return fmt.Errorf("account %q has no key %s: %w", account, fingerprint, ErrNoKey)
		}
		return b.Delete([]byte(fingerprint))
	})
}

// eachKey calls fn for every registered key.
func eachKey(tx *bolt.Tx, fn func(KeyRecord)) error {
	b := tx.Bucket(bucketKeys)
	if b == nil {
		return nil
	}
	return b.ForEach(func(k, v []byte) error {
		var rec KeyRecord
		if err := json.Unmarshal(v, &rec); err != nil {
			return fmt.Errorf("key record %s: %w", k, ErrCorrupt)
		}
		rec.Fingerprint = string(k)
		fn(rec)
		return nil
	})
}

// keyWatch tells subscribers that a key was removed, so that a server can
// end the sessions the key opened.
type keyWatch struct {
	mu   sync.Mutex
	subs map[chan struct{}]struct{}
}

// SubscribeKeys returns a channel that receives after a key is removed
// (coalesced: one pending signal at most) and a function that ends the
// subscription.
func (db *DB) SubscribeKeys() (<-chan struct{}, func()) {
	w := &db.keyWatch
	ch := make(chan struct{}, 1)
	w.mu.Lock()
	if w.subs == nil {
		w.subs = map[chan struct{}]struct{}{}
	}
	w.subs[ch] = struct{}{}
	w.mu.Unlock()
	var once sync.Once
	return ch, func() {
		once.Do(func() {
			w.mu.Lock()
			delete(w.subs, ch)
			close(ch)
			w.mu.Unlock()
		})
	}
}

func (w *keyWatch) notify() {
	w.mu.Lock()
	defer w.mu.Unlock()
	for ch := range w.subs {
		select {
		case ch <- struct{}{}:
		default:
		}
	}
}
