package ingest

import (
	"bytes"
	"errors"
	"math/rand/v2"
	"strings"
	"testing"
	"time"
)

// TestParseHostile feeds inputs no channel writes but a user's disk may
// hold: each must be an error (never a panic, never a partial result).
func TestParseHostile(t *testing.T) {
	tubiHeader := "CONTENT TYPE,PROGRAM NAME,CONTENT NAME,SEASON NUMBER,PARTNER ID,IMPRESSIONS,ESTIMATED PARTNER EARNINGS,eCPM\n"
	garbage := make([]byte, 64<<10)
	rng := rand.New(rand.NewPCG(1, 2))
	for i := range garbage {
		garbage[i] = byte(rng.UintN(256))
	}
	tubiFile := readTestdata(t, tbFile)
	cases := []struct {
		name string
		data []byte
		kind error
		msg  string
	}{
		{"empty", nil, ErrEmpty, "tubi_2024-06.csv: the file has no data (empty or blank)"},
		{"blank lines", []byte("\n\r\n  \n"), ErrEmpty, ""},
		{"commas only", []byte(",,,\n,,\n"), ErrEmpty, ""},
		{"BOM only", []byte("\xef\xbb\xbf"), ErrEmpty, ""},
		{"UTF-16 BOM only", []byte("\xff\xfe"), ErrEmpty, ""},
		{"gzip of nothing", gz(t, nil), ErrEmpty, ""},
		{"binary garbage", garbage, ErrEncoding, ""},
		{"PNG", []byte("\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR"), ErrEncoding, ""},
		{"10 MB single line", bytes.Repeat([]byte("A"), 10<<20), ErrTooLarge, "tubi_2024-06.csv line 1: a row longer than 1 MiB"},
		{"900 KB single line", bytes.Repeat([]byte("A"), 900<<10), ErrUnknownFormat, ""},
		{"10 MB of commas", bytes.Repeat([]byte(","), 10<<20), ErrTooLarge, "line 1: a row longer than 1 MiB"},
		{"10 MB number", []byte(tubiHeader + "movie,X,X,,P," + strings.Repeat("9", 10<<20) + ",1.0,1\n"), ErrTooLarge, "line 2: a row longer than 1 MiB"},
		{"900 KB number", []byte(tubiHeader + "movie,X,X,,P," + strings.Repeat("9", 900<<10) + ",1.0,1\n"), ErrTooLong, `line 2 column "IMPRESSIONS": the value is 921600 bytes long, more than the 512 this column allows: "999999999999999999999999999999999999999999999999999999999999"…`},
		{"500-byte number", []byte(tubiHeader + "movie,X,X,,P," + strings.Repeat("9", 500) + ",1.0,1\n"), ErrNumber, `column "IMPRESSIONS": "999999999999999999999999999999999999999999999999999999999999"…`},
		{"513-byte title", []byte(tubiHeader + "movie," + strings.Repeat("é", 256) + "x,X,,P,1,1.0,1\n"), ErrTooLong, `line 2 column "PROGRAM NAME": the value is 513 bytes long, more than the 512`},
		{"512-byte title", []byte(tubiHeader + "movie, " + strings.Repeat("é", 256) + " ,X,,P,1,1.0,1\n"), nil, ""},
		{"10 MB title line", []byte(tubiHeader + "movie," + strings.Repeat("Long ", 2<<20) + ",X,,P,1,1.0,1"), ErrTooLarge, "line 2: a row longer than 1 MiB"},
		{"10 MB quoted cell over lines", []byte(tubiHeader + "movie,\"" + strings.Repeat("Long\n", 2<<20) + "\",X,,P,1,1.0,1"), ErrTooLarge, "line 2: a row longer than 1 MiB"},
		{"unterminated quote", tubiFile[:bytes.Index(tubiFile, []byte(`"12,3`))+5], ErrSyntax,
			`tubi_2024-06.csv line 2: quoted field never ends (file cut short?)`},
		{"cut mid-row", tubiFile[:len(tubiFile)-20], ErrSyntax, `line 4: the file ends inside this row (6 cells of 8, no line break after it)`},
		{"text after closing quote", []byte(tubiHeader + `movie,"The Long" Road,X,,P,1,1.0,1`), ErrSyntax, `line 2: unexpected "R" after a closing quote`},
		{"invalid UTF-8", bytes.Replace(tubiFile, []byte("Harbour"), []byte("Harb\xffour"), 1), ErrEncoding,
			"tubi_2024-06.csv line 3: invalid UTF-8"},
		{"UTF-16 odd byte count", utf16With(tubiFile, false)[:101], ErrEncoding, "odd number of bytes"},
		{"UTF-16 unpaired high surrogate", append(utf16With(tubiFile, false), 0x00, 0xD8, 'A', 0), ErrEncoding, "line 5: invalid UTF-16: unpaired surrogate"},
		{"UTF-16 lone low surrogate", append([]byte{0xFE, 0xFF, 0, 'A', 0xDC, 0x00}, 0, '\n'), ErrEncoding, "line 1: invalid UTF-16: unpaired surrogate"},
		{"UTF-16 surrogate at end", []byte{0xFF, 0xFE, 'A', 0, 0x00, 0xD8}, ErrEncoding, "unpaired surrogate"},
		{"UTF-16 without BOM", utf16With(tubiFile, false)[2:], ErrEncoding, "NUL byte"},
		{"10 MB header cell", []byte("Video ID,Day,Country,Video Title,Owned Views,Partner Revenue (Auction),Partner Revenue" + strings.Repeat("x", 10<<20) + "\n"), ErrTooLarge, "line 1: a row longer than 1 MiB"},
		{"900 KB header cell", []byte("Video ID,Day,Country,Video Title,Owned Views,Partner Revenue (Auction),Partner Revenue" + strings.Repeat("x", 900<<10) + "\n"), ErrDuplicateColumn, `column "Partner Revenuexxxxxxxxx`},
		{"corrupt gzip", []byte{0x1f, 0x8b, 0x08, 0, 0, 0, 0, 0, 0, 0xff, 'x', 'y'}, ErrEncoding, "corrupt gzip data"},
		{"truncated gzip", gz(t, tubiFile)[:40], ErrEncoding, "corrupt gzip data"},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			p, err := Parse("tubi_2024-06.csv", tc.data)
			if tc.kind == nil {
				if err != nil || p == nil {
					t.Fatalf("want success, got %v", err)
				}
				return
			}
			if p != nil {
				t.Errorf("got a result with the error")
			}
			if !errors.Is(err, tc.kind) {
				t.Fatalf("error %v, want %v", err, tc.kind)
			}
			if !strings.Contains(err.Error(), tc.msg) {
				t.Errorf("message %q does not contain %q", err, tc.msg)
			}
			if len(err.Error()) > 400 {
				t.Errorf("message of %d bytes", len(err.Error()))
			}
		})
	}
}

