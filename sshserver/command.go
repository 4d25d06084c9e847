package sshserver

import (
	"bufio"
	"errors"
	"flag"
	"fmt"
	"io"
	"net"
	"strings"

	"github.com/charmbracelet/ssh"

	"marquee/report"
)

// runCommand answers `ssh HOST report [flags]`: the report command of the
// CLI, on the session's own account, written to the client's stdout. It is
// how a filmmaker takes a CSV home (`... report --view detail --format csv
// > june.csv`), since the dashboard's export would land on the server.
// Other commands are refused: a key opens a dashboard and its reports,
// nothing that writes.
func (s *Server) runCommand(sess ssh.Session, cmd []string) {
	id := identityOf(sess)
	fail := func(code int, format string, args ...any) {
		fmt.Fprintf(sess.Stderr(), "marquee: "+format+"\n", args...)
		sess.Exit(code)
	}
	if cmd[0] != "report" {
		fail(2, "%q cannot run over SSH: connect with a terminal for the dashboard, or run report", cmd[0])
		return
	}
	fs := flag.NewFlagSet("report", flag.ContinueOnError)
	fs.SetOutput(io.Discard)
	req := report.Bind(fs)
	switch err := fs.Parse(cmd[1:]); {
	case errors.Is(err, flag.ErrHelp):
		fmt.Fprint(sess, reportUsage(fs))
		sess.Exit(0)
		return
	case err != nil:
		fail(2, "report: %v", err)
		return
	case fs.NArg() > 0:
		fail(2, "report: unexpected argument %q", fs.Arg(0))
		return
	}
	if err := req.Check(); err != nil {
		fail(2, "%v", err)
		return
	}
	acc, err := s.db.ExistingAccount(id.account)
	if err != nil {
		s.log.Error("report: account unavailable", "account", id.account, "err", err)
		fail(1, "%s", unavailable(err))
		return
	}
	for _, w := range report.Unmatched(acc, req.Filter) {
		fmt.Fprintln(sess.Stderr(), "marquee: "+w)
	}
	s.log.Info("report", "account", id.account, "fingerprint", id.fingerprint, "view", req.View, "format", req.Format)
	w := bufio.NewWriterSize(sess, 64<<10)
	if err := report.Write(w, acc, req.Filter, req.View, req.Format); err != nil {
		fail(1, "report: %v", err)
		return
	}
	if err := w.Flush(); err != nil {
		return // the client went away
	}
	sess.Exit(0)
}

func reportUsage(fs *flag.FlagSet) string {
	var b strings.Builder
	b.WriteString("usage: ssh HOST report [flags]: your account's metrics, monthly rows or line items\n")
	fs.SetOutput(&b)
	fs.PrintDefaults()
	return b.String()
}

// sshCommand is how a filmmaker's machine reaches this server, for the
// export hint: "ssh -p 23234 host". A wildcard listen address says nothing
// of the name clients use, so it shows as HOST.
func (s *Server) sshCommand() string {
	addr := s.cfg.PublicAddr
	if strings.HasSuffix(addr, ":0") && s.Addr() != nil {
		addr = s.Addr().String() // tests listen on a free port
	}
	host, port, err := net.SplitHostPort(addr)
	if err != nil {
		return "ssh HOST"
	}
	if ip := net.ParseIP(host); host == "" || ip != nil && ip.IsUnspecified() {
		host = "HOST"
	}
	if port == "22" {
		return "ssh " + host
	}
	return "ssh -p " + port + " " + host
}
