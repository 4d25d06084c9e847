package main

import (
	"archive/zip"
	"bytes"
	"errors"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"

	"marquee/cli"
	"marquee/store"
)

// runCLI runs marquee's command line in-process, in this process's
// environment and directory.
func runCLI(t *testing.T, args ...string) (string, error) {
	t.Helper()
	var out bytes.Buffer
	dir, _ := os.Getwd()
	err := cli.Run(args, cli.Env{LookupEnv: os.LookupEnv, Dir: dir, Stdout: &out, Stderr: io.Discard})
	return out.String(), err
}

func demoDB(t *testing.T) string {
	t.Helper()
	path := filepath.Join(t.TempDir(), "demo.db")
	if _, err := runCLI(t, "demo", "--db", path); err != nil {
		t.Fatal(err)
	}
	return path
}

func TestReportOnDemo(t *testing.T) {
	db := demoDB(t)
	out, err := runCLI(t, "report", "--db", db, "--format", "json")
	if err != nil {
		t.Fatal(err)
	}
	if want := `{"titles":5,"channels":11,"countries":105,"revenue_usd":"10601.407","pending_lines":0}` + "\n"; out != want {
		t.Fatalf("metrics json %q", out)
	}
	out, _ = runCLI(t, "report", "--db", db)
	if !strings.Contains(out, "$10,601.407") {
		t.Fatalf("text metrics:\n%s", out)
	}
	out, _ = runCLI(t, "report", "--db", db, "--view", "monthly", "--from", "2024-06-01", "--to", "2024-06-30")
	if lines := strings.Split(strings.TrimSpace(out), "\n"); len(lines) != 2 || !strings.HasPrefix(lines[1], "2024-06 ") {
		t.Fatalf("one month expected:\n%s", out)
	}
	out, _ = runCLI(t, "report", "--db", db, "--view", "detail", "--format", "csv", "--title", "Night Ferry", "--country", "GB")
	for _, l := range strings.Split(strings.TrimSpace(out), "\n")[1:] {
		if !strings.Contains(l, ",Night Ferry,") || !strings.Contains(l, ",GB,") {
			t.Fatalf("detail row outside the filter: %s", l)
		}
	}
	// --tz moves instants without changing the account.
	utc, _ := runCLI(t, "report", "--db", db, "--view", "monthly", "--format", "csv")
	kath, _ := runCLI(t, "report", "--db", db, "--view", "monthly", "--format", "csv", "--tz", "Asia/Kathmandu")
	if utc == kath {
		t.Error("--tz changed nothing")
	}
	if again, _ := runCLI(t, "report", "--db", db, "--view", "monthly", "--format", "csv"); again != utc {
		t.Error("--tz changed the account")
	}
	if _, err := runCLI(t, "account", "set", "--db", db, "--timezone", "Asia/Kathmandu"); err != nil {
		t.Fatal(err)
	}
	if set, _ := runCLI(t, "report", "--db", db, "--view", "monthly", "--format", "csv"); set != kath {
		t.Error("account set --timezone did not rebucket")
	}
}

func TestBadInputIsAUsageError(t *testing.T) {
	db := demoDB(t)
	for _, args := range [][]string{
		{"report", "--db", db, "--bogus"},
		{"report", "--db", db, "--from", "2024-02-30"},
		{"report", "--db", db, "--from", "2024-6"}, // YYYY-MM is a month; this is neither,
		{"report", "--db", db, "--to", "2024-13"},
		{"report", "--db", db, "--from", "2024-06-01", "--to", "2024-05-01"},
		{"report", "--db", db, "--tz", "Mars/Olympus"},
		{"report", "--db", db, "--view", "pie"},
		{"report", "--db", db, "--format", "xml"},
		{"report", "--db", db, "--country", "QQ"},
		{"account", "set", "--db", db, "--timezone", "Nowhere/Land"},
		{"account", "set", "--db", db},
		{"frobnicate"},
		{"import", "--db", db},
		{"report", "--db", db, "--account", "Bad Name"},
		{"import", "--db", db, "--period", "June", "x.csv"},
		{"import", "--db", db, "--period", "2024-06-30..2024-06-01", "x.csv"},
	} {
		_, err := runCLI(t, args...)
		var ue cli.UsageError
		if !errors.As(err, &ue) {
			t.Errorf("%v: %v, want a usage error", args, err)
		} else if strings.Contains(ue.Error(), "\n") {
			t.Errorf("%v: message is not one line: %q", args, ue.Error())
		}
	}
}

func TestLockedDatabase(t *testing.T) {
	path := demoDB(t)
	db, err := store.Open(path, store.Options{})
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	_, err = runCLI(t, "report", "--db", path)
	if err == nil || !strings.Contains(err.Error(), "database "+path+" is in use by another marquee process") {
		t.Fatalf("err = %v", err)
	}
}

