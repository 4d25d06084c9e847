package main

import (
	"context"
	"errors"
	"fmt"
	"math/rand/v2"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strings"
	"syscall"
	"testing"
	"time"

	"marquee/ingest"
	"marquee/store"
)

// TestMain lets the test binary serve as a helper process: the inbox loop
// runs inside the dashboard, which needs a terminal, so the crash test runs
// ingest.Inbox in a child instead and kills that.
func TestMain(m *testing.M) {
	if mode := os.Getenv(childModeEnv); mode != "" {
		os.Exit(childMain(mode))
	}
	os.Exit(m.Run())
}

// childMain runs one helper mode and returns the exit status.
//
//	inbox            run the inbox on $MARQUEE_TEST_INBOX into $MARQUEE_TEST_DB
//	                 until no file is left to handle, printing one line per file
//	inbox-die-after  the same, but SIGKILL itself as soon as the first file
//	                 has been handled (the test makes its move fail first, so
//	                 the process dies between the commit and the move)
//	fsize            set RLIMIT_FSIZE to $MARQUEE_TEST_FSIZE bytes and exec
//	                 os.Args[1:] (a full disk without a small file system)
func childMain(mode string) int {
	switch mode {
	case "inbox", "inbox-die-after":
		return childInbox(mode == "inbox-die-after")
	case "fsize":
		var limit uint64
		fmt.Sscan(os.Getenv("MARQUEE_TEST_FSIZE"), &limit)
		if err := syscall.Setrlimit(syscall.RLIMIT_FSIZE, &syscall.Rlimit{Cur: limit, Max: limit}); err != nil {
			fmt.Fprintln(os.Stderr, "setrlimit:", err)
			return 3
		}
		args := os.Args[1:]
		if err := syscall.Exec(args[0], args, os.Environ()); err != nil {
			fmt.Fprintln(os.Stderr, "exec:", err)
		}
		return 3
	}
	fmt.Fprintln(os.Stderr, "unknown child mode", mode)
	return 3
}

func childInbox(dieAfterFirst bool) int {
	dir := os.Getenv("MARQUEE_TEST_INBOX")
	db, err := store.Open(os.Getenv("MARQUEE_TEST_DB"), store.Options{Timeout: 5 * time.Second})
	if err != nil {
		fmt.Fprintln(os.Stderr, err)
		return 1
	}
	defer db.Close()
	in := &ingest.Inbox{
		Dir: dir, DB: db, RootAccount: defaultAccount,
		Poll: 5 * time.Millisecond, Settle: time.Nanosecond,
		Log: func(r ingest.Result) {
			state := "imported"
			switch {
			case r.Rejected():
				state = "rejected: " + r.Err.Error()
			case r.Duplicate:
				state = "duplicate"
			}
			fmt.Printf("%s %s\n", filepath.Base(r.Path), state)
			if dieAfterFirst {
				os.Stdout.Sync()
				syscall.Kill(os.Getpid(), syscall.SIGKILL)
				select {}
			}
		},
	}
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	go in.Run(ctx)
	for {
		time.Sleep(10 * time.Millisecond)
		st := in.Status()
		if st.LastRun.IsZero() || st.Waiting > 0 {
			continue
		}
		entries, err := os.ReadDir(dir)
		if err != nil {
			fmt.Fprintln(os.Stderr, err)
			return 1
		}
		left := 0
		for _, e := range entries {
			if e.Type().IsRegular() && !strings.HasPrefix(e.Name(), ".") {
				left++
			}
		}
		if left == 0 {
			return 0
		}
	}
}

// crashCheck compares the database after a kill with a clean import of the
// files it says it holds: every file is wholly in the store or absent.
func crashCheck(t *testing.T, refs *references, dbPath, when string, detail bool) snapshot {
	t.Helper()
	if _, err := os.Stat(dbPath); os.IsNotExist(err) {
		return snapshot{} // killed before the database was created
	}
	got, err := takeSnapshot(dbPath, defaultAccount, refs.set.files, detail)
	if errors.Is(err, store.ErrNoAccount) {
		return snapshot{} // killed before the account was created
	}
	if err != nil {
		t.Fatalf("%s: the database does not open after the kill: %v", when, err)
	}
	want := refs.of(got.shas)
	if d := got.diff(want); d != "" {
		t.Fatalf("%s: the database is not a clean import of the %d files it holds: %s", when, len(got.shas), d)
	}
	return got
}

