// Command marquee shows independent filmmakers how their titles perform
// across streaming channels, in the terminal. This file only wires: flags,
// paths, the store, the ingest and the dashboard.
package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"net"
	"os"
	"os/signal"
	"path/filepath"
	"strings"
	"syscall"
	"time"
	_ "time/tzdata" // time zones on machines without a zoneinfo database

	tea "github.com/charmbracelet/bubbletea"
	"github.com/charmbracelet/lipgloss"
	"github.com/charmbracelet/x/term"

	"marquee/control"
	"marquee/ingest"
	"marquee/ingest/demo"
	"marquee/report"
	"marquee/sshserver"
	"marquee/store"
	"marquee/ui"
)

const usage = `marquee: performance insights for independent filmmakers

  marquee [--db PATH] [--account NAME] [--demo]             open the dashboard
  marquee import [--db PATH] [--account NAME] PATH...        import reports
  marquee import --route [--db PATH] PATH...                 import, each title to its owner
  marquee report [--db PATH] [--account NAME] [--from YYYY-MM-DD] [--to YYYY-MM-DD]
                 [--title NAME]... [--country CC]... [--channel NAME]... [--tz ZONE]
                 [--view metrics|monthly|detail] [--format text|csv|json]
  marquee account set [--db PATH] [--account NAME] --timezone ZONE
  marquee account add NAME [--timezone ZONE] [--key FILE | --key "ssh-ed25519 AAAA..."]
  marquee account keys NAME | remove-key NAME FINGERPRINT | list
  marquee title assign TITLE --account NAME                  give a title to an account
  marquee title list [--unassigned]
  marquee serve [--listen 127.0.0.1:23234] [--db PATH] [--host-key PATH] [--inbox DIR]
                [--public-addr HOST:PORT] [--idle-timeout 30m] [--max-sessions 100]
  marquee demo --db PATH [--account NAME]                    write the demo dataset
  marquee check [--db PATH] [--repair]                       verify the database; rebuild what can be

--db defaults to $MARQUEE_DB, else $XDG_DATA_HOME/marquee/marquee.db. The default
account is "local". Without a database, the dashboard opens on demo data. While
marquee serve runs, the other commands run inside it, through DB.sock beside the database.
`

const defaultAccount = "local"

// usageError is bad input: one line on stderr and exit status 2.
type usageError struct{ msg string }

func (e usageError) Error() string { return e.msg }

func usagef(format string, args ...any) error { return usageError{fmt.Sprintf(format, args...)} }

func main() {
	os.Exit(exitStatus(run(os.Args[1:], os.Stdout, os.Stderr), os.Stdout, os.Stderr))
}

// exitStatus reports err the way a script expects and returns the status:
// 0, 1 for a failure (or a rejected file), 2 for bad input.
func exitStatus(err error, stdout, stderr io.Writer) int {
	var ue usageError
	var remote remoteStatus
	switch {
	case err == nil:
		return 0
	case errors.Is(err, flag.ErrHelp):
		fmt.Fprint(stdout, usage)
		return 0
	case errors.As(err, &remote):
		return int(remote) // the server already printed why
	case errors.As(err, &ue):
		fmt.Fprintf(stderr, "marquee: %s\n", ue.msg)
		return 2
	case errors.Is(err, errRejected):
		return 1
	}
	fmt.Fprintf(stderr, "marquee: %s\n", err)
	return 1
}

func run(args []string, stdout, stderr io.Writer) error {
	err := env{}.run(args, stdout)
	var busy errBusy
	if errors.As(err, &busy) {
		return forward(busy, args, stdout, stderr)
	}
	return err
}

// errBusy is a database another process holds open.
type errBusy struct {
	path string
	err  error
}

func (e errBusy) Error() string { return e.err.Error() }
func (e errBusy) Unwrap() error { return e.err }

// remoteStatus is the exit status of a command the server ran and reported.
type remoteStatus int

func (s remoteStatus) Error() string { return fmt.Sprintf("exit status %d", int(s)) }

