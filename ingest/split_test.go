package ingest

import (
	"math/rand/v2"
	"slices"
	"strings"
	"testing"
)

// splitIndexByte is what splitLine must equal: cut at every delim.
func splitIndexByte(line string, delim byte) []string {
	var cells []string
	for {
		k := strings.IndexByte(line, delim)
		if k < 0 {
			return append(cells, line)
		}
		cells = append(cells, line[:k])
		line = line[k+1:]
	}
}

func TestSplitLine(t *testing.T) {
	lines := []string{"", ",", ",,", "a", "a,b", ",-1,-,", "1234567,", "12345678,", "123456789,", ",,,,,,,,,,,,,,,,,",
		"2024-07-15,2024-06-01,2024-06-01,The Long Road,Vimeo On Demand,US,0,views,0.0000,USD,,,", "\x00,\x01,\x2d,\x2b,\xff,\x80,\xac"}
	r := rand.New(rand.NewPCG(3, 4))
	alphabet := []byte{',', '-', '+', '\t', 0, 1, 0x7f, 0x80, 0xac, 0xff, 'a', ' '}
	for range 5000 {
		b := make([]byte, r.IntN(40))
		for i := range b {
			b[i] = alphabet[r.IntN(len(alphabet))]
		}
		lines = append(lines, string(b))
	}
	for _, l := range lines {
		for _, d := range []byte{',', '\t'} {
			got, ok := splitLine(nil, l, d)
			if want := splitIndexByte(l, d); !ok || !slices.Equal(got, want) {
				t.Fatalf("splitLine(%q, %q) = %q, %v; want %q", l, d, got, ok, want)
			}
		}
	}
	// maxCells cells fit; one more does not.
	if got, ok := splitLine(nil, strings.Repeat(",", maxCells-1), ','); !ok || len(got) != maxCells {
		t.Errorf("%d cells: %d, %v", maxCells, len(got), ok)
	}
	if _, ok := splitLine(nil, strings.Repeat(",", maxCells), ','); ok {
		t.Errorf("%d cells accepted", maxCells+1)
	}
}
