package cli

import (
	"fmt"
	"path/filepath"

	"github.com/charmbracelet/x/term"

	"marquee/ingest"
	"marquee/report"
	"marquee/store"
)

// runImport imports files into one account, or with --route each line into
// its title's owner's. A first import that stores nothing leaves no
// database behind.
func runImport(e Env, cmd *command, args []string) error {
	c := e.newCmdline(cmd, flagsDBAccount)
	route := c.fs.Bool("route", false, "send each line to its title's owner; hold lines of unassigned titles")
	periodFlag := c.fs.String("period", "", "report period of files with none in their rows or name: YYYY-MM or YYYY-MM-DD..YYYY-MM-DD")
	pos, err := c.parse(args)
	if err != nil {
		return err
	}
	if len(pos) == 0 {
		return usagef("import: name at least one file or directory")
	}
	var period ingest.Period
	if *periodFlag != "" {
		if period, err = ingest.ParsePeriod(*periodFlag); err != nil {
			return usagef("import: --period: %v", err)
		}
	}
	paths := ingest.Collect(e.paths(pos))
	if *route {
		if c.isSet("account") {
			return usagef("import: --route sends each title to its owner; drop --account")
		}
		return c.withDB(func(db *store.DB) error { return c.route(db, paths, period) })
	}
	return c.withAccount(false, func(db *store.DB, a *store.Account) error {
		im := &ingest.Importer{DB: db, Account: a, Period: period, Context: e.ctx}
		bar := report.NewProgressBar(e.Stdout, e.terminalWidth())
		im.Progress = func(p ingest.Progress) {
			if p.Total >= progressMinBytes {
				bar.Show(filepath.Base(p.Path), p.Done, p.Total, p.Rows)
			}
		}
		var results []ingest.Result
		for _, p := range paths {
			if e.ctx != nil && e.ctx.Err() != nil {
				return fmt.Errorf("import stopped before %s: the command was cancelled", filepath.Base(p))
			}
			res := im.ImportFile(p)
			results = append(results, res)
			bar.Clear()
			fmt.Fprintln(e.Stdout, report.ImportLine(report.Imported(res)))
		}
		return importStatus(results)
	})
}

func (c *cmdline) route(db *store.DB, paths []string, period ingest.Period) error {
	r := &ingest.Router{DB: db, Period: period}
	var results []ingest.Result
	for _, p := range paths {
		res := r.RouteFile(p)
		results = append(results, res.Result)
		fmt.Fprintln(c.Stdout, report.RouteLine(report.Routed{
			Imported: report.Imported(res.Result), Accounts: res.Accounts, Held: res.Held, Released: res.Released,
		}))
	}
	return importStatus(results)
}

// importStatus is ErrRejected when a file was rejected, marked unused when
// no file was imported at all.
func importStatus(results []ingest.Result) error {
	var err error
	imported := false
	for _, res := range results {
		if res.Rejected() {
			err = ErrRejected
		} else {
			imported = true
		}
	}
	if !imported {
		return unused(err)
	}
	return err
}

// progressMinBytes is the size from which a file gets a progress bar.
const progressMinBytes = 4 << 20

// terminalWidth is the width of the terminal on stdout, or 0 when stdout
// is not a terminal (or not this process's: a forwarded command's).
func (e Env) terminalWidth() int {
	f, ok := e.Stdout.(term.File)
	if !ok || !term.IsTerminal(f.Fd()) {
		return 0
	}
	width, _, err := term.GetSize(f.Fd())
	if err != nil || width < 40 {
		width = 80
	}
	return width
}
