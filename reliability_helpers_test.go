package main

import (
	"bytes"
	"crypto/sha256"
	"encoding/hex"
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

	"github.com/shopspring/decimal"

	"marquee/ingest"
	"marquee/report"
	"marquee/store"
)

// The reliability tests (issue 7) share these helpers: a built binary, a
// realistic set of reports, and a snapshot of everything an account shows,
// so a database that survived a crash can be compared with one made by a
// clean import of the same files.

// childModeEnv makes the test binary a helper process instead of running
// tests (see TestMain in crash_test.go). It is read only by the test
// binary: production code has no test hooks.
const childModeEnv = "MARQUEE_TEST_CHILD"

// defaultAccount is the account the command line uses without --account.
const defaultAccount = "local"

// buildMarquee builds the marquee binary into a temporary folder.
func buildMarquee(t *testing.T) string {
	t.Helper()
	bin := filepath.Join(t.TempDir(), "marquee")
	if out, err := exec.Command("go", "build", "-o", bin, ".").CombinedOutput(); err != nil {
		t.Fatalf("build: %v\n%s", err, out)
	}
	return bin
}

// reportSet is a set of files to import, in the order marquee imports
// them (sorted by name), with what a clean import of them adds up to.
type reportSet struct {
	dir   string
	files []string // full paths, sorted
	// usdTotal is the exact sum of every USD amount in the sales files,
	// computed while writing them: an independent check of the totals.
	usdTotal decimal.Decimal
	usdTitle map[string]decimal.Decimal
}

const (
	setSalesFiles = 5
	setRows       = 600
)

// writeReportSet writes a set of canonical reports into dir:
//   - 01_estimates: estimated Kinow lines with instants (the time zone
//     matters for them) for June 2024;
//   - 02..06 sales: one title each, USD, EUR and GBP lines, a few
//     transaction ids repeated across files (deduplicated);
//   - 07_rates: ECB rates for June 2024, converting the pending EUR/GBP
//     lines;
//   - 08_finals: final Kinow lines for all of June 2024, superseding the
//     estimates.
func writeReportSet(t *testing.T, dir string) *reportSet {
	t.Helper()
	if err := os.MkdirAll(dir, 0o755); err != nil {
		t.Fatal(err)
	}
	rng := rand.New(rand.NewPCG(7, 7))
	set := &reportSet{dir: dir, usdTitle: map[string]decimal.Decimal{}}
	write := func(name, body string) {
		path := filepath.Join(dir, name)
		if err := os.WriteFile(path, []byte(body), 0o644); err != nil {
			t.Fatal(err)
		}
		set.files = append(set.files, path)
	}
	const header = "report_date,period_start,period_end,title,channel,country,quantity,unit,amount,currency,watched_at,transaction_id,status\n"
	countries := []string{"US", "GB", "DE", "FR", "NP", "JP", "BR", "CA", "AU", "IN"}
	amount := func() decimal.Decimal { return decimal.New(rng.Int64N(2_000_000)+1, -3) }

	var b strings.Builder
	b.WriteString(header)
	for i := range 600 {
		day := 1 + i%30
		hour := (i * 7) % 24
		fmt.Fprintf(&b, "2024-07-05,,,Night Ferry,Kinow,%s,1,views,%s,USD,2024-06-%02dT%02d:%02d:00Z,,estimated\n",
			countries[i%len(countries)], amount(), day, hour, i%60)
	}
	write("01_estimates.csv", b.String())

	for f := range setSalesFiles {
		title := fmt.Sprintf("Film %02d", f+2)
		b.Reset()
		b.WriteString(header)
		for i := range setRows {
			cur := []string{"USD", "USD", "USD", "EUR", "GBP"}[i%5]
			a := amount()
			txn := ""
			if i%50 == 0 {
				txn = fmt.Sprintf("TX-%d", i) // the same ids in every file: kept once
			}
			if cur == "USD" && (txn == "" || f == 0) {
				set.usdTotal = set.usdTotal.Add(a)
				set.usdTitle[title] = set.usdTitle[title].Add(a)
			}
			fmt.Fprintf(&b, "2024-06-30,2024-06-01,2024-06-30,%s,Vimeo,%s,%d,rentals,%s,%s,,%s,\n",
				title, countries[(i+f)%len(countries)], 1+i%3, a, cur, txn)
		}
		write(fmt.Sprintf("%02d_sales_%s.csv", f+2, strings.ReplaceAll(strings.ToLower(title), " ", "")), b.String())
	}

	b.Reset()
	b.WriteString("Date,USD,GBP,\n")
	for d := 28; d >= 3; d-- {
		fmt.Fprintf(&b, "2024-06-%02d,1.07%02d,0.846%02d,\n", d, d, d)
	}
	write(fmt.Sprintf("%02d_rates.csv", setSalesFiles+2), b.String())

	b.Reset()
	b.WriteString(header)
	for i := range 300 {
		fmt.Fprintf(&b, "2024-07-15,2024-06-01,2024-06-30,Night Ferry,Kinow,%s,1,views,%s,USD,,,final\n", countries[i%len(countries)], amount())
	}
	write(fmt.Sprintf("%02d_finals.csv", setSalesFiles+3), b.String())
	return set
}

