package sshserver

import (
	"bufio"
	"bytes"
	"fmt"
	"os"
	"path/filepath"
	"strings"

	"marquee/store"
)

// KeyFromArg reads `account add --key`: a public key given inline
// ("ssh-ed25519 AAAA...") or the path of a .pub or authorized_keys file,
// whose first key is taken. A relative path is taken from dir ("" is the
// working directory).
func KeyFromArg(arg, dir string) (store.KeyRecord, error) {
	arg = strings.TrimSpace(arg)
	if looksInline(arg) {
		return ParseKey(arg)
	}
	path := arg
	if dir != "" && !filepath.IsAbs(path) {
		path = filepath.Join(dir, path)
	}
	data, err := os.ReadFile(path)
	if err != nil {
		return store.KeyRecord{}, fmt.Errorf("--key %s: not a public key, and not a readable file: %w", arg, err)
	}
	sc := bufio.NewScanner(bytes.NewReader(data))
	for sc.Scan() {
		line := strings.TrimSpace(sc.Text())
		if line == "" || strings.HasPrefix(line, "#") {
			continue
		}
		rec, err := ParseKey(line)
		if err != nil {
			return rec, fmt.Errorf("--key %s: %w", arg, err)
		}
		return rec, nil
	}
	return store.KeyRecord{}, fmt.Errorf("--key %s: no public key in the file", arg)
}

// looksInline tells a key from a path by its algorithm prefix.
func looksInline(s string) bool {
	for _, p := range []string{"ssh-", "ecdsa-sha2-", "sk-ssh-", "sk-ecdsa-"} {
		if strings.HasPrefix(s, p) {
			return true
		}
	}
	return false
}
