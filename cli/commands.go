package cli

import (
	"slices"
	"strings"
)

// command is one entry of the table: a name, how --help shows it, and the
// function that runs it.
type command struct {
	name  string // "import", "account add"; "" is the dashboard
	forms []form // its synopses, as --help and the README list them
	help  string // what `marquee NAME -h` says it does
	// own commands run in a process of their own, never inside another
	// marquee through the control socket: the dashboard and serve.
	own    bool
	hidden bool // left out of --help
	run    func(e Env, cmd *command, args []string) error
}

// form is one synopsis of a command.
type form struct {
	args    string // what follows "marquee NAME"; "\n" starts a continuation line
	summary string // a short phrase beside it; may be ""
	admin   bool   // listed in the second group: serving and routing for many filmmakers
}

// commands is the command table, in the order --help lists it.
func commands() []command {
	return []command{
		{name: "", own: true, run: runDashboard, help: "Opens the dashboard; without a database, on the built-in demo data.",
			forms: []form{{args: "[--db PATH] [--account NAME] [--demo] [--inbox DIR] [--export-dir DIR]", summary: "open the dashboard"}}},
		{name: "import", run: runImport, help: "Imports channel reports: files, or folders of them. Formats are detected.",
			forms: []form{
				{args: "[--db PATH] [--account NAME] [--period YYYY-MM|FROM..TO] PATH...", summary: "import reports (.csv, .txt, .gz, .zip)"},
				{args: "--route [--db PATH] [--period YYYY-MM|FROM..TO] PATH...", summary: "each line to its title's owner", admin: true},
			}},
		{name: "report", run: runReport, help: "Prints the metrics, monthly or detail view, as text, CSV or JSON.",
			forms: []form{{args: "[--db PATH] [--account NAME] [--from YYYY-MM-DD] [--to YYYY-MM-DD]\n" +
				"[--title NAME]... [--country CC]... [--channel NAME]... [--tz ZONE]\n" +
				"[--view metrics|monthly|detail] [--format text|csv|json]"}}},
		{name: "account set", run: runAccountSet, help: "Changes an account's time zone; every view follows at once.",
			forms: []form{{args: "[--db PATH] [--account NAME] --timezone ZONE"}}},
		{name: "check", run: runCheck, help: "Verifies every checksum and derived value; --repair rebuilds the columns from the line items.",
			forms: []form{{args: "[--db PATH] [--repair]", summary: "verify the database; rebuild what can be"}}},
		{name: "demo", run: runDemo, help: "Writes the demo dataset into an account of the database named.",
			forms: []form{{args: "--db PATH [--account NAME]", summary: "write the demo dataset"}}},
		{name: "serve", own: true, run: runServe, help: "Serves the dashboard over SSH, one account per filmmaker, chosen by key.",
			forms: []form{{args: "[--listen 127.0.0.1:23234] [--db PATH] [--host-key PATH] [--inbox DIR]\n" +
				"[--public-addr HOST:PORT] [--idle-timeout 30m] [--max-sessions 100]\n" +
				"[--max-sessions-per-account 25] [--handshake-timeout 10s] [--max-unauthenticated 256]", summary: "the dashboard over SSH", admin: true}}},
		{name: "account add", run: runAccountAdd, help: "Creates an account, or gives an existing one another SSH key.",
			forms: []form{{args: `NAME [--db PATH] [--timezone ZONE] [--key FILE | --key "ssh-ed25519 AAAA..."]`, admin: true}}},
		{name: "account keys", run: runAccountKeys, help: "Lists the fingerprints of the keys that open an account.",
			forms: []form{{args: "NAME [--db PATH]", summary: "list the account's key fingerprints", admin: true}}},
		{name: "account remove-key", run: runAccountRemoveKey, help: "Removes a key (by its fingerprint) from an account.",
			forms: []form{{args: "NAME FINGERPRINT [--db PATH]", admin: true}}},
		{name: "account list", run: runAccountList, help: "Lists the accounts with their time zones, keys and titles.",
			forms: []form{{args: "[--db PATH]", admin: true}}},
		{name: "title assign", run: runTitleAssign, help: "Gives a title to an account for good, with the lines held for it.",
			forms: []form{{args: "TITLE --account NAME [--db PATH]", summary: "the account that owns a title", admin: true}}},
		{name: "title list", run: runTitleList, help: "Lists titles and their owners, and the titles whose lines wait for one.",
			forms: []form{{args: "[--unassigned] [--db PATH]", admin: true}}},
		{name: "--version", run: runVersion, help: "Prints marquee's version and the commit it was built from.",
			forms: []form{{args: "", summary: "the version and commit", admin: true}}},
		{name: "help", hidden: true, run: func(Env, *command, []string) error { return helpRequest{} }},
	}
}