func fileSHA(t *testing.T, path string) string {
	t.Helper()
	data, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	sum := sha256.Sum256(data)
	return hex.EncodeToString(sum[:])
}

// snapshot is everything an account shows, as text: the imported files,
// the metrics, the months (in the account's zone) and every line.
type snapshot struct {
	shas    []string // imported files' SHA-256, sorted (rates files too)
	zone    string
	summary string // metrics and monthly as CSV
	detail  string // detail CSV, lines sorted
	revenue decimal.Decimal
}

// takeSnapshot opens the database read-only and reads the account; the
// detail lines only when detail is set (they cost the most to read).
func takeSnapshot(path, account string, files []string, detail bool) (snapshot, error) {
	db, err := store.Open(path, store.Options{ReadOnly: true, Timeout: 5 * time.Second})
	if err != nil {
		return snapshot{}, err
	}
	defer db.Close()
	a, err := db.ExistingAccount(account)
	if err != nil {
		return snapshot{}, err
	}
	var s snapshot
	s.zone = a.TimeZone()
	for _, f := range files {
		data, err := os.ReadFile(f)
		if err != nil {
			return snapshot{}, err
		}
		sum := sha256.Sum256(data)
		if sha := hex.EncodeToString(sum[:]); a.HasFile(sha) {
			s.shas = append(s.shas, sha)
		}
	}
	slices.Sort(s.shas)
	recs, err := a.Files()
	if err != nil {
		return snapshot{}, err
	}
	var counts []string
	for _, r := range recs {
		counts = append(counts, fmt.Sprintf("%s stored=%d dup=%d", r.Name, r.Stored, r.Duplicates))
	}
	slices.Sort(counts)
	var buf bytes.Buffer
	fmt.Fprintln(&buf, strings.Join(counts, "\n"))
	if err := report.Write(&buf, a, store.Filter{}, "metrics", "csv"); err != nil {
		return snapshot{}, err
	}
	if err := report.Write(&buf, a, store.Filter{}, "monthly", "csv"); err != nil {
		return snapshot{}, err
	}
	s.summary = buf.String()
	m, _, err := a.Summary(store.Filter{})
	if err != nil {
		return snapshot{}, err
	}
	s.revenue = m.RevenueUSD
	if !detail {
		return s, nil
	}
	buf.Reset()
	if err := report.Write(&buf, a, store.Filter{}, "detail", "csv"); err != nil {
		return snapshot{}, err
	}
	lines := strings.Split(buf.String(), "\n")
	slices.Sort(lines)
	s.detail = strings.Join(lines, "\n")
	return s, nil
}

// diff says how two snapshots differ, "" when they are equal.
func (s snapshot) diff(want snapshot) string {
	switch {
	case !slices.Equal(s.shas, want.shas):
		return fmt.Sprintf("files %v, want %v", short(s.shas), short(want.shas))
	case s.summary != want.summary:
		return fmt.Sprintf("summary\n%s\nwant\n%s", s.summary, want.summary)
	case s.detail != "" && want.detail != "" && s.detail != want.detail:
		return fmt.Sprintf("detail differs (%d bytes, want %d)", len(s.detail), len(want.detail))
	}
	return ""
}

func short(shas []string) []string {
	out := make([]string, len(shas))
	for i, s := range shas {
		out[i] = s[:8]
	}
	return out
}

// references are snapshots (with detail) of clean imports of subsets of
// a set. Imports go in set order, so the subsets a crash leaves are
// prefixes of it: those are made up front in one pass; any other subset
// is made on demand.
type references struct {
	t     *testing.T
	set   *reportSet
	shas  []string
	byKey map[string]snapshot
}