// `marquee import` killed at random moments: after every kill the
// database equals a clean import of the files it records; restarting
// completes the set; the end result equals one clean import.
func TestImportSurvivesSIGKILL(t *testing.T) {
	if testing.Short() {
		t.Skip("builds the binary and kills it many times")
	}
	bin := buildMarquee(t)
	dir := t.TempDir()
	set := writeReportSet(t, filepath.Join(dir, "reports"))
	refs := newReferences(t, set)
	full := refs.all()

	// Independent of marquee's arithmetic: without rates, the sales files'
	// revenue is the exact sum of the USD amounts written.
	var sales []string
	for i, f := range set.files {
		if strings.Contains(f, "_sales_") {
			sales = append(sales, refs.shas[i])
		}
	}
	slices.Sort(sales)
	if got := refs.of(sales).revenue; !got.Equal(set.usdTotal) {
		t.Fatalf("sales files without rates: revenue %s, want %s (the USD amounts written)", got, set.usdTotal)
	}

	// How long one clean import takes sets the range of kill moments.
	// The fastest of three runs: a kill drawn past the end of a run is a
	// round without a kill.
	var clean string
	took := time.Hour
	for i := range 3 {
		clean = filepath.Join(dir, fmt.Sprintf("clean%d.db", i))
		took = min(took, timed(t, exec.Command(bin, "import", "--db", clean, set.dir)))
	}
	if got, err := takeSnapshot(clean, defaultAccount, set.files, true); err != nil || got.diff(full) != "" {
		t.Fatalf("binary import differs from the in-process one: %v %s", err, got.diff(full))
	}
	idle := timed(t, exec.Command(bin, "import", "--db", clean, set.dir)) // every file skipped
	seed := uint64(time.Now().UnixNano())
	moments := killMoments{rand.New(rand.NewPCG(seed, 1)), idle, took}
	t.Logf("seed %d; one clean import of %d files: %s, a run with nothing to do: %s", seed, len(set.files), took, idle)
	kills, rounds, partial := 0, 0, 0
	want := trialCount(50)
	for kills < want {
		rounds++
		db := filepath.Join(dir, fmt.Sprintf("round%d.db", rounds))
		for run := 1; ; run++ {
			cmd := exec.Command(bin, "import", "--db", db, set.dir)
			killed, err := runUntil(t, cmd, moments.next())
			when := fmt.Sprintf("round %d run %d", rounds, run)
			if !killed {
				if err != nil {
					t.Fatalf("%s: import failed: %v", when, err)
				}
				break // the set is complete
			}
			kills++
			got := crashCheck(t, refs, db, when+" (killed)", false)
			if n := len(got.shas); n > 0 && n < len(set.files) {
				partial++
			}
			if kills >= want {
				break
			}
		}
		// A final run completes the set, which then equals one clean import.
		if out, err := exec.Command(bin, "import", "--db", db, set.dir).CombinedOutput(); err != nil {
			t.Fatalf("round %d: final import: %v\n%s", rounds, err, out)
		}
		got := crashCheck(t, refs, db, fmt.Sprintf("round %d final", rounds), true)
		if d := got.diff(full); d != "" {
			t.Fatalf("round %d: after the final run: %s", rounds, d)
		}
		if !got.revenue.Equal(full.revenue) {
			t.Fatalf("round %d: revenue %s, want %s", rounds, got.revenue, full.revenue)
		}
	}
	t.Logf("%d kills in %d rounds, %d of them with the set partly imported", kills, rounds, partial)
	if partial < kills/5 {
		t.Errorf("only %d of %d kills landed mid-set: the kill moments do not cover the import", partial, kills)
	}
}

