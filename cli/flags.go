package cli

import (
	"errors"
	"flag"
	"fmt"
	"io"
	"strings"
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

func (h helpRequest) text() string {
	if h.cmd == nil || h.cmd.name == "" {
		return usage()
	}
	var b strings.Builder
	b.WriteString("usage:\n")
	for _, f := range h.cmd.forms {
		for _, l := range strings.Split(f.render(h.cmd.name, false), "\n") {
			fmt.Fprintf(&b, "  %s\n", l)
		}
	}
	fmt.Fprintf(&b, "\n%s\n", h.cmd.help)
	if lines := flagLines(h.fs, h.cmd.forms); len(lines) > 0 {
		b.WriteString("\nflags:\n")
		for _, l := range lines {
			b.WriteString(l)
		}
	}
	return b.String()
}

// flagLines describes each listed flag (those with a usage text), as
// `marquee CMD -h` shows them: the value named as in the usage text's
// backquotes, else as in the synopsis.
func flagLines(fs *flag.FlagSet, forms []form) []string {
	var heads, usages []string
	fs.VisitAll(func(f *flag.Flag) {
		if f.Usage == "" {
			return
		}
		name, usage := flag.UnquoteUsage(f)
		if name != "" && !strings.Contains(f.Usage, "`") {
			if p := placeholder(forms, f.Name); p != "" {
				name = p
			}
		}
		head := "  --" + f.Name
		if name != "" {
			head += " " + name
		}
		if def := f.DefValue; def != "" && def != "false" && def != "0" && def != "[]" && !strings.Contains(usage, "(default") {
			usage += fmt.Sprintf(" (default %s)", def)
		}
		heads = append(heads, head)
		usages = append(usages, usage)
	})
	width := 0
	for _, h := range heads {
		width = max(width, len(h))
	}
	lines := make([]string, len(heads))
	for i := range heads {
		lines[i] = fmt.Sprintf("%-*s  %s\n", width, heads[i], usages[i])
	}
	return lines
}

// placeholder is what a synopsis shows after --name: "YYYY-MM-DD" for
// "[--from YYYY-MM-DD]", or "".
func placeholder(forms []form, name string) string {
	for _, f := range forms {
		if _, after, ok := strings.Cut(f.args, "--"+name+" "); ok {
			if end := strings.IndexAny(after, "] \n"); end > 0 {
				return after[:end]
			} else if end < 0 {
				return after
			}
		}
	}
	return ""
}
