package sshserver

import (
	"crypto/ed25519"
	"crypto/rand"
	"encoding/pem"
	"errors"
	"fmt"
	"io/fs"
	"log/slog"
	"os"
	"path/filepath"

	gossh "golang.org/x/crypto/ssh"
)

// ensureHostKey creates the host key at path unless one is there. It is
// written whole or not at all (a temporary file, synced, renamed): a full
// disk once left a 0-byte key, and the server then refused to start. A
// 0-byte key is such a leftover, holding nothing: it is replaced.
func ensureHostKey(path string, log *slog.Logger) error {
	switch fi, err := os.Stat(path); {
	case err == nil && fi.Size() > 0:
		return nil
	case err == nil:
		log.Warn("the host key is empty (left by a full disk?): creating a new one", "path", path)
	case !errors.Is(err, fs.ErrNotExist):
		return fmt.Errorf("host key: %w", err)
	}
	pub, priv, err := ed25519.GenerateKey(rand.Reader)
	if err != nil {
		return fmt.Errorf("host key: %w", err)
	}
	block, err := gossh.MarshalPrivateKey(priv, "")
	if err != nil {
		return fmt.Errorf("host key: %w", err)
	}
	if err := writeFileAtomic(path, pem.EncodeToMemory(block), 0o600); err != nil {
		return fmt.Errorf("host key %s: %w", path, err)
	}
	// The public half is for the administrator (its fingerprint); the
	// server never reads it.
	if sshPub, err := gossh.NewPublicKey(pub); err == nil {
		if err := writeFileAtomic(path+".pub", gossh.MarshalAuthorizedKey(sshPub), 0o644); err != nil {
			log.Warn("host key: could not write its public half", "path", path+".pub", "err", err)
		}
	}
	return nil
}

// writeFileAtomic replaces path with data: written to a temporary file
// beside it, synced, then renamed over it, and the folder synced. A
// failure at any point leaves path as it was.
func writeFileAtomic(path string, data []byte, perm os.FileMode) error {
	dir := filepath.Dir(path)
	f, err := os.CreateTemp(dir, "."+filepath.Base(path)+".tmp*")
	if err != nil {
		return err
	}
	tmp := f.Name()
	fail := func(err error) error {
		f.Close()
		os.Remove(tmp)
		return err
	}
	if err := f.Chmod(perm); err != nil {
		return fail(err)
	}
	if _, err := f.Write(data); err != nil {
		return fail(err)
	}
	if err := f.Sync(); err != nil {
		return fail(err)
	}
	if err := f.Close(); err != nil {
		os.Remove(tmp)
		return err
	}
	if err := os.Rename(tmp, path); err != nil {
		os.Remove(tmp)
		return err
	}
	if d, err := os.Open(dir); err == nil {
		d.Sync()
		d.Close()
	}
	return nil
}
