package sshserver

import (
	"bytes"
	"encoding/csv"
	"errors"
	"net"
	"strings"
	"testing"

	gossh "golang.org/x/crypto/ssh"

	"marquee/report"
	"marquee/store"
)

// runRemote runs command in a session without a terminal, as
// `ssh HOST command` does, and returns stdout, stderr and the exit status.
func runRemote(t *testing.T, addr string, key gossh.Signer, command string) (string, string, int) {
	t.Helper()
	conn, err := dial(addr, gossh.PublicKeys(key))
	if err != nil {
		t.Fatal(err)
	}
	defer conn.Close()
	sess, err := conn.NewSession()
	if err != nil {
		t.Fatal(err)
	}
	var out, errOut bytes.Buffer
	sess.Stdout, sess.Stderr = &out, &errOut
	err = sess.Run(command)
	var exit *gossh.ExitError
	switch {
	case errors.As(err, &exit):
		return out.String(), errOut.String(), exit.ExitStatus()
	case err != nil:
		t.Fatalf("%s: %v", command, err)
	}
	return out.String(), errOut.String(), 0
}

// `ssh HOST report ...` writes the key's account's report, and nothing of
// another account, whatever the flags ask for.
func TestReportOverSSH(t *testing.T) {
	ts := startServer(t, nil)
	annKey := ts.addAccount(t, "ann", "Europe/London", annLines)
	bobKey := ts.addAccount(t, "bob", "America/New_York", bobLines)

	out, errOut, code := runRemote(t, ts.addr, annKey, "report --view detail --format csv")
	if code != 0 {
		t.Fatalf("exit %d: %s", code, errOut)
	}
	rows, err := csv.NewReader(strings.NewReader(out)).ReadAll()
	if err != nil || len(rows) != 3 {
		t.Fatalf("ann's detail CSV (%v):\n%s", err, out)
	}
	if !strings.Contains(out, "Night Ferry") || !strings.Contains(out, "Salt & Iron") || strings.Contains(out, "Copper Sky") {
		t.Fatalf("ann's detail CSV:\n%s", out)
	}

	out, errOut, code = runRemote(t, ts.addr, annKey, "report --title 'Copper Sky' --view detail --format csv")
	if code != 0 || strings.Contains(out, "Copper Sky") || strings.Count(out, "\n") != 1 {
		t.Fatalf("ann asking for bob's title: exit %d\n%s", code, out)
	}
	// The empty answer says why, naming only ann's own near misses.
	if want := "marquee: warning: --title \"Copper Sky\" matches nothing in this account\n"; errOut != want {
		t.Fatalf("ann asking for bob's title: stderr %q, want %q", errOut, want)
	}
	_, errOut, _ = runRemote(t, ts.addr, annKey, "report --title 'night ferry'")
	if !strings.Contains(errOut, `did you mean "Night Ferry"?`) {
		t.Fatalf("a near miss: stderr %q", errOut)
	}
	out, _, code = runRemote(t, ts.addr, bobKey, "report --view monthly")
	if code != 0 || !strings.Contains(out, "2025-03") || !strings.Contains(out, "777.770") || strings.Contains(out, "2024-06") {
		t.Fatalf("bob's monthly: exit %d\n%s", code, out)
	}

	for _, tc := range []struct{ command, want string }{
		{"report --from 2024-13-01", "report: invalid value"},
		{"report --view pie", `--view "pie"`},
		{"report --account bob", "flag provided but not defined: -account"},
		{"report --db /tmp/other.db", "flag provided but not defined: -db"},
		{"report extra", `unexpected argument "extra"`},
		{"import /etc/passwd", `"import" cannot run over SSH`},
		{"account list", `"account" cannot run over SSH`},
	} {
		out, errOut, code := runRemote(t, ts.addr, annKey, tc.command)
		if code != 2 || out != "" || strings.Count(errOut, "\n") != 1 || !strings.Contains(errOut, tc.want) {
			t.Errorf("%s: exit %d, stdout %q, stderr %q; want exit 2 and %q", tc.command, code, out, errOut, tc.want)
		}
	}
	out, _, code = runRemote(t, ts.addr, annKey, "report --help")
	if code != 0 || !strings.Contains(out, "-view") {
		t.Fatalf("report --help: exit %d\n%s", code, out)
	}
}

// The dashboard's export hint over SSH is a command line that, run as it
// is, gives the same filter back.
func TestExportCommandRoundTrips(t *testing.T) {
	ts := startServer(t, nil)
	annKey := ts.addAccount(t, "ann", "Europe/London", annLines)
	from, _ := store.ParseDate("2024-06-01")
	to, _ := store.ParseDate("2024-06-30")
	f := store.Filter{From: from, To: to, Titles: []string{"Salt & Iron", "It's \"odd\""}, Countries: []string{"US"}}
	command := "report " + report.ShellQuote(report.Args("detail", "csv", f))
	out, errOut, code := runRemote(t, ts.addr, annKey, command)
	if code != 0 || !strings.Contains(out, "Salt & Iron") || strings.Contains(out, "Night Ferry") {
		t.Fatalf("%s: exit %d %s\n%s", command, code, errOut, out)
	}
}

// Over SSH, `e` shows how to fetch the view from the filmmaker's machine,
// naming this server, instead of writing a file on it.
func TestExportOverSSHShowsTheCommand(t *testing.T) {
	ts := startServer(t, nil)
	key := ts.addAccount(t, "ann", "Europe/London", annLines)
	c := connect(t, ts.addr, key, 120, 40)
	c.waitFor("$120.750")
	_, port, _ := net.SplitHostPort(ts.addr)
	c.keys("e")
	c.waitFor("Export", "ssh -p "+port+" 127.0.0.1 report --view monthly --format csv", "marquee-monthly.csv")
	c.keys(keyEsc)
	c.waitGone("marquee-monthly.csv")
}
