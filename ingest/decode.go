package ingest

import (
	"bytes"
	"compress/gzip"
	"errors"
	"io"
	"strings"
	"unicode/utf16"
	"unicode/utf8"
)

// maxDecompressed caps what a .gz file may expand to, so a gzip bomb is an
// error rather than an out-of-memory crash.
const maxDecompressed = 512 << 20

// decode turns the raw bytes of a report into UTF-8 text: gunzip by magic
// bytes (names lie), then BOM sniffing. Anything that is not valid text is
// an ErrEncoding error.
func decode(name string, data []byte) (string, error) {
	if len(data) >= 2 && data[0] == 0x1f && data[1] == 0x8b {
		raw, err := gunzip(data)
		if err != nil {
			return "", &ParseError{File: name, Reason: err.Error(), Err: ErrEncoding}
		}
		data = raw
	}
	if isZip(data) {
		// Parse opens a top-level archive before decoding; one here is
		// inside an archive or a .gz, and is not opened in turn.
		return "", &ParseError{File: name, Reason: "a zip archive inside another archive or a .gz: unpack it and import its files", Err: ErrArchive}
	}
	var text string
	switch {
	case bytes.HasPrefix(data, []byte{0xEF, 0xBB, 0xBF}):
		data = data[3:]
		fallthrough
	default:
		if !utf8.Valid(data) {
			line := 1 + bytes.Count(data[:firstInvalidUTF8(data)], []byte{'\n'})
			return "", &ParseError{File: name, Line: line, Reason: "invalid UTF-8 (save the report as UTF-8 or UTF-16 with a byte-order mark)", Err: ErrEncoding}
		}
		text = textOf(data)
	case bytes.HasPrefix(data, []byte{0xFF, 0xFE}):
		t, err := decodeUTF16(name, data[2:], false)
		if err != nil {
			return "", err
		}
		text = t
	case bytes.HasPrefix(data, []byte{0xFE, 0xFF}):
		t, err := decodeUTF16(name, data[2:], true)
		if err != nil {
			return "", err
		}
		text = t
	}
	// NUL never occurs in a text report: it means binary data, or UTF-16
	// saved without a byte-order mark, which we cannot tell from UTF-8.
	if i := indexNUL(text); i >= 0 {
		line := 1 + strings.Count(text[:i], "\n")
		return "", &ParseError{File: name, Line: line, Reason: "NUL byte: not a text report (binary, or UTF-16 without a byte-order mark)", Err: ErrEncoding}
	}
	// Classic Mac line ends (CR only) from old spreadsheet exports.
	if !strings.Contains(text, "\n") && strings.Contains(text, "\r") {
		text = strings.ReplaceAll(text, "\r", "\n")
	}
	return text, nil
}

func gunzip(data []byte) ([]byte, error) {
	zr, err := gzip.NewReader(bytes.NewReader(data))
	if err != nil {
		return nil, errors.New("corrupt gzip data: " + err.Error())
	}
	out, err := io.ReadAll(io.LimitReader(zr, maxDecompressed+1))
	if err != nil {
		return nil, errors.New("corrupt gzip data: " + err.Error())
	}
	if len(out) > maxDecompressed {
		return nil, errors.New("gzip data expands beyond 512 MiB")
	}
	return out, nil
}

func firstInvalidUTF8(b []byte) int {
	for i := 0; i < len(b); {
		r, n := utf8.DecodeRune(b[i:])
		if r == utf8.RuneError && n <= 1 {
			return i
		}
		i += n
	}
	return len(b)
}

// decodeUTF16 decodes UTF-16 without its BOM. Unpaired surrogates and a
// dangling odd byte are errors: replacing them would silently alter titles.
func decodeUTF16(name string, b []byte, bigEndian bool) (string, error) {
	if len(b)%2 != 0 {
		return "", &ParseError{File: name, Reason: "UTF-16 text has an odd number of bytes (truncated file?)", Err: ErrEncoding}
	}
	unit := func(i int) rune {
		if bigEndian {
			return rune(b[i])<<8 | rune(b[i+1])
		}
		return rune(b[i+1])<<8 | rune(b[i])
	}
	out := make([]byte, 0, len(b)/2+len(b)/16)
	line := 1
	for i := 0; i < len(b); i += 2 {
		r := unit(i)
		switch {
		case r >= 0xD800 && r < 0xDC00:
			if i+2 < len(b) {
				if lo := unit(i + 2); lo >= 0xDC00 && lo < 0xE000 {
					r = utf16.DecodeRune(r, lo)
					i += 2
					break
				}
			}
			return "", &ParseError{File: name, Line: line, Reason: "invalid UTF-16: unpaired surrogate", Err: ErrEncoding}
		case r >= 0xDC00 && r < 0xE000:
			return "", &ParseError{File: name, Line: line, Reason: "invalid UTF-16: unpaired surrogate", Err: ErrEncoding}
		case r == '\n':
			line++
		}
		out = utf8.AppendRune(out, r)
	}
	return string(out), nil
}