// forward hands a command whose database is locked to the `marquee serve`
// holding it, through the control socket beside the database. Without a
// server there (another dashboard holds it, say) the lock error stands.
func forward(busy errBusy, args []string, stdout, stderr io.Writer) error {
	sock := control.SocketPath(busy.path)
	if ownProcess(args) {
		if control.Listening(sock) {
			return fmt.Errorf("%w; marquee serve has it open: use the dashboard over SSH, or stop the server", busy)
		}
		return busy
	}
	dir, err := os.Getwd()
	if err != nil {
		return busy
	}
	code, err := control.Call(sock, control.Request{Args: args, Dir: dir}, stdout, stderr)
	switch {
	case errors.Is(err, control.ErrNoServer):
		return busy
	case err != nil:
		return err
	case code != 0:
		return remoteStatus(code)
	}
	return nil
}

// ownProcess reports whether args open the dashboard or start the server:
// those run in a process of their own, never through the control socket.
func ownProcess(args []string) bool {
	return len(args) == 0 || strings.HasPrefix(args[0], "-") || args[0] == "serve"
}

// env is where a command runs: in its own process, or inside `marquee
// serve` for a command sent over the control socket (see runServe).
type env struct {
	served *store.DB // the server's open database; nil in a process of its own
	dir    string    // the caller's working directory, for relative paths; "" is ours
}

func (e env) run(args []string, stdout io.Writer) error {
	if e.served != nil && ownProcess(args) {
		return usagef("the dashboard and serve do not run through the control socket")
	}
	if len(args) > 0 && !strings.HasPrefix(args[0], "-") {
		switch args[0] {
		case "import":
			return e.runImport(args[1:], stdout)
		case "report":
			return e.runReport(args[1:], stdout)
		case "account":
			return e.runAccount(args[1:], stdout)
		case "title":
			return e.runTitle(args[1:], stdout)
		case "serve":
			return e.runServe(args[1:])
		case "demo":
			return e.runDemo(args[1:], stdout)
		case "check":
			return e.runCheck(args[1:], stdout)
		case "help":
			return flag.ErrHelp
		}
		return usagef("unknown command %q (try marquee --help)", args[0])
	}
	return e.runDashboard(args)
}

// paths resolves paths the caller named against the caller's directory.
func (e env) paths(ps []string) []string {
	out := make([]string, len(ps))
	for i, p := range ps {
		out[i] = p
		if e.dir != "" && !filepath.IsAbs(p) {
			out[i] = filepath.Join(e.dir, p)
		}
	}
	return out
}

// common are the flags every command takes.
type common struct {
	env
	db, account string
}

func newFlags(name string, c *common) *flag.FlagSet {
	fs := flag.NewFlagSet(name, flag.ContinueOnError)
	fs.SetOutput(io.Discard) // errors are reported as one line by main
	fs.StringVar(&c.db, "db", "", "database file (default $MARQUEE_DB, else $XDG_DATA_HOME/marquee/marquee.db)")
	fs.StringVar(&c.account, "account", defaultAccount, "account name")
	return fs
}

func parse(fs *flag.FlagSet, args []string) error {
	if err := fs.Parse(args); err != nil {
		if errors.Is(err, flag.ErrHelp) {
			return err
		}
		return usagef("%s: %s", fs.Name(), err)
	}
	return nil
}

// dataDir is $XDG_DATA_HOME/marquee, else ~/.local/share/marquee.
func dataDir() string {
	if d := os.Getenv("XDG_DATA_HOME"); d != "" {
		return filepath.Join(d, "marquee")
	}
	home, err := os.UserHomeDir()
	if err != nil {
		return filepath.Join(os.TempDir(), "marquee")
	}
	return filepath.Join(home, ".local", "share", "marquee")
}

func (c *common) dbPath() string {
	switch {
	case c.db != "":
		return c.db
	case os.Getenv("MARQUEE_DB") != "":
		return os.Getenv("MARQUEE_DB")
	}
	return filepath.Join(dataDir(), "marquee.db")
}

// open opens the database and the account.
func (c *common) open(readOnly bool) (*store.DB, *store.Account, error) {
	if !store.ValidAccountName(c.account) {
		return nil, nil, usagef("account name %q: use lower-case letters, digits, '.', '_' or '-'", c.account)
	}
	var db *store.DB
	var err error
	if c.served != nil {
		db = c.served
	} else {
		path := c.dbPath()
		if readOnly {
			if _, err := os.Stat(path); errors.Is(err, os.ErrNotExist) {
				return nil, nil, fmt.Errorf("database %s does not exist: import reports first, or try marquee demo --db %s", path, path)
			}
		}
		if db, err = c.openPath(path, store.Options{ReadOnly: readOnly}); err != nil {
			return nil, nil, err
		}
	}
	var a *store.Account
	if readOnly {
		a, err = db.ExistingAccount(c.account)
	} else {
		a, err = db.Account(c.account)
	}
	if err != nil {
		c.release(db)
		return nil, nil, err
	}
	return db, a, nil
}

