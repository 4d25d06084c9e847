package ingest

import (
	"context"
	"errors"
	"net"
	"os"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
	"time"
)

// Only regular files are read: a FIFO hung the import for good and
// /dev/zero took the process's memory. Each is refused at once, by name,
// for the importer and the router alike.
func TestOnlyRegularFilesAreRead(t *testing.T) {
	dir, err := os.MkdirTemp("", "reg") // short: a socket path must be
	if err != nil {
		t.Fatal(err)
	}
	defer os.RemoveAll(dir)
	fifo := filepath.Join(dir, "june.csv")
	if err := syscall.Mkfifo(fifo, 0o600); err != nil {
		t.Skipf("mkfifo: %v", err)
	}
	sock := filepath.Join(dir, "s.csv")
	ln, err := net.Listen("unix", sock)
	if err != nil {
		t.Fatal(err)
	}
	defer ln.Close()
	sub := filepath.Join(dir, "sub")
	os.Mkdir(sub, 0o755)
	link := filepath.Join(dir, "link.csv")
	os.Symlink("/dev/zero", link)
	im := testImporter(t)
	r := &Router{DB: im.DB}
	for _, tc := range []struct{ path, kind string }{
		{fifo, "a named pipe"},
		{"/dev/zero", "a character device"},
		{link, "a character device"},
		{sock, "a socket"},
		{sub, "a directory"},
	} {
		done := make(chan [2]error, 1)
		go func() { done <- [2]error{im.ImportFile(tc.path).Err, r.RouteFile(tc.path).Err} }()
		select {
		case errs := <-done:
			for i, err := range errs {
				if err == nil || !strings.Contains(err.Error(), "not a regular file ("+tc.kind+")") {
					t.Errorf("%s (%s): %v", tc.path, []string{"import", "route"}[i], err)
				}
			}
		case <-time.After(5 * time.Second):
			t.Fatalf("%s: the import did not return", tc.path)
		}
	}
	// A link to a report imports.
	real := writeFile(t, dir, "real.csv", canonicalHeader+"2024-06-01,2024-06-01,2024-06-01,Night Ferry,Tubi,US,1,views,2.00,USD,,,\n")
	os.Symlink(real, filepath.Join(dir, "to-real.csv"))
	if res := im.ImportFile(filepath.Join(dir, "to-real.csv")); res.Err != nil {
		t.Fatalf("a link to a report: %v", res.Err)
	}
}

// An import whose context ends stores nothing of its file.
func TestStoppedImportStoresNothing(t *testing.T) {
	im := testImporter(t)
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	im.Context = ctx
	path := writeFile(t, t.TempDir(), "june.csv", canonicalHeader+"2024-06-01,2024-06-01,2024-06-01,Night Ferry,Tubi,US,1,views,2.00,USD,,,\n")
	res := im.ImportFile(path)
	if !errors.Is(res.Err, ErrStopped) {
		t.Fatalf("err = %v, want ErrStopped", res.Err)
	}
	if total, n := revenue(t, im.Account); n != 0 || !total.IsZero() {
		t.Fatalf("a stopped import stored %d lines, %s", n, total)
	}
	im.Context = nil
	if res := im.ImportFile(path); res.Err != nil || res.Duplicate {
		t.Fatalf("importing again: %+v", res)
	}
}
