package store

import (
	"bytes"
	"crypto/sha256"
	"encoding/binary"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"math/big"
	"sort"

	"github.com/shopspring/decimal"
	bolt "go.etcd.io/bbolt"
)

// The holding area keeps the lines of routed imports whose title has no
// owner yet. It sits outside every account, so no dashboard can see them;
// assigning the title posts them into the owner's account (the account's
// line data is append-only) and deletes them here.
var (
	// bucketHolding has one sub-bucket per title; its keys are the file's
	// SHA-256 (hex) and the line's index in the file, big-endian.
	bucketHolding = []byte("holding")
	// bucketRouted records every file a routed import has handled, by
	// SHA-256, so that routing it again is a duplicate.
	bucketRouted = []byte("routed-files")
)

// HeldTitle is one unassigned title with lines waiting in holding.
type HeldTitle struct {
	Title string
	Lines int
	Files int
}

// heldLine is a line item as held: decimals keep their exact coefficient
// and exponent, which JSON's decimal strings would normalise.
type heldLine struct {
	Line     LineItem `json:"line"`
	Quantity heldDecimal
	Amount   heldDecimal
}

type heldDecimal struct {
	Coef string `json:"c"`
	Exp  int32  `json:"e"`
}

func toHeld(d decimal.Decimal) heldDecimal {
	return heldDecimal{Coef: d.Coefficient().String(), Exp: d.Exponent()}
}

func (h heldDecimal) decimal() (decimal.Decimal, error) {
	c, ok := new(big.Int).SetString(h.Coef, 10)
	if !ok {
		return decimal.Decimal{}, fmt.Errorf("held decimal %q: %w", h.Coef, ErrCorrupt)
	}
	return decimal.NewFromBigInt(c, h.Exp), nil
}

// ValidateLines checks line items as Post would, so that a routed import
// can refuse a file before any account receives part of it.
func ValidateLines(lines []LineItem) error {
	for i := range lines {
		if err := validate(&lines[i]); err != nil {
			return err
		}
	}
	return nil
}

// Routed reports whether a routed import has handled the file before.
func (db *DB) Routed(sha string) bool {
	found := false
	db.view(func(tx *bolt.Tx) error {
		b := tx.Bucket(bucketRouted)
		found = b != nil && b.Get([]byte(sha)) != nil
		return nil
	})
	return found
}

// Hold keeps lines of unassigned titles and records the routed file, in
// one transaction, so a file is either routed completely or not recorded.
// A file already recorded is ErrDuplicateFile.
func (db *DB) Hold(rec FileRecord, lines []LineItem) error {
	if err := ValidateLines(lines); err != nil {
		return err
	}
	raw, err := json.Marshal(rec)
	if err != nil {
		return fmt.Errorf("encode file record: %w", err)
	}
	return db.update(func(tx *bolt.Tx) error {
		routed, err := tx.CreateBucketIfNotExists(bucketRouted)
		if err != nil {
			return fmt.Errorf("routed files: %w", err)
		}
		if routed.Get([]byte(rec.SHA256)) != nil {
			return ErrDuplicateFile
		}
		hold, err := tx.CreateBucketIfNotExists(bucketHolding)
		if err != nil {
			return fmt.Errorf("holding: %w", err)
		}
		for i := range lines {
			l := lines[i]
			h := heldLine{Line: l, Quantity: toHeld(l.Quantity), Amount: toHeld(l.Amount)}
			h.Line.Quantity, h.Line.Amount = decimal.Decimal{}, decimal.Decimal{}
			v, err := json.Marshal(h)
			if err != nil {
				return fmt.Errorf("encode held line: %w", err)
			}
			tb, err := hold.CreateBucketIfNotExists([]byte(l.Title))
			if err != nil {
				return fmt.Errorf("holding title %q: %w", l.Title, err)
			}
			if err := tb.Put(heldKey(rec.SHA256, i), v); err != nil {
				return err
			}
		}
		return routed.Put([]byte(rec.SHA256), raw)
	})
}

func heldKey(sha string, i int) []byte {
	k := make([]byte, 0, len(sha)+4)
	k = append(k, sha...)
	return binary.BigEndian.AppendUint32(k, uint32(i))
}

// HeldTitles lists the titles waiting in holding, sorted.
func (db *DB) HeldTitles() ([]HeldTitle, error) {
	var out []HeldTitle
	err := db.view(func(tx *bolt.Tx) error {
		hold := tx.Bucket(bucketHolding)
		if hold == nil {
			return nil
		}
		return hold.ForEachBucket(func(title []byte) error {
			ht := HeldTitle{Title: string(title)}
			var last []byte
			err := hold.Bucket(title).ForEach(func(k, _ []byte) error {
				ht.Lines++
				if sha := k[:len(k)-4]; !bytes.Equal(sha, last) {
					ht.Files++
					last = sha
				}
				return nil
			})
			if ht.Lines > 0 {
				out = append(out, ht)
			}
			return err
		})
	})
	sort.Slice(out, func(i, j int) bool { return out[i].Title < out[j].Title })
	return out, err
}

