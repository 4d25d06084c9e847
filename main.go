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
	"slices"
	"strings"
	"syscall"
	"time"
	_ "time/tzdata" // time zones on machines without a zoneinfo database

	tea "github.com/charmbracelet/bubbletea"
	"github.com/charmbracelet/lipgloss"
	"github.com/charmbracelet/x/term"

	"marquee/ingest"
	"marquee/ingest/demo"
	"marquee/store"
	"marquee/ui"
	"marquee/ui/report"
	"marquee/ui/sshserver"
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
  marquee demo --db PATH [--account NAME]                    write the demo dataset

--db defaults to $MARQUEE_DB, else $XDG_DATA_HOME/marquee/marquee.db. The default
account is "local". Without a database, the dashboard opens on demo data.
`

const defaultAccount = "local"

// usageError is bad input: one line on stderr and exit status 2.
type usageError struct{ msg string }

func (e usageError) Error() string { return e.msg }

func usagef(format string, args ...any) error { return usageError{fmt.Sprintf(format, args...)} }

func main() {
	err := run(os.Args[1:], os.Stdout)
	var ue usageError
	switch {
	case err == nil:
	case errors.Is(err, flag.ErrHelp):
		fmt.Print(usage)
	case errors.As(err, &ue):
		fmt.Fprintf(os.Stderr, "marquee: %s\n", ue.msg)
		os.Exit(2)
	case errors.Is(err, errRejected):
		os.Exit(1)
	default:
		fmt.Fprintf(os.Stderr, "marquee: %s\n", err)
		os.Exit(1)
	}
}

func run(args []string, stdout io.Writer) error {
	if len(args) > 0 && !strings.HasPrefix(args[0], "-") {
		switch args[0] {
		case "import":
			return runImport(args[1:], stdout)
		case "report":
			return runReport(args[1:], stdout)
		case "account":
			return runAccount(args[1:], stdout)
		case "title":
			return runTitle(args[1:], stdout)
		case "serve":
			return runServe(args[1:])
		case "demo":
			return runDemo(args[1:], stdout)
		case "help":
			return flag.ErrHelp
		}
		return usagef("unknown command %q (try marquee --help)", args[0])
	}
	return runDashboard(args)
}

// common are the flags every command takes.
type common struct {
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
	path := c.dbPath()
	if readOnly {
		if _, err := os.Stat(path); errors.Is(err, os.ErrNotExist) {
			return nil, nil, fmt.Errorf("database %s does not exist: import reports first, or try marquee demo --db %s", path, path)
		}
	}
	db, err := store.Open(path, store.Options{ReadOnly: readOnly})
	if err != nil {
		return nil, nil, err
	}
	var a *store.Account
	if readOnly {
		a, err = db.ExistingAccount(c.account)
	} else {
		a, err = db.Account(c.account)
	}
	if err != nil {
		db.Close()
		return nil, nil, err
	}
	return db, a, nil
}

func runDashboard(args []string) error {
	var c common
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
	defer db.Close()
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
	_, err = tea.NewProgram(model, tea.WithAltScreen(), tea.WithMouseCellMotion()).Run()
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

func runDemo(args []string, stdout io.Writer) error {
	var c common
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
	defer db.Close()
	if err := demo.Write(db, a); err != nil {
		return err
	}
	fmt.Fprintf(stdout, "demo data written to account %q in %s\n", a.Name(), db.Path())
	return nil
}

func runAccountSet(args []string, stdout io.Writer) error {
	var c common
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
	defer db.Close()
	if err := a.SetTimeZone(*zone); err != nil {
		return err
	}
	fmt.Fprintf(stdout, "account %q now uses time zone %s\n", a.Name(), *zone)
	return nil
}

// errRejected ends an import in which a file was rejected: exit 1, the
// reasons already printed.
var errRejected = errors.New("some files were rejected")

func runImport(args []string, stdout io.Writer) error {
	var c common
	fs := newFlags("import", &c)
	route := fs.Bool("route", false, "send each line to its title's owner; hold lines of unassigned titles")
	if err := parse(fs, args); err != nil {
		return err
	}
	if fs.NArg() == 0 {
		return usagef("import: name at least one file or directory")
	}
	paths, err := ingest.Collect(fs.Args())
	if err != nil {
		return usageError{err.Error()}
	}
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
	defer db.Close()
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

// stringList is a repeatable flag.
type stringList []string

func (s *stringList) String() string     { return strings.Join(*s, ",") }
func (s *stringList) Set(v string) error { *s = append(*s, v); return nil }

// dateFlag is a YYYY-MM-DD flag.
type dateFlag struct{ d store.Date }

func (f *dateFlag) String() string { return "" }
func (f *dateFlag) Set(v string) error {
	d, err := store.ParseDate(v)
	f.d = d
	return err
}

func runReport(args []string, stdout io.Writer) error {
	var c common
	fs := newFlags("report", &c)
	var from, to dateFlag
	var titles, countries, channels stringList
	fs.Var(&from, "from", "first watch date, YYYY-MM-DD")
	fs.Var(&to, "to", "last watch date, YYYY-MM-DD")
	fs.Var(&titles, "title", "title (repeat for more)")
	fs.Var(&countries, "country", "country code (repeat for more)")
	fs.Var(&channels, "channel", "channel (repeat for more)")
	tz := fs.String("tz", "", "time zone for this report (default: the account's)")
	view := fs.String("view", "metrics", "metrics, monthly or detail")
	format := fs.String("format", "text", "text, csv or json")
	if err := parse(fs, args); err != nil {
		return err
	}
	if fs.NArg() > 0 {
		return usagef("report: unexpected argument %q", fs.Arg(0))
	}
	f := store.Filter{From: from.d, To: to.d, Titles: titles, Countries: countries, Channels: channels}
	if f.From != 0 && f.To != 0 && f.From > f.To {
		return usagef("report: --from %s is after --to %s", f.From, f.To)
	}
	for _, cc := range countries {
		if code := strings.ToUpper(cc); !store.IsCountry(code) && code != "ZZ" {
			return usagef("report: --country %q is not an ISO 3166-1 alpha-2 code", cc)
		}
	}
	if !slices.Contains(report.Views, *view) {
		return usagef("report: --view %q: use metrics, monthly or detail", *view)
	}
	if !slices.Contains(report.Formats, *format) {
		return usagef("report: --format %q: use text, csv or json", *format)
	}
	if *tz != "" {
		loc, err := store.LoadLocation(*tz)
		if err != nil {
			return usageError{"report: " + err.Error()}
		}
		f.Location = loc
	}
	db, a, err := c.open(true)
	if err != nil {
		return err
	}
	defer db.Close()
	return report.Write(stdout, a, f, *view, *format)
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

// openDB opens the database for the commands that work across accounts.
func (c *common) openDB() (*store.DB, error) {
	return store.Open(c.dbPath(), store.Options{})
}

func runRoute(c common, paths []string, stdout io.Writer) error {
	db, err := c.openDB()
	if err != nil {
		return err
	}
	defer db.Close()
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

func runAccount(args []string, stdout io.Writer) error {
	if len(args) == 0 {
		return usagef(accountUsage)
	}
	var c common
	fs := newFlags("account "+args[0], &c)
	switch args[0] {
	case "set":
		return runAccountSet(args[1:], stdout)
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
		db, err := c.openDB()
		if err != nil {
			return err
		}
		defer db.Close()
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
		if key, err = sshserver.KeyFromArg(keyArg); err != nil {
			return usageError{err.Error()}
		}
	}
	db, err := c.openDB()
	if err != nil {
		return err
	}
	defer db.Close()
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

func runTitle(args []string, stdout io.Writer) error {
	const titleUsage = "usage: marquee title assign TITLE --account NAME | title list [--unassigned]"
	if len(args) == 0 {
		return usagef(titleUsage)
	}
	var c common
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
		defer db.Close()
		moved, err := db.AssignTitle(pos[0], c.account)
		if err != nil {
			return err
		}
		fmt.Fprintf(stdout, "title %q belongs to account %q; %d held lines moved there\n", pos[0], c.account, moved)
		return nil
	case args[0] == "list" && len(pos) == 0:
		db, err := c.openDB()
		if err != nil {
			return err
		}
		defer db.Close()
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

func runServe(args []string) error {
	var c common
	fs := newFlags("serve", &c)
	listen := fs.String("listen", sshserver.DefaultListen, "address to listen on")
	hostKey := fs.String("host-key", "", "SSH host key, created if missing (default: beside the database)")
	inboxDir := fs.String("inbox", filepath.Join(dataDir(), "inbox"), "folder whose <account>/ subfolders feed each account")
	idle := fs.Duration("idle-timeout", 30*time.Minute, "close sessions without input this long")
	maxSessions := fs.Int("max-sessions", 100, "concurrent sessions at most")
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
	defer db.Close()
	srv, err := sshserver.New(sshserver.Config{
		DB: db, Listen: *listen, HostKeyPath: *hostKey, InboxDir: *inboxDir,
		IdleTimeout: *idle, MaxSessions: *maxSessions,
	})
	if err != nil {
		return err
	}
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	defer stop()
	return srv.Serve(ctx)
}