// The inbox loop killed at random moments: files move to imported/ only
// after their commit, nothing is lost or stored twice, and restarting
// finishes the set.
func TestInboxSurvivesSIGKILL(t *testing.T) {
	if testing.Short() {
		t.Skip("kills a helper process many times")
	}
	dir := t.TempDir()
	set := writeReportSet(t, filepath.Join(dir, "reports"))
	refs := newReferences(t, set)
	full := refs.all()
	self, err := os.Executable()
	if err != nil {
		t.Fatal(err)
	}
	child := func(mode, inbox, db string) *exec.Cmd {
		cmd := exec.Command(self)
		// A race-enabled binary sleeps a second at exit unless told not to.
		cmd.Env = append(os.Environ(), childModeEnv+"="+mode, "MARQUEE_TEST_INBOX="+inbox, "MARQUEE_TEST_DB="+db,
			"GORACE=atexit_sleep_ms=0 "+os.Getenv("GORACE"))
		return cmd
	}
	fill := func(inbox string) {
		if err := os.MkdirAll(inbox, 0o755); err != nil {
			t.Fatal(err)
		}
		for _, f := range set.files {
			data, _ := os.ReadFile(f)
			if err := os.WriteFile(filepath.Join(inbox, filepath.Base(f)), data, 0o644); err != nil {
				t.Fatal(err)
			}
		}
		old := time.Now().Add(-time.Minute) // settled already
		for _, f := range set.files {
			os.Chtimes(filepath.Join(inbox, filepath.Base(f)), old, old)
		}
	}
	// where tells where each file of the set is now: "inbox", "imported"
	// or "" (lost); rejected/ must stay empty.
	where := func(inbox, when string) map[string]string {
		t.Helper()
		if rej, _ := os.ReadDir(filepath.Join(inbox, "rejected")); len(rej) > 0 {
			t.Fatalf("%s: files were rejected: %v", when, rej)
		}
		imported, _ := os.ReadDir(filepath.Join(inbox, "imported"))
		if len(imported) > len(set.files) {
			t.Fatalf("%s: %d files in imported/, the set has %d", when, len(imported), len(set.files))
		}
		out := map[string]string{}
		for _, f := range set.files {
			name := filepath.Base(f)
			_, inInbox := os.Stat(filepath.Join(inbox, name))
			_, inImported := os.Stat(filepath.Join(inbox, "imported", name))
			switch {
			case inInbox == nil && inImported == nil:
				t.Fatalf("%s: %s is both in the inbox and in imported/", when, name)
			case inInbox == nil:
				out[name] = "inbox"
			case inImported == nil:
				out[name] = "imported"
			default:
				t.Fatalf("%s: %s is lost", when, name)
			}
		}
		return out
	}
	check := func(inbox, db, when string, detail bool) snapshot {
		t.Helper()
		places := where(inbox, when)
		got := crashCheck(t, refs, db, when, detail)
		for i, f := range set.files {
			if places[filepath.Base(f)] == "imported" && !slices.Contains(got.shas, refs.shas[i]) {
				t.Fatalf("%s: %s was moved to imported/ but is not in the store", when, filepath.Base(f))
			}
		}
		return got
	}

	// A deterministic kill between the commit and the move: imported/ is
	// a plain file, so the move fails and the child dies right after the
	// first file was committed.
	inbox := filepath.Join(dir, "det", "inbox")
	db := filepath.Join(dir, "det", "m.db")
	fill(inbox)
	os.WriteFile(filepath.Join(inbox, "imported"), nil, 0o644)
	out, err := child("inbox-die-after", inbox, db).Output()
	first := filepath.Base(set.files[0])
	if !strings.Contains(string(out), first+" imported") {
		t.Fatalf("the child did not import %s before dying: %v\n%s", first, err, out)
	}
	got := crashCheck(t, refs, db, "killed between commit and move", true)
	if !slices.Equal(got.shas, refs.shas[:1]) {
		t.Fatalf("after the commit: files %v, want only %s", short(got.shas), first)
	}
	if _, err := os.Stat(filepath.Join(inbox, first)); err != nil {
		t.Fatalf("%s left the inbox although its move failed: %v", first, err)
	}
	os.Remove(filepath.Join(inbox, "imported"))
	out, err = child("inbox", inbox, db).Output()
	if err != nil {
		t.Fatalf("restart: %v\n%s", err, out)
	}
	if !strings.Contains(string(out), first+" duplicate") {
		t.Errorf("after the restart %s was not recognised as imported:\n%s", first, out)
	}
	for name, place := range where(inbox, "after restart") {
		if place != "imported" {
			t.Errorf("%s is still in the inbox after the restart", name)
		}
	}
	if d := crashCheck(t, refs, db, "after restart", true).diff(full); d != "" {
		t.Fatalf("after the restart: %s", d)
	}

	// Random kills.
	var calib string
	took := time.Hour
	for i := range 3 {
		calib = filepath.Join(dir, fmt.Sprintf("calib%d", i))
		fill(filepath.Join(calib, "inbox"))
		took = min(took, timed(t, child("inbox", filepath.Join(calib, "inbox"), filepath.Join(calib, "m.db"))))
	}
	idle := timed(t, child("inbox", filepath.Join(calib, "inbox"), filepath.Join(calib, "m.db"))) // nothing left
	seed := uint64(time.Now().UnixNano())
	moments := killMoments{rand.New(rand.NewPCG(seed, 2)), idle, took}
	t.Logf("seed %d; one clean inbox run over %d files: %s, a run with nothing to do: %s", seed, len(set.files), took, idle)
	kills, rounds, partial, unmoved := 0, 0, 0, 0
	want := trialCount(50)
	for kills < want {
		rounds++
		inbox := filepath.Join(dir, fmt.Sprintf("round%d", rounds), "inbox")
		db := filepath.Join(dir, fmt.Sprintf("round%d", rounds), "m.db")
		fill(inbox)
		for run := 1; ; run++ {
			killed, err := runUntil(t, child("inbox", inbox, db), moments.next())
			when := fmt.Sprintf("round %d run %d", rounds, run)
			if !killed {
				if err != nil {
					t.Fatalf("%s: the inbox failed: %v", when, err)
				}
				break
			}
			kills++
			got := check(inbox, db, when+" (killed)", false)
			if n := len(got.shas); n > 0 && n < len(set.files) {
				partial++
			}
			places := where(inbox, when)
			for i, f := range set.files {
				if slices.Contains(got.shas, refs.shas[i]) && places[filepath.Base(f)] == "inbox" {
					unmoved++ // committed, not yet moved: the restart must cope
				}
			}
			if kills >= want {
				break
			}
		}
		if out, err := child("inbox", inbox, db).CombinedOutput(); err != nil {
			t.Fatalf("round %d: final run: %v\n%s", rounds, err, out)
		}
		got := check(inbox, db, fmt.Sprintf("round %d final", rounds), true)
		if d := got.diff(full); d != "" {
			t.Fatalf("round %d: after the final run: %s", rounds, d)
		}
		for name, place := range where(inbox, "final") {
			if place != "imported" {
				t.Fatalf("round %d: %s still in the inbox", rounds, name)
			}
		}
	}
	t.Logf("%d kills in %d rounds: %d with the set partly imported, %d files found committed but not moved", kills, rounds, partial, unmoved)
	if partial < kills/5 {
		t.Errorf("only %d of %d kills landed mid-set", partial, kills)
	}
}

