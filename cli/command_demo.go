package cli

import (
	"fmt"

	"marquee/ingest/demo"
	"marquee/store"
)

// runDemo writes the demo dataset into a database the caller names.
func runDemo(e Env, cmd *command, args []string) error {
	c := e.newCmdline(cmd, flagsDBAccount)
	pos, err := c.parse(args)
	if err != nil {
		return err
	}
	if err := c.noArgs(pos); err != nil {
		return err
	}
	if !c.dbNamed() {
		return usagef("demo: --db PATH is required, so the demo never lands in a real database by accident")
	}
	return c.withAccount(false, func(db *store.DB, a *store.Account) error {
		if err := demo.Write(db, a); err != nil {
			return err
		}
		named := c.db // as the caller named it, relative or not
		if named == "" {
			named = c.getenv("MARQUEE_DB")
		}
		fmt.Fprintf(e.Stdout, "demo data written to account %q in %s\n", a.Name(), named)
		return nil
	})
}
