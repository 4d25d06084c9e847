// Package cli is marquee's command line. Each command is one file,
// command_<name>.go; commands.go is the table that names them, dispatches
// to them and writes --help from them. Every command reads its
// environment, working directory and streams from an Env: the caller's,
// also when the command runs inside another marquee process that holds the
// database (`marquee serve`, or an open dashboard) through the control
// socket.
//
// A new command is a command_<name>.go with a run function and an entry in
// commands(); the tests then ask for its synopsis to list every flag it
// takes and for the README's command reference to quote --help.
package cli

import (
	"errors"
	"fmt"
)

// Main runs the command line args (without the program name) in env and
// returns the process's exit status: 0, 1 for a failure (or a rejected
// file), 2 for bad input.
func Main(args []string, env Env) int {
	return env.exitStatus(Run(args, env))
}

// Run runs args in env. A command whose database another marquee process
// holds runs inside that process, through its control socket, with env's
// variables and directory; its output reaches env's streams as it comes.
func Run(args []string, env Env) error {
	err := env.run(args)
	var busy errBusy
	if errors.As(err, &busy) {
		return env.forward(busy, args)
	}
	return err
}

// UsageError is bad input: one line on stderr and exit status 2.
type UsageError struct{ msg string }

func (e UsageError) Error() string { return e.msg }

func usagef(format string, args ...any) error { return UsageError{fmt.Sprintf(format, args...)} }

// ErrRejected ends an import in which a file was rejected: exit 1, the
// reasons already printed.
var ErrRejected = errors.New("some files were rejected")

// remoteStatus is the exit status of a command another process ran and
// reported.
type remoteStatus int

func (s remoteStatus) Error() string { return fmt.Sprintf("exit status %d", int(s)) }

// exitStatus reports err the way a script expects and returns the status.
func (e Env) exitStatus(err error) int {
	var ue UsageError
	var remote remoteStatus
	var help helpRequest
	switch {
	case err == nil:
		return 0
	case errors.As(err, &help):
		fmt.Fprint(e.Stdout, help.text())
		return 0
	case errors.As(err, &remote):
		return int(remote) // the other process already printed why
	case errors.As(err, &ue):
		fmt.Fprintf(e.Stderr, "marquee: %s\n", ue.msg)
		return 2
	case errors.Is(err, ErrRejected):
		return 1
	}
	fmt.Fprintf(e.Stderr, "marquee: %s\n", err)
	return 1
}