// `account set --timezone` killed at random moments: the zone is the old
// or the new one, never broken, and the months follow it.
func TestTimeZoneSurvivesSIGKILL(t *testing.T) {
	if testing.Short() {
		t.Skip("builds the binary and kills it many times")
	}
	bin := buildMarquee(t)
	dir := t.TempDir()
	set := writeReportSet(t, filepath.Join(dir, "reports"))
	db := filepath.Join(dir, "m.db")
	if out, err := exec.Command(bin, "import", "--db", db, set.dir).CombinedOutput(); err != nil {
		t.Fatalf("import: %v\n%s", err, out)
	}
	zones := []string{"Pacific/Kiritimati", "Pacific/Pago_Pago", "Asia/Kathmandu"}
	// The months each zone must show, asked of the UTC database with --tz.
	months := map[string]string{}
	for _, z := range zones {
		out, err := exec.Command(bin, "report", "--db", db, "--view", "monthly", "--format", "csv", "--tz", z).Output()
		if err != nil {
			t.Fatal(err)
		}
		months[z] = string(out)
	}
	if months[zones[0]] == months[zones[1]] {
		t.Fatal("the zones give the same months: the test would prove nothing")
	}
	took := timed(t, exec.Command(bin, "account", "set", "--db", db, "--timezone", zones[0]))
	current := zones[0]
	seed := uint64(time.Now().UnixNano())
	rng := rand.New(rand.NewPCG(seed, 3))
	t.Logf("seed %d; one account set: %s", seed, took)
	kills, changed, trials := 0, 0, 0
	for trial := 0; kills < trialCount(50) && trial < 500; trial++ {
		trials++
		next := zones[(slices.Index(zones, current)+1)%len(zones)]
		killed, err := runUntil(t, exec.Command(bin, "account", "set", "--db", db, "--timezone", next), time.Duration(rng.Int64N(int64(took)*11/10)))
		if !killed && err != nil {
			t.Fatalf("account set: %v", err)
		}
		out, err := exec.Command(bin, "report", "--db", db, "--view", "monthly", "--format", "csv").CombinedOutput()
		if err != nil {
			t.Fatalf("trial %d: report after the kill: %v\n%s", trial, err, out)
		}
		s, err := takeSnapshot(db, defaultAccount, nil, false)
		if err != nil {
			t.Fatal(err)
		}
		switch {
		case s.zone == current:
		case s.zone == next:
			changed++
		default:
			t.Fatalf("trial %d: zone %q, want %s or %s", trial, s.zone, current, next)
		}
		if !killed && s.zone != next {
			t.Fatalf("trial %d: account set ended but the zone is %s", trial, s.zone)
		}
		if string(out) != months[s.zone] {
			t.Fatalf("trial %d: months in %s:\n%s\nwant\n%s", trial, s.zone, out, months[s.zone])
		}
		current = s.zone
		if killed {
			kills++
		}
	}
	t.Logf("%d trials, %d killed; %d zone changes committed", trials, kills, changed)
	if kills < trialCount(50) {
		t.Errorf("only %d kills landed", kills)
	}
}

