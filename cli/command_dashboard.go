package cli

import (
	"context"
	"errors"
	"os"
	"path/filepath"

	tea "github.com/charmbracelet/bubbletea"
	"github.com/charmbracelet/lipgloss"
	"github.com/charmbracelet/x/term"

	"marquee/ingest"
	"marquee/ingest/demo"
	"marquee/store"
	"marquee/ui"
)

// runDashboard opens the dashboard on the database, or on the demo when
// there is none yet. While it runs it serves the control socket, so
// `import`, `report` or `account set` from another terminal run inside it
// and the open screen follows at once.
func runDashboard(e Env, cmd *command, args []string) error {
	c := e.newCmdline(cmd, flagsDBAccount)
	forceDemo := c.fs.Bool("demo", false, "open the built-in demo data")
	inboxDir := c.fs.String("inbox", "", "`DIR` watched for new reports (default $XDG_DATA_HOME/marquee/inbox)")
	exportDir := c.fs.String("export-dir", "", "`DIR` where e writes CSV files (default the current directory)")
	pos, err := c.parse(args)
	if err != nil {
		return err
	}
	if len(pos) > 0 {
		return usagef("unexpected argument %q (try marquee --help)", pos[0])
	}
	inbox := filepath.Join(e.dataDir(), "inbox")
	if *inboxDir != "" {
		inbox = e.path(*inboxDir)
	}
	useDemo := *forceDemo
	if !c.dbNamed() && !exists(c.dbPath()) {
		useDemo = true // a fresh machine: show the demo, never create the real database
	}
	if useDemo {
		c.db = e.demoPath()
	}
	return c.withAccount(false, func(db *store.DB, a *store.Account) error {
		// Checked once the database is known to be free, so that a locked
		// one is what a busy user hears about first; a database made for
		// nothing is removed again.
		if err := e.needTerminal(); err != nil {
			return unused(err)
		}
		if useDemo {
			if err := demo.Write(db, a); err != nil {
				return err
			}
		}
		ctx, stop := context.WithCancel(context.Background())
		defer stop()
		opts := ui.Options{
			Account: a,
			// The default renderer, on the process's stdout: Bubble Tea's
			// init asked the terminal for its background through it, before
			// any program took the terminal. A renderer of its own would ask
			// later, while the program reads the answers as keys.
			Renderer:       lipgloss.DefaultRenderer(),
			ExportDir:      e.exportDir(),
			Env:            e.LookupEnv,
			GettingStarted: ui.GettingStarted{CanonicalHeader: ingest.CanonicalHeader()},
		}
		if *exportDir != "" {
			opts.ExportDir = e.path(*exportDir)
		}
		if !useDemo {
			// The inbox feeds the real database only: a report dropped
			// there must never land in the demo.
			in := &ingest.Inbox{Dir: inbox, DB: db, Accounts: []string{a.Name()}}
			if a.Name() == defaultAccount {
				in.RootAccount = defaultAccount
			}
			// The folder exists before anyone is told to drop files in it.
			if err := os.MkdirAll(inbox, 0o755); err == nil {
				opts.GettingStarted.InboxDir = inbox
			}
			go in.Run(ctx)
			opts.Inbox = inboxView{in}
		}
		wait := e.serveControl(ctx, db, hostDashboard)
		defer wait() // the commands still running end before the database closes
		defer stop()
		input := tea.WithInputTTY() // as Bubble Tea does when stdin is redirected
		if f, ok := e.Stdin.(term.File); ok && term.IsTerminal(f.Fd()) {
			input = tea.WithInput(f)
		}
		_, err := tea.NewProgram(ui.New(opts), input, tea.WithOutput(e.Stdout),
			tea.WithAltScreen(), tea.WithMouseAllMotion()).Run()
		return err
	})
}

// needTerminal refuses to draw the dashboard where no one can see it.
func (e Env) needTerminal() error {
	if e.getenv("TERM") == "dumb" {
		return errors.New("the dashboard needs a terminal that can draw, and TERM is dumb: for plain output use marquee report (marquee report -h)")
	}
	if f, ok := e.Stdout.(term.File); !ok || !term.IsTerminal(f.Fd()) {
		return errors.New("the dashboard needs a terminal, and standard output is not one: for scripts use marquee report (marquee report -h)")
	}
	return nil
}

// exportDir is where `e` in the dashboard writes CSV files: the caller's
// directory.
func (e Env) exportDir() string {
	if e.Dir != "" {
		return e.Dir
	}
	return os.TempDir()
}

// inboxView shows the dashboard what it needs of the ingest loop.
type inboxView struct{ *ingest.Inbox }

func (v inboxView) Status() ui.InboxStatus {
	s := v.Inbox.Status()
	return ui.InboxStatus{Waiting: s.Waiting, Rejected: s.Rejected, LastError: s.LastError,
		Imported: s.Imported, LastImported: s.LastImported, LastAdded: s.LastAdded}
}