// A header with no rows is a valid, empty report.
func TestParseHeaderOnly(t *testing.T) {
	data := readTestdata(t, tbFile)
	data = data[:bytes.IndexByte(data, '\n')+1]
	p, err := Parse("tubi_2024-06.csv", data)
	if err != nil {
		t.Fatal(err)
	}
	if p.Format != "tubi" || len(p.Lines) != 0 || p.RowsRead != 0 || p.Channels != nil {
		t.Errorf("%+v", p)
	}
}

// Quoted cells are scanned once: each used to send the reader to the end
// of its line again, 4096 cells × a megabyte line being 4 GB of scanning a
// row (a 100 MB line took 66 s of CPU, a 498 KB .gz 189 s). Such a row is
// now an error as soon as its 4097th cell is read, at the cost of its bytes.
func TestQuotedCellsAreScannedOnce(t *testing.T) {
	data := []byte("CONTENT TYPE,PROGRAM NAME,CONTENT NAME,SEASON NUMBER,PARTNER ID,IMPRESSIONS,ESTIMATED PARTNER EARNINGS,eCPM\n" +
		strings.Repeat(`"",`, 5000) + strings.Repeat("x", 1000<<10) + "\n")
	// The best of three runs: the machine may be busy with other tests.
	best := time.Duration(1<<63 - 1)
	for range 3 {
		start := time.Now()
		for range 60 {
			if _, err := Parse("tubi_2024-06.csv", data); !errors.Is(err, ErrSyntax) || !strings.Contains(err.Error(), "line 2: more than 4096 cells") {
				t.Fatalf("error %v, want too many cells", err)
			}
		}
		best = min(best, time.Since(start))
	}
	if best > 1500*time.Millisecond {
		t.Errorf("60 rows of 4096 quoted cells before a megabyte took %v", best)
	}
}

// A gzip bomb of line breaks (4 MB expanding to gigabytes) cost 1.27 GB:
// format detection, looking for rows past the blank lines, kept every
// chunk it read. It now keeps a few, and the rows after the blanks are
// still found.
func TestBlankLinesAreNotKept(t *testing.T) {
	text := canonicalHeader + strings.Repeat("\n", 16<<20) + strings.Repeat("\r\n", 8<<20) +
		"2024-06-30,2024-06-01,2024-06-30,Film,Vimeo,US,1,rentals,2.50,USD,,,\n"
	data := gz(t, []byte(text))
	src, err := newTextSource("june.csv.gz", bytes.NewReader(data), DefaultFileBytes)
	if err != nil {
		t.Fatal(err)
	}
	if _, _, _, err := detect("june.csv.gz", src, DefaultRowBytes); err != nil {
		t.Fatal(err)
	}
	if len(src.kept) > headChunks+2 {
		t.Errorf("detection kept %d chunks of blank lines", len(src.kept))
	}
	p, err := Parse("june.csv.gz", data)
	if err != nil || len(p.Lines) != 1 || p.Lines[0].Source.Line != 2+16<<20+8<<20 {
		t.Fatalf("%v, %+v", err, p)
	}
}
