package cli

import (
	"context"
	"log/slog"
	"net"
	"os"
	"os/signal"
	"path/filepath"
	"syscall"
	"time"

	"marquee/sshserver"
	"marquee/store"
)

// runServe serves the dashboard over SSH until SIGINT or SIGTERM, and the
// control socket, so that the other commands run inside it.
func runServe(e Env, cmd *command, args []string) error {
	c := e.newCmdline(cmd, flagsDB)
	listen := c.fs.String("listen", sshserver.DefaultListen, "`HOST:PORT` to listen on")
	hostKey := c.fs.String("host-key", "", "SSH host key `PATH`, created if missing (default: beside the database)")
	inboxDir := c.fs.String("inbox", "", "`DIR` whose <account>/ subfolders feed each account (default $XDG_DATA_HOME/marquee/inbox)")
	idle := c.fs.Duration("idle-timeout", 30*time.Minute, "close sessions without input this long")
	maxSessions := c.fs.Int("max-sessions", 100, "concurrent sessions at most")
	maxAccount := c.fs.Int("max-sessions-per-account", 0, "concurrent sessions of one account at most (default a quarter of --max-sessions)")
	handshake := c.fs.Duration("handshake-timeout", 10*time.Second, "close connections that have not authenticated this long")
	maxUnauth := c.fs.Int("max-unauthenticated", 256, "connections waiting to authenticate at most (32 from one address)")
	publicAddr := c.fs.String("public-addr", "", "`HOST:PORT` filmmakers connect to, shown by export (default --listen)")
	pos, err := c.parse(args)
	if err != nil {
		return err
	}
	if err := c.noArgs(pos); err != nil {
		return err
	}
	if _, _, err := net.SplitHostPort(*listen); err != nil {
		return usagef("serve: --listen %q: want HOST:PORT", *listen)
	}
	inbox := filepath.Join(e.dataDir(), "inbox")
	if *inboxDir != "" {
		inbox = e.path(*inboxDir)
	}
	return c.withDB(func(db *store.DB) error {
		srv, err := sshserver.New(sshserver.Config{
			DB: db, Listen: *listen, HostKeyPath: e.path(*hostKey), InboxDir: inbox,
			IdleTimeout: *idle, MaxSessions: *maxSessions, PublicAddr: *publicAddr,
			MaxAccountSessions: *maxAccount, HandshakeTimeout: *handshake, MaxUnauthenticated: *maxUnauth,
			Logger: slog.New(slog.NewTextHandler(e.Stderr, nil)),
		})
		if err != nil {
			return err
		}
		// `serve 2>&1 | tee log`, then Ctrl-C: tee dies with the server's
		// process group, and a log line to the closed pipe would kill the
		// server with SIGPIPE before it tells its sessions goodbye.
		// Ignored, the write fails and the shutdown goes on.
		signal.Ignore(syscall.SIGPIPE)
		ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
		defer stop()
		wait := e.serveControl(ctx, db, hostServe)
		err = srv.Serve(ctx)
		stop()
		wait() // the commands still running end before the database closes
		return err
	})
}
