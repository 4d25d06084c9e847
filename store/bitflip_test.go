package store_test

import (
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"math/rand/v2"
	"os"
	"path/filepath"
	"runtime/debug"
	"strings"
	"testing"
	"time"

	bolt "go.etcd.io/bbolt"

	"marquee/ingest/demo"
	"marquee/store"
)

// TestBitFlipsGiveTheTotalsOrAnError flips one random bit of a copy of a
// demo database per trial and reads every account in it: the totals, the
// months and every line. Each trial must either read exactly what the
// undamaged file reads, or fail with an error that says the file is
// damaged; never panic, never answer something else.
func TestBitFlipsGiveTheTotalsOrAnError(t *testing.T) {
	trials := 200
	if testing.Short() || raceEnabled {
		trials = 40
	}
	if s := os.Getenv("MARQUEE_FLIP_TRIALS"); s != "" {
		fmt.Sscan(s, &trials) // a longer run by hand
	}
	dir := t.TempDir()
	clean := filepath.Join(dir, "clean.db")
	db, err := store.Open(clean, store.Options{})
	if err != nil {
		t.Fatal(err)
	}
	a, err := db.Account("local")
	if err != nil {
		t.Fatal(err)
	}
	if err := demo.Write(db, a); err != nil {
		t.Fatal(err)
	}
	b, err := db.Account("second")
	if err != nil {
		t.Fatal(err)
	}
	if err := demo.Write(db, b); err != nil {
		t.Fatal(err)
	}
	db.Close()
	// A compact copy has no free pages, where a flip would change nothing.
	clean = compact(t, clean, filepath.Join(dir, "compact.db"))
	raw, err := os.ReadFile(clean)
	if err != nil {
		t.Fatal(err)
	}
	want, err := readAll(clean)
	if err != nil {
		t.Fatal(err)
	}

	seed := uint64(time.Now().UnixNano())
	if s := os.Getenv("MARQUEE_FLIP_SEED"); s != "" {
		fmt.Sscan(s, &seed)
	}
	t.Logf("seed %d (MARQUEE_FLIP_SEED repeats it), %d bytes", seed, len(raw))
	rng := rand.New(rand.NewPCG(seed, 1))
	path := filepath.Join(dir, "flipped.db")
	var same, damaged, unnoticed int
	for trial := range trials {
		off := rng.IntN(len(raw))
		bit := byte(1) << rng.IntN(8)
		raw[off] ^= bit
		err := os.WriteFile(path, raw, 0o600)
		raw[off] ^= bit
		if err != nil {
			t.Fatal(err)
		}
		got, err := readAllRecovering(path)
		switch {
		case errors.Is(err, store.ErrCorrupt):
			damaged++
			// What a read finds damaged, marquee check finds too.
			if clean, cerr := checkSaysClean(path); cerr == nil && clean {
				t.Errorf("trial %d (byte %d, bit %#x): reading says %v, check says clean", trial, off, bit, err)
			}
		case err != nil:
			t.Errorf("trial %d (byte %d, bit %#x): %v, want the totals or a damaged-file error", trial, off, bit, err)
		case got != want:
			unnoticed++
			t.Errorf("trial %d (byte %d, bit %#x): read %s, want %s", trial, off, bit, got, want)
		default:
			same++
		}
	}
	t.Logf("%d trials: %d read the clean totals, %d said the file is damaged, %d answered wrong", trials, same, damaged, unnoticed)
}

// compact copies the database at src to dst without its free pages.
func compact(t *testing.T, src, dst string) string {
	t.Helper()
	from, err := bolt.Open(src, 0o600, &bolt.Options{Timeout: time.Second, ReadOnly: true})
	if err != nil {
		t.Fatal(err)
	}
	defer from.Close()
	to, err := bolt.Open(dst, 0o600, &bolt.Options{Timeout: time.Second})
	if err != nil {
		t.Fatal(err)
	}
	if err := bolt.Compact(to, from, 0); err != nil {
		t.Fatal(err)
	}
	if err := to.Close(); err != nil {
		t.Fatal(err)
	}
	return dst
}

// checkSaysClean runs Check on the database, if it opens.
func checkSaysClean(path string) (bool, error) {
	db, err := store.Open(path, store.Options{ReadOnly: true})
	if err != nil {
		return false, err
	}
	defer db.Close()
	r, err := db.Check()
	return r.Clean(), err
}

// readAllRecovering is readAll turning a panic into a test error value.
func readAllRecovering(path string) (sum string, err error) {
	defer func() {
		if r := recover(); r != nil {
			err = fmt.Errorf("panic: %v\n%s", r, debug.Stack())
		}
	}()
	return readAll(path)
}

// readAll opens the database read-only and digests what every account
// answers: metrics, months and every line item with its source.
func readAll(path string) (string, error) {
	db, err := store.Open(path, store.Options{ReadOnly: true})
	if err != nil {
		return "", err
	}
	defer db.Close()
	names, err := db.Accounts()
	if err != nil {
		return "", err
	}
	var out strings.Builder
	for _, name := range names {
		a, err := db.ExistingAccount(name)
		if err != nil {
			return "", err
		}
		m, months, err := a.Summary(store.Filter{})
		if err != nil {
			return "", err
		}
		fmt.Fprintf(&out, "%s: %+v\n", name, m)
		for _, r := range months {
			fmt.Fprintf(&out, "  %+v\n", r)
		}
		h := sha256.New()
		lines := 0
		err = a.EachDetail(store.DetailQuery{}, func(r store.DetailRow) error {
			lines++
			fmt.Fprintf(h, "%+v\n", r)
			return nil
		})
		if err != nil {
			return "", err
		}
		fmt.Fprintf(&out, "  %d lines %s\n", lines, hex.EncodeToString(h.Sum(nil)))
	}
	return fmt.Sprintf("%x", sha256.Sum256([]byte(out.String()))), nil
}
