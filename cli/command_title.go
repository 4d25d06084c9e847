package cli

import (
	"fmt"

	"marquee/format"
	"marquee/report"
	"marquee/store"
)

// runTitleAssign gives a title to an account, with its held lines.
func runTitleAssign(e Env, cmd *command, args []string) error {
	c := e.newCmdline(cmd, flagsDBAccount)
	pos, err := c.parseMixed(args)
	if err != nil {
		return err
	}
	if len(pos) != 1 || !c.isSet("account") {
		return c.usageErr()
	}
	if !store.ValidAccountName(c.account) {
		return accountNameError(c.account)
	}
	return c.withDB(func(db *store.DB) error {
		moved, err := db.AssignTitle(pos[0], c.account)
		if err != nil {
			return err
		}
		fmt.Fprintf(e.Stdout, "title %q belongs to account %q; %s moved there\n", pos[0], c.account, format.Count(moved, "held line", "held lines"))
		return nil
	})
}

// runTitleList lists titles with their owners, and those waiting for one.
func runTitleList(e Env, cmd *command, args []string) error {
	c := e.newCmdline(cmd, flagsDB)
	unassigned := c.fs.Bool("unassigned", false, "only titles whose lines wait for an owner")
	pos, err := c.parseMixed(args)
	if err != nil {
		return err
	}
	if len(pos) != 0 {
		return c.usageErr()
	}
	return c.withDBToRead(func(db *store.DB) error {
		held, err := db.HeldTitles()
		if err != nil {
			return err
		}
		if *unassigned {
			return report.HeldTitles(e.Stdout, held)
		}
		owners, err := db.TitleOwners()
		if err != nil {
			return err
		}
		return report.Titles(e.Stdout, owners, held)
	})
}