// openDB opens the database for the commands that work across accounts.
func (c *common) openDB() (*store.DB, error) {
	if c.served != nil {
		return c.served, nil
	}
	return c.openPath(c.dbPath(), store.Options{})
}

// openDBToRead opens the database for a command that only reads it, so
// that it works on a read-only file or file system. A database that does
// not exist yet is created, as openDB does.
func (c *common) openDBToRead() (*store.DB, error) {
	if c.served != nil {
		return c.served, nil
	}
	if _, err := os.Stat(c.dbPath()); errors.Is(err, os.ErrNotExist) {
		return c.openDB()
	}
	return c.openPath(c.dbPath(), store.Options{ReadOnly: true})
}

// openPath opens a database of this process. A lock held by another
// process becomes errBusy, so that run can hand the command to a server.
func (c *common) openPath(path string, opts store.Options) (*store.DB, error) {
	db, err := store.Open(path, opts)
	if errors.Is(err, store.ErrLocked) {
		return nil, errBusy{path: path, err: err}
	}
	return db, err
}

// release closes a database this command opened; the server's stays open.
func (c *common) release(db *store.DB) {
	if db != c.served {
		db.Close()
	}
}

func (e env) runDashboard(args []string) error {
	c := common{env: e}
	fs := newFlags("marquee", &c)
	forceDemo := fs.Bool("demo", false, "open the built-in demo data")
	inboxDir := fs.String("inbox", filepath.Join(dataDir(), "inbox"), "folder watched for new reports")
	if err := parse(fs, args); err != nil {
		return err
	}
	if fs.NArg() > 0 {
		return usagef("unexpected argument %q (try marquee --help)", fs.Arg(0))
	}
	useDemo := *forceDemo
	if c.db == "" && os.Getenv("MARQUEE_DB") == "" {
		if _, err := os.Stat(c.dbPath()); errors.Is(err, os.ErrNotExist) {
			useDemo = true // a fresh machine: show the demo, never create the real database
		}
	}
	if useDemo {
		path, err := demoPath()
		if err != nil {
			return err
		}
		c.db = path
	}
	db, a, err := c.open(false)
	if err != nil {
		return err
	}
	defer c.release(db)
	if useDemo {
		if err := demo.Write(db, a); err != nil {
			return err
		}
	}
	opts := ui.Options{
		Account:   a,
		Renderer:  lipgloss.DefaultRenderer(),
		ExportDir: exportDir(),
	}
	if !useDemo {
		// The inbox feeds the real database only: a report dropped there
		// must never land in the demo.
		ctx, stop := context.WithCancel(context.Background())
		defer stop()
		in := &ingest.Inbox{Dir: *inboxDir, DB: db, Accounts: []string{a.Name()}}
		if a.Name() == defaultAccount {
			in.RootAccount = defaultAccount
		}
		go in.Run(ctx)
		opts.Inbox = inboxView{in}
	}
	model := ui.New(opts)
	_, err = tea.NewProgram(model, tea.WithAltScreen(), tea.WithMouseAllMotion()).Run()
	return err
}

// inboxView shows the dashboard what it needs of the ingest loop.
type inboxView struct{ *ingest.Inbox }

func (v inboxView) Status() ui.InboxStatus {
	s := v.Inbox.Status()
	return ui.InboxStatus{Waiting: s.Waiting, Rejected: s.Rejected, LastError: s.LastError}
}

// demoPath is the demo's own database, in the user's cache: the demo never
// touches the real database.
func demoPath() (string, error) {
	dir, err := os.UserCacheDir()
	if err != nil {
		dir = os.TempDir()
	}
	return filepath.Join(dir, "marquee", "demo-v1.db"), nil
}

// exportDir is where `e` in the dashboard writes CSV files.
func exportDir() string {
	if wd, err := os.Getwd(); err == nil {
		return wd
	}
	return os.TempDir()
}

