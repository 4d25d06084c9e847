package ingest

import (
	"crypto/sha256"
	"encoding/hex"
	"strings"
	"testing"
)

// The chunked helpers must give what the one-call forms give, across
// chunk boundaries.
func TestChunks(t *testing.T) {
	for _, n := range []int{0, 1, chunkBytes - 1, chunkBytes, chunkBytes + 1, 3*chunkBytes + 17} {
		data := []byte(strings.Repeat("abcdefghij\n", n/11+1)[:n])
		sum := sha256.Sum256(data)
		if got := digest(data); got != hex.EncodeToString(sum[:]) {
			t.Errorf("digest of %d bytes = %s", n, got)
		}
		if got := textOf(data); got != string(data) {
			t.Errorf("textOf of %d bytes differs", n)
		}
		for _, at := range []int{0, n / 2, n - 1, chunkBytes - 1, chunkBytes, chunkBytes + 1} {
			if at < 0 || at >= n {
				continue
			}
			b := []byte(string(data))
			b[at] = 0
			if got, want := indexNUL(string(b)), strings.IndexByte(string(b), 0); got != want {
				t.Errorf("indexNUL with NUL at %d of %d = %d, want %d", at, n, got, want)
			}
		}
		if got := indexNUL(string(data)); got != -1 {
			t.Errorf("indexNUL of %d bytes without NUL = %d", n, got)
		}
	}
}
