package main

import (
	"bytes"
	"encoding/binary"
	"errors"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
	"time"

	"marquee/store"
)

// runBin runs the binary and returns stdout, stderr and the exit status.
func runBin(t *testing.T, cmd *exec.Cmd) (stdout, stderr string, status int) {
	t.Helper()
	var o, e bytes.Buffer
	cmd.Stdout, cmd.Stderr = &o, &e
	err := cmd.Run()
	var exit *exec.ExitError
	switch {
	case err == nil:
	case errors.As(err, &exit):
		status = exit.ExitCode()
	default:
		t.Fatalf("%v: %v", cmd.Args, err)
	}
	if strings.Contains(e.String(), "goroutine ") || strings.Contains(e.String(), "panic:") {
		t.Fatalf("%v panicked:\n%s", cmd.Args, e.String())
	}
	return o.String(), e.String(), status
}

// A database held by another process: every command says so in one line
// within the lock timeout (1 s), serve included.
func TestLockedDatabaseEveryCommand(t *testing.T) {
	if testing.Short() {
		t.Skip("builds the binary")
	}
	bin := buildMarquee(t)
	dir := t.TempDir()
	db := filepath.Join(dir, "m.db")
	report := filepath.Join(dir, "r.csv")
	os.WriteFile(report, []byte(canonicalHeader+goodRows(3)), 0o644)
	if _, e, st := runBin(t, exec.Command(bin, "import", "--db", db, report)); st != 0 {
		t.Fatal(e)
	}
	held, err := store.Open(db, store.Options{})
	if err != nil {
		t.Fatal(err)
	}
	defer held.Close()
	before, _ := os.ReadFile(db)
	for _, args := range [][]string{
		{"import", "--db", db, report},
		{"report", "--db", db},
		{"account", "set", "--db", db, "--timezone", "Europe/Paris"},
		{"account", "list", "--db", db},
		{"serve", "--db", db, "--listen", "127.0.0.1:0", "--inbox", filepath.Join(dir, "inbox")},
		{"--db", db, "--inbox", filepath.Join(dir, "inbox")}, // the dashboard
	} {
		start := time.Now()
		_, stderr, status := runBin(t, exec.Command(bin, args...))
		took := time.Since(start)
		if status != 1 || strings.Count(stderr, "\n") != 1 || !strings.Contains(stderr, "database "+db+" is in use by another marquee process") {
			t.Errorf("%v: status %d, stderr %q", args[0], status, stderr)
		}
		if took > 3*time.Second {
			t.Errorf("%v: took %s, the lock timeout is 1s", args[0], took)
		}
	}
	if after, _ := os.ReadFile(db); !bytes.Equal(before, after) {
		t.Error("a locked database was written to")
	}
}