func TestImportExitStatus(t *testing.T) {
	dir := t.TempDir()
	db := filepath.Join(dir, "m.db")
	good := filepath.Join(dir, "good.csv")
	bad := filepath.Join(dir, "bad.csv")
	os.WriteFile(good, []byte("report_date,period_start,period_end,title,channel,country,quantity,unit,amount,currency\n2024-06-30,2024-06-01,2024-06-30,Film,Vimeo,US,1,rentals,4.99,USD\n"), 0o644)
	os.WriteFile(bad, []byte("not,a,report\n"), 0o644)
	out, err := runCLI(t, "import", "--db", db, good, bad)
	if !errors.Is(err, cli.ErrRejected) {
		t.Fatalf("err = %v, want cli.ErrRejected", err)
	}
	if !strings.Contains(out, "good.csv: canonical: 1 row read, 1 line item stored") || !strings.Contains(out, "bad.csv: rejected:") {
		t.Fatalf("summary:\n%s", out)
	}
	out, err = runCLI(t, "import", "--db", db, good)
	if err != nil || !strings.Contains(out, "skipped: imported before") {
		t.Fatalf("re-import: %v\n%s", err, out)
	}
	// A path that is not there is one rejected file; the others import.
	other := filepath.Join(dir, "other.csv")
	os.WriteFile(other, []byte("report_date,period_start,period_end,title,channel,country,quantity,unit,amount,currency\n2024-07-31,2024-07-01,2024-07-31,Film,Vimeo,US,1,rentals,2.00,USD\n"), 0o644)
	out, err = runCLI(t, "import", "--db", db, filepath.Join(dir, "missing.csv"), other)
	if !errors.Is(err, cli.ErrRejected) || !strings.Contains(out, "missing.csv: rejected: ") || !strings.Contains(out, "other.csv: canonical: 1 row read, 1 line item stored") {
		t.Fatalf("missing path: %v\n%s", err, out)
	}
}

// import --period dates a file whose name has none; a zip imports whole
// with its members and what it skipped on the import line.
func TestImportPeriodAndZip(t *testing.T) {
	dir := t.TempDir()
	db := filepath.Join(dir, "m.db")
	tubi, err := os.ReadFile("testdata/ingest/tubi_2024-06.csv")
	if err != nil {
		t.Fatal(err)
	}
	plain := filepath.Join(dir, "tubi.csv")
	os.WriteFile(plain, tubi, 0o644)
	out, err := runCLI(t, "import", "--db", db, plain)
	if !errors.Is(err, cli.ErrRejected) || !strings.Contains(out, "or pass --period YYYY-MM") {
		t.Fatalf("without --period: %v\n%s", err, out)
	}
	out, err = runCLI(t, "import", "--db", db, "--period", "2024-05", plain)
	if err != nil || !strings.Contains(out, "tubi.csv: tubi: ") {
		t.Fatalf("with --period: %v\n%s", err, out)
	}
	out, err = runCLI(t, "report", "--db", db, "--view", "monthly", "--format", "csv")
	if err != nil || !strings.Contains(out, "2024-05,") {
		t.Fatalf("monthly: %v\n%s", err, out)
	}

	var zb bytes.Buffer
	zw := zip.NewWriter(&zb)
	w, _ := zw.Create("reports/tubi_2024-06.csv")
	w.Write(tubi)
	w, _ = zw.Create("reports/statement.pdf")
	w.Write([]byte("%PDF"))
	zw.Close()
	archive := filepath.Join(dir, "june.zip")
	os.WriteFile(archive, zb.Bytes(), 0o644)
	out, err = runCLI(t, "import", "--db", db, archive)
	if err != nil || !strings.Contains(out, "june.zip: tubi: ") || !strings.Contains(out, "imported reports/tubi_2024-06.csv (tubi, ") ||
		!strings.Contains(out, "skipped reports/statement.pdf: not a report (.pdf)") {
		t.Fatalf("zip: %v\n%s", err, out)
	}
}

// The built binary: exit statuses and one-line errors as a script sees them.
func TestBinaryExitCodes(t *testing.T) {
	if testing.Short() {
		t.Skip("builds the binary")
	}
	bin := filepath.Join(t.TempDir(), "marquee")
	if out, err := exec.Command("go", "build", "-o", bin, ".").CombinedOutput(); err != nil {
		t.Fatalf("build: %v\n%s", err, out)
	}
	db := demoDB(t)
	cmd := exec.Command(bin, "report", "--db", db, "--from", "2024-13-01")
	var stderr bytes.Buffer
	cmd.Stderr = &stderr
	err := cmd.Run()
	var exit *exec.ExitError
	if !errors.As(err, &exit) || exit.ExitCode() != 2 || strings.Count(stderr.String(), "\n") != 1 {
		t.Fatalf("bad date: %v, stderr %q", err, stderr.String())
	}
	locked, _ := store.Open(db, store.Options{})
	cmd = exec.Command(bin, "report", "--db", db)
	stderr.Reset()
	cmd.Stderr = &stderr
	err = cmd.Run()
	locked.Close()
	if !errors.As(err, &exit) || exit.ExitCode() != 1 || !strings.Contains(stderr.String(), "is in use by another marquee process") {
		t.Fatalf("locked: %v, stderr %q", err, stderr.String())
	}
}
