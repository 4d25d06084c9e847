package store

import (
	"bytes"
	"errors"
	"os"
	"path/filepath"
	"testing"
)

// A damaged data page (the meta pages intact) makes bbolt panic when it
// reads it; marquee must answer ErrCorrupt and leave the file alone.
func TestDamagedDataPageIsAnErrorNotAPanic(t *testing.T) {
	detected := 0 // damage to a free page goes unnoticed, and may
	for _, page := range []int{2, 3, 4, 5, 6} {
		path := filepath.Join(t.TempDir(), "m.db")
		db, err := Open(path, Options{})
		if err != nil {
			t.Fatal(err)
		}
		a := mustAccount(t, db, "local")
		var lines []LineItem
		for i := 0; i < 500; i++ {
			lines = append(lines, line("Film", "Tubi", "US", "2024-01-01", "1"))
		}
		post(t, a, "x.csv", lines...)
		db.Close()
		raw, _ := os.ReadFile(path)
		for i := page * 4096; i < (page+1)*4096 && i < len(raw); i++ {
			raw[i] = 0xA5
		}
		os.WriteFile(path, raw, 0o600)

		err = func() error {
			db, err := Open(path, Options{})
			if err != nil {
				return err
			}
			defer db.Close()
			a, err := db.Account("local")
			if err != nil {
				return err
			}
			if _, err := a.Files(); err != nil {
				return err
			}
			_, err = a.Detail(DetailQuery{})
			return err
		}()
		if errors.Is(err, ErrCorrupt) {
			detected++
		}
		if err != nil && !errors.Is(err, ErrCorrupt) {
			t.Errorf("page %d: %v, want ErrCorrupt", page, err)
		}
		after, _ := os.ReadFile(path)
		if !bytes.Equal(after, raw) {
			t.Errorf("page %d: the damaged file was written to", page)
		}
	}
	if detected == 0 {
		t.Fatal("no damaged page was noticed: the test damages the wrong pages")
	}
}