func newReferences(t *testing.T, set *reportSet) *references {
	t.Helper()
	r := &references{t: t, set: set, byKey: map[string]snapshot{}}
	for _, f := range set.files {
		r.shas = append(r.shas, fileSHA(t, f))
	}
	path := filepath.Join(t.TempDir(), "ref.db")
	for n := 0; n <= len(set.files); n++ {
		r.importInto(path, set.files[max(0, n-1):n]...)
		r.remember(path, slices.Clone(r.shas[:n]))
	}
	return r
}

func (r *references) importInto(path string, files ...string) {
	r.t.Helper()
	db, err := store.Open(path, store.Options{})
	if err != nil {
		r.t.Fatal(err)
	}
	defer db.Close()
	a, err := db.Account(defaultAccount)
	if err != nil {
		r.t.Fatal(err)
	}
	im := &ingest.Importer{DB: db, Account: a}
	for _, f := range files {
		if res := im.ImportFile(f); res.Err != nil || res.Duplicate {
			r.t.Fatalf("reference import of %s: %v (duplicate %v)", f, res.Err, res.Duplicate)
		}
	}
}

func (r *references) remember(path string, shas []string) snapshot {
	r.t.Helper()
	s, err := takeSnapshot(path, defaultAccount, r.set.files, true)
	if err != nil {
		r.t.Fatal(err)
	}
	slices.Sort(shas)
	if !slices.Equal(s.shas, shas) {
		r.t.Fatalf("reference holds %v, want %v", short(s.shas), short(shas))
	}
	r.byKey[strings.Join(shas, ",")] = s
	return s
}

// of returns the snapshot of a clean import (in set order) of the files
// whose SHA-256 are in shas.
func (r *references) of(shas []string) snapshot {
	r.t.Helper()
	shas = slices.Sorted(slices.Values(shas))
	if s, ok := r.byKey[strings.Join(shas, ",")]; ok {
		return s
	}
	path := filepath.Join(r.t.TempDir(), "ref.db")
	var files []string
	for i, f := range r.set.files {
		if slices.Contains(shas, r.shas[i]) {
			files = append(files, f)
		}
	}
	r.importInto(path, files...)
	return r.remember(path, shas)
}

// all is the snapshot of a clean import of the whole set.
func (r *references) all() snapshot { return r.of(r.shas) }

// killMoments draws kill delays: a fifth of them before the work starts
// (process start, opening or creating the database), the rest while it
// runs, up to a tenth past the time a whole run takes.
type killMoments struct {
	rng          *rand.Rand
	start, whole time.Duration
}

func (k killMoments) next() time.Duration {
	if k.rng.IntN(5) == 0 || k.whole <= k.start {
		return time.Duration(k.rng.Int64N(int64(k.start) + 1))
	}
	return k.start + time.Duration(k.rng.Int64N(int64(k.whole*11/10-k.start)))
}

// runUntil starts cmd and SIGKILLs it after d unless it ends first. It
// reports whether the kill landed (the process was still running).
func runUntil(t *testing.T, cmd *exec.Cmd, d time.Duration) (killed bool, err error) {
	t.Helper()
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	done := make(chan error, 1)
	go func() { done <- cmd.Wait() }()
	timer := time.NewTimer(d)
	defer timer.Stop()
	select {
	case err := <-done:
		return false, err
	case <-timer.C:
	}
	if err := cmd.Process.Signal(syscall.SIGKILL); err != nil {
		if errors.Is(err, os.ErrProcessDone) {
			return false, <-done
		}
		t.Fatal(err)
	}
	err = <-done
	var exit *exec.ExitError
	if errors.As(err, &exit) {
		if ws, ok := exit.Sys().(syscall.WaitStatus); ok && ws.Signaled() && ws.Signal() == syscall.SIGKILL {
			return true, nil
		}
	}
	return false, err // it ended on its own just before the kill
}

// timed runs a command to completion and returns how long it took.
func timed(t *testing.T, cmd *exec.Cmd) time.Duration {
	t.Helper()
	start := time.Now()
	if out, err := cmd.CombinedOutput(); err != nil {
		t.Fatalf("%v: %v\n%s", cmd.Args, err, out)
	}
	return time.Since(start)
}

// trialCount is n, or a fifth of it (at least 5) under -short.
func trialCount(n int) int {
	if testing.Short() {
		return max(5, n/5)
	}
	return n
}
