package control

import (
	"fmt"
	"net"
	"os"
	"syscall"
)

// peerUID is the user of the process at the other end of conn.
func peerUID(conn *net.UnixConn) (int, error) {
	raw, err := conn.SyscallConn()
	if err != nil {
		return 0, err
	}
	var cred *syscall.Ucred
	var credErr error
	if err := raw.Control(func(fd uintptr) {
		cred, credErr = syscall.GetsockoptUcred(int(fd), syscall.SOL_SOCKET, syscall.SO_PEERCRED)
	}); err != nil {
		return 0, err
	}
	if credErr != nil {
		return 0, credErr
	}
	return int(cred.Uid), nil
}

// samePeer refuses a connection from another user: the socket's mode
// already does, this holds even if the mode was changed.
func samePeer(conn *net.UnixConn) error {
	uid, err := peerUID(conn)
	if err != nil {
		return err
	}
	if uid != os.Getuid() {
		return fmt.Errorf("control socket: user %d may not run commands in this server", uid)
	}
	return nil
}

// checkServer refuses a server run by another user: the socket file may be
// ours and still be answered by another user's process.
func checkServer(conn *net.UnixConn) error {
	uid, err := peerUID(conn)
	if err != nil {
		return err
	}
	if uid != os.Getuid() {
		return fmt.Errorf("the server answering it runs as user %d, not as you (%d)", uid, os.Getuid())
	}
	return nil
}
