package ingest

import (
	"crypto/sha256"
	"encoding/hex"
	"strings"
)

// chunkBytes is how much of a file one call of the hashing, copying and
// scanning below covers. Those calls run in assembly or the runtime, where
// a goroutine cannot be preempted: over a 100 MB file in one call they
// would keep the garbage collector waiting to scan that goroutine's stack
// for a tenth of a second, its worker spinning, the whole while. Slices of
// a megabyte leave a preemption point every few hundred microseconds.
const chunkBytes = 1 << 20

// digest is the hex SHA-256 of data.
func digest(data []byte) string {
	h := sha256.New()
	for len(data) > 0 {
		n := min(len(data), chunkBytes)
		h.Write(data[:n])
		data = data[n:]
	}
	return hex.EncodeToString(h.Sum(nil))
}

// textOf is string(data), copied a chunk at a time.
func textOf(data []byte) string {
	var b strings.Builder
	b.Grow(len(data))
	for len(data) > 0 {
		n := min(len(data), chunkBytes)
		b.Write(data[:n])
		data = data[n:]
	}
	return b.String()
}

// indexNUL is strings.IndexByte(s, 0), scanned a chunk at a time.
func indexNUL(s string) int {
	for from := 0; from < len(s); from += chunkBytes {
		if i := strings.IndexByte(s[from:min(len(s), from+chunkBytes)], 0); i >= 0 {
			return from + i
		}
	}
	return -1
}