// ReleaseOwned moves the held lines of those titles that have an owner by
// now, and returns how many moved. A routed import calls it after Hold:
// a title assigned while the file was being routed must not stay held.
func (db *DB) ReleaseOwned(titles []string) (int, error) {
	moved := 0
	for _, t := range titles {
		n, err := db.releaseHeld(t)
		moved += n
		if err != nil {
			return moved, err
		}
	}
	return moved, nil
}

// heldGroup is the held lines of one title from one file.
type heldGroup struct {
	file  FileRecord
	keys  [][]byte
	lines []LineItem
}

// releaseHeld posts a title's held lines into its owner's account, one
// post per source file, then deletes them from holding. Each post carries
// a SHA derived from the file and the title, so a move that was cut short
// and is retried finds its post done (ErrDuplicateFile) and only deletes.
func (db *DB) releaseHeld(title string) (int, error) {
	owners, err := db.OwnersOf([]string{title})
	if err != nil {
		return 0, err
	}
	owner, ok := owners[title]
	if !ok {
		return 0, nil
	}
	groups, err := db.heldGroups(title)
	if err != nil || len(groups) == 0 {
		return 0, err
	}
	acc, err := db.ExistingAccount(owner)
	if err != nil {
		return 0, err
	}
	moved := 0
	for _, g := range groups {
		rec := FileRecord{
			SHA256:   heldSHA(g.file.SHA256, title),
			Name:     g.file.Name,
			Format:   g.file.Format,
			Size:     g.file.Size,
			RowsRead: len(g.lines),
		}
		if _, err := acc.Post(rec, g.lines); err != nil && !errors.Is(err, ErrDuplicateFile) {
			return moved, fmt.Errorf("move held lines of %q from %s to account %q: %w", title, g.file.Name, owner, err)
		}
		if err := db.dropHeld(title, g.keys); err != nil {
			return moved, err
		}
		moved += len(g.lines)
	}
	return moved, nil
}

// heldSHA names the synthetic file that moves one title's held lines of
// one routed file into the owner's account.
func heldSHA(fileSHA, title string) string {
	sum := sha256.Sum256([]byte("marquee held lines\x00" + fileSHA + "\x00" + title))
	return hex.EncodeToString(sum[:])
}

// heldGroups reads a title's held lines grouped by source file, in file
// order.
func (db *DB) heldGroups(title string) ([]*heldGroup, error) {
	var groups []*heldGroup
	err := db.view(func(tx *bolt.Tx) error {
		hold := tx.Bucket(bucketHolding)
		if hold == nil || hold.Bucket([]byte(title)) == nil {
			return nil
		}
		routed := tx.Bucket(bucketRouted)
		var g *heldGroup
		return hold.Bucket([]byte(title)).ForEach(func(k, v []byte) error {
			if len(k) < 4 {
				return fmt.Errorf("held line key: %w", ErrCorrupt)
			}
			sha := string(k[:len(k)-4])
			if g == nil || g.file.SHA256 != sha {
				g = &heldGroup{file: FileRecord{SHA256: sha}}
				if routed != nil {
					if raw := routed.Get([]byte(sha)); raw != nil {
						json.Unmarshal(raw, &g.file)
					}
				}
				groups = append(groups, g)
			}
			var h heldLine
			if err := json.Unmarshal(v, &h); err != nil {
				return fmt.Errorf("held line: %w", ErrCorrupt)
			}
			var err error
			if h.Line.Quantity, err = h.Quantity.decimal(); err != nil {
				return err
			}
			if h.Line.Amount, err = h.Amount.decimal(); err != nil {
				return err
			}
			g.keys = append(g.keys, append([]byte(nil), k...))
			g.lines = append(g.lines, h.Line)
			return nil
		})
	})
	return groups, err
}

// dropHeld deletes moved lines, and the title's bucket once it is empty.
func (db *DB) dropHeld(title string, keys [][]byte) error {
	return db.update(func(tx *bolt.Tx) error {
		hold := tx.Bucket(bucketHolding)
		if hold == nil {
			return nil
		}
		tb := hold.Bucket([]byte(title))
		if tb == nil {
			return nil
		}
		for _, k := range keys {
			if err := tb.Delete(k); err != nil {
				return err
			}
		}
		if k, _ := tb.Cursor().First(); k == nil {
			return hold.DeleteBucket([]byte(title))
		}
		return nil
	})
}
