package ingest

import (
	"bytes"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"io"
	"strings"
	"testing"
)

// The chunked digests must give what the one-call form gives, across
// chunk boundaries.
func TestChunks(t *testing.T) {
	for _, n := range []int{0, 1, chunkBytes - 1, chunkBytes, chunkBytes + 1, 3*chunkBytes + 17} {
		data := []byte(strings.Repeat("abcdefghij\n", n/11+1)[:n])
		sum := sha256.Sum256(data)
		if got := digest(data); got != hex.EncodeToString(sum[:]) {
			t.Errorf("digest of %d bytes = %s", n, got)
		}
		if got, size, err := digestReader(bytes.NewReader(data), int64(n)+1); err != nil || size != int64(n) || got != hex.EncodeToString(sum[:]) {
			t.Errorf("digestReader of %d bytes = %s, %d, %v", n, got, size, err)
		}
	}
}

// sourceText reads a text source to its end.
func sourceText(t *testing.T, data []byte) (string, error) {
	t.Helper()
	src, err := newTextSource("f", bytes.NewReader(data), DefaultFileBytes)
	if err != nil {
		return "", err
	}
	var b strings.Builder
	for i := 0; ; i++ {
		c, err := src.chunk(i)
		if err == io.EOF {
			return b.String(), nil
		}
		if err != nil {
			return b.String(), err
		}
		b.WriteString(c)
	}
}

// Characters cut by a chunk's end, in UTF-8 and UTF-16 (surrogate pairs
// included), come out whole, and a NUL or a bad byte past the first chunk
// is reported on its line.
func TestTextSourceAcrossChunks(t *testing.T) {
	for _, shift := range []int{0, 1, 2, 3} {
		text := strings.Repeat("x", shift) + strings.Repeat("é€🎬\n", chunkBytes/9+5)
		for _, tc := range []struct {
			name string
			data []byte
		}{
			{"utf-8", []byte(text)},
			{"utf-8 bom", append([]byte{0xEF, 0xBB, 0xBF}, text...)},
			{"utf-16le", utf16With([]byte(text), false)},
			{"utf-16be", utf16With([]byte(text), true)},
			{"gzip utf-16le", gz(t, utf16With([]byte(text), false))},
		} {
			got, err := sourceText(t, tc.data)
			if err != nil || got != text {
				t.Errorf("%s, shift %d: %d bytes, %v; want %d bytes", tc.name, shift, len(got), err, len(text))
			}
		}
	}
	lines := strings.Repeat("abcdefg\n", 2*chunkBytes/8)
	for _, bad := range []struct {
		b    byte
		kind error
	}{{0, ErrEncoding}, {0xff, ErrEncoding}} {
		data := []byte(lines)
		data[chunkBytes+5*8+3] = bad.b // line chunkBytes/8 + 6
		_, err := sourceText(t, data)
		var pe *ParseError
		if !errors.As(err, &pe) || !errors.Is(err, bad.kind) || pe.Line != chunkBytes/8+6 {
			t.Errorf("byte %#x: %v, want line %d", bad.b, err, chunkBytes/8+6)
		}
	}
}

// sourceTextSized is sourceText with chunks of size bytes.
func sourceTextSized(data []byte, size int) (string, error) {
	src, err := newTextSourceSized("f", bytes.NewReader(data), DefaultFileBytes, size)
	if err != nil {
		return "", err
	}
	var b strings.Builder
	for i := 0; ; i++ {
		c, err := src.chunk(i)
		if err == io.EOF {
			return b.String(), nil
		}
		if err != nil {
			return "", err
		}
		b.WriteString(c)
	}
}

// FuzzTextSourceChunks: decoding a few bytes at a time gives the text, or
// the error, that decoding in one chunk gives (UTF-8 and UTF-16 runes and
// surrogate pairs cut anywhere, BOMs, NULs, gzip).
func FuzzTextSourceChunks(f *testing.F) {
	for _, s := range []string{"a,b\n", "é€🎬\n", "\xef\xbb\xbfx\n", "\xff\xfea\x00\n\x00", "\xfe\xff\xd8\x3d\xdf\x2c", "a\x00b", "a\xffb\n"} {
		f.Add([]byte(s), uint8(0))
		f.Add(gz(f, []byte(s)), uint8(5))
	}
	f.Fuzz(func(t *testing.T, data []byte, size uint8) {
		if bytes.IndexByte(data, '\r') >= 0 {
			return // classic Mac line ends are judged by the first chunk
		}
		want, wantErr := sourceTextSized(data, len(data)+8)
		got, gotErr := sourceTextSized(data, int(size%16)+4)
		if (gotErr == nil) != (wantErr == nil) || (gotErr != nil && gotErr.Error() != wantErr.Error()) {
			t.Fatalf("error %v, want %v", gotErr, wantErr)
		}
		if got != want {
			t.Fatalf("text %q, want %q", got, want)
		}
	})
}
