//go:build !unix

package control

import "os"

// fileOwner is unknown where files have no Unix owner.
func fileOwner(os.FileInfo) (int, bool) { return 0, false }
