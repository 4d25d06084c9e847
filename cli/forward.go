package cli

import (
	"context"
	"errors"
	"fmt"
	"io"
	"strings"

	"marquee/control"
	"marquee/store"
)

// errBusy is a database another process holds open.
type errBusy struct {
	path string
	err  error
}

func (e errBusy) Error() string { return e.err.Error() }
func (e errBusy) Unwrap() error { return e.err }

// forward hands a command whose database is locked to the marquee process
// holding it (`marquee serve` or a dashboard), through the control socket
// beside the database, with the caller's variables and directory. Without
// a process listening there the lock error stands.
func (e Env) forward(busy errBusy, args []string) error {
	req := control.Request{Args: args, Dir: e.Dir, Env: e.vars()}
	code, err := control.Call(control.SocketPath(busy.path), req, e.Stdout, e.Stderr)
	switch {
	case errors.Is(err, control.ErrNoServer):
		return busy
	case err != nil:
		return err
	case code != 0:
		return remoteStatus(code)
	}
	return nil
}

// serveControl runs the commands other marquee processes send while this
// one holds db, until ctx ends; host names this process in a refusal.
// It returns once the socket is gone and the commands still running have
// ended, so the caller closes db only after. A socket that cannot be made
// is reported on stderr: the commands then find the database busy.
func (e Env) serveControl(ctx context.Context, db *store.DB, host string) (wait func()) {
	ctl, err := control.Listen(control.SocketPath(db.Path()))
	if err != nil {
		fmt.Fprintf(e.Stderr, "marquee: %s; other marquee commands will find the database busy while %s runs\n", err, host)
		return func() {}
	}
	done := make(chan struct{})
	go func() {
		defer close(done)
		ctl.Serve(ctx, func(ctx context.Context, req control.Request, stdout, stderr io.Writer) int {
			caller := Env{
				LookupEnv: lookupIn(req.Env),
				Dir:       req.Dir,
				Stdin:     strings.NewReader(""),
				Stdout:    stdout,
				Stderr:    stderr,
				served:    db,
				host:      host,
				ctx:       ctx,
			}
			return caller.exitStatus(caller.run(req.Args))
		})
	}()
	return func() { <-done }
}

// refuseOwn refuses the dashboard or serve sent over the control socket:
// they need a process, and the database, of their own.
func (e Env) refuseOwn() error {
	how := "quit it first, or use that one"
	if e.host == hostServe {
		how = "use the dashboard over SSH, or stop the server"
	}
	return fmt.Errorf("database %s is in use by another marquee process; %s has it open: %s", e.served.Path(), e.host, how)
}

// The processes that serve the control socket.
const (
	hostServe     = "marquee serve"
	hostDashboard = "a marquee dashboard"
)