// A damaged database: a clear message, the file left byte for byte as it
// was, and the README's recovery steps bring the data back.
func TestDamagedDatabase(t *testing.T) {
	if testing.Short() {
		t.Skip("builds the binary")
	}
	bin := buildMarquee(t)
	home := t.TempDir()
	env := append(os.Environ(), "XDG_DATA_HOME="+filepath.Join(home, "data"), "HOME="+home, "MARQUEE_DB=")
	command := func(args ...string) *exec.Cmd {
		cmd := exec.Command(bin, args...)
		cmd.Env = env
		return cmd
	}
	// Reports arrive through the inbox (run in a helper process: the
	// dashboard that runs it needs a terminal), which keeps them in
	// inbox/imported/.
	dataDir := filepath.Join(home, "data", "marquee")
	dbPath := filepath.Join(dataDir, "marquee.db")
	inbox := filepath.Join(dataDir, "inbox")
	set := writeReportSet(t, inbox)
	self, _ := os.Executable()
	cmd := exec.Command(self)
	cmd.Env = append(env, childModeEnv+"=inbox", "MARQUEE_TEST_INBOX="+inbox, "MARQUEE_TEST_DB="+dbPath, "GORACE=atexit_sleep_ms=0")
	if out, err := cmd.CombinedOutput(); err != nil {
		t.Fatalf("inbox: %v\n%s", err, out)
	}
	want, _, st := runBin(t, command("report", "--view", "monthly", "--format", "csv"))
	if st != 0 || strings.Count(want, "\n") < 2 {
		t.Fatalf("report before the damage: %d\n%s", st, want)
	}
	good, err := os.ReadFile(dbPath)
	if err != nil {
		t.Fatal(err)
	}
	pageSize := int(binary.LittleEndian.Uint32(good[16+8:]))
	hwm := int(binary.LittleEndian.Uint64(good[16+40:])) * pageSize
	damage := map[string][]byte{
		"cut to one page":           good[:pageSize],
		"cut to the two meta pages": good[:2*pageSize],
		"cut one page short":        good[:hwm-pageSize],
		"cut mid-page":              good[:hwm/2+100],
		"meta checksums":            flip(good, 16+56, pageSize+16+56),
		"meta magic":                flip(good, 16, pageSize+16),
		"zeroed header":             zero(good, 0, 2*pageSize),
	}
	for name, bad := range damage {
		if err := os.WriteFile(dbPath, bad, 0o600); err != nil {
			t.Fatal(err)
		}
		for _, args := range [][]string{
			{"report"},
			{"import", filepath.Join(inbox, "imported")},
			{"account", "set", "--timezone", "Europe/Paris"},
			{"serve", "--listen", "127.0.0.1:0"},
		} {
			_, stderr, status := runBin(t, command(args...))
			if status != 1 || strings.Count(stderr, "\n") != 1 || !strings.Contains(stderr, "it was left untouched") ||
				!(strings.Contains(stderr, "damaged") || strings.Contains(stderr, "not a marquee database")) {
				t.Errorf("%s, %s: status %d, stderr %q", name, args[0], status, stderr)
			}
			if after, _ := os.ReadFile(dbPath); !bytes.Equal(after, bad) {
				t.Fatalf("%s, %s: the damaged file was written to", name, args[0])
			}
		}
	}

	// README, "Recovering a damaged database": move the file aside and
	// re-import inbox/imported/.
	readme, err := os.ReadFile("README.md")
	if err != nil {
		t.Fatal(err)
	}
	for _, step := range []string{
		"mv ~/.local/share/marquee/marquee.db ~/marquee.db.damaged",
		"marquee import ~/.local/share/marquee/inbox/imported/",
	} {
		if !strings.Contains(string(readme), step) {
			t.Fatalf("README no longer says %q: update this test with it", step)
		}
	}
	if err := os.Rename(dbPath, filepath.Join(home, "marquee.db.damaged")); err != nil {
		t.Fatal(err)
	}
	if out, stderr, st := runBin(t, command("import", filepath.Join(inbox, "imported")+"/")); st != 0 {
		t.Fatalf("re-import: %d\n%s%s", st, out, stderr)
	}
	if got, _, _ := runBin(t, command("report", "--view", "monthly", "--format", "csv")); got != want {
		t.Fatalf("after recovery:\n%s\nwant\n%s", got, want)
	}
	if n := len(set.files); n == 0 {
		t.Fatal("no reports")
	}
}

func flip(b []byte, offsets ...int) []byte {
	out := bytes.Clone(b)
	for _, o := range offsets {
		out[o] ^= 0xff
	}
	return out
}

func zero(b []byte, from, to int) []byte {
	out := bytes.Clone(b)
	clear(out[from:to])
	return out
}

// faultSetup is a database with one report and a bigger report that does
// not fit on the disk.
func faultSetup(t *testing.T, bin, dir string) (db, small, big string) {
	t.Helper()
	db = filepath.Join(dir, "m.db")
	small = filepath.Join(t.TempDir(), "small.csv")
	big = filepath.Join(t.TempDir(), "big.csv")
	os.WriteFile(small, []byte(canonicalHeader+goodRows(10)), 0o644)
	var b strings.Builder
	b.WriteString(canonicalHeader)
	for i := range 40000 {
		fmt.Fprintf(&b, "2024-06-30,2024-06-01,2024-06-30,Big Film %d,Vimeo,US,1,rentals,1.%03d,USD\n", i%500, i%1000)
	}
	os.WriteFile(big, []byte(b.String()), 0o644)
	if _, e, st := runBin(t, exec.Command(bin, "import", "--db", db, small)); st != 0 {
		t.Fatal(e)
	}
	return db, small, big
}

func mountTmpfs(t *testing.T, dir, size string) bool {
	t.Helper()
	os.MkdirAll(dir, 0o755)
	if os.Geteuid() != 0 || exec.Command("mount", "-t", "tmpfs", "-o", "size="+size, "tmpfs", dir).Run() != nil {
		return false
	}
	t.Cleanup(func() { exec.Command("umount", "-l", dir).Run() })
	return true
}

