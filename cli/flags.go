package cli

import (
	"errors"
	"flag"
	"io"
)

// defaultAccount is the account of a filmmaker working alone.
const defaultAccount = "local"

// cmdline is one command being run: its flags, on top of the caller's Env.
type cmdline struct {
	Env
	cmd         *command
	fs          *flag.FlagSet
	db, account string
}

// The common flags a command takes.
type commonFlags int

const (
	// flagsDB: --db, and --account accepted (scripts pass it) but unlisted,
	// for a command with no use for it.
	flagsDB        commonFlags = iota
	flagsDBAccount             // --db and --account
	flagsNone                  // neither: the command opens no database
)

// newCmdline starts a command's flags with the common ones.
func (e Env) newCmdline(cmd *command, common commonFlags) *cmdline {
	c := &cmdline{Env: e, cmd: cmd, account: defaultAccount}
	c.fs = flag.NewFlagSet(cmd.name, flag.ContinueOnError)
	c.fs.SetOutput(io.Discard) // errors are reported as one line by Main
	if common == flagsNone {
		return c
	}
	c.fs.StringVar(&c.db, "db", "", "database `PATH` (default $MARQUEE_DB, else $XDG_DATA_HOME/marquee/marquee.db)")
	usage := ""
	if common == flagsDBAccount {
		usage = "account `NAME`"
	}
	c.fs.StringVar(&c.account, "account", defaultAccount, usage)
	return c
}

// parse parses flags that come before the positional arguments, and
// returns those.
func (c *cmdline) parse(args []string) ([]string, error) {
	if err := c.fs.Parse(args); err != nil {
		if errors.Is(err, flag.ErrHelp) {
			return nil, helpRequest{cmd: c.cmd, fs: c.fs}
		}
		return nil, usagef("%s: %s", c.fs.Name(), err)
	}
	return c.fs.Args(), nil
}

// parseMixed parses flags that may come before, between or after the
// positional arguments (`account add NAME --key K`), and returns those.
func (c *cmdline) parseMixed(args []string) ([]string, error) {
	var pos []string
	for {
		rest, err := c.parse(args)
		if err != nil {
			return nil, err
		}
		if len(rest) == 0 {
			return pos, nil
		}
		pos = append(pos, rest[0])
		args = rest[1:]
	}
}

// noArgs refuses positional arguments to a command that takes none.
func (c *cmdline) noArgs(pos []string) error {
	if len(pos) > 0 {
		return usagef("%s: unexpected argument %q (try marquee %s -h)", c.fs.Name(), pos[0], c.fs.Name())
	}
	return nil
}

// usageErr is the command's own usage line as bad input.
func (c *cmdline) usageErr() error {
	return usagef("usage: %s", c.cmd.oneLine())
}

// isSet reports whether the flag was given on the command line.
func (c *cmdline) isSet(name string) bool {
	set := false
	c.fs.Visit(func(f *flag.Flag) { set = set || f.Name == name })
	return set
}

// helpRequest is -h or --help: the command's usage on stdout, exit 0.
type helpRequest struct {
	cmd *command // nil: the whole command line
	fs  *flag.FlagSet
}

func (h helpRequest) Error() string { return "help requested" }

func (h helpRequest) text() string { return usage() }
