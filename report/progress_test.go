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