// A full disk during an import: the import fails with a clear message, the
// database keeps what it had, and works once there is room again.
func TestImportOnFullDisk(t *testing.T) {
	if testing.Short() {
		t.Skip("builds the binary")
	}
	bin := buildMarquee(t)
	try := func(t *testing.T, db, big string, cmd *exec.Cmd, want string) {
		t.Helper()
		before, _, _ := runBin(t, exec.Command(bin, "report", "--db", db, "--view", "detail", "--format", "csv"))
		out, stderr, status := runBin(t, cmd)
		if status != 1 || !strings.Contains(out, "big.csv: rejected:") || !strings.Contains(out, want) {
			t.Errorf("import on a full disk: status %d, stdout %q, stderr %q", status, out, stderr)
		}
		after, stderr, status := runBin(t, exec.Command(bin, "report", "--db", db, "--view", "detail", "--format", "csv"))
		if status != 0 || after != before {
			t.Errorf("the store changed or broke: %d %s", status, stderr)
		}
	}
	t.Run("tmpfs", func(t *testing.T) {
		dir := filepath.Join(t.TempDir(), "small-disk")
		if !mountTmpfs(t, dir, "64m") {
			t.Skip("cannot mount a tmpfs (needs root); the RLIMIT_FSIZE case still runs")
		}
		db, _, big := faultSetup(t, bin, dir)
		// Leave a little room: enough to open, too little for the report.
		var st syscall.Statfs_t
		syscall.Statfs(dir, &st)
		free := int64(st.Bavail) * int64(st.Bsize)
		os.WriteFile(filepath.Join(dir, "filler"), make([]byte, max(0, free-200<<10)), 0o644)
		try(t, db, big, exec.Command(bin, "import", "--db", db, big), "no space left on device")
		os.Remove(filepath.Join(dir, "filler"))
		if out, stderr, st := runBin(t, exec.Command(bin, "import", "--db", db, big)); st != 0 {
			t.Errorf("with room again: %d %s %s", st, out, stderr)
		}
	})
	t.Run("rlimit", func(t *testing.T) {
		dir := t.TempDir()
		db, _, big := faultSetup(t, bin, dir)
		// No write may reach past 64 KiB: the pages a new transaction
		// writes lie beyond that, its meta page within.
		self, _ := os.Executable()
		cmd := exec.Command(self, bin, "import", "--db", db, big)
		cmd.Env = append(os.Environ(), childModeEnv+"=fsize", "MARQUEE_TEST_FSIZE=65536", "GORACE=atexit_sleep_ms=0")
		try(t, db, big, cmd, "file too large")
	})
}

// A database on a read-only file system: writing commands fail in one
// line, reading ones work, nothing changes.
func TestReadOnlyDatabase(t *testing.T) {
	if testing.Short() {
		t.Skip("builds the binary")
	}
	bin := buildMarquee(t)
	dir := filepath.Join(t.TempDir(), "ro")
	if !mountTmpfs(t, dir, "64m") {
		t.Skip("cannot mount a tmpfs (needs root): root ignores file modes, so there is no other read-only path")
	}
	db, small, big := faultSetup(t, bin, dir)
	if err := exec.Command("mount", "-o", "remount,ro", dir).Run(); err != nil {
		t.Skipf("cannot remount read-only: %v", err)
	}
	before, _ := os.ReadFile(db)
	want, _, st := runBin(t, exec.Command(bin, "report", "--db", db, "--format", "json"))
	if st != 0 {
		t.Fatal("report on a read-only database failed")
	}
	for _, args := range [][]string{
		{"import", "--db", db, big},
		{"account", "set", "--db", db, "--timezone", "Asia/Tokyo"},
	} {
		_, stderr, status := runBin(t, exec.Command(bin, args...))
		if status != 1 || strings.Count(stderr, "\n") != 1 || !strings.Contains(stderr, "read-only file system") {
			t.Errorf("%s: status %d, stderr %q", args[0], status, stderr)
		}
	}
	// Every command that only reads works on it.
	for _, args := range [][]string{
		{"account", "list", "--db", db},
		{"account", "keys", "local", "--db", db},
		{"title", "list", "--db", db},
		{"title", "list", "--unassigned", "--db", db},
		{"check", "--db", db},
	} {
		if _, stderr, status := runBin(t, exec.Command(bin, args...)); status != 0 {
			t.Errorf("%s on a read-only database: status %d, stderr %q", strings.Join(args[:2], " "), status, stderr)
		}
	}
	if got, _, _ := runBin(t, exec.Command(bin, "report", "--db", db, "--format", "json")); got != want {
		t.Errorf("report changed: %s, want %s", got, want)
	}
	if after, _ := os.ReadFile(db); !bytes.Equal(before, after) {
		t.Error("the database changed")
	}
	_ = small
}
