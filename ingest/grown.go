package ingest

import (
	"bytes"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"io"
	"slices"

	"marquee/store"
)

// A report copied while it was still being written (an upload that
// stalled past the inbox's settle time) imports in part; the whole file,
// imported later, would count those first rows twice. An earlier file of
// the same name whose bytes are exactly the start of this one is such a
// copy: this file's rows up to where it ended are not counted again, the
// rest are imported. See docs/importing-safely.md.

// ErrGrownCut refuses a file that continues an earlier copy which ended
// inside a row: that row was imported cut, and neither copy can say what
// it should have been.
var ErrGrownCut = errors.New("it continues an earlier copy that ended inside a row")

// grownFrom is an earlier, shorter copy of the file being imported.
type grownFrom struct {
	rec   store.FileRecord
	lines int  // line breaks in its bytes: its rows are the lines up to this
	whole bool // it ends with a line break
}

// earlierCopies are the account's files of this name shorter than size,
// shortest first.
func (im *Importer) earlierCopies(name string, size int64) ([]store.FileRecord, error) {
	files, err := im.Account.Files()
	if err != nil {
		return nil, err
	}
	var out []store.FileRecord
	for _, f := range files {
		if f.Name == name && f.Size > 0 && f.Size < size && f.Format != "ecb-rates" {
			out = append(out, f)
		}
	}
	slices.SortFunc(out, func(a, b store.FileRecord) int { return int(a.Size - b.Size) })
	return out, nil
}

// digestFile is the hex SHA-256 of what r holds (at most limit bytes) and
// its length, read a chunk at a time, and the longest of earlier (shortest
// first) whose bytes are the start of it, if any. SHA-256's state is not
// changed by taking a sum, so one pass checks every earlier copy.
func digestFile(r io.Reader, limit int64, earlier []store.FileRecord) (string, int64, *grownFrom, error) {
	h := sha256.New()
	buf := make([]byte, chunkBytes)
	var n int64
	lines := 0
	var last byte
	var grown *grownFrom
	plain := true // not gzip, not UTF-16: line breaks are '\n' bytes
	next := 0
	for n < limit {
		m, err := r.Read(buf[:min(int64(len(buf)), limit-n)])
		if n == 0 && m >= 2 && (buf[0] == 0x1f && buf[1] == 0x8b || buf[0] == 0xFF && buf[1] == 0xFE || buf[0] == 0xFE && buf[1] == 0xFF) {
			plain = false
		}
		for p := buf[:m]; len(p) > 0; {
			cut := len(p)
			if next < len(earlier) && n+int64(cut) > earlier[next].Size {
				cut = int(earlier[next].Size - n)
			}
			h.Write(p[:cut])
			if next < len(earlier) {
				lines += bytes.Count(p[:cut], []byte{'\n'})
			}
			if cut > 0 {
				last = p[cut-1]
			}
			n += int64(cut)
			p = p[cut:]
			for ; next < len(earlier) && n == earlier[next].Size; next++ {
				if plain && hex.EncodeToString(h.Sum(nil)) == earlier[next].SHA256 {
					grown = &grownFrom{rec: earlier[next], lines: lines, whole: last == '\n'}
				}
			}
		}
		if err == io.EOF {
			break
		}
		if err != nil {
			return "", n, nil, err
		}
	}
	return hex.EncodeToString(h.Sum(nil)), n, grown, nil
}

// grownError is the refusal of a file continuing a copy cut inside a row.
func grownError(name string, g *grownFrom) error {
	return fmt.Errorf("%s: %w (the copy imported %s, %s): importing it would count that row twice, and the cut row is already counted",
		printable(name), ErrGrownCut, g.rec.ImportedAt.Format("2006-01-02 15:04 MST"), byteSize(g.rec.Size))
}
