package ingest

import (
	"crypto/sha256"
	"encoding/hex"
	"io"
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

// digestReader is the hex SHA-256 of what r holds, read a chunk at a
// time, and its length; it reads at most limit bytes.
func digestReader(r io.Reader, limit int64) (string, int64, error) {
	h := sha256.New()
	n, err := io.CopyBuffer(h, io.LimitReader(r, limit), make([]byte, chunkBytes))
	if err != nil {
		return "", n, err
	}
	return hex.EncodeToString(h.Sum(nil)), n, nil
}
