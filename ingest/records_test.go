package ingest

import (
	"errors"
	"io"
	"slices"
	"testing"
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