func (e env) runDemo(args []string, stdout io.Writer) error {
	c := common{env: e}
	fs := newFlags("demo", &c)
	if err := parse(fs, args); err != nil {
		return err
	}
	if c.db == "" && os.Getenv("MARQUEE_DB") == "" {
		return usagef("demo: --db PATH is required, so the demo never lands in a real database by accident")
	}
	db, a, err := c.open(false)
	if err != nil {
		return err
	}
	defer c.release(db)
	if err := demo.Write(db, a); err != nil {
		return err
	}
	fmt.Fprintf(stdout, "demo data written to account %q in %s\n", a.Name(), db.Path())
	return nil
}

func (e env) runAccountSet(args []string, stdout io.Writer) error {
	c := common{env: e}
	fs := newFlags("account set", &c)
	zone := fs.String("timezone", "", "IANA time zone, e.g. Europe/London")
	if err := parse(fs, args); err != nil {
		return err
	}
	if *zone == "" {
		return usagef("account set: --timezone ZONE is required")
	}
	if _, err := store.LoadLocation(*zone); err != nil {
		return usageError{err.Error()}
	}
	db, a, err := c.open(false)
	if err != nil {
		return err
	}
	defer c.release(db)
	if err := a.SetTimeZone(*zone); err != nil {
		return err
	}
	fmt.Fprintf(stdout, "account %q now uses time zone %s\n", a.Name(), *zone)
	return nil
}

// errRejected ends an import in which a file was rejected: exit 1, the
// reasons already printed.
var errRejected = errors.New("some files were rejected")

func (e env) runImport(args []string, stdout io.Writer) error {
	c := common{env: e}
	fs := newFlags("import", &c)
	route := fs.Bool("route", false, "send each line to its title's owner; hold lines of unassigned titles")
	if err := parse(fs, args); err != nil {
		return err
	}
	if fs.NArg() == 0 {
		return usagef("import: name at least one file or directory")
	}
	paths := ingest.Collect(e.paths(fs.Args()))
	if *route {
		if isSet(fs, "account") {
			return usagef("import: --route sends each title to its owner; drop --account")
		}
		return runRoute(c, paths, stdout)
	}
	db, a, err := c.open(false)
	if err != nil {
		return err
	}
	defer c.release(db)
	im := &ingest.Importer{DB: db, Account: a}
	bar := newProgressBar(stdout)
	im.Progress = bar.show
	rejected := 0
	for _, p := range paths {
		res := im.ImportFile(p)
		if res.Rejected() {
			rejected++
		}
		bar.clear()
		fmt.Fprintln(stdout, report.ImportLine(report.Imported(res)))
	}
	if rejected > 0 {
		return errRejected
	}
	return nil
}

// progressBar redraws one line while a large file imports, on a terminal
// only: piped output gets just the summary lines.
type progressBar struct {
	w     io.Writer
	width int // 0: not a terminal
	shown bool
}

// progressMinBytes is the size from which a file gets a progress bar.
const progressMinBytes = 4 << 20

func newProgressBar(w io.Writer) *progressBar {
	f, ok := w.(*os.File)
	if !ok || !term.IsTerminal(f.Fd()) {
		return &progressBar{w: w}
	}
	width, _, err := term.GetSize(f.Fd())
	if err != nil || width < 40 {
		width = 80
	}
	return &progressBar{w: w, width: width}
}

func (b *progressBar) show(p ingest.Progress) {
	if b.width == 0 || p.Total < progressMinBytes {
		return
	}
	fmt.Fprint(b.w, "\r"+report.ProgressLine(filepath.Base(p.Path), p.Done, p.Total, p.Rows, b.width-1))
	b.shown = true
}

func (b *progressBar) clear() {
	if b.shown {
		fmt.Fprint(b.w, "\r\x1b[K")
		b.shown = false
	}
}

func (e env) runReport(args []string, stdout io.Writer) error {
	c := common{env: e}
	fs := newFlags("report", &c)
	req := report.Bind(fs)
	if err := parse(fs, args); err != nil {
		return err
	}
	if fs.NArg() > 0 {
		return usagef("report: unexpected argument %q", fs.Arg(0))
	}
	if err := req.Check(); err != nil {
		return usageError{err.Error()}
	}
	db, a, err := c.open(true)
	if err != nil {
		return err
	}
	defer c.release(db)
	return report.Write(stdout, a, req.Filter, req.View, req.Format)
}

// isSet reports whether the flag was given on the command line.
func isSet(fs *flag.FlagSet, name string) bool {
	set := false
	fs.Visit(func(f *flag.Flag) { set = set || f.Name == name })
	return set
}

