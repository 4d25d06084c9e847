package main

import (
	"bytes"
	"os"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
	"time"

	"marquee/cli"
)

// `marquee import FIFO` hung for good and `import /dev/zero` died out of
// memory: each is now one line naming the file, exit status 1, at once.
func TestImportRefusesSpecialFiles(t *testing.T) {
	dir := t.TempDir()
	fifo := filepath.Join(dir, "june.csv")
	if err := syscall.Mkfifo(fifo, 0o600); err != nil {
		t.Skipf("mkfifo: %v", err)
	}
	db := filepath.Join(dir, "m.db")
	for _, args := range [][]string{
		{"import", "--db", db, fifo},
		{"import", "--db", db, "/dev/zero"},
		{"import", "--route", "--db", db, fifo},
	} {
		var out, errOut bytes.Buffer
		code := make(chan int, 1)
		dir, _ := os.Getwd()
		go func() {
			code <- cli.Main(args, cli.Env{LookupEnv: os.LookupEnv, Dir: dir, Stdout: &out, Stderr: &errOut})
		}()
		select {
		case c := <-code:
			if c != 1 || !strings.Contains(out.String(), "not a regular file") {
				t.Errorf("%v: exit %d, stdout %q, stderr %q", args, c, out.String(), errOut.String())
			}
		case <-time.After(10 * time.Second):
			t.Fatalf("%v did not return", args)
		}
	}
	if _, err := os.Stat(fifo); err != nil {
		t.Errorf("the FIFO was moved or removed: %v", err)
	}
}