// lookup finds the command args start with and the arguments left for it.
// Anything else starting with "-" opens the dashboard.
func lookup(args []string) (*command, []string, error) {
	table := commands()
	find := func(name string) *command {
		i := slices.IndexFunc(table, func(c command) bool { return c.name == name })
		if i < 0 {
			return nil
		}
		return &table[i]
	}
	if len(args) == 0 {
		return find(""), nil, nil
	}
	if c := find(args[0]); c != nil {
		return c, args[1:], nil
	}
	if strings.HasPrefix(args[0], "-") {
		return find(""), args, nil
	}
	if subs := subcommands(table, args[0]); len(subs) > 0 {
		if len(args) > 1 {
			if c := find(args[0] + " " + args[1]); c != nil {
				return c, args[2:], nil
			}
		}
		return nil, nil, usagef("usage: marquee %s %s (try marquee --help)", args[0], strings.Join(subs, "|"))
	}
	return nil, nil, usagef("unknown command %q (try marquee --help)", args[0])
}

// subcommands are the names under group ("set", "add", … under "account").
func subcommands(table []command, group string) []string {
	var subs []string
	for _, c := range table {
		if g, sub, ok := strings.Cut(c.name, " "); ok && g == group {
			subs = append(subs, sub)
		}
	}
	return subs
}

// run runs args here: in this process, or inside the process that holds
// the database when e came over its control socket.
func (e Env) run(args []string) error {
	c, rest, err := lookup(args)
	if err != nil {
		return err
	}
	if e.served != nil && c.own {
		return e.refuseOwn()
	}
	return c.run(e, c, rest)
}

// summaryColumn is where a synopsis's summary starts in --help.
const summaryColumn = 62

// render is the form as --help shows it, continuation lines indented under
// the first argument; with summary, the summary beside it.
func (f form) render(name string, summary bool) string {
	head := "marquee"
	if name != "" {
		head += " " + name
	}
	lines := strings.Split(f.args, "\n")
	indent := strings.Repeat(" ", len(head)+1)
	for i, l := range lines {
		switch {
		case l == "":
			lines[i] = head
		case i == 0:
			lines[i] = head + " " + l
		default:
			lines[i] = indent + l
		}
	}
	if summary && f.summary != "" {
		last := &lines[len(lines)-1]
		if len(*last) < summaryColumn-1 {
			*last += strings.Repeat(" ", summaryColumn-len(*last)) + f.summary
		} else {
			lines = append(lines, strings.Repeat(" ", summaryColumn)+f.summary)
		}
	}
	return strings.Join(lines, "\n")
}

// oneLine is the command's first synopsis on one line, for a usage error.
func (c *command) oneLine() string {
	return strings.Join(strings.Fields(c.forms[0].render(c.name, false)), " ")
}

// reference is the command reference: every listed synopsis, the
// filmmaker's commands first, then those for serving many. The README
// quotes it verbatim.
func reference() string {
	var own, admin []string
	for _, c := range commands() {
		if c.hidden {
			continue
		}
		for _, f := range c.forms {
			if f.admin {
				admin = append(admin, f.render(c.name, true))
			} else {
				own = append(own, f.render(c.name, true))
			}
		}
	}
	return strings.Join(own, "\n") + "\n\n" + strings.Join(admin, "\n") + "\n"
}

func usage() string {
	return "marquee: performance insights for independent filmmakers\n\n" + reference() + `
--db defaults to $MARQUEE_DB, else $XDG_DATA_HOME/marquee/marquee.db. The default
account is "local". Without a database, the dashboard opens on demo data. While
marquee serve or a dashboard runs, the other commands run inside it, through
DB.sock beside the database. marquee COMMAND -h lists a command's flags.
`
}
