package control

import (
	"fmt"
	"net"
	"os"
	"syscall"
)

// samePeer refuses a connection from another user: the socket's mode
// already does, this holds even if the mode was changed.
func samePeer(conn *net.UnixConn) error {
	raw, err := conn.SyscallConn()
	if err != nil {
		return err
	}
	var cred *syscall.Ucred
	var credErr error
	if err := raw.Control(func(fd uintptr) {
		cred, credErr = syscall.GetsockoptUcred(int(fd), syscall.SOL_SOCKET, syscall.SO_PEERCRED)
	}); err != nil {
		return err
	}
	if credErr != nil {
		return credErr
	}
	if int(cred.Uid) != os.Getuid() {
		return fmt.Errorf("control socket: user %d may not run commands in this server", cred.Uid)
	}
	return nil
}
