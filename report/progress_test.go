package report

import (
	"strings"
	"testing"
)

func TestProgressLine(t *testing.T) {
	got := ProgressLine("big.csv", 50<<20, 100<<20, 481000, 80)
	if want := "big.csv [" + strings.Repeat("#", 18) + strings.Repeat(".", 18) + "]  50%  50.0/100.0 MB  481,000 rows"; got != want || len(got) != 80 {
		t.Fatalf("got  %q\nwant %q (80 columns)", got, want)
	}
	if len(ProgressLine("x\x1b[2J", 0, 0, 0, 20)) == 0 || strings.Contains(ProgressLine("x\x1b[2J", 0, 0, 0, 20), "\x1b") {
		t.Fatal("escape sequences in a file name reach the terminal")
	}
}

func TestProgressBar(t *testing.T) {
	var out strings.Builder
	bar := NewProgressBar(&out, 41)
	bar.Clear() // nothing shown: nothing to erase
	bar.Show("big.csv", 1<<20, 2<<20, 10)
	bar.Show("big.csv", 2<<20, 2<<20, 20)
	bar.Clear()
	want := "\r" + ProgressLine("big.csv", 1<<20, 2<<20, 10, 40) + "\r" + ProgressLine("big.csv", 2<<20, 2<<20, 20, 40) + "\r\x1b[K"
	if out.String() != want {
		t.Fatalf("drew %q\nwant %q", out.String(), want)
	}
	out.Reset()
	piped := NewProgressBar(&out, 0)
	piped.Show("big.csv", 1, 2, 3)
	piped.Clear()
	if out.Len() != 0 {
		t.Fatalf("a bar on a pipe: %q", out.String())
	}
}
