package main

import (
	"fmt"
	"io"
	"strings"
)

// runCheck verifies the database (marquee check) and, with --repair,
// rebuilds the damaged columns and coverage of the accounts whose raw line
// items survive. Exit status 1 while anything is damaged.
func (e env) runCheck(args []string, stdout io.Writer) error {
	c := common{env: e}
	fs := newFlags("check", &c)
	repair := fs.Bool("repair", false, "rebuild damaged derived data from the raw line items (copies the file first)")
	if err := parse(fs, args); err != nil {
		return err
	}
	if fs.NArg() > 0 {
		return usagef("check: unexpected argument %q", fs.Arg(0))
	}
	if *repair && c.served != nil {
		return fmt.Errorf("check --repair: marquee serve has the database open; stop it first")
	}
	open := c.openDBToRead
	if *repair {
		open = c.openDB
	}
	db, err := open()
	if err != nil {
		return err
	}
	defer c.release(db)
	r, err := db.Check()
	if err != nil {
		return err
	}
	if r.Clean() {
		fmt.Fprintf(stdout, "%s: %d accounts, %d raw blocks, %d line items verified; no damage\n", db.Path(), r.Accounts, r.Blocks, r.Lines)
		return nil
	}
	for _, d := range r.Damage {
		fmt.Fprintln(stdout, d)
	}
	if !*repair || len(r.Repairable) == 0 {
		if len(r.Repairable) > 0 {
			fmt.Fprintf(stdout, "the columns of %s can be rebuilt from their line items: marquee check --repair\n", strings.Join(r.Repairable, ", "))
		}
		return fmt.Errorf("database %s is damaged (%d problems); see the README on recovering", db.Path(), len(r.Damage))
	}
	backup, err := db.Repair(r.Repairable)
	if backup != "" {
		fmt.Fprintf(stdout, "copied the damaged database to %s\n", backup)
	}
	if err != nil {
		return err
	}
	fmt.Fprintf(stdout, "rebuilt the columns and coverage of %s from their line items\n", strings.Join(r.Repairable, ", "))
	if r, err = db.Check(); err != nil {
		return err
	}
	if !r.Clean() {
		for _, d := range r.Damage {
			fmt.Fprintln(stdout, d)
		}
		return fmt.Errorf("database %s is still damaged (%d problems); see the README on recovering", db.Path(), len(r.Damage))
	}
	fmt.Fprintf(stdout, "%s: %d accounts, %d raw blocks, %d line items verified; no damage\n", db.Path(), r.Accounts, r.Blocks, r.Lines)
	return nil
}
