package cli

import (
	"fmt"

	"marquee/report"
	"marquee/store"
)

// runReport prints a view of an account, for scripts: the same flags as
// `report` over SSH.
func runReport(e Env, cmd *command, args []string) error {
	c := e.newCmdline(cmd, flagsDBAccount)
	req := report.Bind(c.fs)
	pos, err := c.parse(args)
	if err != nil {
		return err
	}
	if err := c.noArgs(pos); err != nil {
		return err
	}
	if err := req.Check(); err != nil {
		return UsageError{err.Error()}
	}
	return c.withAccount(true, func(_ *store.DB, a *store.Account) error {
		for _, w := range report.Unmatched(a, req.Filter) {
			fmt.Fprintln(e.Stderr, "marquee: "+w)
		}
		return report.Write(e.Stdout, a, req.Filter, req.View, req.Format)
	})
}