// parseMixed parses flags that may come before, between or after the
// positional arguments (`account add NAME --key K`), and returns those.
func parseMixed(fs *flag.FlagSet, args []string) ([]string, error) {
	var pos []string
	for {
		if err := parse(fs, args); err != nil {
			return nil, err
		}
		if fs.NArg() == 0 {
			return pos, nil
		}
		pos = append(pos, fs.Arg(0))
		args = fs.Args()[1:]
	}
}

func runRoute(c common, paths []string, stdout io.Writer) error {
	db, err := c.openDB()
	if err != nil {
		return err
	}
	defer c.release(db)
	r := &ingest.Router{DB: db}
	rejected := 0
	for _, p := range paths {
		res := r.RouteFile(p)
		if res.Rejected() {
			rejected++
		}
		fmt.Fprintln(stdout, report.RouteLine(report.Routed{
			Imported: report.Imported(res.Result), Accounts: res.Accounts, Held: res.Held, Released: res.Released,
		}))
	}
	if rejected > 0 {
		return errRejected
	}
	return nil
}

const accountUsage = "usage: marquee account set|add|keys|remove-key|list (try marquee --help)"

func (e env) runAccount(args []string, stdout io.Writer) error {
	if len(args) == 0 {
		return usagef(accountUsage)
	}
	c := common{env: e}
	fs := newFlags("account "+args[0], &c)
	switch args[0] {
	case "set":
		return e.runAccountSet(args[1:], stdout)
	case "add":
		zone := fs.String("timezone", "", "IANA time zone (default UTC)")
		key := fs.String("key", "", "public key file, or the key itself")
		pos, err := parseMixed(fs, args[1:])
		if err != nil {
			return err
		}
		if len(pos) != 1 {
			return usagef("usage: marquee account add NAME [--timezone ZONE] [--key FILE | --key \"ssh-ed25519 AAAA...\"]")
		}
		return accountAdd(c, pos[0], *zone, *key, stdout)
	case "keys", "remove-key", "list":
		pos, err := parseMixed(fs, args[1:])
		if err != nil {
			return err
		}
		want := map[string]int{"keys": 1, "remove-key": 2, "list": 0}[args[0]]
		if len(pos) != want {
			return usagef("usage: marquee account keys NAME | remove-key NAME FINGERPRINT | list")
		}
		if args[0] == "remove-key" && !store.ValidFingerprint(pos[1]) {
			return usagef("account remove-key: %q is not a key fingerprint (SHA256:..., see marquee account keys %s)", pos[1], pos[0])
		}
		open := c.openDBToRead
		if args[0] == "remove-key" {
			open = c.openDB
		}
		db, err := open()
		if err != nil {
			return err
		}
		defer c.release(db)
		switch args[0] {
		case "keys":
			keys, err := db.Keys(pos[0])
			if err != nil {
				return err
			}
			return report.Keys(stdout, keys)
		case "remove-key":
			if err := db.RemoveKey(pos[0], pos[1]); err != nil {
				return err
			}
			fmt.Fprintf(stdout, "key %s removed from account %q\n", pos[1], pos[0])
			return nil
		}
		accounts, err := db.AccountSummaries()
		if err != nil {
			return err
		}
		return report.Accounts(stdout, accounts)
	}
	return usagef(accountUsage)
}

// accountAdd creates the account (if new) and registers the key (if any).
func accountAdd(c common, name, zone, keyArg string, stdout io.Writer) error {
	if !store.ValidAccountName(name) {
		return usagef("account name %q: use lower-case letters, digits, '.', '_' or '-'", name)
	}
	if zone != "" {
		if _, err := store.LoadLocation(zone); err != nil {
			return usageError{err.Error()}
		}
	}
	var key store.KeyRecord
	if keyArg != "" {
		var err error
		if key, err = sshserver.KeyFromArg(keyArg, c.dir); err != nil {
			return usageError{err.Error()}
		}
	}
	db, err := c.openDB()
	if err != nil {
		return err
	}
	defer c.release(db)
	a, err := db.CreateAccount(name, zone)
	switch {
	case errors.Is(err, store.ErrAccountExists) && keyArg != "" && (zone == "" || existingZone(db, name) == zone):
		// Adding another key to an existing account.
	case err != nil:
		return err
	default:
		fmt.Fprintf(stdout, "account %q created, time zone %s\n", name, a.TimeZone())
	}
	if keyArg == "" {
		return nil
	}
	key.Account = name
	if err := db.AddKey(key); err != nil {
		return err
	}
	fmt.Fprintf(stdout, "key %s (%s) opens account %q\n", key.Fingerprint, key.Type, name)
	return nil
}