// Supersession under kills: while a final report is being imported the
// totals are those without it or with it, never between.
func TestSupersessionSurvivesSIGKILL(t *testing.T) {
	if testing.Short() {
		t.Skip("builds the binary and kills it many times")
	}
	bin := buildMarquee(t)
	dir := t.TempDir()
	set := writeReportSet(t, filepath.Join(dir, "reports"))
	refs := newReferences(t, set)
	finals := set.files[len(set.files)-1]
	before := slices.Clone(refs.shas[:len(refs.shas)-1])
	slices.Sort(before)
	without, with := refs.of(before), refs.all()
	if without.revenue.Equal(with.revenue) {
		t.Fatal("the final report changes nothing: the test would prove nothing")
	}
	base := filepath.Join(dir, "base.db")
	for _, f := range set.files[:len(set.files)-1] {
		if out, err := exec.Command(bin, "import", "--db", base, f).CombinedOutput(); err != nil {
			t.Fatalf("import: %v\n%s", err, out)
		}
	}
	baseBytes, err := os.ReadFile(base)
	if err != nil {
		t.Fatal(err)
	}
	db := filepath.Join(dir, "m.db")
	reset := func() {
		if err := os.WriteFile(db, baseBytes, 0o600); err != nil {
			t.Fatal(err)
		}
	}
	took := time.Hour
	for range 3 {
		reset()
		took = min(took, timed(t, exec.Command(bin, "import", "--db", db, finals)))
	}
	seed := uint64(time.Now().UnixNano())
	rng := rand.New(rand.NewPCG(seed, 4))
	t.Logf("seed %d; one import of the final report: %s", seed, took)
	kills, landed := 0, map[bool]int{}
	for trial := 0; kills < trialCount(50) && trial < 500; trial++ {
		reset()
		killed, err := runUntil(t, exec.Command(bin, "import", "--db", db, finals), time.Duration(rng.Int64N(int64(took)*11/10)))
		if !killed && err != nil {
			t.Fatalf("import: %v", err)
		}
		got, err := takeSnapshot(db, defaultAccount, set.files, false)
		if err != nil {
			t.Fatalf("trial %d: %v", trial, err)
		}
		switch {
		case got.diff(with) == "":
			landed[true]++
		case got.diff(without) == "":
			landed[false]++
			if !killed {
				t.Fatalf("trial %d: the import ended without the final report stored", trial)
			}
		default:
			t.Fatalf("trial %d: revenue %s: neither without the final report (%s) nor with it (%s)", trial, got.revenue, without.revenue, with.revenue)
		}
		if killed {
			kills++
		}
	}
	t.Logf("%d trials, %d killed: %d ended with the final report stored, %d without", landed[true]+landed[false], kills, landed[true], landed[false])
	if kills < trialCount(50) {
		t.Errorf("only %d kills landed", kills)
	}
}
