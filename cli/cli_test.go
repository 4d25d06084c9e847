package cli

import (
	"bytes"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// testEnv is a caller with exactly vars, in dir, its output captured.
func testEnv(dir string, vars ...string) (Env, *bytes.Buffer, *bytes.Buffer) {
	var out, errOut bytes.Buffer
	return Env{LookupEnv: lookupIn(vars), Dir: dir, Stdin: strings.NewReader(""), Stdout: &out, Stderr: &errOut}, &out, &errOut
}

const canonicalReport = "report_date,period_start,period_end,title,channel,country,quantity,unit,amount,currency\n" +
	"2024-06-30,2024-06-01,2024-06-30,Night Ferry,Tubi,US,1,views,12.50,USD\n"

// A first import that stores nothing — a missing path, a file that is not
// a report — leaves no database behind, so the dashboard still opens the
// demo on that machine. One file imported keeps the database.
func TestFailedFirstImportLeavesNoDatabase(t *testing.T) {
	home := t.TempDir()
	db := filepath.Join(home, ".local", "share", "marquee", "marquee.db")
	os.WriteFile(filepath.Join(home, "bad.csv"), []byte("not,a,report\n"), 0o644)
	os.WriteFile(filepath.Join(home, "good.csv"), []byte(canonicalReport), 0o644)
	for _, args := range [][]string{
		{"import", "/missing.csv"},
		{"import", "bad.csv", "/missing.csv"},
		{"import", "--route", "bad.csv"},
	} {
		env, out, _ := testEnv(home, "HOME="+home)
		if code := Main(args, env); code != 1 || !strings.Contains(out.String(), "rejected") {
			t.Fatalf("%v: exit %d\n%s", args, code, out)
		}
		if _, err := os.Stat(db); !os.IsNotExist(err) {
			t.Fatalf("%v left a database behind: %v", args, err)
		}
	}
	env, out, _ := testEnv(home, "HOME="+home)
	if code := Main([]string{"import", "/missing.csv", "good.csv"}, env); code != 1 || !strings.Contains(out.String(), "1 line item stored") {
		t.Fatalf("one good file: exit %d\n%s", code, out)
	}
	env, out, _ = testEnv(home, "HOME="+home)
	if code := Main([]string{"report", "--format", "json"}, env); code != 0 || !strings.Contains(out.String(), `"revenue_usd":"12.5"`) {
		t.Fatalf("the good file's database: exit %d\n%s", code, out)
	}
	// An existing database stays, whatever the import.
	env, _, _ = testEnv(home, "HOME="+home)
	if code := Main([]string{"import", "/missing.csv"}, env); code != 1 {
		t.Fatalf("exit %d", code)
	}
	if _, err := os.Stat(db); err != nil {
		t.Fatalf("a failed import removed an existing database: %v", err)
	}
}