func existingZone(db *store.DB, name string) string {
	a, err := db.ExistingAccount(name)
	if err != nil {
		return ""
	}
	return a.TimeZone()
}

func (e env) runTitle(args []string, stdout io.Writer) error {
	const titleUsage = "usage: marquee title assign TITLE --account NAME | title list [--unassigned]"
	if len(args) == 0 {
		return usagef(titleUsage)
	}
	c := common{env: e}
	fs := newFlags("title "+args[0], &c)
	var unassigned *bool
	if args[0] == "list" {
		unassigned = fs.Bool("unassigned", false, "only titles whose lines wait for an owner")
	}
	pos, err := parseMixed(fs, args[1:])
	if err != nil {
		return err
	}
	switch {
	case args[0] == "assign" && len(pos) == 1 && isSet(fs, "account"):
		if !store.ValidAccountName(c.account) {
			return usagef("account name %q: use lower-case letters, digits, '.', '_' or '-'", c.account)
		}
		db, err := c.openDB()
		if err != nil {
			return err
		}
		defer c.release(db)
		moved, err := db.AssignTitle(pos[0], c.account)
		if err != nil {
			return err
		}
		fmt.Fprintf(stdout, "title %q belongs to account %q; %d held lines moved there\n", pos[0], c.account, moved)
		return nil
	case args[0] == "list" && len(pos) == 0:
		db, err := c.openDBToRead()
		if err != nil {
			return err
		}
		defer c.release(db)
		held, err := db.HeldTitles()
		if err != nil {
			return err
		}
		if *unassigned {
			return report.HeldTitles(stdout, held)
		}
		owners, err := db.TitleOwners()
		if err != nil {
			return err
		}
		return report.Titles(stdout, owners, held)
	}
	return usagef(titleUsage)
}

func (e env) runServe(args []string) error {
	c := common{env: e}
	fs := newFlags("serve", &c)
	listen := fs.String("listen", sshserver.DefaultListen, "address to listen on")
	hostKey := fs.String("host-key", "", "SSH host key, created if missing (default: beside the database)")
	inboxDir := fs.String("inbox", filepath.Join(dataDir(), "inbox"), "folder whose <account>/ subfolders feed each account")
	idle := fs.Duration("idle-timeout", 30*time.Minute, "close sessions without input this long")
	maxSessions := fs.Int("max-sessions", 100, "concurrent sessions at most")
	publicAddr := fs.String("public-addr", "", "host:port filmmakers connect to, shown by export (default --listen)")
	if err := parse(fs, args); err != nil {
		return err
	}
	if fs.NArg() > 0 {
		return usagef("serve: unexpected argument %q", fs.Arg(0))
	}
	if _, _, err := net.SplitHostPort(*listen); err != nil {
		return usagef("serve: --listen %q: want HOST:PORT", *listen)
	}
	db, err := c.openDB()
	if err != nil {
		return err
	}
	defer c.release(db)
	srv, err := sshserver.New(sshserver.Config{
		DB: db, Listen: *listen, HostKeyPath: *hostKey, InboxDir: *inboxDir,
		IdleTimeout: *idle, MaxSessions: *maxSessions, PublicAddr: *publicAddr,
	})
	if err != nil {
		return err
	}
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	defer stop()
	// Commands run beside the server (account add, title assign, import,
	// report) reach its open database through the control socket.
	ctl, err := control.Listen(control.SocketPath(c.dbPath()))
	if err != nil {
		fmt.Fprintf(os.Stderr, "marquee: %s; other marquee commands will find the database busy while serve runs\n", err)
		return srv.Serve(ctx)
	}
	ctx, cancel := context.WithCancel(ctx)
	served := make(chan error, 1)
	go func() {
		served <- ctl.Serve(ctx, func(req control.Request, stdout, stderr io.Writer) int {
			return exitStatus(env{served: db, dir: req.Dir}.run(req.Args, stdout), stdout, stderr)
		})
	}()
	err = srv.Serve(ctx)
	cancel()
	<-served // the commands still running end before the database closes
	return err
}
