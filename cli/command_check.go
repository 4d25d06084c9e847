package cli

import (
	"fmt"
	"strings"

	"marquee/format"
	"marquee/store"
)

// runCheck verifies the database (marquee check) and, with --repair,
// rebuilds the damaged columns and coverage of the accounts whose raw line
// items survive. Exit status 1 while anything is damaged.
func runCheck(e Env, cmd *command, args []string) error {
	c := e.newCmdline(cmd, flagsDB)
	repair := c.fs.Bool("repair", false, "rebuild damaged derived data from the raw line items (copies the file first)")
	pos, err := c.parse(args)
	if err != nil {
		return err
	}
	if err := c.noArgs(pos); err != nil {
		return err
	}
	if *repair && c.served != nil {
		return fmt.Errorf("check --repair: %s has the database open; stop it first", c.host)
	}
	with := c.withDBToRead
	if *repair {
		with = c.withDB
	}
	return with(func(db *store.DB) error {
		r, err := db.Check()
		if err != nil {
			return err
		}
		if r.Clean() {
			fmt.Fprintf(e.Stdout, "%s: %s, %s, %s verified; no damage\n", db.Path(),
				plural(r.Accounts, "account"), plural(r.Blocks, "raw block"), plural(r.Lines, "line item"))
			return nil
		}
		for _, d := range r.Damage {
			fmt.Fprintln(e.Stdout, d)
		}
		if !*repair || len(r.Repairable) == 0 {
			if len(r.Repairable) > 0 {
				fmt.Fprintf(e.Stdout, "the columns of %s can be rebuilt from their line items: marquee check --repair\n", strings.Join(r.Repairable, ", "))
			}
			return fmt.Errorf("database %s is damaged (%s); see the README on recovering", db.Path(), plural(len(r.Damage), "problem"))
		}
		backup, err := db.Repair(r.Repairable)
		if backup != "" {
			fmt.Fprintf(e.Stdout, "copied the damaged database to %s\n", backup)
		}
		if err != nil {
			return err
		}
		fmt.Fprintf(e.Stdout, "rebuilt the columns and coverage of %s from their line items\n", strings.Join(r.Repairable, ", "))
		if r, err = db.Check(); err != nil {
			return err
		}
		if !r.Clean() {
			for _, d := range r.Damage {
				fmt.Fprintln(e.Stdout, d)
			}
			return fmt.Errorf("database %s is still damaged (%s); see the README on recovering", db.Path(), plural(len(r.Damage), "problem"))
		}
		fmt.Fprintf(e.Stdout, "%s: %s, %s, %s verified; no damage\n", db.Path(),
			plural(r.Accounts, "account"), plural(r.Blocks, "raw block"), plural(r.Lines, "line item"))
		return nil
	})
}

// plural counts a regular noun: "1 account", "3 accounts".
func plural(n int, noun string) string { return format.Count(n, noun, noun+"s") }
