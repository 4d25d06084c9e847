package ingest

import (
	"errors"
	"io"
	"slices"
	"strings"
	"testing"
	"unicode/utf8"
)

func TestRecordReader(t *testing.T) {
	type rec struct {
		line  int
		cells []string
	}
	cases := []struct {
		name  string
		text  string
		delim byte
		want  []rec
	}{
		{"csv", "a,b,c\n1,2,3\n", ',', []rec{{1, []string{"a", "b", "c"}}, {2, []string{"1", "2", "3"}}}},
		{"crlf and no final newline", "a,b\r\n1,2", ',', []rec{{1, []string{"a", "b"}}, {2, []string{"1", "2"}}}},
		{"quoted", `"a,b","say ""hi""",c` + "\n", ',', []rec{{1, []string{"a,b", `say "hi"`, "c"}}}},
		{"multi-line quoted keeps line numbers", "x,\"two\nlines\",y\nnext\n", ',', []rec{{1, []string{"x", "two\nlines", "y"}}, {3, []string{"next"}}}},
		{"space before quote", `a, "383,670" ,b`, ',', []rec{{1, []string{"a", "383,670", "b"}}}},
		{"bare quote in unquoted field", `a,5" screen,b`, ',', []rec{{1, []string{"a", `5" screen`, "b"}}}},
		{"trailing comma", "Date,USD,\n", ',', []rec{{1, []string{"Date", "USD", ""}}}},
		{"empty lines are records", "a\n\nb\n", ',', []rec{{1, []string{"a"}}, {2, []string{""}}, {3, []string{"b"}}}},
		{"quoted empty at end", `a,""`, ',', []rec{{1, []string{"a", ""}}}},
		{"tabs ignore quotes", "\"a\t\"b\"\tc\r\n", '\t', []rec{{1, []string{`"a`, `"b"`, "c"}}}},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			rd := newRecordReader("f", tc.text, tc.delim)
			var got []rec
			for {
				cells, line, err := rd.read()
				if err == io.EOF {
					break
				}
				if err != nil {
					t.Fatal(err)
				}
				got = append(got, rec{line, slices.Clone(cells)})
			}
			if len(got) != len(tc.want) {
				t.Fatalf("got %v, want %v", got, tc.want)
			}
			for i := range got {
				if got[i].line != tc.want[i].line || !slices.Equal(got[i].cells, tc.want[i].cells) {
					t.Errorf("record %d = %d %q, want %d %q", i, got[i].line, got[i].cells, tc.want[i].line, tc.want[i].cells)
				}
			}
		})
	}
}

func TestRecordReaderErrors(t *testing.T) {
	tooWide := string(slices.Repeat([]byte{','}, maxCells))
	for _, text := range []string{`a,"never ends`, "a,\"b\"c\n", "a,\"b\"\r,c\n", tooWide} {
		rd := newRecordReader("f", text, ',')
		var err error
		for err == nil {
			_, _, err = rd.read()
		}
		if !errors.Is(err, ErrSyntax) {
			t.Errorf("%.20q: %v", text, err)
		}
	}
}

// readAll reads every record of rd, or stops at the first error.
func readAll(rd *recordReader) ([][]string, []int, error) {
	var recs [][]string
	var lines []int
	for {
		cells, line, err := rd.read()
		if err == io.EOF {
			return recs, lines, nil
		}
		if err != nil {
			return recs, lines, err
		}
		recs = append(recs, slices.Clone(cells))
		lines = append(lines, line)
	}
}

// FuzzRecordReaderChunks: text read a few bytes at a time gives the same
// records, lines and errors as the whole text at once, wherever the chunk
// boundaries fall (inside quotes, doubled quotes, CRLF, multi-byte runes).
func FuzzRecordReaderChunks(f *testing.F) {
	for _, s := range []string{
		"a,b,c\n1,2,3\n", "a,\"b,\"\"c\"\"\"\r\n\"x\ny\",z", `a, "383,670" ,b`, "\"a\" \r\n\"b\"", `a,5" screen,b`,
		"x,\"two\nlines\",y\nnext\n", "é,€,🎬\n\"é\"\"€\",x", `a,"never ends`, "a,\"b\"c\n", "\n\n,\n",
	} {
		f.Add(s, uint8(1), false)
		f.Add(s, uint8(3), true)
	}
	f.Fuzz(func(t *testing.T, text string, size uint8, tabs bool) {
		chunk := int(size%16) + 4
		// Classic Mac line ends are judged by the first chunk (a megabyte
		// in use): a CR before the first LF within it is such a file.
		if nl := strings.IndexByte(text, '\n'); strings.IndexByte(text, '\r') >= 0 && (nl < 0 || nl >= chunk-utf8.UTFMax) {
			return
		}
		if !utf8.ValidString(text) || strings.IndexByte(text, 0) >= 0 || strings.HasPrefix(text, "\ufeff") {
			return // the source's own checks; covered elsewhere
		}
		delim := byte(',')
		if tabs {
			delim = '\t'
		}
		wantRecs, wantLines, wantErr := readAll(newRecordReader("f", text, delim))
		src, err := newTextSourceSized("f", strings.NewReader(text), DefaultFileBytes, chunk)
		if err != nil {
			t.Fatal(err)
		}
		gotRecs, gotLines, gotErr := readAll(newSourceReader(src, delim, DefaultRowBytes))
		if (gotErr == nil) != (wantErr == nil) || (gotErr != nil && gotErr.Error() != wantErr.Error()) {
			t.Fatalf("error %v, want %v", gotErr, wantErr)
		}
		if !slices.Equal(gotLines, wantLines) || len(gotRecs) != len(wantRecs) {
			t.Fatalf("lines %v, want %v", gotLines, wantLines)
		}
		for i := range gotRecs {
			if !slices.Equal(gotRecs[i], wantRecs[i]) {
				t.Fatalf("record %d = %q, want %q", i, gotRecs[i], wantRecs[i])
			}
		}
	})
}
