package cli

import (
	"errors"
	"fmt"

	"marquee/report"
	"marquee/sshserver"
	"marquee/store"
)

// runAccountSet changes the account's time zone for good.
func runAccountSet(e Env, cmd *command, args []string) error {
	c := e.newCmdline(cmd, flagsDBAccount)
	zone := c.fs.String("timezone", "", "IANA time `ZONE`, e.g. Europe/London")
	pos, err := c.parse(args)
	if err != nil {
		return err
	}
	if err := c.noArgs(pos); err != nil {
		return err
	}
	if *zone == "" {
		return usagef("account set: --timezone ZONE is required")
	}
	if _, err := store.LoadLocation(*zone); err != nil {
		return UsageError{err.Error()}
	}
	return c.withAccount(false, func(_ *store.DB, a *store.Account) error {
		if err := a.SetTimeZone(*zone); err != nil {
			return err
		}
		fmt.Fprintf(e.Stdout, "account %q now uses time zone %s\n", a.Name(), *zone)
		return nil
	})
}

// runAccountAdd creates the account (if new) and registers the key (if
// any).
func runAccountAdd(e Env, cmd *command, args []string) error {
	c := e.newCmdline(cmd, flagsDB)
	zone := c.fs.String("timezone", "", "IANA time `ZONE` (default UTC)")
	keyArg := c.fs.String("key", "", "public key `FILE`, or the key itself")
	pos, err := c.parseMixed(args)
	if err != nil {
		return err
	}
	if len(pos) != 1 {
		return c.usageErr()
	}
	name := pos[0]
	if !store.ValidAccountName(name) {
		return accountNameError(name)
	}
	if *zone != "" {
		if _, err := store.LoadLocation(*zone); err != nil {
			return UsageError{err.Error()}
		}
	}
	var key store.KeyRecord
	if *keyArg != "" {
		if key, err = sshserver.KeyFromArg(*keyArg, e.Dir); err != nil {
			return UsageError{err.Error()}
		}
	}
	return c.withDB(func(db *store.DB) error {
		a, err := db.CreateAccount(name, *zone)
		switch {
		case errors.Is(err, store.ErrAccountExists) && *keyArg != "" && (*zone == "" || existingZone(db, name) == *zone):
			// Adding another key to an existing account.
		case err != nil:
			return err
		default:
			fmt.Fprintf(e.Stdout, "account %q created, time zone %s\n", name, a.TimeZone())
		}
		if *keyArg == "" {
			return nil
		}
		key.Account = name
		if err := db.AddKey(key); err != nil {
			return err
		}
		fmt.Fprintf(e.Stdout, "key %s (%s) opens account %q\n", key.Fingerprint, key.Type, name)
		return nil
	})
}

func existingZone(db *store.DB, name string) string {
	a, err := db.ExistingAccount(name)
	if err != nil {
		return ""
	}
	return a.TimeZone()
}

// runAccountKeys lists the fingerprints of the keys that open an account.
func runAccountKeys(e Env, cmd *command, args []string) error {
	c := e.newCmdline(cmd, flagsDB)
	pos, err := c.parseMixed(args)
	if err != nil {
		return err
	}
	if len(pos) != 1 {
		return c.usageErr()
	}
	return c.withDBToRead(func(db *store.DB) error {
		keys, err := db.Keys(pos[0])
		if err != nil {
			return err
		}
		return report.Keys(e.Stdout, keys)
	})
}

// runAccountRemoveKey removes one key from an account.
func runAccountRemoveKey(e Env, cmd *command, args []string) error {
	c := e.newCmdline(cmd, flagsDB)
	pos, err := c.parseMixed(args)
	if err != nil {
		return err
	}
	if len(pos) != 2 {
		return c.usageErr()
	}
	if !store.ValidFingerprint(pos[1]) {
		return usagef("account remove-key: %q is not a key fingerprint (SHA256:..., see marquee account keys %s)", pos[1], pos[0])
	}
	return c.withDB(func(db *store.DB) error {
		if err := db.RemoveKey(pos[0], pos[1]); err != nil {
			return err
		}
		fmt.Fprintf(e.Stdout, "key %s removed from account %q\n", pos[1], pos[0])
		return nil
	})
}

// runAccountList lists the accounts.
func runAccountList(e Env, cmd *command, args []string) error {
	c := e.newCmdline(cmd, flagsDB)
	pos, err := c.parseMixed(args)
	if err != nil {
		return err
	}
	if len(pos) != 0 {
		return c.usageErr()
	}
	return c.withDBToRead(func(db *store.DB) error {
		accounts, err := db.AccountSummaries()
		if err != nil {
			return err
		}
		return report.Accounts(e.Stdout, accounts)
	})
}
